import NumericKernels
import StudyModel

/// The Wald test that some coefficients are all 0.
///
/// Statistic `W = bᵀ V⁻¹ b` over the tested coefficients `b`, with V their
/// block of the coefficient covariance (the estimator's: HC1, cluster, or
/// the inverse information of a GLM); under the null, W is chi-square with
/// as many degrees of freedom as coefficients tested (statsmodels'
/// `wald_test(..., use_f=False)`, R's `lmtest::waldtest(test = "Chisq")`).
/// Aliased coefficients are left out by the caller; when V is singular the
/// statistic is undefined (null) rather than a generalised inverse's value.
enum WaldTest {
  static func chiSquare(modifier: String, coefficients: [Double], covariance: Matrix, columns: [Int])
    -> HeterogeneityTest
  {
    let q = columns.count
    guard q > 0 else { return HeterogeneityTest(modifier: modifier, statistic: nil, df: 0, pValue: nil) }
    let b = columns.map { coefficients[$0] }
    var v = Matrix(rows: q, columns: q)
    for (r, i) in columns.enumerated() { for (c, j) in columns.enumerated() { v[r, c] = covariance[i, j] } }
    guard b.allSatisfy(\.isFinite), let inverse = v.luInverse() else {
      return HeterogeneityTest(modifier: modifier, statistic: nil, df: q, pValue: nil)
    }
    let vb = inverse.multiplied(by: b)
    let w = zip(b, vb).reduce(0.0) { $0 + $1.0 * $1.1 }
    guard w.isFinite, w >= 0 else { return HeterogeneityTest(modifier: modifier, statistic: nil, df: q, pValue: nil) }
    return HeterogeneityTest(
      modifier: modifier, statistic: w, df: q, pValue: ChiSquared(degreesOfFreedom: Double(q)).survival(w))
  }
}
