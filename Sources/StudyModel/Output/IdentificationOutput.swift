/// What `assay identify --format json` prints: each study's identification.
public struct IdentificationOutput: Codable, Sendable {
  /// One study.
  public struct Study: Codable, Sendable {
    public var name: String
    public var file: String
    /// The causal question in words.
    public var question: String
    /// Whether the effect is identified with the strategy the study asks for.
    public var identified: Bool
    /// Why the requested strategy does not apply, when it does not.
    public var failure: String?
    /// How the graph identifies the effect, with the argument and every alternative.
    public var identification: IdentificationRecord

    public init(
      name: String, file: String, question: String, identified: Bool, failure: String?,
      identification: IdentificationRecord
    ) {
      self.name = name
      self.file = file
      self.question = question
      self.identified = identified
      self.failure = failure
      self.identification = identification
    }
  }

  /// Diagnostics of the study files (errors make a study absent below).
  public var diagnostics: [DiagnosticRecord]
  public var studies: [Study]

  public init(diagnostics: [DiagnosticRecord], studies: [Study]) {
    self.diagnostics = diagnostics
    self.studies = studies
  }
}

/// What `assay plan --format json` prints.
public struct PlanOutput: Codable, Sendable {
  public var diagnostics: [DiagnosticRecord]
  public var studies: [PlanRecord]

  public init(diagnostics: [DiagnosticRecord], studies: [PlanRecord]) {
    self.diagnostics = diagnostics
    self.studies = studies
  }
}

/// What `assay run --format json` prints: every run, as in `result.json`.
public struct RunOutput: Codable, Sendable {
  /// The exit code of the command (0 passed, 1 a gate failed, 2 invalid input, 3 numerical failure).
  public var exitCode: Int
  /// Diagnostics of the study files and data (a study with errors has no run below).
  public var diagnostics: [DiagnosticRecord]
  /// One record per study run, each exactly its `result.json`.
  public var runs: [RunRecord]
  /// The comparison with `--baseline`, or `nil` without one.
  public var diff: DiffRecord?

  public init(exitCode: Int, diagnostics: [DiagnosticRecord], runs: [RunRecord], diff: DiffRecord? = nil) {
    self.exitCode = exitCode
    self.diagnostics = diagnostics
    self.runs = runs
    self.diff = diff
  }
}
