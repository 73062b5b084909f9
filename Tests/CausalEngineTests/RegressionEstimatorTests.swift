import NumericKernels
import StudyModel
import Testing

@testable import CausalEngine

/// linear_regression and generalized_linear_model against statsmodels,
/// marginaleffects and R (Fixtures/ols_modifiers, Fixtures/glm_logit).
@Suite("Regression estimators")
struct RegressionEstimatorTests {
  static let effects: [(EffectKind, String)] = [
    (.averageTreatmentEffect, "ate"), (.averageTreatmentEffectOnTreated, "att"),
    (.averageTreatmentEffectOnControls, "atc"),
  ]

  @Test("OLS g-computation with effect modifiers: estimates and delta-method SEs under every covariance")
  func olsModifiers() throws {
    let data = try EngineFixtures.data("ols_modifiers")
    let expected = EngineFixtures.expected("ols_modifiers")
    for (effect, key) in Self.effects {
      for (se, name) in [("classical", "classical"), ("hc0", "HC0"), ("hc1", "HC1"), ("hc2", "HC2"), ("hc3", "HC3")] {
        let problem = EngineFixtures.problem(
          data, method: .linearRegression, treatment: "v0", outcome: "y", adjustment: ["W0", "W1", "W2"],
          modifiers: ["X0", "X1"], effect: effect, params: ["se": .string(se)])
        let result = try LinearRegressionEstimator().estimate(problem)
        let e = expected["effects"][key]
        expectClose(result.value, e["estimate"].double, relative: 1e-10, "\(key) estimate")
        expectClose(result.standardError, e["se"][name].double, relative: 1e-10, "\(key) \(name) se")
        expectClose(result.confidenceInterval?[0], e["ci95"][name][0].double, relative: 1e-10, "\(key) \(name) lower")
        expectClose(result.confidenceInterval?[1], e["ci95"][name][1].double, relative: 1e-10, "\(key) \(name) upper")
      }
    }
  }

  @Test("OLS conditional effects in quartile bins of each modifier (HC1)")
  func olsConditional() throws {
    let data = try EngineFixtures.data("ols_modifiers")
    let expected = EngineFixtures.expected("ols_modifiers")["conditional_effects"]
    let problem = EngineFixtures.problem(
      data, method: .linearRegression, treatment: "v0", outcome: "y", adjustment: ["W0", "W1", "W2"],
      modifiers: ["X0", "X1"])
    let result = try LinearRegressionEstimator().estimate(problem)
    for modifier in ["X0", "X1"] {
      let bins = expected[modifier]["bins"].array
      let ours = result.conditionalEffects.filter { $0.modifier == modifier }
      #expect(ours.count == bins.count)
      for (bin, effect) in zip(bins, ours) {
        #expect(effect.n == bin["n_target"].int)
        expectClose(effect.value, bin["estimate"].double, relative: 1e-10, "\(modifier) \(effect.level) estimate")
        expectClose(effect.standardError, bin["se"]["HC1"].double, relative: 1e-10, "\(modifier) \(effect.level) se")
      }
    }
  }

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
