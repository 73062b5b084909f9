/// One estimator's estimate of the effect, its uncertainty, diagnostics and refutations.
public struct EstimateRecord: Codable, Sendable {
  /// The estimator's name in the study.
  public var name: String
  public var method: EstimatorMethod
  public var effect: EffectKind
  public var treatmentValue: TreatmentLevel
  public var controlValue: TreatmentLevel
  /// The identification strategy the estimator used.
  public var strategy: EffectStrategy
  public var adjustmentSet: [String]
  public var instruments: [String]
  public var mediators: [String]
  /// `ok`, or `error` when the estimator could not produce an estimate.
  public var status: EstimateStatus
  /// Why the estimator failed, when it did.
  public var failure: String?
  public var value: Double?
  public var standardError: Double?
  public var confidenceInterval: [Double]?
  public var confidenceLevel: Double
  /// Two-sided p-value for "effect = 0".
  public var pValue: Double?
  public var uncertainty: UncertaintyRecord?
  /// Rows used.
  public var n: Int
  public var nTreated: Int?
  public var nControl: Int?
  /// The final model columns (design matrix names), per model.
  public var models: [ModelRecord]
  public var diagnostics: [DiagnosticValue]
  public var warnings: [String]
  /// Conditional effects per effect-modifier level or bin.
  public var conditionalEffects: [ConditionalEffect]
  /// One test per effect modifier that the effect does not vary with it.
  public var heterogeneity: [HeterogeneityTest]
  /// Panel methods: the event study (effect by time since adoption).
  public var eventStudy: [EventStudyPoint] = []
  /// Panel methods: every group-time effect ATT(g, t).
  public var groupTime: [GroupTimeEffect] = []
  /// Two-way fixed effects: the Goodman-Bacon decomposition of the coefficient.
  public var bacon: [BaconComponent] = []
  /// Covariate balance before and after weighting or matching.
  public var balance: [BalanceRow]
  /// Propensity-score histogram per arm (for the overlap plot).
  public var propensityHistogram: Histogram?
  /// Extra named results (e.g. natural direct and indirect effects).
  public var components: [EffectComponent]
  /// The bandwidth a regression discontinuity used (its h, the same on both sides); null for other methods.
  public var bandwidth: Double?
  /// Regression discontinuity: the design, bandwidths, rdrobust's three rows, counts and plot data.
  public var discontinuity: DiscontinuityRecord?
  /// Instrumental variables: first-stage strength, the effective F, LIML and the Anderson-Rubin set.
  public var instrumental: InstrumentalVariableRecord?
  public var refutations: [CheckRecord]
  /// passed / failed / error: the gate's verdict on this estimate.
  public var verdict: Verdict
  /// Where the estimator is declared in the study file.
  public var location: SourceRange?

  public init(
    name: String, method: EstimatorMethod, effect: EffectKind, treatmentValue: TreatmentLevel,
    controlValue: TreatmentLevel, strategy: EffectStrategy, adjustmentSet: [String] = [], instruments: [String] = [],
    mediators: [String] = [], status: EstimateStatus = .ok, failure: String? = nil, value: Double? = nil,
    standardError: Double? = nil, confidenceInterval: [Double]? = nil, confidenceLevel: Double = 0.95,
    pValue: Double? = nil, uncertainty: UncertaintyRecord? = nil, n: Int = 0, nTreated: Int? = nil,
    nControl: Int? = nil, models: [ModelRecord] = [], diagnostics: [DiagnosticValue] = [],
    warnings: [String] = [], conditionalEffects: [ConditionalEffect] = [],
    heterogeneity: [HeterogeneityTest] = [], balance: [BalanceRow] = [],
    propensityHistogram: Histogram? = nil, components: [EffectComponent] = [], bandwidth: Double? = nil,
    discontinuity: DiscontinuityRecord? = nil, instrumental: InstrumentalVariableRecord? = nil,
    refutations: [CheckRecord] = [], verdict: Verdict = .passed, location: SourceRange? = nil
  ) {
    self.name = name
    self.method = method
    self.effect = effect
    self.treatmentValue = treatmentValue
    self.controlValue = controlValue
    self.strategy = strategy
    self.adjustmentSet = adjustmentSet
    self.instruments = instruments
    self.mediators = mediators
    self.status = status
    self.failure = failure
    self.value = value
    self.standardError = standardError
    self.confidenceInterval = confidenceInterval
    self.confidenceLevel = confidenceLevel
    self.pValue = pValue
    self.uncertainty = uncertainty
    self.n = n
    self.nTreated = nTreated
    self.nControl = nControl
    self.models = models
    self.diagnostics = diagnostics
    self.warnings = warnings
    self.conditionalEffects = conditionalEffects
    self.heterogeneity = heterogeneity
    self.balance = balance
    self.propensityHistogram = propensityHistogram
    self.components = components
    self.bandwidth = bandwidth
    self.discontinuity = discontinuity
    self.instrumental = instrumental
    self.refutations = refutations
    self.verdict = verdict
    self.location = location
  }

  /// The diagnostic named `name`.
  public func diagnostic(_ name: String) -> DiagnosticValue? {
    diagnostics.first { $0.name == name }
  }
}

