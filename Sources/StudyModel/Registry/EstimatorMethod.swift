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
  }

  /// The registry entry of the method.
  public var descriptor: EstimatorDescriptor { EstimatorDescriptor.table[self]! }
}

/// What the registry knows of an estimation method.
public struct EstimatorDescriptor: Sendable {
  public let method: EstimatorMethod
  /// One sentence for editors and the docs.
  public let summary: String
  /// The effects the method can deliver; any other is a validation error.
  public let effects: [EffectKind]
  public let requirement: EstimatorMethod.Requirement
  /// Whether the method needs a binary treatment.
  public let needsBinaryTreatment: Bool
  /// The method's own parameters, then the common ones.
  public let parameters: [ParameterDescriptor]

  /// The parameter named `name`, if the method has it.
  public func parameter(_ name: String) -> ParameterDescriptor? {
    parameters.first { $0.name == name }
  }

  static let allEffects = EffectKind.allCases
  static let ateOnly: [EffectKind] = [.averageTreatmentEffect]

  /// Parameters every estimator accepts.
  public static let commonParameters: [ParameterDescriptor] = [
    ParameterDescriptor(
      "terms", .texts, default: .list([]),
      "Extra model terms built from adjustment variables: squares `age^2` and interactions `a:b`, added to the outcome and propensity models."),
    ParameterDescriptor(
      "outcome_terms", .texts, default: .list([]),
      "Extra terms for the outcome model only."),
    ParameterDescriptor(
      "propensity_terms", .texts, default: .list([]),
      "Extra terms for the propensity model only."),
    ParameterDescriptor(
      "confidence_level", .number(.open(0, 1)), default: .number(0.95),
      "Level of the confidence interval."),
    ParameterDescriptor(
      "bootstrap", .integer(.closed(2, 100_000)), default: .integer(999),
      "Number of bootstrap replicates when the standard error is bootstrapped."),
    ParameterDescriptor(
      "bootstrap_interval", .choice(["percentile", "basic"]), default: .string("percentile"),
      "Bootstrap confidence interval: percentile or basic (reflected)."),
    ParameterDescriptor(
      "modifier_bins", .integer(.closed(2, 100)), default: .integer(4),
      "Quantile bins of a continuous effect modifier for conditional effects."),
  ]

  private static let robustSE = ["hc1", "classical", "hc0", "hc2", "hc3", "cluster"]

