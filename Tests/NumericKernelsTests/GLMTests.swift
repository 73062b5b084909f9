import Foundation
import Testing

@testable import NumericKernels

/// GLM fits against statsmodels 0.15.0 (`Fixtures/glm/*.json`, made by
/// `scripts/make_glm.py` with `tol=1e-14, tol_criterion='params'`, and
/// re-derived by direct Newton/Fisher scoring in `check_fixtures.py`).
@Suite("GLM (IRLS) vs statsmodels")
struct GLMTests {
  struct Case: Sendable, CustomTestStringConvertible {
    let reference: String
    let data: String
    let family: GLMFamily
    let link: GLMLink
    var testDescription: String { reference }
  }

  static let cases = [
    Case(reference: "glm/binomial_logit.json", data: "glm/logit_data.csv", family: .binomial, link: .logit),
    Case(reference: "glm/binomial_probit.json", data: "glm/probit_data.csv", family: .binomial, link: .probit),
    Case(reference: "glm/poisson_log.json", data: "glm/poisson_data.csv", family: .poisson, link: .log),
  ]

  static func problem(_ file: String) -> (Matrix, [Double]) {
    let data = Fixture.csv(file)
    let y = data.columns[0]
    let columns = [[Double](repeating: 1, count: y.count)] + Array(data.columns[1...])
    return (Matrix(columns: columns), y)
  }

  @Test("coefficients, expected-information SEs, deviance and log-likelihood to 1e-8", arguments: cases)
  func statsmodels(_ c: Case) {
    let reference = Fixture.json(c.reference)
    let (x, y) = Self.problem(c.data)
    let fit = GLM.fit(design: x, response: y, family: c.family, link: c.link)
    #expect(fit.converged)
    #expect(fit.separation == nil)
    #expect(fit.rank == 4)
    for (a, b) in zip(fit.coefficients, reference.doubles("coefficients")) {
      #expect(relativeError(a, b) < 1e-8, "coefficient \(a) vs \(b)")
    }
    for (a, b) in zip(fit.standardErrors, reference.doubles("standard_errors")) {
      #expect(relativeError(a, b) < 1e-8, "SE \(a) vs \(b)")
    }
    #expect(relativeError(fit.deviance, reference.double("deviance")) < 1e-8)
    #expect(relativeError(fit.logLikelihood, reference.double("log_likelihood")) < 1e-8)
    for (a, b) in zip(fit.pValues, reference.doubles("p_values")) {
      #expect(relativeError(a, b) < 1e-8, "p \(a) vs \(b)")
    }
  }

  @Test("logit HC0 sandwich to 1e-8")
  func robust() {
    let reference = Fixture.json("glm/binomial_logit.json")
    let (x, y) = Self.problem("glm/logit_data.csv")
    let fit = GLM.fit(design: x, response: y, family: .binomial, link: .logit)
    let se = fit.robustCovariance().diagonal.map { $0.squareRoot() }
    for (a, b) in zip(se, reference.doubles("robust_standard_errors_HC0")) {
      #expect(relativeError(a, b) < 1e-8, "HC0 SE \(a) vs \(b)")
    }
  }

  @Test("complete and quasi-complete separation are reported by kind, naming x1")
  func separation() {
    let (xc, yc) = Self.problem("glm/separated_complete.csv")
    let complete = GLM.fit(
      design: xc, response: yc, family: .binomial, link: .logit, columnNames: ["const", "x1", "x2"])
    #expect(!complete.converged)
    guard case .complete(let columns)? = complete.separation else {
      Issue.record("expected complete separation, got \(String(describing: complete.separation))")
      return
    }
    #expect(columns.contains(1))
    let (xq, yq) = Self.problem("glm/separated_quasi.csv")
    let quasi = GLM.fit(design: xq, response: yq, family: .binomial, link: .logit)
    #expect(!quasi.converged)
    guard case .quasiComplete(let qc, let units)? = quasi.separation else {
      Issue.record("expected quasi-complete separation, got \(String(describing: quasi.separation))")
      return
    }
    #expect(qc == [1])
    // Every row except the 9 at x1 = 0 is perfectly predicted (Fixtures README, §3).
    #expect(units == yq.count - 9)
    // Probit sees the same data geometry.
    let probit = GLM.fit(design: xq, response: yq, family: .binomial, link: .probit)
    if case .quasiComplete? = probit.separation {
    } else {
      Issue.record("probit: \(String(describing: probit.separation))")
    }
  }

