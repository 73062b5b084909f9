/// The refutations and checks of the study format, by YAML name.
public enum CheckKind: String, CaseIterable, Codable, Sendable {
  case placeboTreatment = "placebo_treatment"
  case randomCommonCause = "random_common_cause"
  case dataSubset = "data_subset"
  case bootstrap
  case dummyOutcome = "dummy_outcome"
  case unobservedCommonCause = "unobserved_common_cause"
  case sensitivity
  case eValue = "e_value"
  case overlap
  case graphIndependencies = "graph_independencies"
  case graphFalsification = "graph_falsification"
  case estimatorAgreement = "estimator_agreement"

  /// The registry entry of the check.
  public var descriptor: CheckDescriptor { CheckDescriptor.table[self]! }
}

/// What the registry knows of a check.
public struct CheckDescriptor: Sendable {
  /// What a check is applied to.
  public enum Scope: String, Sendable {
    /// Each selected estimate separately.
    case estimate
    /// The study as a whole (the graph, or all estimates together).
    case study
  }

  public let kind: CheckKind
  public let summary: String
  public let scope: Scope
  /// Whether the check re-estimates on simulated data (and so takes `simulations`).
  public let isSimulated: Bool
  /// The methods the check applies to; `nil` means every method.
  public let methods: Set<EstimatorMethod>?
  /// The check's own parameters, then the common ones.
  public let parameters: [ParameterDescriptor]

  public func parameter(_ name: String) -> ParameterDescriptor? {
    parameters.first { $0.name == name }
  }

  /// Whether the check applies to estimates of `method`.
  public func applies(to method: EstimatorMethod) -> Bool {
    methods?.contains(method) ?? true
  }

  /// Keys every check accepts besides `check` itself.
  public static func commonParameters(scope: Scope, simulated: Bool) -> [ParameterDescriptor] {
    var list: [ParameterDescriptor] = [
      ParameterDescriptor("severity", .choice(CheckSeverity.allCases.map(\.rawValue)),
        default: .string("error"),
        "error: a failure fails the gate (exit 1); warn: a failure is reported only."),
      ParameterDescriptor("alpha", .number(.open(0, 1)),
        defaultDescription: "refutations.alpha", "Significance level of this check."),
      ParameterDescriptor("estimators", .texts,
        defaultDescription: "every estimator the check applies to",
        scope == .estimate
          ? "Names of the estimators whose estimates the check refutes."
          : "Names of the estimators the check compares."),
    ]
    if simulated {
      list.append(ParameterDescriptor("simulations", .integer(.closed(1, 100_000)),
        defaultDescription: "refutations.simulations", "Number of simulations."))
    }
    return list
  }

  /// Methods that adjust for a set of covariates, so that a check can add
  /// a common cause to it or learn the outcome from it.
  public static let adjustingMethods: Set<EstimatorMethod> = [
    .linearRegression, .generalizedLinearModel, .propensityScoreWeighting,
    .propensityScoreMatching, .propensityScoreStratification, .distanceMatching,
    .doublyRobust, .doubleMachineLearning, .instrumentalVariable,
  ]

  /// Methods with a propensity score (or a binary treatment whose overlap can be judged).
  public static let propensityMethods: Set<EstimatorMethod> = [
    .propensityScoreWeighting, .propensityScoreMatching, .propensityScoreStratification,
    .distanceMatching, .doublyRobust, .linearRegression, .generalizedLinearModel,
  ]

