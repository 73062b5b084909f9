import Foundation
import NumericKernels
import StudyModel
import Tabular
import Testing

@testable import CausalEngine

/// Agreement with DoWhy 0.14 (Fixtures/conformance) where DoWhy and Assay
/// compute the same thing, to 1e-8 relative:
/// - linear regression (DoWhy's OLS of Y on T and the back-door set; equal
///   to Assay's for the ATE; DoWhy returns the ATE for ATT/ATC);
/// - the logistic g-computation risk difference (ATE);
/// - Hajek weighting with the unpenalised ("_mle") propensity model and
///   DoWhy's default clipping to [0.05, 0.95], set in Assay with `clip`;
/// - 1-NN propensity matching with replacement ("_mle") on continuous
///   scores, with `tie_tolerance: 0` (DoWhy's BallTree takes one nearest
///   unit; Assay's default keeps near-ties as R's Matching does);
/// - the Wald IV estimate and the front-door product of coefficients.
/// Where they differ on purpose (not tested for agreement): DoWhy's ATT/ATC
/// of regression estimators (it returns the ATE), linear regression with
/// effect modifiers (DoWhy leaves out the modifiers' main effects, which
/// biases the effect; Assay always includes them), stratification (it drops
/// strata), distance matching (raw Euclidean), matching on Lalonde (ties
/// broken arbitrarily by BallTree), IV with several instruments.
@Suite("DoWhy 0.14 conformance")
struct ConformanceTests {
  static let dataFolder: [String: String] = [
    "binary_treatment_common_causes": "ipw_binary", "effect_modifiers": "ols_modifiers",
    "glm_logit_binary_outcome": "glm_logit", "frontdoor_two_stage": "frontdoor",
    "iv_binary_instrument_wald": "iv_binary", "lalonde_nsw_experimental": "ipw_lalonde",
    "linear_continuous_treatment": "sens_linear", "categorical_common_causes": "conformance/categorical_common_causes",
    "confounding_naive_vs_backdoor": "conformance/confounding_naive_vs_backdoor",
    "null_effect": "conformance/null_effect",
  ]

  struct Row: Sendable, CustomTestStringConvertible {
    var caseName: String
    var estimate: String
    var testDescription: String { "\(caseName) / \(estimate)" }
  }

  static let rows: [Row] = [
    (
      "binary_treatment_common_causes",
      [
        "linear_regression_ate", "psw_ips_weight_ate_mle", "psw_ips_weight_att_mle",
        "psw_ips_weight_atc_mle", "psm_ate_mle", "psm_att_mle", "psm_atc_mle",
      ]
    ),
    (
      "categorical_common_causes",
      [
        "linear_regression_ate", "linear_regression_ate_discrete_as_numeric",
        "psw_ips_weight_ate_mle", "psm_ate_mle",
      ]
    ),
    ("confounding_naive_vs_backdoor", ["linear_regression_ate", "psw_ips_weight_ate_mle"]),
    (
      "effect_modifiers", ["psw_ips_weight_ate_mle", "psw_ips_weight_att_mle", "psw_ips_weight_atc_mle"]
    ),
    ("glm_logit_binary_outcome", ["glm_logit_ate", "linear_regression_lpm_ate", "psw_ips_weight_ate_mle"]),
    ("lalonde_nsw_experimental", ["linear_regression_ate", "psw_ips_weight_ate_mle", "psw_ips_weight_att_mle"]),
    (
      "linear_continuous_treatment",
      ["linear_regression_ate", "linear_regression_contrast_0.5_to_2", "glm_gaussian_identity_ate"]
    ),
    ("null_effect", ["linear_regression_ate", "psw_ips_weight_ate_mle", "psm_ate_mle"]),
    ("iv_binary_instrument_wald", ["iv_wald_Z"]),
    ("frontdoor_two_stage", ["frontdoor_two_stage_regression"]),
  ].flatMap { name, ids in ids.map { Row(caseName: name, estimate: $0) } }

