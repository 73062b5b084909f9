/// The estimation methods of the study format, by YAML name.
public enum EstimatorMethod: String, CaseIterable, Codable, Sendable {
  case linearRegression = "linear_regression"
  case generalizedLinearModel = "generalized_linear_model"
  case propensityScoreWeighting = "propensity_score_weighting"
  case propensityScoreMatching = "propensity_score_matching"
  case propensityScoreStratification = "propensity_score_stratification"
  case distanceMatching = "distance_matching"
  case doublyRobust = "doubly_robust"
  case doubleMachineLearning = "double_ml"
  case instrumentalVariable = "instrumental_variable"
  case regressionDiscontinuity = "regression_discontinuity"
  case frontdoorTwoStage = "frontdoor_two_stage"
  case mediation
  case staggeredDid = "staggered_did"
  case twoWayFixedEffects = "two_way_fixed_effects"

  /// The identification strategy a method needs.
  public enum Requirement: String, Sendable {
    /// An adjustment set (back-door).
    case adjustmentSet = "an adjustment set"
    /// One or more instruments.
    case instruments = "an instrument"
    /// One or more front-door mediators.
    case mediators = "front-door mediators"
    /// A running variable and a cutoff, given as parameters.
    case discontinuity = "a running variable and a cutoff"
    /// A long panel (`data.panel`) and parallel trends.
    case parallelTrends = "a panel and parallel trends"
  }

  /// The registry row of the method: the one place that says what the method
  /// is, what it can deliver, and which options struct holds its parameters.
  public var descriptor: EstimatorDescriptor {
    let all = EffectKind.allCases
    let ateOnly: [EffectKind] = [.averageTreatmentEffect]
    switch self {
    case .linearRegression:
      return EstimatorDescriptor(
        self, LinearRegressionOptions.self,
        "OLS of the outcome on treatment, adjustment set and treatment-by-modifier interactions; the g-computation contrast averaged over the target units.",
        models: [.outcome], effects: all, .adjustmentSet, conditionalEffects: true, categorical: .dummyCoding,
        weights: true, clusters: true)
    case .generalizedLinearModel:
      return EstimatorDescriptor(
        self, GeneralizedLinearModelOptions.self,
        "Logit, probit, Poisson or Gaussian outcome model; the effect is the average predicted difference (or ratio, or odds ratio).",
        models: [.outcome], effects: all, .adjustmentSet, conditionalEffects: true, categorical: .dummyCoding,
        weights: true, clusters: true)
    case .propensityScoreWeighting:
      return EstimatorDescriptor(
        self, PropensityScoreWeightingOptions.self, "Inverse-probability weighting with a logistic propensity model.",
        models: [.propensity], effects: all, .adjustmentSet, binaryTreatment: true, categorical: .generalizedPropensity,
        weights: true, clusters: true)
    case .propensityScoreMatching:
      return EstimatorDescriptor(
        self, PropensityScoreMatchingOptions.self, "Nearest-neighbour matching on the propensity score or its logit.",
        models: [.propensity], effects: all, .adjustmentSet, binaryTreatment: true, categorical: .twoLevels)
    case .propensityScoreStratification:
      return EstimatorDescriptor(
        self, PropensityScoreStratificationOptions.self,
        "Differences within propensity-score quantile strata, weighted for the target units.",
        models: [.propensity], effects: all, .adjustmentSet, binaryTreatment: true)
    case .distanceMatching:
      return EstimatorDescriptor(
        self, DistanceMatchingOptions.self,
        "Nearest-neighbour matching on the Mahalanobis distance of the adjustment set.",
        effects: all, .adjustmentSet, binaryTreatment: true, categorical: .twoLevels)
    case .doublyRobust:
      return EstimatorDescriptor(
        self, DoublyRobustOptions.self,
        "Augmented inverse-probability weighting (AIPW) with K-fold cross-fitting.",
        models: [.outcome, .propensity], effects: all, .adjustmentSet, binaryTreatment: true,
        categorical: .generalizedPropensity, weights: true, clusters: true)
    case .doubleMachineLearning:
      return EstimatorDescriptor(
        self, DoubleMachineLearningOptions.self,
        "Partially linear model by double/debiased machine learning with cross-fitting (Chernozhukov et al. 2018).",
        models: [.outcome], effects: ateOnly, .adjustmentSet, weights: true, clusters: true)
    case .instrumentalVariable:
      return EstimatorDescriptor(
        self, InstrumentalVariableOptions.self,
        "Two-stage least squares with the adjustment set as exogenous controls (Wald for one binary instrument); LIML, the effective F and Anderson-Rubin sets beside it.",
        models: [.outcome], effects: ateOnly, .instruments, weights: true, clusters: true)
    case .regressionDiscontinuity:
      return EstimatorDescriptor(
        self, RegressionDiscontinuityOptions.self,
        "Local-polynomial regression discontinuity as rdrobust: sharp or fuzzy, MSE- or CER-optimal bandwidths, robust bias-corrected inference, covariates.",
        effects: ateOnly, .discontinuity, weights: true, clusters: true)
    case .frontdoorTwoStage:
      return EstimatorDescriptor(
        self, FrontdoorTwoStageOptions.self,
        "Front-door estimation: product of the treatment-to-mediator and mediator-to-outcome coefficients.",
        effects: ateOnly, .mediators)
    case .mediation:
      return EstimatorDescriptor(
        self, MediationOptions.self,
        "Natural direct and indirect effects by VanderWeele's regression approach.",
        effects: ateOnly, .mediators)
    case .staggeredDid:
      return EstimatorDescriptor(
        self, StaggeredDidOptions.self,
        "Callaway & Sant'Anna (2021) group-time ATTs for staggered adoption, aggregated; doubly robust, outcome regression or IPW.",
        effects: [.averageTreatmentEffectOnTreated], .parallelTrends, weights: true, clusters: true)
    case .twoWayFixedEffects:
      return EstimatorDescriptor(
        self, TwoWayFixedEffectsOptions.self,
        "Unit and period fixed effects (within transformation) with cluster-robust errors; Goodman-Bacon and de Chaisemartin-D'Haultfoeuille diagnostics under staggered timing.",
        effects: [.averageTreatmentEffectOnTreated], .parallelTrends, weights: true, clusters: true)
    }
  }
}

