/// What an instrumental-variable estimate found beyond 2SLS itself: the
/// strength of the instruments, LIML, and the Anderson–Rubin confidence set.
/// With sampling weights or clusters only the robust first-stage F is
/// computed; the members derived for independent, unweighted observations
/// are `nil` or empty.
public struct InstrumentalVariableRecord: Codable, Sendable, Hashable {
  /// Every excluded instrument, in the order used.
  public var instruments: [String]
  /// The exogenous controls (the intercept is always included).
  public var controls: [String]
  /// The first-stage F of the excluded instruments, classical (nested
  /// models); `nil` with sampling weights or clusters.
  public var firstStageF: Double?
  /// The first-stage Wald statistic with the HC1 covariance (CR1 with
  /// clusters; weighted with sampling weights), divided by the number of instruments.
  public var firstStageRobustF: Double?
  /// The partial R² of the excluded instruments in the first stage.
  public var partialR2: Double?
  /// The effective first-stage F of Montiel Olea & Pflueger (2013), with the HC1 covariance.
  public var effectiveF: Double?
  /// Montiel Olea & Pflueger's bound on the TSLS Nagar bias relative to the benchmark (1 with one instrument).
  public var nagarBiasBound: Double?
  /// Critical values of the effective F for 2SLS at the 5% level.
  public var criticalValues: [EffectiveFCriticalValue]
  /// Limited-information maximum likelihood, beside 2SLS.
  public var liml: LIMLRecord?
  /// Anderson–Rubin confidence sets: robust (HC1) and homoskedastic.
  public var andersonRubin: [ConfidenceSetRecord]

  public init(
    instruments: [String], controls: [String], firstStageF: Double?, firstStageRobustF: Double?, partialR2: Double?,
    effectiveF: Double?, nagarBiasBound: Double?, criticalValues: [EffectiveFCriticalValue], liml: LIMLRecord?,
    andersonRubin: [ConfidenceSetRecord]
  ) {
    self.instruments = instruments
    self.controls = controls
    self.firstStageF = firstStageF
    self.firstStageRobustF = firstStageRobustF
    self.partialR2 = partialR2
    self.effectiveF = effectiveF
    self.nagarBiasBound = nagarBiasBound
    self.criticalValues = criticalValues
    self.liml = liml
    self.andersonRubin = andersonRubin
  }
}

/// A critical value of the effective F: the instruments are weak when the
/// effective F is below it (the worst-case 2SLS bias may exceed `tau` of the benchmark).
public struct EffectiveFCriticalValue: Codable, Sendable, Hashable {
  /// The tolerated bias, as a share of the benchmark (0.05, 0.1, 0.2, 0.3).
  public var tau: Double
  /// Montiel Olea & Pflueger's simplified (conservative) critical value, x = 1/τ.
  public var simplified: Double?
  /// The generalized critical value, x = B/τ with B the Nagar-bias bound.
  public var generalized: Double?

  public init(tau: Double, simplified: Double?, generalized: Double?) {
    self.tau = tau
    self.simplified = simplified
    self.generalized = generalized
  }
}

/// LIML: the k-class estimate with κ the smallest root of the LIML eigenproblem.
public struct LIMLRecord: Codable, Sendable, Hashable {
  public var estimate: Double?
  public var standardError: Double?
  public var confidenceInterval: [Double]?
  public var kappa: Double?

  public init(estimate: Double?, standardError: Double?, confidenceInterval: [Double]?, kappa: Double?) {
    self.estimate = estimate
    self.standardError = standardError
    self.confidenceInterval = confidenceInterval
    self.kappa = kappa
  }
}

/// A confidence set from inverting a test: it may be an interval, the union
/// of two rays, the whole line or empty.
public struct ConfidenceSetRecord: Codable, Sendable, Hashable {
  /// The shape of a confidence set.
  public enum Kind: String, Codable, Sendable, CaseIterable {
    case interval
    /// (−∞, a] ∪ [b, ∞).
    case unionOfRays = "union_of_rays"
    case wholeLine = "whole_line"
    case empty
    /// Any other union of pieces (several instruments).
    case other
  }

  /// The variance the statistic uses: hc1 (robust) or classical (homoskedastic).
  public var variance: String
  public var level: Double
  /// The test statistic, in words.
  public var statistic: String
  public var criticalValue: Double
  public var kind: Kind
  /// The pieces `[lower, upper]`; null stands for −∞ (lower) or +∞ (upper).
  public var pieces: [[Double?]]
  /// The statistic's limit as the effect goes to ±∞: the set is unbounded when it is at most the critical value.
  public var limitAtInfinity: Double?
  /// The set in words.
  public var statement: String

  public init(
    variance: String, level: Double, statistic: String, criticalValue: Double, kind: Kind, pieces: [[Double?]],
    limitAtInfinity: Double?, statement: String
  ) {
    self.variance = variance
    self.level = level
    self.statistic = statistic
    self.criticalValue = criticalValue
    self.kind = kind
    self.pieces = pieces
    self.limitAtInfinity = limitAtInfinity
    self.statement = statement
  }
}
