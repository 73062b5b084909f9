import Foundation
import StudyModel
import Testing

@testable import CausalEngine

/// Sampling weights (`data.weights`) and cluster-robust standard errors
/// (`params.cluster`) for every estimator that takes them, against the
/// `weights_clusters` fixture (statsmodels WLS/GLM, numpy M-estimation; R
/// sandwich, survey and WeightIt as cross-checks; see the fixture README).
///
/// Each method is run in the fixture's four configurations: unweighted (the
/// existing definitions, so the reduction to them is tested too), weights,
/// cluster, and both. Tolerances: 1e-9 relative for the closed forms (least
/// squares, the sandwich of a weighted mean), 1e-7 where a logistic fit
/// iterates (the fixture stops Newton at a step of 1e-13, Assay's IRLS at
/// 1e-10 of a standard error).
@Suite("Sampling weights and clusters")
struct WeightsClustersTests {
  static let fixture = "weights_clusters"
  static var expected: JSONNode { EngineFixtures.expected(fixture) }
  static let configurations = ["unweighted", "weights", "cluster", "weights_cluster"]

  static func problem(
    _ data: AnalysisData, _ method: EstimatorMethod, configuration: String, outcome: String = "Y",
    treatment: String = "T", effect: EffectKind = .averageTreatmentEffect, modifiers: [String] = [],
    params: [String: ParameterValue] = [:]
  ) -> EstimationProblem {
    var params = params
    if configuration.hasSuffix("cluster") { params["cluster"] = .string("cluster") }
    var problem = EngineFixtures.problem(
      data, method: method, treatment: treatment, outcome: outcome, adjustment: ["W1", "W2"], modifiers: modifiers,
      effect: effect, params: params)
    if configuration.hasPrefix("weights") { problem.weightColumn = "w" }
    problem.folds = data.values("fold").map { Int($0) }
    return problem
  }

  static let effects: [(EffectKind, String)] = [
    (.averageTreatmentEffect, "ate"), (.averageTreatmentEffectOnTreated, "att"),
    (.averageTreatmentEffectOnControls, "atc"),
  ]

  @Test("linear regression: WLS, HC1 with pweights, CR1; with and without a modifier", arguments: configurations)
  func linearRegression(_ configuration: String) throws {
    let data = try EngineFixtures.data(Self.fixture)
    for (key, modifiers) in [("linear_regression", [String]()), ("linear_regression_modifier", ["W1"])] {
      let expected = Self.expected["methods"][key]["results"][configuration]
      for (effect, name) in Self.effects {
        let result = try LinearRegressionEstimator().estimate(
          Self.problem(data, .linearRegression, configuration: configuration, effect: effect, modifiers: modifiers))
        expectClose(result.value, expected[name]["value"].double, relative: 1e-9, "\(key) \(configuration) \(name)")
        expectClose(
          result.standardError, expected[name]["std_error"].double, relative: 1e-9,
          "\(key) \(configuration) \(name) se")
        expectClose(
          result.confidenceInterval?[0], expected[name]["ci"][0].double, relative: 1e-9,
          "\(key) \(configuration) \(name) ci (df)")
      }
    }
  }

  @Test("logistic regression: weighted MLE, HC0 sandwich with weights, CR1 by cluster", arguments: configurations)
  func logistic(_ configuration: String) throws {
    let data = try EngineFixtures.data(Self.fixture)
    let expected = Self.expected["methods"]["generalized_linear_model"]["results"][configuration]
    for (effect, name) in Self.effects {
      let result = try GeneralizedLinearModelEstimator().estimate(
        Self.problem(data, .generalizedLinearModel, configuration: configuration, outcome: "Yb", effect: effect))
      expectClose(result.value, expected[name]["value"].double, relative: 1e-7, "glm \(configuration) \(name)")
      expectClose(
        result.standardError, expected[name]["std_error"].double, relative: 1e-7, "glm \(configuration) \(name) se")
    }
  }

  @Test(
    "inverse-probability weighting: weighted propensity, Hajek means, M-estimation sandwich", arguments: configurations)
  func weighting(_ configuration: String) throws {
    let data = try EngineFixtures.data(Self.fixture)
    let expected = Self.expected["methods"]["propensity_score_weighting"]["results"][configuration]
    for (effect, name) in Self.effects.prefix(2) {
      let result = try PropensityScoreWeightingEstimator().estimate(
        Self.problem(data, .propensityScoreWeighting, configuration: configuration, effect: effect))
      expectClose(result.value, expected[name]["value"].double, relative: 1e-7, "ipw \(configuration) \(name)")
      expectClose(
        result.standardError, expected[name]["std_error"].double, relative: 1e-7, "ipw \(configuration) \(name) se")
    }
  }

  @Test(
    "AIPW on the fixture's folds: weighted nuisances and means, survey and vcovCL variances", arguments: configurations)
  func doublyRobust(_ configuration: String) throws {
    let data = try EngineFixtures.data(Self.fixture)
    let expected = Self.expected["methods"]["doubly_robust"]["results"][configuration]
    for (effect, name) in Self.effects.prefix(2) {
      let result = try DoublyRobustEstimator().estimate(
        Self.problem(
          data, .doublyRobust, configuration: configuration, effect: effect,
          params: ["outcome_model": .string("linear")]))
      expectClose(result.value, expected[name]["value"].double, relative: 1e-7, "aipw \(configuration) \(name)")
      expectClose(
        result.standardError, expected[name]["std_error"].double, relative: 1e-7, "aipw \(configuration) \(name) se")
    }
  }

