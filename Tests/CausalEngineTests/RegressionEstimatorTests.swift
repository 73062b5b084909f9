import NumericKernels
import StudyModel
import Testing

@testable import CausalEngine

/// linear_regression and generalized_linear_model against statsmodels,
/// marginaleffects and R (Fixtures/glm_logit; effect modifiers and terms are
/// in TermLanguageTests).
@Suite("Regression estimators")
struct RegressionEstimatorTests {
  static let effects: [(EffectKind, String)] = [
    (.averageTreatmentEffect, "ate"), (.averageTreatmentEffectOnTreated, "att"),
    (.averageTreatmentEffectOnControls, "atc"),
  ]

  @Test("logistic g-computation: risk difference, risk ratio and odds ratio with delta-method SEs")
  func glmLogit() throws {
    let data = try EngineFixtures.data("glm_logit")
    let expected = EngineFixtures.expected("glm_logit")
    for (effect, key) in Self.effects {
      for scale in ["difference", "ratio", "odds_ratio"] {
        let problem = EngineFixtures.problem(
          data, method: .generalizedLinearModel, treatment: "T", outcome: "Y", adjustment: ["W1", "W2", "W3"],
          effect: effect, params: ["scale": .string(scale)])
        let result = try GeneralizedLinearModelEstimator().estimate(problem)
        let fixtureKey = ["difference": "risk_difference", "ratio": "risk_ratio", "odds_ratio": "odds_ratio"][scale]!
        let e = expected["effects"][key][fixtureKey]
        expectClose(result.value, e["estimate"].double, relative: 1e-8, "\(key) \(scale) estimate")
        expectClose(result.confidenceInterval?[0], e["ci95"][0].double, relative: 1e-8, "\(key) \(scale) lower")
        expectClose(result.confidenceInterval?[1], e["ci95"][1].double, relative: 1e-8, "\(key) \(scale) upper")
        if scale == "difference" {
          expectClose(result.standardError, e["se"].double, relative: 1e-8, "\(key) se")
        } else {
          expectClose(
            result.standardError, (e["estimate"].double ?? 0) * (e["se_log"].double ?? 0), relative: 1e-8,
            "\(key) \(scale) se")
        }
      }
    }
  }
}
