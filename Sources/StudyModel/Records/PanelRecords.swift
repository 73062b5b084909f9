/// One point of an event study: the ATT `event_time` periods after
/// adoption (negative: before it, the pre-trend estimates).
public struct EventStudyPoint: Codable, Sendable, Hashable {
  public var eventTime: Int
  public var value: Double?
  public var standardError: Double?
  /// The pointwise interval at the estimator's confidence level.
  public var confidenceInterval: [Double]?
  /// The simultaneous (uniform) band over every event time, from the
  /// multiplier bootstrap, when computed.
  public var uniformBand: [Double]?

  public init(
    eventTime: Int, value: Double?, standardError: Double?, confidenceInterval: [Double]?, uniformBand: [Double]? = nil
  ) {
    self.eventTime = eventTime
    self.value = value
    self.standardError = standardError
    self.confidenceInterval = confidenceInterval
    self.uniformBand = uniformBand
  }
}

/// ATT(g, t): the effect in period `time` on the cohort first treated in
/// period `cohort`, from a 2×2 comparison with base period `base_period`.
public struct GroupTimeEffect: Codable, Sendable, Hashable {
  public var cohort: Double
  public var time: Double
  public var basePeriod: Double
  public var value: Double?
  /// `null` where the cell is the base period itself (value 0 by construction).
  public var standardError: Double?

  public init(cohort: Double, time: Double, basePeriod: Double, value: Double?, standardError: Double?) {
    self.cohort = cohort
    self.time = time
    self.basePeriod = basePeriod
    self.value = value
    self.standardError = standardError
  }
}

/// One 2×2 comparison of the Goodman-Bacon (2021) decomposition of a
/// two-way fixed-effects coefficient: the coefficient is the weighted sum of
/// the comparisons' estimates.
public struct BaconComponent: Codable, Sendable, Hashable {
  /// "treated vs never treated", "earlier vs later treated" or "later vs
  /// earlier treated" (the last uses already-treated units as controls).
  public var comparison: String
  /// The cohort treated in the comparison.
  public var treated: Double
  /// The comparison cohort; `null` for the never treated.
  public var control: Double?
  public var estimate: Double?
  public var weight: Double

  public init(comparison: String, treated: Double, control: Double?, estimate: Double?, weight: Double) {
    self.comparison = comparison
    self.treated = treated
    self.control = control
    self.estimate = estimate
    self.weight = weight
  }
}

/// The shape of a long panel, for the data record and the report.
public struct PanelRecord: Codable, Sendable, Hashable {
  /// The unit and time columns.
  public var unit: String
  public var time: String
  /// Units and the sorted distinct periods in the rows analysed.
  public var units: Int
  public var periods: [Double]
  /// Whether every unit is observed in every period.
  public var balanced: Bool
  /// Each cohort (first period with the treatment) and its number of units.
  public var cohorts: [CohortSize]
  public var neverTreated: Int
  /// Units a balanced-panel estimator left out (observed in some periods only), and which.
  public var droppedUnits: Int
  public var droppedExamples: [String]

  /// A cohort and its size.
  public struct CohortSize: Codable, Sendable, Hashable {
    public var cohort: Double
    public var units: Int

    public init(cohort: Double, units: Int) {
      self.cohort = cohort
      self.units = units
    }
  }

  public init(
    unit: String, time: String, units: Int, periods: [Double], balanced: Bool, cohorts: [CohortSize],
    neverTreated: Int, droppedUnits: Int = 0, droppedExamples: [String] = []
  ) {
    self.unit = unit
    self.time = time
    self.units = units
    self.periods = periods
    self.balanced = balanced
    self.cohorts = cohorts
    self.neverTreated = neverTreated
    self.droppedUnits = droppedUnits
    self.droppedExamples = droppedExamples
  }
}
