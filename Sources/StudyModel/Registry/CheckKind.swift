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
  case preTrends = "pre_trends"
  case placeboTime = "placebo_time"
  case discontinuityDensity = "rd_density"
  case discontinuityPlaceboCutoffs = "rd_placebo_cutoffs"
  case discontinuityCovariateBalance = "rd_covariate_balance"
  case discontinuityBandwidthSensitivity = "rd_bandwidth_sensitivity"
  case weakInstrument = "weak_instrument"

  /// The registry row of the check: what it tests, what it applies to, and
  /// which options struct holds its parameters.
  public var descriptor: CheckDescriptor {
    switch self {
    case .placeboTreatment:
      CheckDescriptor(
        self, PlaceboTreatmentOptions.self,
        "Replaces the treatment by a placebo and re-estimates; the placebo effects must centre on zero.",
        simulated: true)
    case .randomCommonCause:
      CheckDescriptor(
        self, RandomCommonCauseOptions.self,
        "Adds an independent random common cause to the adjustment set; the estimate must not move.",
        simulated: true, methods: CheckDescriptor.adjustingMethods)
    case .dataSubset:
      CheckDescriptor(
        self, DataSubsetOptions.self,
        "Re-estimates on random subsets drawn without replacement; the estimate must not move.", simulated: true)
    case .bootstrap:
      CheckDescriptor(
        self, BootstrapCheckOptions.self,
        "Re-estimates on bootstrap resamples, optionally with measurement noise; the estimate must not move.",
        simulated: true)
    case .dummyOutcome:
      CheckDescriptor(
        self, DummyOutcomeOptions.self,
        "Replaces the outcome by one with no treatment effect; the estimates must centre on zero.", simulated: true)
    case .unobservedCommonCause:
      CheckDescriptor(
        self, UnobservedCommonCauseOptions.self,
        "Simulates an unobserved confounder over a grid of strengths and finds where the estimate tips.",
        simulated: false, methods: CheckDescriptor.adjustingMethods)
    case .sensitivity:
      CheckDescriptor(
        self, SensitivityOptions.self,
        "Cinelli & Hazlett (2020) partial-R2 sensitivity analysis of the regression estimate.",
        simulated: false, methods: [.linearRegression])
    case .eValue:
      CheckDescriptor(
        self, EValueOptions.self,
        "VanderWeele & Ding (2017) E-values for the estimate and its confidence limit.", simulated: false,
        methods: Set(EstimatorMethod.allCases.filter { !$0.descriptor.isPanelMethod }))
    case .overlap:
      CheckDescriptor(
        self, OverlapOptions.self,
        "Propensity-score overlap: ranges per arm, units near 0 or 1, effective sample size of the weights.",
        simulated: false, methods: CheckDescriptor.propensityMethods)
    case .graphIndependencies:
      CheckDescriptor(
        self, GraphIndependenciesOptions.self,
        "Tests each conditional independence the graph implies among observed variables.",
        scope: .study, simulated: false)
    case .graphFalsification:
      CheckDescriptor(
        self, GraphFalsificationOptions.self,
        "Permutation test of the graph's local Markov conditions (Eulig et al. 2023).",
        scope: .study, simulated: true)
    case .estimatorAgreement:
      CheckDescriptor(
        self, EstimatorAgreementOptions.self,
        "The estimators' confidence intervals must share a point, and their spread stay small.",
        scope: .study, simulated: false)
    case .preTrends:
      CheckDescriptor(
        self, PreTrendsOptions.self,
        "Joint Wald test that every pre-treatment ATT(g,t) is 0; passes when p >= alpha.", simulated: false,
        methods: [.staggeredDid])
    case .placeboTime:
      CheckDescriptor(
        self, PlaceboTimeOptions.self,
        "A fake adoption before the real one, estimated on the pre-treatment periods only: its effect must be 0.",
        simulated: false, methods: [.staggeredDid, .twoWayFixedEffects])
    case .discontinuityDensity:
      CheckDescriptor(
        self, NoCheckOptions.self,
        "Manipulation test of Cattaneo, Jansson & Ma (2020): the running variable's density must not jump at the cutoff.",
        simulated: false, methods: [.regressionDiscontinuity])
    case .discontinuityPlaceboCutoffs:
      CheckDescriptor(
        self, DiscontinuityPlaceboCutoffsOptions.self,
        "The outcome must not jump at false cutoffs, each tested on its own side of the true cutoff.",
        simulated: false, methods: [.regressionDiscontinuity])
    case .discontinuityCovariateBalance:
      CheckDescriptor(
        self, DiscontinuityCovariateBalanceOptions.self,
        "Each pre-determined covariate, taken as the outcome, must not jump at the cutoff.",
        simulated: false, methods: [.regressionDiscontinuity])
    case .discontinuityBandwidthSensitivity:
      CheckDescriptor(
        self, DiscontinuityBandwidthSensitivityOptions.self,
        "The estimate over a grid of bandwidths must stay within the estimate's confidence interval.",
        simulated: false, methods: [.regressionDiscontinuity])
    case .weakInstrument:
      CheckDescriptor(
        self, WeakInstrumentOptions.self,
        "The effective first-stage F of Montiel Olea & Pflueger (2013) must exceed its critical value.",
        simulated: false, methods: [.instrumentalVariable])
    }
  }
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
  /// The struct the check's own parameters decode to.
  public let options: any CheckOptions.Type
  public let summary: String
  public let scope: Scope
  /// Whether the check re-estimates on simulated data (and so takes `simulations`).
  public let isSimulated: Bool
  /// The methods the check applies to; `nil` means every method.
  public let methods: Set<EstimatorMethod>?
  /// The check's own parameters, then the common ones.
  public let parameters: [ParameterDescriptor]

  init(
    _ kind: CheckKind, _ options: any CheckOptions.Type, _ summary: String, scope: Scope = .estimate,
    simulated: Bool, methods: Set<EstimatorMethod>? = nil
  ) {
    self.kind = kind
    self.options = options
    self.summary = summary
    self.scope = scope
    self.isSimulated = simulated
    self.methods = methods
    self.parameters = options.parameters + CommonCheckOptions.parameters(scope: scope, simulated: simulated)
  }

  public func parameter(_ name: String) -> ParameterDescriptor? {
    parameters.first { $0.name == name }
  }

  /// Whether the check applies to estimates of `method`.
  public func applies(to method: EstimatorMethod) -> Bool {
    methods?.contains(method) ?? true
  }

  /// Decodes validated parameters into the check's options.
  public func decode(_ params: ParameterSet) -> any CheckOptions {
    options.init(params)
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
}