/// What the registry knows of an estimation method.
public struct EstimatorDescriptor: Sendable {
  public let method: EstimatorMethod
  /// The struct the method's own parameters decode to.
  public let options: any EstimatorOptions.Type
  /// One sentence for editors and the docs.
  public let summary: String
  /// The effects the method can deliver; any other is a validation error.
  public let effects: [EffectKind]
  public let requirement: EstimatorMethod.Requirement
  /// Whether the method needs a binary treatment.
  public let needsBinaryTreatment: Bool
  /// Whether the method reports effects per effect-modifier level or bin.
  public let computesConditionalEffects: Bool
  /// The models the method fits that take the study's extra terms.
  public let models: Set<ModelKind>
  /// How the method compares two levels of a categorical treatment with more
  /// than two levels; `nil` when it cannot.
  public let categoricalTreatment: CategoricalTreatment?
  /// Whether the method takes sampling weights (`data.weights`); a study
  /// with weights and a method that does not is refused.
  public let takesWeights: Bool
  /// Whether the method has cluster-robust standard errors (`params.cluster`).
  public let takesClusters: Bool
  /// Whether the method estimates from a long panel (`data.panel`); the
  /// others are refused on panel data, and these without it.
  public var isPanelMethod: Bool { requirement == .parallelTrends }

  /// How a method compares two levels of a many-level categorical treatment.
  public enum CategoricalTreatment: String, Sendable {
    /// The treatment is dummy-coded in the outcome model and the two levels
    /// are compared by standardisation.
    case dummyCoding = "dummy-coded outcome model, standardised"
    /// A generalised propensity score from a multinomial logit of every
    /// level; the two levels are compared.
    case generalizedPropensity = "multinomial-logit generalised propensity score"
    /// The units at the two levels only, compared as a binary treatment.
    case twoLevels = "the units at the two levels only"
  }

  /// A model an estimation method fits, for the terms it takes.
  public enum ModelKind: String, Sendable, Hashable {
    /// The outcome model (`terms` and `outcome_terms`).
    case outcome
    /// The propensity model (`terms` and `propensity_terms`).
    case propensity
  }

  /// Whether the method standardises over an outcome model, so that its
  /// terms may involve the treatment (`t:x`, `t^2`): the methods that also
  /// compute conditional effects.
  public var acceptsTreatmentTerms: Bool { computesConditionalEffects }
  /// The method's own parameters, then the common ones.
  public let parameters: [ParameterDescriptor]

  init(
    _ method: EstimatorMethod, _ options: any EstimatorOptions.Type, _ summary: String,
    models: Set<ModelKind> = [], effects: [EffectKind], _ requirement: EstimatorMethod.Requirement,
    binaryTreatment: Bool = false, conditionalEffects: Bool = false, categorical: CategoricalTreatment? = nil,
    weights: Bool = false, clusters: Bool = false
  ) {
    self.takesWeights = weights
    self.takesClusters = clusters
    self.method = method
    self.options = options
    self.summary = summary
    self.effects = effects
    self.requirement = requirement
    self.needsBinaryTreatment = binaryTreatment
    self.computesConditionalEffects = conditionalEffects
    self.models = models
    self.categoricalTreatment = categorical
    self.parameters = options.parameters + CommonEstimatorOptions.parameters
  }

  /// The parameter named `name`, if the method has it.
  public func parameter(_ name: String) -> ParameterDescriptor? {
    parameters.first { $0.name == name }
  }

  /// The standard errors the method offers (its `se` parameter's words).
  public var standardErrors: [StandardErrorMethod] {
    guard case .choice(let words)? = parameter("se")?.type else { return [] }
    return words.compactMap(StandardErrorMethod.init(rawValue:))
  }

  /// Decodes validated parameters into the method's options.
  public func decode(_ params: ParameterSet) -> any EstimatorOptions {
    options.init(params)
  }
}