  static let table: [CheckKind: CheckDescriptor] = {
    func entry(
      _ kind: CheckKind, _ summary: String, scope: Scope = .estimate, simulated: Bool,
      methods: Set<EstimatorMethod>? = nil, _ own: [ParameterDescriptor]
    ) -> (CheckKind, CheckDescriptor) {
      (kind, CheckDescriptor(
        kind: kind, summary: summary, scope: scope, isSimulated: simulated, methods: methods,
        parameters: own + commonParameters(scope: scope, simulated: simulated)))
    }
    let tolerance = ParameterDescriptor("tolerance", .number(.atLeast(0)), default: .number(0.5),
      "Smallest shift of the median simulated estimate, in standard errors of the original estimate, that can fail the check.")
    let entries: [(CheckKind, CheckDescriptor)] = [
      entry(.placeboTreatment,
        "Replaces the treatment by a placebo and re-estimates; the placebo effects must centre on zero.",
        simulated: true, [
          ParameterDescriptor("placebo", .choice(["permute", "random"]), default: .string("permute"),
            "Placebo treatment: a permutation of the treatment, or random draws of its type."),
          ParameterDescriptor("expect_effect", .boolean, default: .bool(false),
            "Also fail when the original estimate does not stand outside the placebo distribution."),
        ]),
      entry(.randomCommonCause,
        "Adds an independent random common cause to the adjustment set; the estimate must not move.",
        simulated: true, methods: adjustingMethods, [tolerance]),
      entry(.dataSubset,
        "Re-estimates on random subsets drawn without replacement; the estimate must not move.",
        simulated: true, [
          ParameterDescriptor("fraction", .number(.open(0, 1)), default: .number(0.8),
            "Share of rows in each subset."),
          tolerance,
        ]),
      entry(.bootstrap,
        "Re-estimates on bootstrap resamples, optionally with measurement noise; the estimate must not move.",
        simulated: true, [
          ParameterDescriptor("noise", .columns, default: .list([]),
            "Covariates that receive Gaussian measurement noise in each resample."),
          ParameterDescriptor("noise_scale", .number(.atLeast(0)), default: .number(0.1),
            "Noise standard deviation, as a share of each column's standard deviation."),
          tolerance,
        ]),
      entry(.dummyOutcome,
        "Replaces the outcome by one with no treatment effect; the estimates must centre on zero.",
        simulated: true, [
          ParameterDescriptor("outcome", .choice(["noise", "confounders"]), default: .string("noise"),
            "Dummy outcome: standard normal noise, or a function of the confounders learned on the control arm plus noise."),
        ]),
      entry(.unobservedCommonCause,
        "Simulates an unobserved confounder over a grid of strengths and finds where the estimate tips.",
        simulated: false, methods: adjustingMethods, [
          ParameterDescriptor("treatment_strengths", .numbers(.atLeast(0), count: nil),
            default: .list([0.0, 0.05, 0.1, 0.2, 0.3, 0.5].map(ParameterValue.number)),
            "Effects of the confounder on the treatment (linear coefficient, or share of flipped units for a binary treatment)."),
          ParameterDescriptor("outcome_strengths", .numbers(.atLeast(0), count: nil),
            default: .list([0.0, 0.05, 0.1, 0.2, 0.3, 0.5].map(ParameterValue.number)),
            "Effects of the confounder on the outcome, in standard deviations of the outcome."),
          ParameterDescriptor("plausible", .numbers(.atLeast(0), count: 2),
            defaultDescription: "none (report only)",
            "[treatment, outcome] strengths the study considers plausible; a tipping point at or below both fails the check."),
          ParameterDescriptor("tipping_value", .number(.any), default: .number(0),
            "The value the estimate must not cross."),
        ]),
      entry(.sensitivity,
        "Cinelli & Hazlett (2020) partial-R2 sensitivity analysis of the regression estimate.",
        simulated: false, methods: [.linearRegression], [
          ParameterDescriptor("benchmark", .columns, default: .list([]),
            "Covariates whose strength bounds a hypothetical confounder."),
          ParameterDescriptor("min_robustness_value", .number(.closed(0, 1)), default: .number(0.05),
            "Fail when the robustness value RV_{q,alpha} is below this."),
          ParameterDescriptor("q", .number(.greaterThan(0)), default: .number(1),
            "Share of the estimate a confounder would have to remove (1 = all of it)."),
          ParameterDescriptor("multipliers", .numbers(.greaterThan(0), count: nil),
            default: .list([1.0, 2.0, 3.0].map(ParameterValue.number)),
            "Confounders k times as strong as each benchmark covariate."),
        ]),
      entry(.eValue,
        "VanderWeele & Ding (2017) E-values for the estimate and its confidence limit.",
        simulated: false, [
          ParameterDescriptor("min", .number(.atLeast(1)), default: .number(1.5),
            "Fail when the E-value of the confidence limit nearer the null is below this."),
          ParameterDescriptor("conversion",
            .choice(["auto", "standardized_difference", "odds_ratio", "risk_ratio"]),
            default: .string("auto"),
            "How the estimate becomes a risk ratio: auto picks by outcome type and effect scale."),
        ]),
      entry(.overlap,
        "Propensity-score overlap: ranges per arm, units near 0 or 1, effective sample size of the weights.",
        simulated: false, methods: propensityMethods, [
          ParameterDescriptor("min_propensity", .number(.open(0, 0.5)), default: .number(0.01),
            "Units with a propensity outside [min, 1 - min] count as lacking overlap."),
          ParameterDescriptor("max_outside", .number(.closed(0, 1)), default: .number(0.01),
            "Fail when a larger share of units lies outside [min, 1 - min]."),
          ParameterDescriptor("min_effective_sample_size", .number(.closed(0, 1)),
            default: .number(0.1),
            "Fail when the effective sample size of the inverse-probability weights, as a share of n, is below this."),
        ]),
      entry(.graphIndependencies,
        "Tests each conditional independence the graph implies among observed variables.",
        scope: .study, simulated: false, [
          ParameterDescriptor("correction", .choice(["holm", "bh", "none"]), default: .string("holm"),
            "Multiple-testing correction: Holm, Benjamini-Hochberg, or none."),
          ParameterDescriptor("test", .choice(["auto", "fisher_z", "chi_square", "g_test", "regression"]),
            default: .string("auto"),
            "Independence test; auto picks by variable types."),
        ]),
      entry(.graphFalsification,
        "Permutation test of the graph's local Markov conditions (Eulig et al. 2023).",
        scope: .study, simulated: true, [
          ParameterDescriptor("test", .choice(["auto", "fisher_z", "chi_square", "g_test", "regression"]),
            default: .string("auto"), "Independence test; auto picks by variable types."),
        ]),
      entry(.estimatorAgreement,
        "The estimators' confidence intervals must share a point, and their spread stay small.",
        scope: .study, simulated: false, [
          ParameterDescriptor("max_relative_spread", .number(.greaterThan(0)),
            defaultDescription: "none",
            "Fail when (max - min) / |median| of the estimates exceeds this."),
        ]),
    ]
    return Dictionary(uniqueKeysWithValues: entries)
  }()
}
