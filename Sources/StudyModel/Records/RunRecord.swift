/// Everything one run of a study produced: the record `result.json` holds
/// and every report is rendered from.
///
/// Records are plain values. The engine fills them; `AuditReport` only reads
/// them. Undefined numbers are `nil`, never NaN, so that JSON holds them.
/// Everything but ``provenance``'s timing block is a function of the study,
/// the data and the seed.
public struct RunRecord: Codable, Sendable {
  /// Version of the `result.json` format (`schema/result-v1.schema.json`).
  public var schemaVersion: Int
  public var study: StudyRecord
  public var status: RunStatus
  /// Why the run stopped, when `status` is `error`.
  public var error: RunError?
  public var data: DataRecord?
  public var identification: IdentificationRecord?
  public var estimates: [EstimateRecord]
  /// The estimators a partial run (`assay run --select`) ran, in study
  /// order; `nil` for a full run of every estimator. A partial run's reports
  /// go to the `partial/` folder inside the study's report folder.
  public var selectedEstimators: [String]?
  /// Checks of the study as a whole: the graph's testable implications,
  /// graph falsification, agreement among estimators.
  public var studyChecks: [CheckRecord]
  /// The study's pinned expectations, each gated like a check.
  public var expectations: [CheckRecord]
  public var gate: GateRecord
  /// Problems worth a reader's attention that did not stop the run.
  public var warnings: [RunWarning]
  public var provenance: ProvenanceRecord

  public init(
    schemaVersion: Int = 1, study: StudyRecord, status: RunStatus, error: RunError? = nil,
    data: DataRecord? = nil, identification: IdentificationRecord? = nil,
    estimates: [EstimateRecord] = [], selectedEstimators: [String]? = nil, studyChecks: [CheckRecord] = [],
    expectations: [CheckRecord] = [], gate: GateRecord, warnings: [RunWarning] = [],
    provenance: ProvenanceRecord
  ) {
    self.schemaVersion = schemaVersion
    self.study = study
    self.status = status
    self.error = error
    self.data = data
    self.identification = identification
    self.estimates = estimates
    self.selectedEstimators = selectedEstimators
    self.studyChecks = studyChecks
    self.expectations = expectations
    self.gate = gate
    self.warnings = warnings
    self.provenance = provenance
  }

  /// Whether only some estimators ran (`assay run --select`).
  public var isPartial: Bool { selectedEstimators != nil }

  /// Every check record of the run: per-estimate refutations, study checks, expectations.
  public var allChecks: [CheckRecord] {
    estimates.flatMap(\.refutations) + studyChecks + expectations
  }
}

/// The outcome of a run.
public enum RunStatus: String, Codable, Sendable, CaseIterable {
  /// Every check and expectation of severity error passed.
  case passed
  /// At least one check or expectation of severity error failed (exit code 1).
  case failed
  /// The run could not finish: invalid data (exit code 2) or a numerical
  /// failure the study's policies make fatal (exit code 3).
  case error
}

/// Why a run stopped early.
public struct RunError: Error, Codable, Sendable, Hashable {
  public enum Kind: String, Codable, Sendable, CaseIterable {
    /// The data could not be used (exit code 2).
    case invalidData = "invalid_data"
    /// The graph does not identify the effect with the requested strategy (exit code 2).
    case notIdentified = "not_identified"
    /// A numerical failure under an `error` policy (exit code 3).
    case numerical
  }

  public var kind: Kind
  public var message: String
  /// Where in the study or data file the problem lies, when known.
  public var location: SourceRange?
  public var notes: [String]

  public init(kind: Kind, message: String, location: SourceRange? = nil, notes: [String] = []) {
    self.kind = kind
    self.message = message
    self.location = location
    self.notes = notes
  }
}

/// A problem that did not stop the run.
public struct RunWarning: Codable, Sendable, Hashable {
  public var message: String
  /// The estimator or check concerned, if any.
  public var subject: String?
  public var location: SourceRange?

  public init(_ message: String, subject: String? = nil, location: SourceRange? = nil) {
    self.message = message
    self.subject = subject
    self.location = location
  }
}

/// The study as the report introduces it.
public struct StudyRecord: Codable, Sendable {
  public var name: String
  public var title: String
  public var description: String?
  /// The study file as named on the command line.
  public var file: String
  public var treatment: String
  public var outcome: String
  public var effect: EffectKind
  public var treatmentValue: TreatmentLevel
  public var controlValue: TreatmentLevel
  public var effectModifiers: [String]
  /// The question in words: "the average effect on re78 of setting treat
  /// from 0 to 1, among all units".
  public var question: String

  public init(
    name: String, title: String, description: String?, file: String, treatment: String,
    outcome: String, effect: EffectKind, treatmentValue: TreatmentLevel, controlValue: TreatmentLevel,
    effectModifiers: [String], question: String
  ) {
    self.name = name
    self.title = title
    self.description = description
    self.file = file
    self.treatment = treatment
    self.outcome = outcome
    self.effect = effect
    self.treatmentValue = treatmentValue
    self.controlValue = controlValue
    self.effectModifiers = effectModifiers
    self.question = question
  }
}
