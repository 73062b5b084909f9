import Foundation
import NumericKernels
import StudyModel
import Testing

@testable import CausalEngine

/// Sensitivity analysis, E-values and independence tests against R
/// sensemakr, R EValue and closed forms (Fixtures/sens_*, evalue, independence).
@Suite("Check statistics")
struct CheckTests {
  static func check(_ kind: CheckKind, _ values: [String: ParameterValue] = [:]) -> CheckSpec {
    let entries = kind.descriptor.parameters.compactMap { p -> ParameterSet.Entry? in
      if let v = values[p.name] { return .init(name: p.name, value: .defaulted(v)) }
      if let v = p.defaultValue { return .init(name: p.name, value: .defaulted(v)) }
      if p.name == "alpha" { return .init(name: p.name, value: .defaulted(.number(0.05))) }
      if p.name == "simulations" { return .init(name: p.name, value: .defaulted(.integer(50))) }
      return nil
    }
    return CheckSpec(kind: .defaulted(kind), params: ParameterSet(entries: entries), origin: .defaultValue)
  }

  struct SensitivityCase: Sendable, CustomTestStringConvertible {
    var name: String
    var treatment: String
    var outcome: String
    var covariates: [String]
    var benchmark: String
    var testDescription: String { name }
  }

  static let sensitivityCases = [
    SensitivityCase(
      name: "sens_lalonde", treatment: "treat", outcome: "re78",
      covariates: ["age", "educ", "black", "hisp", "marr", "nodegree", "re74", "re75"], benchmark: "re74"),
    SensitivityCase(
      name: "sens_linear", treatment: "v0", outcome: "y", covariates: ["W0", "W1", "W2", "W3"], benchmark: "W0"),
  ]

  @Test("Cinelli & Hazlett robustness values and benchmark bounds (R sensemakr)", arguments: sensitivityCases)
  func sensitivity(_ c: SensitivityCase) throws {
    let expected = EngineFixtures.expected(c.name)
    let data = try EngineFixtures.data(c.name)
    let problem = EngineFixtures.problem(
      data, method: .linearRegression, treatment: c.treatment, outcome: c.outcome, adjustment: c.covariates)
    let original = try LinearRegressionEstimator().estimate(problem)
    let context = RefutationContext(
      problem: problem, estimator: MethodEstimator(LinearRegressionEstimator()), original: original,
      check: Self.check(.sensitivity, ["benchmark": .list([.string(c.benchmark)])]), streamLabel: "s", threads: 1)
    let record = SensitivityRefuter().refute(context)
    let s = try #require(record.sensitivity)
    let stats = expected["stats"]
    expectClose(s.partialR2TreatmentOutcome, stats["partial_r2_yd"].double, relative: 1e-10, "partial R2")
    expectClose(s.robustnessValue, stats["rv_q1"].double, relative: 1e-10, "RV_1")
    expectClose(s.robustnessValueAlpha, stats["rv_q1_alpha0.05"].double, relative: 1e-10, "RV_1,0.05")
    for k in [1, 2, 3] {
      let bound = expected["bounds_kd_eq_ky"]["k\(k)"]
      guard let ours = s.benchmarks.first(where: { $0.multiplier == Double(k) }) else {
        Issue.record("no bound for k = \(k)")
        continue
      }
      expectClose(ours.partialR2Treatment, bound["r2dz_x"].double, relative: 1e-10, "k\(k) r2dz")
      expectClose(ours.partialR2Outcome, bound["r2yz_dx"].double, relative: 1e-10, "k\(k) r2yz")
      expectClose(ours.adjustedEstimate, bound["adjusted_estimate"].double, relative: 1e-10, "k\(k) adjusted estimate")
      expectClose(
        ours.adjustedStandardError, bound["adjusted_se"].double, relative: 1e-10, floor: 1e-12, "k\(k) adjusted se")
      expectClose(ours.adjustedLower, bound["adjusted_lower_CI"].double, relative: 1e-10, "k\(k) lower")
      expectClose(ours.adjustedUpper, bound["adjusted_upper_CI"].double, relative: 1e-10, "k\(k) upper")
    }
    // q = 0.5 through the check's parameter.
    let half = SensitivityRefuter().refute(
      RefutationContext(
        problem: problem, estimator: MethodEstimator(LinearRegressionEstimator()), original: original,
        check: Self.check(.sensitivity, ["q": .number(0.5)]), streamLabel: "s", threads: 1))
    expectClose(half.sensitivity?.robustnessValue, stats["rv_q0.5"].double, relative: 1e-10, "RV_0.5")
    expectClose(
      half.sensitivity?.robustnessValueAlpha, stats["rv_q0.5_alpha0.05"].double, relative: 1e-10, floor: 1e-12,
      "RV_0.5,0.05")
  }