  @Test("point estimates agree with DoWhy where both compute the same thing", arguments: rows)
  func agreement(_ row: Row) throws {
    let spec = EngineFixtures.json("conformance/\(row.caseName)/case.json")
    let estimate = try #require(spec["estimates"].array.first { $0["id"].string == row.estimate })
    let treatment = spec["treatment"].string ?? ""
    let outcome = spec["outcome"].string ?? ""
    var kinds: [String: ColumnKind] = [:]
    if row.estimate != "linear_regression_ate_discrete_as_numeric" {
      for column in spec["categorical_columns"].array.compactMap(\.string) { kinds[column] = .categorical }
    }
    let loaded = try CSVReader.read(
      path: "\(EngineFixtures.directory)/\(Self.dataFolder[row.caseName]!)/data.csv",
      options: CSVOptions(declaredKinds: kinds))
    let data = AnalysisData(table: loaded.table)
    let used = estimate["identified_estimand_used"]
    let backdoor = used["backdoor_variables"].array.compactMap(\.string).sorted()
    let effect: EffectKind =
      switch estimate["target_units"].string {
      case "att": .averageTreatmentEffectOnTreated
      case "atc": .averageTreatmentEffectOnControls
      default: .averageTreatmentEffect
      }
    let method = estimate["method_name"].string ?? ""
    var problem: EstimationProblem
    let estimator: MethodEstimator
    switch method {
    case "backdoor.linear_regression":
      problem = EngineFixtures.problem(
        data, method: .linearRegression, treatment: treatment, outcome: outcome,
        adjustment: backdoor, modifiers: used["effect_modifiers"].array.compactMap(\.string), effect: effect)
      estimator = MethodEstimator(LinearRegressionEstimator())
    case "backdoor.generalized_linear_model":
      let gaussian = row.estimate.contains("gaussian")
      problem = EngineFixtures.problem(
        data, method: .generalizedLinearModel, treatment: treatment, outcome: outcome,
        adjustment: backdoor, effect: effect, params: ["family": .string(gaussian ? "gaussian" : "binomial")])
      estimator = MethodEstimator(GeneralizedLinearModelEstimator())
    case "backdoor.propensity_score_weighting":
      let clip = estimate["propensity_model"]["clip"].doubles
      problem = EngineFixtures.problem(
        data, method: .propensityScoreWeighting, treatment: treatment, outcome: outcome,
        adjustment: backdoor, effect: effect, params: ["clip": .list(clip.map(ParameterValue.number))])
      estimator = MethodEstimator(PropensityScoreWeightingEstimator())
    case "backdoor.propensity_score_matching":
      problem = EngineFixtures.problem(
        data, method: .propensityScoreMatching, treatment: treatment, outcome: outcome,
        adjustment: backdoor, effect: effect, params: ["tie_tolerance": .number(0)])
      estimator = MethodEstimator(PropensityScoreMatchingEstimator())
    case "iv.instrumental_variable":
      problem = EngineFixtures.problem(
        data, method: .instrumentalVariable, treatment: treatment, outcome: outcome,
        instruments: used["instrumental_variables"].array.compactMap(\.string))
      estimator = MethodEstimator(InstrumentalVariableEstimator())
    default:
      problem = EngineFixtures.problem(
        data, method: .frontdoorTwoStage, treatment: treatment, outcome: outcome,
        mediators: used["frontdoor_variables"].array.compactMap(\.string))
      estimator = MethodEstimator(FrontdoorTwoStageEstimator())
    }
    problem.treatmentValue = estimate["treatment_value"].double ?? 1
    problem.controlValue = estimate["control_value"].double ?? 0
    problem.pointOnly = true
    let result = try estimator.estimate(problem)
    expectClose(result.value, estimate["value"].double, relative: 1e-8, "\(row.caseName) \(row.estimate)")
  }
}

/// Refutation verdicts against DoWhy's (Fixtures/conformance): DoWhy's
/// procedure is sound for these refuters on these estimators, so the
/// verdicts must agree. Known, deliberate differences (not compared):
/// DoWhy's placebo on the front-door estimate "fails" because the placebo
/// never reaches its two stage models (a DoWhy bug, see NOTES.md of the
/// corpus); DoWhy cannot run random_common_cause on an IV estimate
/// (KeyError); its partial-R2 and E-value analyses have no verdict.
@Suite("DoWhy 0.14 refutation verdicts")
struct ConformanceVerdictTests {
  struct Row: Sendable, CustomTestStringConvertible {
    var caseName: String
    var estimate: String
    var refuter: String
    var testDescription: String { "\(caseName) / \(estimate) / \(refuter)" }
  }