  @Test("no separation is claimed for overlapping data, and aliased columns are named")
  func aliasing() {
    let (x, y) = Self.problem("glm/logit_data.csv")
    var columns = (0..<x.columns).map { x.column($0) }
    columns.append(zip(columns[1], columns[2]).map { $0 + $1 })  // x1 + x2
    let fit = GLM.fit(
      design: Matrix(columns: columns), response: y, family: .binomial, link: .logit,
      columnNames: ["const", "x1", "x2", "x3", "x1+x2"])
    #expect(fit.aliasedColumns == [4])
    #expect(fit.aliasedColumnNames == ["x1+x2"])
    #expect(fit.coefficients[4].isNaN)
    #expect(fit.separation == nil)
    let reference = Fixture.json("glm/binomial_logit.json").doubles("coefficients")
    for k in 0..<4 { #expect(relativeError(fit.coefficients[k], reference[k]) < 1e-8) }
  }

  @Test("Gaussian identity GLM equals OLS; ridge shrinks only the slopes")
  func gaussianAndRidge() {
    let data = Fixture.csv("ols/ols_data.csv")
    let y = data.columns[0]
    let x = Matrix(columns: [[Double](repeating: 1, count: y.count), data.columns[1], data.columns[2], data.columns[3]])
    let glm = GLM.fit(design: x, response: y, family: .gaussian, link: .identity)
    let ols = LeastSquares.fit(design: x, response: y)
    for k in 0..<4 {
      #expect(relativeError(glm.coefficients[k], ols.coefficients[k]) < 1e-10)
      #expect(relativeError(glm.standardErrors[k], ols.standardErrors(.classical)[k]) < 1e-10)
    }
    // Closed form of ridge for the Gaussian case: (XᵀX + λD)⁻¹Xᵀy.
    let lambda = 25.0
    let ridge = GLM.fit(design: x, response: y, family: .gaussian, link: .identity, ridge: lambda)
    var a = Kernels.gram(x, weights: nil, response: y)
    for k in 1..<4 { a.xtx[k, k] += lambda }
    let closed = a.xtx.inverse()!.multiplied(by: a.xty)
    for k in 0..<4 { #expect(relativeError(ridge.coefficients[k], closed[k]) < 1e-10) }
  }
}

/// The separation check also runs when a fit merely has extreme fitted
/// probabilities; it must then find nothing.
@Suite("GLM separation: no false alarms")
struct SeparationFalseAlarmTests {
  @Test("overlapping data with far-out points (fitted probabilities within 1e-8 of 0/1) are not separated")
  func overlap() {
    // y = 1 for x > 0 except two flipped points near 0 (so the classes overlap),
    // plus points at x = ±60 whose fitted probabilities are extreme.
    var x: [Double] = []
    var y: [Double] = []
    for k in -10...10 where k != 0 {
      x.append(Double(k) / 2)
      y.append(k > 0 ? 1 : 0)
    }
    x += [0.5, -0.5, 60, -60, 55, -55]
    y += [0, 1, 1, 0, 1, 0]
    let design = Matrix(columns: [[Double](repeating: 1, count: x.count), x])
    let fit = GLM.fit(design: design, response: y, family: .binomial, link: .logit)
    #expect(fit.separation == nil)
    #expect(fit.converged)
    #expect(fit.fittedMeans.contains { min($0, 1 - $0) < 1e-8 })
    // Moving the two flipped points to the right side separates the data completely.
    var separated = y
    separated[20] = 1
    separated[21] = 0
    let bad = GLM.fit(design: design, response: separated, family: .binomial, link: .logit)
    if case .complete(let columns)? = bad.separation {
      #expect(columns == [1])
    } else {
      Issue.record("\(String(describing: bad.separation))")
    }
  }
}
