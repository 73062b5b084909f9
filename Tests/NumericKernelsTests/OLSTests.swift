import Foundation
import Testing

@testable import NumericKernels

/// OLS and WLS against statsmodels 0.15.0 (`Fixtures/ols/*.json`, made by
/// `scripts/make_ols.py` and re-checked in closed form by `check_fixtures.py`).
@Suite("OLS/WLS covariance estimators vs statsmodels")
struct OLSTests {
  static let data = Fixture.csv("ols/ols_data.csv")
  static func column(_ name: String) -> [Double] {
    data.columns[data.names.firstIndex(of: name) ?? 0]
  }
  static var design: Matrix {
    Matrix(columns: [[Double](repeating: 1, count: column("y").count), column("x1"), column("x2"), column("x3")])
  }

  static func expectClose(_ a: [Double], _ b: [Double], _ tolerance: Double, _ what: String) {
    #expect(a.count == b.count, "\(what): \(a.count) vs \(b.count) values")
    for (x, y) in zip(a, b) {
      #expect(relativeError(x, y) <= tolerance, "\(what): \(x) vs \(y) (rel. \(relativeError(x, y)))")
    }
  }

  @Test(
    "coefficients, R², σ² and every covariance kind to 1e-10 (extended and double precision paths)",
    arguments: [true, false])
  func ols(_ extended: Bool) {
    let reference = Fixture.json("ols/ols_fit.json")
    let fit = LeastSquares.fit(
      design: Self.design, response: Self.column("y"), weights: nil,
      columnNames: ["const", "x1", "x2", "x3"], rankTolerance: nil, extendedLimit: extended ? Int.max : 0)
    Self.expectClose(fit.coefficients, reference.doubles("coefficients"), 1e-10, "coefficients")
    #expect(relativeError(fit.rSquared, reference.double("r_squared")) < 1e-10)
    #expect(relativeError(fit.adjustedRSquared, reference.double("adj_r_squared")) < 1e-10)
    #expect(relativeError(fit.residualSumOfSquares, reference.double("ssr")) < 1e-10)
    #expect(relativeError(fit.residualVariance, reference.double("sigma2")) < 1e-10)
    #expect(fit.residualDegreesOfFreedom == 296)
    let clusters = Self.column("cluster").map { Int($0) }
    let kinds: [(String, CovarianceKind)] = [
      ("classical", .classical), ("HC0", .hc0), ("HC1", .hc1), ("HC2", .hc2), ("HC3", .hc3),
      ("cluster", .cluster(clusters)),
    ]
    let covariances = reference.object("covariances")
    for (key, kind) in kinds {
      let expected = covariances.object(key)
      Self.expectClose(fit.standardErrors(kind), expected.doubles("standard_errors"), 1e-10, "\(key) SE")
      Self.expectClose(fit.tStatistics(kind), expected.doubles("t_values"), 1e-10, "\(key) t")
      // p-values: the reference's own t tail (scipy) is good to about 1e-13 (Fixtures README).
      Self.expectClose(fit.pValues(kind), expected.doubles("p_values_t"), 1e-10, "\(key) p")
    }
  }

  @Test("weighted least squares: coefficients, SEs, σ², R² to 1e-10 (both paths)", arguments: [true, false])
  func wls(_ extended: Bool) {
    let reference = Fixture.json("ols/wls_fit.json")
    let fit = LeastSquares.fit(
      design: Self.design, response: Self.column("y"), weights: Self.column("w"),
      columnNames: nil, rankTolerance: nil, extendedLimit: extended ? Int.max : 0)
    Self.expectClose(fit.coefficients, reference.doubles("coefficients"), 1e-10, "WLS coefficients")
    Self.expectClose(fit.standardErrors(.classical), reference.doubles("standard_errors"), 1e-10, "WLS SE")
    Self.expectClose(fit.pValues(.classical), reference.doubles("p_values"), 1e-10, "WLS p")
    #expect(relativeError(fit.residualVariance, reference.double("sigma2")) < 1e-10)
    #expect(relativeError(fit.residualSumOfSquares, reference.double("ssr_weighted")) < 1e-10)
    #expect(relativeError(fit.rSquared, reference.double("r_squared")) < 1e-10)
  }

  @Test("leverage sums to the rank and matches the definition h = x'(X'X)⁻¹x")
  func leverage() {
    let fit = LeastSquares.fit(design: Self.design, response: Self.column("y"))
    let h = fit.leverage
    #expect(abs(h.reduce(0, +) - 4) < 1e-10)
    let x = Self.design
    let inverse = Kernels.gram(x, weights: nil, response: nil).xtx.inverse()!
    for i in [0, 17, 299] {
      let row = (0..<4).map { x[i, $0] }
      let direct = zip(row, inverse.multiplied(by: row)).map(*).reduce(0, +)
      #expect(relativeError(h[i], direct) < 1e-10)
    }
  }
}