  @Test("E-values of risk ratios, odds ratios and standardised differences (R EValue)")
  func eValues() {
    let cases = EngineFixtures.expected("evalue")["cases"]
    for key in ["rr_3.9", "rr_0.8", "or_2.5_rare", "or_2.5_common", "ols_1794"] {
      let c = cases[key]
      var rr = c["rr_scale"]["point"].double ?? 0
      var limits = [c["rr_scale"]["lower"].double ?? 0, c["rr_scale"]["upper"].double ?? 0]
      if key == "ols_1794" {
        (rr, limits) = EValueRefuter.riskRatio(
          standardizedDifference: 1794.34 / 6631.49, standardError: 632.85 / 6631.49)
        expectClose(rr, c["rr_scale"]["point"].double, relative: 1e-12, "RR from d")
        expectClose(limits[0], c["rr_scale"]["lower"].double, relative: 1e-12, "lower RR from d")
      }
      let (point, limit) = EValueRefuter.eValues(riskRatio: rr, interval: limits)
      expectClose(point, c["evalue_point"].double, relative: 1e-12, "\(key) point E-value")
      expectClose(limit, c["evalue_ci"].double, relative: 1e-12, "\(key) interval E-value")
    }
  }

  @Test("Fisher-z, chi-square and G tests, and Holm and BH corrections")
  func independenceTests() throws {
    let expected = EngineFixtures.expected("independence")
    let data = try EngineFixtures.data("independence")
    var pValues: [Double] = []
    for row in expected["fisher_z"].array {
      let statement = IndependenceStatement(
        a: row["x"].string ?? "", b: row["y"].string ?? "", given: row["z"].array.compactMap(\.string))
      let outcome = try #require(IndependenceTests.fisherZ(statement, data: data))
      expectClose(outcome.statistic, row["fisher_z"].double, relative: 1e-10, "\(statement.text) z")
      expectClose(outcome.pValue, row["p_value"].double, relative: 1e-9, "\(statement.text) p")
      pValues.append(outcome.pValue)
    }
    var chi: [Double] = []
    var g: [Double] = []
    for row in expected["discrete_tests"].array {
      let statement = IndependenceStatement(
        a: row["x"].string ?? "", b: row["y"].string ?? "", given: row["z"].array.compactMap(\.string))
      let x2 = try #require(IndependenceTests.contingency(statement, data: data, likelihoodRatio: false))
      let g2 = try #require(IndependenceTests.contingency(statement, data: data, likelihoodRatio: true))
      expectClose(x2.statistic, row["chi2"].double, relative: 1e-10, "\(statement.text) chi2")
      expectClose(x2.degreesOfFreedom, row["df"].double, relative: 0, "\(statement.text) df")
      expectClose(x2.pValue, row["chi2_p"].double, relative: 1e-9, "\(statement.text) chi2 p")
      expectClose(g2.statistic, row["g"].double, relative: 1e-10, "\(statement.text) G")
      expectClose(g2.pValue, row["g_p"].double, relative: 1e-9, "\(statement.text) G p")
      chi.append(x2.pValue)
      g.append(g2.pValue)
    }
    let ordered = expected["p_values_in_order"].array
    let all = pValues + chi + g
    #expect(all.count == ordered.count)
    let holm = IndependenceTests.adjust(all, method: .holm)
    let bh = IndependenceTests.adjust(all, method: .bh)
    for (i, row) in ordered.enumerated() where i < all.count {
      expectClose(holm[i], row["holm"].double, relative: 1e-9, "\(row["label"].string ?? "") Holm")
      expectClose(bh[i], row["bh"].double, relative: 1e-9, "\(row["label"].string ?? "") BH")
    }
  }
}
