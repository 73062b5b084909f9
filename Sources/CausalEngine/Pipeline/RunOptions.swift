import StudyModel

/// How a study is run, and the provenance only the caller knows.
public struct RunOptions: Sendable {
  /// Threads for simulations and bootstrap replicates; results do not depend on it.
  public var threads: Int
  /// Leave timings and the timestamp out of the record (byte-identical output).
  public var deterministic: Bool
  /// Stop at the first failed check of severity error.
  public var failFast: Bool
  /// Run only these estimators (and the checks on them).
  public var selectedEstimators: [String]?
  /// Treat failed checks of severity warn as errors.
  public var warningsAsErrors: Bool
  public var assayVersion: String
  public var studySHA256: String
  public var commandLine: [String]
  public var gitCommit: String?
  public var platform: String
  /// ISO 8601 UTC time of the run (from SOURCE_DATE_EPOCH when set).
  public var timestamp: String
  /// Seconds the caller spent before the run (reading and hashing the data).
  public var loadSeconds: Double
  /// Receives one line per step for progress display.
  public var progress: (@Sendable (String) -> Void)?
  /// Where a database source's rows came from (nil for a data file).
  public var database: DatabaseRecord?
  /// Receives the counts of each running simulated check as its simulations
  /// finish (from several threads at once when checks run concurrently).
  public var simulationProgress: (@Sendable (SimulationProgress) -> Void)?

  public init(
    threads: Int = 1, deterministic: Bool = false, failFast: Bool = false, selectedEstimators: [String]? = nil,
    warningsAsErrors: Bool = false, assayVersion: String, studySHA256: String, commandLine: [String],
    gitCommit: String? = nil, platform: String, timestamp: String, loadSeconds: Double = 0,
    progress: (@Sendable (String) -> Void)? = nil, database: DatabaseRecord? = nil,
    simulationProgress: (@Sendable (SimulationProgress) -> Void)? = nil
  ) {
    self.threads = threads
    self.deterministic = deterministic
    self.failFast = failFast
    self.selectedEstimators = selectedEstimators
    self.warningsAsErrors = warningsAsErrors
    self.assayVersion = assayVersion
    self.studySHA256 = studySHA256
    self.commandLine = commandLine
    self.gitCommit = gitCommit
    self.platform = platform
    self.timestamp = timestamp
    self.loadSeconds = loadSeconds
    self.progress = progress
    self.database = database
    self.simulationProgress = simulationProgress
  }
}