  static let table: [EstimatorMethod: EstimatorDescriptor] = {
    func entry(
      _ method: EstimatorMethod, _ summary: String, effects: [EffectKind],
      _ requirement: EstimatorMethod.Requirement, binary: Bool, _ own: [ParameterDescriptor]
    ) -> (EstimatorMethod, EstimatorDescriptor) {
      (method, EstimatorDescriptor(
        method: method, summary: summary, effects: effects, requirement: requirement,
        needsBinaryTreatment: binary, parameters: own + commonParameters))
    }
    let entries: [(EstimatorMethod, EstimatorDescriptor)] = [
      entry(
        .linearRegression,
        "OLS of the outcome on treatment, adjustment set and treatment-by-modifier interactions; the g-computation contrast averaged over the target units.",
        effects: allEffects, .adjustmentSet, binary: false, [
          ParameterDescriptor("se", .choice(robustSE), default: .string("hc1"),
            "Standard errors: HC1 robust (default), classical, HC0, HC2, HC3, or cluster-robust."),
          ParameterDescriptor("cluster", .column,
            "Cluster column, required with se: cluster."),
        ]),
      entry(
        .generalizedLinearModel,
        "Logit, probit, Poisson or Gaussian outcome model; the effect is the average predicted difference (or ratio, or odds ratio).",
        effects: allEffects, .adjustmentSet, binary: false, [
          ParameterDescriptor("family", .choice(["binomial", "poisson", "gaussian"]),
            default: .string("binomial"), "Outcome distribution."),
          ParameterDescriptor("link", .choice(["logit", "probit", "log", "identity"]),
            defaultDescription: "the family's canonical link",
            "Link function (canonical by default: logit, log, identity)."),
          ParameterDescriptor("scale", .choice(["difference", "ratio", "odds_ratio"]),
            default: .string("difference"),
            "Effect scale: risk difference, risk ratio or odds ratio of the averaged predictions."),
          ParameterDescriptor("se", .choice(["delta", "bootstrap"]), default: .string("delta"),
            "Standard errors by the delta method or the bootstrap."),
        ]),
      entry(
        .propensityScoreWeighting,
        "Inverse-probability weighting with a logistic propensity model.",
        effects: allEffects, .adjustmentSet, binary: true, [
          ParameterDescriptor("weighting",
            .choice(["hajek", "horvitz_thompson", "stabilized", "overlap"]),
            default: .string("hajek"),
            "Weights: Hajek (normalised), Horvitz-Thompson, stabilized, or overlap (Li, Morgan & Zaslavsky 2018)."),
          ParameterDescriptor("clip", .numbers(.open(0, 1), count: 2),
            defaultDescription: "off",
            "Clip propensity scores to [low, high]; the record counts the units touched."),
          ParameterDescriptor("trim", .numbers(.open(0, 1), count: 2),
            defaultDescription: "off",
            "Drop units whose propensity lies outside [low, high]; the record counts them."),
          ParameterDescriptor("penalty", .choice(["none", "ridge"]), default: .string("none"),
            "Propensity model penalty."),
          ParameterDescriptor("ridge_strength", .number(.greaterThan(0)), default: .number(1),
            "Ridge penalty strength (lambda) with penalty: ridge."),
          ParameterDescriptor("se", .choice(["sandwich", "bootstrap"]), default: .string("sandwich"),
            "Standard errors by M-estimation that accounts for the estimated propensity (Lunceford & Davidian 2004), or the bootstrap."),
        ]),
      entry(
        .propensityScoreMatching,
        "Nearest-neighbour matching on the propensity score or its logit.",
        effects: allEffects, .adjustmentSet, binary: true, [
          ParameterDescriptor("neighbors", .integer(.atLeast(1)), default: .integer(1),
            "Number of matches per unit."),
          ParameterDescriptor("replacement", .boolean, default: .bool(true),
            "Match with replacement."),
          ParameterDescriptor("caliper", .numberOrChoice(.greaterThan(0), ["none"]),
            default: .string("none"),
            "Maximum distance, in standard deviations of the logit propensity; unmatched units are counted and reported."),
          ParameterDescriptor("scale", .choice(["probability", "logit"]),
            default: .string("probability"), "Match on the probability or on its logit."),
          ParameterDescriptor("tie_tolerance", .number(.atLeast(0)), default: .number(1e-5),
            "Units within this squared standardised distance of the nearest match are ties and share the weight (R Matching's distance.tolerance); 0 keeps exact ties only."),
          ParameterDescriptor("se", .choice(["abadie_imbens", "bootstrap"]),
            default: .string("abadie_imbens"),
            "Standard errors of Abadie & Imbens: the 2016 variance for the estimated score when matching with replacement on the score without a caliper, else the 2006 variance; or the bootstrap."),
        ]),
      entry(
        .propensityScoreStratification,
        "Differences within propensity-score quantile strata, weighted for the target units.",
        effects: allEffects, .adjustmentSet, binary: true, [
          ParameterDescriptor("strata", .integer(.closed(2, 1000)), default: .integer(5),
            "Number of quantile strata (Cochran 1968: five remove about 90% of the bias)."),
          ParameterDescriptor("se", .choice(["bootstrap", "stratified"]),
            default: .string("bootstrap"),
            "Standard errors by the bootstrap (refitting the propensity model), or from within-stratum variances, which ignore the estimated propensity and over-cover (99% for a nominal 95% in the coverage study)."),
        ]),
      entry(
        .distanceMatching,
        "Nearest-neighbour matching on the Mahalanobis distance of the adjustment set.",
        effects: allEffects, .adjustmentSet, binary: true, [
          ParameterDescriptor("neighbors", .integer(.atLeast(1)), default: .integer(1),
            "Number of matches per unit."),
          ParameterDescriptor("replacement", .boolean, default: .bool(true),
            "Match with replacement."),
          ParameterDescriptor("exact", .columns, default: .list([]),
            "Columns that must match exactly."),
          ParameterDescriptor("bias_correction", .boolean, default: .bool(false),
            "Abadie & Imbens (2011) regression bias correction."),
          ParameterDescriptor("tie_tolerance", .number(.atLeast(0)), default: .number(1e-5),
            "Units within this squared standardised distance of the nearest match are ties and share the weight (R Matching's distance.tolerance); 0 keeps exact ties only."),
          ParameterDescriptor("se", .choice(["abadie_imbens", "bootstrap"]),
            default: .string("abadie_imbens"),
            "Standard errors of Abadie & Imbens (2006), or the bootstrap."),
        ]),
      entry(
        .doublyRobust,
        "Augmented inverse-probability weighting (AIPW) with K-fold cross-fitting.",
        effects: allEffects, .adjustmentSet, binary: true, [
          ParameterDescriptor("folds", .integer(.closed(2, 100)), default: .integer(5),
            "Cross-fitting folds."),
          ParameterDescriptor("outcome_model", .choice(["auto", "linear", "logistic"]),
            default: .string("auto"),
            "Outcome model: linear, logistic, or auto (logistic for a binary outcome)."),
          ParameterDescriptor("se", .choice(["influence", "bootstrap"]),
            default: .string("influence"),
            "Standard errors from the influence function, or the bootstrap."),
        ]),
      entry(
        .doubleMachineLearning,
        "Partially linear model by double/debiased machine learning with cross-fitting (Chernozhukov et al. 2018).",
        effects: ateOnly, .adjustmentSet, binary: false, [
          ParameterDescriptor("folds", .integer(.closed(2, 100)), default: .integer(5),
            "Cross-fitting folds."),
          ParameterDescriptor("model", .choice(["lasso", "ridge", "ols"]), default: .string("lasso"),
            "Nuisance models; the lasso and ridge penalties are chosen by cross-validation."),
          ParameterDescriptor("se", .choice(["orthogonal", "bootstrap"]),
            default: .string("orthogonal"),
            "Standard errors from the orthogonal score, or the bootstrap."),
        ]),
      entry(
        .instrumentalVariable,
        "Two-stage least squares with the adjustment set as exogenous controls (Wald for one binary instrument).",
        effects: ateOnly, .instruments, binary: false, [
          ParameterDescriptor("instruments", .columns,
            defaultDescription: "the instruments found by identification",
            "Instrument columns."),
          ParameterDescriptor("se", .choice(["hc1", "hc0", "classical", "bootstrap"]),
            default: .string("hc1"),
            "Standard errors: HC1 (as linearmodels' robust, debiased), HC0, classical, or the bootstrap."),
        ]),
      entry(
        .regressionDiscontinuity,
        "Local-linear regression discontinuity, sharp or fuzzy, with a triangular kernel.",
        effects: ateOnly, .discontinuity, binary: false, [
          ParameterDescriptor("running_variable", .column, required: true,
            "The running (forcing) variable."),
          ParameterDescriptor("cutoff", .number(.any), required: true,
            "Treatment starts at running_variable >= cutoff."),
          ParameterDescriptor("bandwidth", .numberOrChoice(.greaterThan(0), ["ik"]),
            default: .string("ik"),
            "A bandwidth, or 'ik' for the MSE-optimal choice of Imbens & Kalyanaraman (2012)."),
          ParameterDescriptor("kernel", .choice(["triangular", "uniform"]),
            default: .string("triangular"), "Kernel weights."),
          ParameterDescriptor("se", .choice(["hc1", "hc0", "bootstrap"]), default: .string("hc1"),
            "Standard errors."),
        ]),
      entry(
        .frontdoorTwoStage,
        "Front-door estimation: product of the treatment-to-mediator and mediator-to-outcome coefficients.",
        effects: ateOnly, .mediators, binary: false, [
          ParameterDescriptor("mediators", .columns,
            defaultDescription: "the mediators found by identification", "Mediator columns."),
          ParameterDescriptor("se", .choice(["delta", "bootstrap"]), default: .string("delta"),
            "Standard errors by the delta method or the bootstrap."),
        ]),
      entry(
        .mediation,
        "Natural direct and indirect effects by VanderWeele's regression approach.",
        effects: ateOnly, .mediators, binary: false, [
          ParameterDescriptor("mediators", .columns,
            defaultDescription: "the mediators found by identification", "Mediator columns."),
          ParameterDescriptor("interaction", .boolean, default: .bool(true),
            "Include a treatment-by-mediator interaction."),
          ParameterDescriptor("se", .choice(["delta", "bootstrap"]), default: .string("delta"),
            "Standard errors by the delta method or the bootstrap."),
        ]),
    ]
    return Dictionary(uniqueKeysWithValues: entries)
  }()
}