public enum EstimateStatus: String, Codable, Sendable, CaseIterable {
  case ok
  case error
}

/// How an estimate's uncertainty was computed.
public struct UncertaintyRecord: Codable, Sendable, Hashable {
  /// Where the uncertainty comes from.
  public enum Kind: String, Codable, Sendable, CaseIterable {
    /// A formula (delta method, sandwich, influence function, ...).
    case analytic
    /// The nonparametric bootstrap.
    case bootstrap
  }

  public var kind: Kind
  /// The formula or procedure, named: "delta method, HC1 sandwich (MacKinnon & White 1985)".
  public var method: String
  /// Bootstrap replicates, when bootstrapped.
  public var replicates: Int?
  /// The bootstrap interval, when bootstrapped.
  public var interval: BootstrapInterval?
  /// The stream the bootstrap drew from, when bootstrapped.
  public var seed: UInt64?

  public init(
    kind: Kind, method: String, replicates: Int? = nil, interval: BootstrapInterval? = nil, seed: UInt64? = nil
  ) {
    self.kind = kind
    self.method = method
    self.replicates = replicates
    self.interval = interval
    self.seed = seed
  }
}

/// A fitted model behind an estimate: its role and final columns.
public struct ModelRecord: Codable, Sendable, Hashable {
  /// outcome, propensity, first stage, mediator, ...
  public var role: String
  /// "OLS", "logistic", "probit", "Poisson", ...
  public var kind: String
  public var columns: [String]
  public var coefficients: [Double?]
  public var standardErrors: [Double?]
  /// Reference levels of one-hot encoded variables, e.g. `region=east`.
  public var referenceLevels: [String]
  /// The model in R's formula notation, `re78 ~ treat + age + poly(educ, 2)`, when it has one.
  public var formula: String?

  public init(
    role: String, kind: String, columns: [String], coefficients: [Double?] = [],
    standardErrors: [Double?] = [], referenceLevels: [String] = [], formula: String? = nil
  ) {
    self.role = role
    self.kind = kind
    self.columns = columns
    self.coefficients = coefficients
    self.standardErrors = standardErrors
    self.referenceLevels = referenceLevels
    self.formula = formula
  }
}

/// A named diagnostic value: rank, condition number, first-stage F, ...
public struct DiagnosticValue: Codable, Sendable, Hashable {
  public var name: String
  public var value: Double?
  /// A textual value or explanation (e.g. aliased column names).
  public var text: String?
  /// Whether the value crosses a documented threshold (shown as a warning).
  public var flagged: Bool

  public init(_ name: String, value: Double? = nil, text: String? = nil, flagged: Bool = false) {
    self.name = name
    self.value = value
    self.text = text
    self.flagged = flagged
  }
}

/// A test that the effect does not vary with an effect modifier: the Wald
/// test that every treatment × modifier coefficient is 0.
public struct HeterogeneityTest: Codable, Sendable, Hashable {
  public var modifier: String
  /// The Wald chi-square statistic `b′V⁻¹b` over the interaction coefficients.
  public var statistic: Double?
  /// Its degrees of freedom: the number of interaction coefficients tested.
  public var df: Int
  public var pValue: Double?

  public init(modifier: String, statistic: Double?, df: Int, pValue: Double?) {
    self.modifier = modifier
    self.statistic = statistic
    self.df = df
    self.pValue = pValue
  }
}

/// An effect within one level (or bin) of an effect modifier.
public struct ConditionalEffect: Codable, Sendable, Hashable {
  public var modifier: String
  /// The level, or the bin as `[low, high)`.
  public var level: String
  public var n: Int
  public var value: Double?
  public var standardError: Double?
  public var confidenceInterval: [Double]?

  public init(
    modifier: String, level: String, n: Int, value: Double?, standardError: Double?, confidenceInterval: [Double]?
  ) {
    self.modifier = modifier
    self.level = level
    self.n = n
    self.value = value
    self.standardError = standardError
    self.confidenceInterval = confidenceInterval
  }
}

/// Standardised mean difference of a covariate before and after adjustment.
public struct BalanceRow: Codable, Sendable, Hashable {
  public var covariate: String
  public var before: Double?
  public var after: Double?

  public init(covariate: String, before: Double?, after: Double?) {
    self.covariate = covariate
    self.before = before
    self.after = after
  }
}

/// Counts per bin for two groups over shared bin edges.
public struct Histogram: Codable, Sendable, Hashable {
  public var edges: [Double]
  public var treated: [Int]
  public var control: [Int]

  public init(edges: [Double], treated: [Int], control: [Int]) {
    self.edges = edges
    self.treated = treated
    self.control = control
  }
}

/// A further named effect reported with the main one (natural direct effect, ...).
public struct EffectComponent: Codable, Sendable, Hashable {
  public var name: String
  public var value: Double?
  public var standardError: Double?
  public var confidenceInterval: [Double]?

  public init(name: String, value: Double?, standardError: Double?, confidenceInterval: [Double]?) {
    self.name = name
    self.value = value
    self.standardError = standardError
    self.confidenceInterval = confidenceInterval
  }
}
