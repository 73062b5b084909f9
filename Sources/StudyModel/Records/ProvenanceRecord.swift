/// Where a run came from: versions, hashes, seed, the resolved study, and
/// (apart from everything else) the timing block.
public struct ProvenanceRecord: Codable, Sendable {
  public var assayVersion: String
  /// SHA-256 of the study file's bytes.
  public var studySHA256: String
  public var dataSHA256: String
  public var dataRows: Int
  public var seed: UInt64
  /// The random number generator and how streams derive from the seed.
  public var randomNumberGenerator: String
  /// Every value of the study as resolved, defaults marked.
  public var resolvedStudy: [ResolvedSetting]
  public var platform: String
  public var commandLine: [String]
  /// The git commit of the repository holding the study file, when there is one.
  public var gitCommit: String?
  /// Threads the run used; absent with `--deterministic` (results do not
  /// depend on it, and a byte-identical record must not either).
  public var threads: Int?
  /// Timestamps and timings: the only part of a record that differs between
  /// identical runs. Absent with `--deterministic`.
  public var timing: TimingRecord?

  public init(
    assayVersion: String, studySHA256: String, dataSHA256: String, dataRows: Int, seed: UInt64,
    randomNumberGenerator: String, resolvedStudy: [ResolvedSetting], platform: String,
    commandLine: [String], gitCommit: String?, threads: Int?, timing: TimingRecord?
  ) {
    self.assayVersion = assayVersion
    self.studySHA256 = studySHA256
    self.dataSHA256 = dataSHA256
    self.dataRows = dataRows
    self.seed = seed
    self.randomNumberGenerator = randomNumberGenerator
    self.resolvedStudy = resolvedStudy
    self.platform = platform
    self.commandLine = commandLine
    self.gitCommit = gitCommit
    self.threads = threads
    self.timing = timing
  }
}

/// One resolved value of the study: `estimators.ols.se = hc1 (default)`.
public struct ResolvedSetting: Codable, Sendable, Hashable {
  public var key: String
  public var value: String
  public var isDefault: Bool

  public init(key: String, value: String, isDefault: Bool) {
    self.key = key
    self.value = value
    self.isDefault = isDefault
  }
}

/// When the run happened and how long each step took.
public struct TimingRecord: Codable, Sendable, Hashable {
  /// ISO 8601 UTC; from SOURCE_DATE_EPOCH when set.
  public var timestamp: String
  public var steps: [NamedValue]
  public var totalSeconds: Double

  public init(timestamp: String, steps: [NamedValue], totalSeconds: Double) {
    self.timestamp = timestamp
    self.steps = steps
    self.totalSeconds = totalSeconds
  }
}
