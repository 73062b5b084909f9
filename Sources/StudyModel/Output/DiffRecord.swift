/// What changed between two sets of runs: the document `assay diff OLD NEW
/// --format json` prints, and `diff` in `assay run --baseline DIR --format json`.
///
/// Studies are matched by name, estimators by name within a study, and checks
/// by (check, estimator, order among the same pair). What counts as a change
/// (``changed``, exit code 1 of `assay diff`): a study added or removed; its
/// verdict (``StudyDiff/status``); its data pin; its estimand (the question,
/// the identification strategy, the estimand, an adjustment set); an estimate
/// that moved beyond the tolerance, appeared, disappeared, changed method or
/// verdict; a check that flipped its verdict, changed severity, appeared or
/// disappeared. Row counts, the Assay version, the study file's hash and the
/// seed are reported but do not count by themselves.
public struct DiffRecord: Codable, Sendable {
  /// The old side, as named on the command line (a `result.json` or a reports folder).
  public var old: String
  /// The new side, as named on the command line.
  public var new: String
  /// The relative tolerance: an estimate or standard error moved when
  /// |new − old| > tolerance · |old|, an interval bound when |new − old| >
  /// tolerance · |old estimate| (0: any difference at all).
  public var tolerance: Double
  /// Whether anything counts as a change.
  public var changed: Bool
  /// One entry per study of either side, the changed ones first (largest
  /// standardized change first), then the others in input order.
  public var studies: [StudyDiff]

  public init(old: String, new: String, tolerance: Double, changed: Bool, studies: [StudyDiff]) {
    self.old = old
    self.new = new
    self.tolerance = tolerance
    self.changed = changed
    self.studies = studies
  }
}

/// Which side of a diff holds a study, an estimator or a check.
public enum DiffPresence: String, Codable, Sendable, CaseIterable {
  /// On both sides: compared.
  case both
  /// Only on the new side.
  case added
  /// Only on the old side.
  case removed
}

/// One value on each side. `nil` where a side has no value (absent, or not computed).
public struct ValueChange<Value: Codable & Sendable & Equatable>: Codable, Sendable {
  public var old: Value?
  public var new: Value?
  /// Whether the values differ (numbers: beyond the diff's tolerance).
  public var changed: Bool

  public init(old: Value?, new: Value?, changed: Bool) {
    self.old = old
    self.new = new
    self.changed = changed
  }

  /// Both values, changed when they differ.
  public init(old: Value?, new: Value?) {
    self.init(old: old, new: new, changed: old != new)
  }
}

/// What changed in one study.
public struct StudyDiff: Codable, Sendable {
  public var name: String
  /// The study file (of the new run, else the old).
  public var file: String
  public var presence: DiffPresence
  /// Whether anything in the study counts as a change (see ``DiffRecord``).
  public var changed: Bool
  /// The run's verdict: passed, failed or error.
  public var status: ValueChange<RunStatus>
  public var data: DataDiff
  public var estimand: EstimandDiff
  /// Every estimator of either side that was compared, the changed ones
  /// first (largest standardized change first), then the others in study order.
  public var estimates: [EstimateDiff]
  /// The checks and expectations that changed (flipped, appeared,
  /// disappeared or changed severity); unchanged ones are not listed.
  public var checks: [CheckDiff]
  public var provenance: ProvenanceDiff
  /// The largest |standardized change| among the estimates, when any has one.
  public var largestStandardizedChange: Double?
  /// What was not compared, and why (partial runs).
  public var notes: [String]

  public init(
    name: String, file: String, presence: DiffPresence, changed: Bool, status: ValueChange<RunStatus>,
    data: DataDiff, estimand: EstimandDiff, estimates: [EstimateDiff], checks: [CheckDiff],
    provenance: ProvenanceDiff, largestStandardizedChange: Double?, notes: [String]
  ) {
    self.name = name
    self.file = file
    self.presence = presence
    self.changed = changed
    self.status = status
    self.data = data
    self.estimand = estimand
    self.estimates = estimates
    self.checks = checks
    self.provenance = provenance
    self.largestStandardizedChange = largestStandardizedChange
    self.notes = notes
  }
}

/// The data of each side: the pin (SHA-256) counts; row counts are reported.
public struct DataDiff: Codable, Sendable {
  /// SHA-256 of the data file's bytes; a change counts.
  public var sha256: ValueChange<String>
  public var path: ValueChange<String>
  public var rowsRead: ValueChange<Int>
  public var rowsUsed: ValueChange<Int>
  public var rowsDropped: ValueChange<Int>

  public init(
    sha256: ValueChange<String>, path: ValueChange<String>, rowsRead: ValueChange<Int>,
    rowsUsed: ValueChange<Int>, rowsDropped: ValueChange<Int>
  ) {
    self.sha256 = sha256
    self.path = path
    self.rowsRead = rowsRead
    self.rowsUsed = rowsUsed
    self.rowsDropped = rowsDropped
  }
}

