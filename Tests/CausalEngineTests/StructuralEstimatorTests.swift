import NumericKernels
import StudyModel
import Testing

@testable import CausalEngine

/// IV, regression discontinuity, cross-fitted AIPW and DML, front-door and
/// mediation against linearmodels, R AER/rdd/lavaan/regmedint and DoubleML
/// (Fixtures/iv_*, rd_*, aipw_folds, dml_folds, frontdoor, mediation).
@Suite("IV, RD, cross-fitting, front-door and mediation")
struct StructuralEstimatorTests {
  struct IVCase: Sendable, CustomTestStringConvertible {
    var name: String
    var testDescription: String { name }
  }

  @Test("2SLS with controls: coefficient, SEs and first-stage F", arguments: ["iv_card", "iv_overid", "iv_binary"])
  func twoStageLeastSquares(_ name: String) throws {
    let expected = EngineFixtures.expected(name)
    let treatment = expected["treatment"].string ?? ""
    let outcome = expected["outcome"].string ?? ""
    let controls = expected["controls"].array.compactMap(\.string)
    let instruments = expected["instruments"].array.compactMap(\.string)
    let data = try EngineFixtures.data(name, columns: [treatment, outcome] + controls + instruments, dropMissing: true)
    #expect(data.rowCount == expected["n"].int)
    for (se, key) in [("hc1", "HC1"), ("hc0", "HC0"), ("classical", "classical_debiased")] {
      let problem = EngineFixtures.problem(
        data, method: .instrumentalVariable, treatment: treatment, outcome: outcome, adjustment: controls,
        instruments: instruments, params: ["se": .string(se)])
      let result = try InstrumentalVariableEstimator().estimate(problem)
      expectClose(result.value, expected["numpy_2sls"]["treatment_coef"].double, relative: 1e-10, "\(name) coefficient")
      expectClose(
        result.standardError, expected["numpy_2sls"]["se_treatment"][key].double, relative: 1e-9, "\(name) \(key) se")
      if se == "hc1" {
        let f = result.diagnostics.first { $0.name == "first-stage F" }?.value
        let robust = result.diagnostics.first { $0.name == "first-stage F (robust)" }?.value
        expectClose(f, expected["first_stage"]["classical"]["F"].double, relative: 1e-9, "\(name) first-stage F")
        expectClose(robust, expected["first_stage"]["HC1"]["F"].double, relative: 1e-9, "\(name) robust first-stage F")
        if instruments.count > 1 {
          let sargan = result.diagnostics.first { $0.name == "Sargan statistic" }?.value
          let hansen = result.diagnostics.first { $0.name == "Hansen J statistic" }?.value
          expectClose(sargan, expected["overidentification"]["sargan"]["stat"].double, relative: 1e-8, "Sargan")
          expectClose(
            hansen, expected["overidentification"]["hansen_j_ivgmm_two_step"]["stat"].double, relative: 1e-6, "Hansen J"
          )
        }
      }
    }
    if name == "iv_binary" {
      let problem = EngineFixtures.problem(
        data, method: .instrumentalVariable, treatment: treatment, outcome: outcome, instruments: instruments)
      expectClose(
        try InstrumentalVariableEstimator().estimate(problem).value, expected["wald_estimate"].double, relative: 1e-10,
        "Wald estimate")
    }
  }

  @Test("local-linear RD point estimates at a given bandwidth equal R rdd's (rd_lee, rd_fuzzy)")
  func discontinuityPointEstimates() throws {
    // rdd's HC1 is the pooled fit's and its IK bandwidth is no longer offered;
    // the point estimate at a given h is the same local-linear fit as rdrobust's.
    let lee = try EngineFixtures.data(
      "rd_lee", columns: ["score", "lagdemvoteshare", "lagdemocrat"], dropMissing: true)
    let sharp = EngineFixtures.problem(
      lee, method: .regressionDiscontinuity, treatment: "lagdemocrat", outcome: "score",
      params: ["running_variable": .string("lagdemvoteshare"), "cutoff": .number(0.5), "bandwidth": .number(0.1)])
    expectClose(
      try RegressionDiscontinuityEstimator().estimate(sharp).value,
      EngineFixtures.expected("rd_lee")["fits"]["h0.1"]["sharp"]["estimate"].double, relative: 1e-10, "sharp h = 0.1")
    let simulated = try EngineFixtures.data("rd_fuzzy")
    let fuzzy = EngineFixtures.problem(
      simulated, method: .regressionDiscontinuity, treatment: "D", outcome: "Y",
      params: ["running_variable": .string("X"), "cutoff": .number(0), "bandwidth": .number(0.5)])
    expectClose(
      try RegressionDiscontinuityEstimator().estimate(fuzzy).value,
      EngineFixtures.expected("rd_fuzzy")["fits"]["h0.5"]["fuzzy"]["estimate"].double, relative: 1e-9,
      "fuzzy h = 0.5")
  }

