import NumericKernels

/// Two-stage least squares with exogenous regressors, optional weights,
/// and the statistics an IV analysis reports.
///
/// With `X = [endogenous, exogenous]` and `Z = [instruments, exogenous]`
/// (the exogenous block includes the intercept), `β̂ = (X̂ᵀWX̂)⁻¹ X̂ᵀW y`,
/// where `X̂` is X projected on Z (Wooldridge 2010, ch. 5). Residuals use the
/// actual X: `u = y − Xβ̂`.
///
/// Covariances: `classical` = `σ̂² (X̂ᵀWX̂)⁻¹` with `σ̂² = Σwu²/(n − k)`;
/// `hc0` = `(X̂ᵀWX̂)⁻¹ (Σ w²u² x̂x̂ᵀ) (X̂ᵀWX̂)⁻¹`; `hc1` = hc0 × n/(n − k), as
/// linearmodels' `IV2SLS(cov_type="robust", debiased=True)`, Stata's
/// `ivregress 2sls, vce(robust) small` and R's AER + sandwich `HC1`;
/// `cluster` = `G/(G − 1) · (n − 1)/(n − k) · (X̂ᵀWX̂)⁻¹ (Σ_g s_g s_gᵀ) (X̂ᵀWX̂)⁻¹`
/// with `s_g = Σ_{i∈g} wᵢuᵢx̂ᵢ` (CR1, linearmodels' `clustered` with
/// `debiased=True`, Stata's `vce(cluster) small`). With sampling weights the
/// scores are multiplied by `wᵢ`, so the meat holds `wᵢ²` (the design-based
/// sandwich; Fixtures/weights_clusters).
struct TwoStageLeastSquares {
  var coefficients: [Double]
  var names: [String]
  var residuals: [Double]
  /// `(X̂ᵀWX̂)⁻¹`.
  var bread: Matrix
  var xHat: Matrix
  var weights: [Double]?
  var instrumentCount: Int
  var endogenousCount: Int
  var z: Matrix
  var x: Matrix
  var y: [Double]

  enum Failure: Error { case underidentified, singular }

  static func fit(
    y: [Double], endogenous: [[Double]], exogenous: [[Double]], instruments: [[Double]], weights: [Double]? = nil,
    names: [String]
  ) throws(Failure) -> TwoStageLeastSquares {
    guard instruments.count >= endogenous.count else { throw .underidentified }
    let x = Matrix(columns: endogenous + exogenous)
    let z = Matrix(columns: instruments + exogenous)
    var hatColumns: [[Double]] = []
    for column in endogenous {
      let first = LeastSquares.fit(design: z, response: column, weights: weights)
      hatColumns.append(first.fittedValues)
    }
    let xHat = Matrix(columns: hatColumns + exogenous)
    let second = LeastSquares.fit(design: xHat, response: y, weights: weights)
    guard !second.isRankDeficient else { throw .singular }
    let beta = second.coefficients
    let fitted = x.multiplied(by: beta)
    let residuals = zip(y, fitted).map { $0 - $1 }
    return TwoStageLeastSquares(
      coefficients: beta, names: names, residuals: residuals, bread: second.unscaledCovariance, xHat: xHat,
      weights: weights, instrumentCount: instruments.count, endogenousCount: endogenous.count, z: z, x: x, y: y)
  }

  var observations: Int { residuals.count }
  var parameters: Int { coefficients.count }

  enum Kind: Equatable {
    case classical, hc0, hc1
    /// CR1 over the clusters `ids[i]` (any integers).
    case cluster([Int])
  }

  func covariance(_ kind: Kind) -> Matrix {
    let n = Double(observations)
    let k = Double(parameters)
    switch kind {
    case .classical:
      var ss = 0.0
      for i in residuals.indices { ss += (weights?[i] ?? 1) * residuals[i] * residuals[i] }
      let sigma2 = ss / (n - k)
      return Matrix(
        rows: bread.rows, columns: bread.columns,
        columnMajor: bread.columnMajorValues.map { $0 * sigma2 })
    case .hc0, .hc1:
      var meat = Matrix(rows: parameters, columns: parameters)
      for i in residuals.indices {
        let w = weights?[i] ?? 1
        let s = w * w * residuals[i] * residuals[i]
        for a in 0..<parameters {
          let xa = xHat[i, a] * s
          for b in 0..<parameters { meat[a, b] += xa * xHat[i, b] }
        }
      }
      var v = bread.multiplied(by: meat).multiplied(by: bread)
      if kind == .hc1 {
        let factor = n / (n - k)
        v = Matrix(rows: v.rows, columns: v.columns, columnMajor: v.columnMajorValues.map { $0 * factor })
      }
      return v
    case .cluster(let ids):
      var sums: [Int: [Double]] = [:]
      for i in residuals.indices {
        let s = (weights?[i] ?? 1) * residuals[i]
        var sum = sums[ids[i]] ?? Array(repeating: 0, count: parameters)
        for a in 0..<parameters { sum[a] += s * xHat[i, a] }
        sums[ids[i]] = sum
      }
      var meat = Matrix(rows: parameters, columns: parameters)
      for sum in sums.values {
        for a in 0..<parameters { for b in 0..<parameters { meat[a, b] += sum[a] * sum[b] } }
      }
      let g = Double(sums.count)
      let factor = g / (g - 1) * (n - 1) / (n - k)
      let v = bread.multiplied(by: meat).multiplied(by: bread)
      return Matrix(rows: v.rows, columns: v.columns, columnMajor: v.columnMajorValues.map { $0 * factor })
    }
  }
}