  static let checkFor: [String: (CheckKind, [String: ParameterValue])] = [
    "random_common_cause": (.randomCommonCause, [:]),
    "placebo_treatment_refuter": (.placeboTreatment, [:]),
    "data_subset_refuter": (.dataSubset, ["fraction": .number(0.8)]),
    "bootstrap_refuter(required_variables=False)": (.bootstrap, [:]),
    "dummy_outcome_refuter": (.dummyOutcome, [:]),
  ]

  static let rows: [Row] = {
    var rows: [Row] = []
    for name in ConformanceTests.dataFolder.keys.sorted() {
      let spec = EngineFixtures.json("conformance/\(name)/case.json")
      for estimate in spec["estimates"].array {
        guard let id = estimate["id"].string,
          [
            "linear_regression_ate", "psw_ips_weight_ate", "glm_logit_ate", "iv_wald_Z",
            "frontdoor_two_stage_regression",
          ].contains(id)
        else { continue }
        for refutation in estimate["refutations"].array {
          guard let label = refutation["label"].string, checkFor[label] != nil, refutation["passed"].value is Bool
          else { continue }
          if id == "frontdoor_two_stage_regression" && label == "placebo_treatment_refuter" { continue }
          rows.append(Row(caseName: name, estimate: id, refuter: label))
        }
      }
    }
    return rows
  }()

  @Test("verdicts agree with DoWhy's where its procedure is sound", arguments: rows)
  func verdict(_ row: Row) throws {
    let spec = EngineFixtures.json("conformance/\(row.caseName)/case.json")
    let estimate = try #require(spec["estimates"].array.first { $0["id"].string == row.estimate })
    let refutation = try #require(estimate["refutations"].array.first { $0["label"].string == row.refuter })
    var kinds: [String: ColumnKind] = [:]
    for column in spec["categorical_columns"].array.compactMap(\.string) { kinds[column] = .categorical }
    let loaded = try CSVReader.read(
      path: "\(EngineFixtures.directory)/\(ConformanceTests.dataFolder[row.caseName]!)/data.csv",
      options: CSVOptions(declaredKinds: kinds))
    let data = AnalysisData(table: loaded.table)
    let used = estimate["identified_estimand_used"]
    let backdoor = used["backdoor_variables"].array.compactMap(\.string).sorted()
    let treatment = spec["treatment"].string ?? ""
    let outcome = spec["outcome"].string ?? ""
    let problem: EstimationProblem
    let estimator: MethodEstimator
    switch row.estimate {
    case "psw_ips_weight_ate":
      problem = EngineFixtures.problem(
        data, method: .propensityScoreWeighting, treatment: treatment, outcome: outcome, adjustment: backdoor)
      estimator = MethodEstimator(PropensityScoreWeightingEstimator())
    case "glm_logit_ate":
      problem = EngineFixtures.problem(
        data, method: .generalizedLinearModel, treatment: treatment, outcome: outcome, adjustment: backdoor)
      estimator = MethodEstimator(GeneralizedLinearModelEstimator())
    case "iv_wald_Z":
      problem = EngineFixtures.problem(
        data, method: .instrumentalVariable, treatment: treatment, outcome: outcome,
        instruments: used["instrumental_variables"].array.compactMap(\.string))
      estimator = MethodEstimator(InstrumentalVariableEstimator())
    case "frontdoor_two_stage_regression":
      problem = EngineFixtures.problem(
        data, method: .frontdoorTwoStage, treatment: treatment, outcome: outcome,
        mediators: used["frontdoor_variables"].array.compactMap(\.string))
      estimator = MethodEstimator(FrontdoorTwoStageEstimator())
    default:
      problem = EngineFixtures.problem(
        data, method: .linearRegression, treatment: treatment, outcome: outcome,
        adjustment: backdoor, modifiers: used["effect_modifiers"].array.compactMap(\.string))
      estimator = MethodEstimator(LinearRegressionEstimator())
    }
    let (kind, values) = Self.checkFor[row.refuter]!
    // DoWhy ran 100 simulations; the refits of the iterative estimators use
    // 40 here to keep the suite fast (the verdicts are far from the boundary).
    let simulations = estimator is LinearRegressionEstimator ? 100 : 40
    let record = try Simulated.refute(
      kind, problem: problem, estimator: estimator, simulations: simulations, threads: 2, values)
    let dowhyPassed = refutation["passed"].value as? Bool ?? false
    #expect(
      (record.verdict == .passed) == dowhyPassed,
      "Assay: \(record.verdict) (\(record.detail)); DoWhy p = \(refutation["p_value"].double ?? .nan)")
  }
}