  @Test("double ML with OLS nuisances on the fixture's folds", arguments: configurations)
  func doubleML(_ configuration: String) throws {
    let data = try EngineFixtures.data(Self.fixture)
    let expected = Self.expected["methods"]["double_ml"]["results"][configuration]["effect"]
    let result = try DoubleMachineLearningEstimator().estimate(
      Self.problem(data, .doubleMachineLearning, configuration: configuration, params: ["model": .string("ols")]))
    expectClose(result.value, expected["value"].double, relative: 1e-9, "dml \(configuration)")
    expectClose(result.standardError, expected["std_error"].double, relative: 1e-9, "dml \(configuration) se")
  }

  @Test(
    "2SLS: weighted both stages, HC1 with pweights, CR1 with t(G − 1); the first stage as a fitted model",
    arguments: configurations)
  func instrumentalVariable(_ configuration: String) throws {
    let data = try EngineFixtures.data(Self.fixture)
    let block = Self.expected["methods"]["instrumental_variable"]["results"][configuration]
    let expected = block["effect"]
    let result = try InstrumentalVariableEstimator().estimate(
      Self.problem(
        data, .instrumentalVariable, configuration: configuration, outcome: "Y_iv", treatment: "D",
        params: ["instruments": .list([.string("Z")])]))
    let label = "iv \(configuration)"
    expectClose(result.value, expected["value"].double, relative: 1e-9, label)
    expectClose(result.standardError, expected["std_error"].double, relative: 1e-9, "\(label) se")
    if configuration.hasSuffix("cluster") {
      // The fixture's interval: Student t on G − 1 = 59 degrees of freedom.
      expectClose(result.confidenceInterval?[0], expected["ci"][0].double, relative: 1e-9, "\(label) ci")
      expectClose(result.confidenceInterval?[1], expected["ci"][1].double, relative: 1e-9, "\(label) ci")
    } else {
      // Normal quantiles (closed form; the fixture's t(n − k) interval differs by its quantile only).
      let z = 1.959963984540054
      let value = try #require(expected["value"].double)
      let se = try #require(expected["std_error"].double)
      expectClose(result.confidenceInterval?[0], value - z * se, relative: 1e-9, "\(label) ci")
    }
    let second = try #require(result.models.first)
    for (index, column) in ["D", "(Intercept)", "W1", "W2"].enumerated() {
      expectClose(second.coefficients[index], block["coef"][column].double, relative: 1e-9, "\(label) b[\(column)]")
      expectClose(
        second.standardErrors[index], block["std_error_coef"][column].double, relative: 1e-9,
        "\(label) se[\(column)]")
    }
    #expect(second.formula == "Y_iv ~ D + W1 + W2 | Z + W1 + W2")
    let first = try #require(result.models.last)
    #expect(first.role == "first stage" && first.formula == "D ~ Z + W1 + W2" && first.columns.first == "Z")
    expectClose(first.coefficients.first ?? nil, block["first_stage"]["coef_Z"].double, relative: 1e-9, label)
    expectClose(
      first.standardErrors.first ?? nil, block["first_stage"]["std_error_Z"].double, relative: 1e-9,
      "\(label) first-stage se")
    expectClose(
      result.instrumental?.firstStageRobustF, block["first_stage"]["F_robust"].double, relative: 1e-9,
      "\(label) first-stage robust F")
    if configuration != "unweighted" {
      #expect(result.instrumental?.effectiveF == nil && result.instrumental?.andersonRubin.isEmpty == true)
      #expect(result.instrumental?.firstStageF == nil && result.instrumental?.liml == nil)
    }
  }

  @Test(
    "regression discontinuity through the estimator: data.weights and the common cluster parameter (rdrobust)",
    arguments: configurations)
  func discontinuity(_ configuration: String) throws {
    var data = try EngineFixtures.data(Self.fixture)
    // A sharp design: treated at R ≥ 0, as the fixture's rdrobust calls.
    data = data.replacing("T", with: data.values("R").map { $0 >= 0 ? 1 : 0 })
    let expected = Self.expected["methods"]["regression_discontinuity"]["fits"]["h0.3"][configuration]
    let result = try RegressionDiscontinuityEstimator().estimate(
      Self.problem(
        data, .regressionDiscontinuity, configuration: configuration, outcome: "Y_rd",
        params: ["running_variable": .string("R"), "cutoff": .number(0), "bandwidth": .number(0.3)]))
    let record = try #require(result.discontinuity)
    let label = "rd \(configuration)"
    #expect(record.variance == (configuration.hasSuffix("cluster") ? .cluster : .nearestNeighbor), "\(label)")
    expectClose(record.conventional.estimate, expected["conventional"]["value"].double, relative: 1e-9, label)
    expectClose(
      record.conventional.standardError, expected["conventional"]["std_error"].double, relative: 1e-9,
      "\(label) se")
    expectClose(record.robust.standardError, expected["robust"]["std_error"].double, relative: 1e-9, "\(label) robust")
    if configuration.hasSuffix("cluster") { #expect(record.clusters == expected["n_clusters"].int, "\(label)") }
  }

  @Test("methods without a design-based variance refuse weights and clusters at validation")
  func refusals() {
    for method in [EstimatorMethod.propensityScoreMatching, .distanceMatching] {
      #expect(!method.descriptor.takesWeights, "\(method.rawValue)")
      #expect(Self.expected["refused"][method.rawValue].string != nil, "the fixture says why \(method.rawValue)")
    }
    for method in [
      EstimatorMethod.linearRegression, .generalizedLinearModel, .propensityScoreWeighting,
      .doublyRobust, .doubleMachineLearning, .instrumentalVariable, .regressionDiscontinuity,
    ] {
      #expect(method.descriptor.takesWeights && method.descriptor.takesClusters, "\(method.rawValue)")
    }
  }
}