/// The causal question and how the graph identifies it; any change counts.
public struct EstimandDiff: Codable, Sendable {
  /// The question in words (treatment, outcome, effect, contrast, modifiers).
  public var question: ValueChange<String>
  public var strategy: ValueChange<EffectStrategy>
  /// The identified functional.
  public var estimand: ValueChange<String>
  /// The adjustment set of the back-door estimators, sorted.
  public var adjustmentSet: ValueChange<[String]>
  public var changed: Bool

  public init(
    question: ValueChange<String>, strategy: ValueChange<EffectStrategy>, estimand: ValueChange<String>,
    adjustmentSet: ValueChange<[String]>
  ) {
    self.question = question
    self.strategy = strategy
    self.estimand = estimand
    self.adjustmentSet = adjustmentSet
    changed = question.changed || strategy.changed || estimand.changed || adjustmentSet.changed
  }
}

/// One estimator on each side.
public struct EstimateDiff: Codable, Sendable {
  public var name: String
  public var presence: DiffPresence
  /// Whether anything about the estimate counts as a change.
  public var changed: Bool
  /// Whether the estimate, its standard error or an interval bound moved beyond the tolerance.
  public var moved: Bool
  public var method: ValueChange<EstimatorMethod>
  public var value: ValueChange<Double>
  public var standardError: ValueChange<Double>
  public var confidenceInterval: ValueChange<[Double]>
  /// Rows used (reported; does not count by itself).
  public var n: ValueChange<Int>
  /// The gate's verdict on the estimate.
  public var verdict: ValueChange<Verdict>
  public var status: ValueChange<EstimateStatus>
  /// The estimator's adjustment set, sorted.
  public var adjustmentSet: ValueChange<[String]>
  /// new − old.
  public var difference: Double?
  /// (new − old) / |old|; null when the old value is 0.
  public var relativeChange: Double?
  /// (new − old) / the old standard error: how far the estimate moved, in
  /// standard errors of the old estimate.
  public var standardizedChange: Double?
  /// Where the estimator is declared (the new study file, else the old).
  public var location: SourceRange?

  public init(
    name: String, presence: DiffPresence, changed: Bool, moved: Bool, method: ValueChange<EstimatorMethod>,
    value: ValueChange<Double>, standardError: ValueChange<Double>, confidenceInterval: ValueChange<[Double]>,
    n: ValueChange<Int>, verdict: ValueChange<Verdict>, status: ValueChange<EstimateStatus>,
    adjustmentSet: ValueChange<[String]>, difference: Double?, relativeChange: Double?,
    standardizedChange: Double?, location: SourceRange?
  ) {
    self.name = name
    self.presence = presence
    self.changed = changed
    self.moved = moved
    self.method = method
    self.value = value
    self.standardError = standardError
    self.confidenceInterval = confidenceInterval
    self.n = n
    self.verdict = verdict
    self.status = status
    self.adjustmentSet = adjustmentSet
    self.difference = difference
    self.relativeChange = relativeChange
    self.standardizedChange = standardizedChange
    self.location = location
  }
}

/// A check or expectation that changed.
public struct CheckDiff: Codable, Sendable {
  public var check: RecordedCheck
  /// The estimator it applies to (null for a check of the whole study).
  public var estimator: String?
  public var presence: DiffPresence
  public var verdict: ValueChange<Verdict>
  public var severity: ValueChange<CheckSeverity>
  /// The check's account of its result (the new run's, else the old's).
  public var detail: String
  /// Where it is declared (the new study file, else the old).
  public var location: SourceRange?

  public init(
    check: RecordedCheck, estimator: String?, presence: DiffPresence, verdict: ValueChange<Verdict>,
    severity: ValueChange<CheckSeverity>, detail: String, location: SourceRange?
  ) {
    self.check = check
    self.estimator = estimator
    self.presence = presence
    self.verdict = verdict
    self.severity = severity
    self.detail = detail
    self.location = location
  }

  /// "placebo_treatment on ols", or the check alone.
  public var subject: String {
    estimator.map { "\(check) on \($0)" } ?? check.rawValue
  }
}

/// Where each run came from; reported, never counted as a change.
public struct ProvenanceDiff: Codable, Sendable {
  public var assayVersion: ValueChange<String>
  /// SHA-256 of the study file.
  public var studySHA256: ValueChange<String>
  public var seed: ValueChange<UInt64>

  public init(assayVersion: ValueChange<String>, studySHA256: ValueChange<String>, seed: ValueChange<UInt64>) {
    self.assayVersion = assayVersion
    self.studySHA256 = studySHA256
    self.seed = seed
  }
}