  @Test("cross-fitted AIPW and partially linear DML on given folds (DoubleML)", arguments: ["aipw_folds", "dml_folds"])
  func crossFitting(_ name: String) throws {
    let expected = EngineFixtures.expected(name)["estimates"]
    let data = try EngineFixtures.data(name)
    let folds = data.values("fold").map { Int($0) }
    let confounders = ["W1", "W2", "W3", "W4"]
    for (effect, key, seKey) in [
      (EffectKind.averageTreatmentEffect, "ate", "se_ddof1"), (.averageTreatmentEffectOnTreated, "att", "se_influence"),
    ] {
      var problem = EngineFixtures.problem(
        data, method: .doublyRobust, treatment: "T", outcome: "Y", adjustment: confounders, effect: effect,
        params: ["outcome_model": .string("linear")])
      problem.folds = folds
      let result = try DoublyRobustEstimator().estimate(problem)
      expectClose(result.value, expected["aipw"][key]["estimate"].double, relative: 1e-8, "AIPW \(key) estimate")
      expectClose(result.standardError, expected["aipw"][key][seKey].double, relative: 1e-8, "AIPW \(key) se")
    }
    var problem = EngineFixtures.problem(
      data, method: .doubleMachineLearning, treatment: "T", outcome: "Y", adjustment: confounders,
      params: ["model": .string("ols")])
    problem.folds = folds
    let result = try DoubleMachineLearningEstimator().estimate(problem)
    expectClose(result.value, expected["plr"]["estimate"].double, relative: 1e-9, "PLR estimate")
    expectClose(result.standardError, expected["plr"]["se"].double, relative: 1e-9, "PLR se")
  }

  @Test("front-door product of coefficients with the stacked sandwich SE (lavaan)")
  func frontdoor() throws {
    let expected = EngineFixtures.expected("frontdoor")["estimates"]
    let data = try EngineFixtures.data("frontdoor")
    let problem = EngineFixtures.problem(
      data, method: .frontdoorTwoStage, treatment: "T", outcome: "Y", mediators: ["M"])
    let result = try FrontdoorTwoStageEstimator().estimate(problem)
    expectClose(result.value, expected["estimate"].double, relative: 1e-10, "estimate")
    expectClose(result.standardError, expected["joint_HC0"]["se"].double, relative: 1e-10, "joint HC0 se")
  }

  @Test("natural direct and indirect effects with a treatment-mediator interaction (regmedint)")
  func mediation() throws {
    let expected = EngineFixtures.expected("mediation")["estimates"]
    let data = try EngineFixtures.data("mediation")
    let problem = EngineFixtures.problem(
      data, method: .mediation, treatment: "T", outcome: "Y", adjustment: ["C1", "C2"], mediators: ["M"])
    let result = try MediationEstimator().estimate(problem)
    expectClose(result.value, expected["total"]["estimate"].double, relative: 1e-10, "total effect")
    expectClose(result.standardError, expected["total"]["se"].double, relative: 1e-10, "total se")
    let nde = result.components.first { $0.name == "natural direct effect" }
    let nie = result.components.first { $0.name == "natural indirect effect" }
    expectClose(nde?.value, expected["nde"]["estimate"].double, relative: 1e-10, "NDE")
    expectClose(nde?.standardError, expected["nde"]["se"].double, relative: 1e-10, "NDE se")
    expectClose(nie?.value, expected["nie"]["estimate"].double, relative: 1e-10, "NIE")
    expectClose(nie?.standardError, expected["nie"]["se"].double, relative: 1e-10, "NIE se")
  }
}
