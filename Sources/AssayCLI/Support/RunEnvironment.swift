import Foundation

/// The environment variables Assay reads, read once when the process starts.
struct RunEnvironment: Sendable {
  /// `GITHUB_ACTIONS=true`: write workflow commands (annotations).
  var isGitHubActions: Bool
  /// `GITHUB_STEP_SUMMARY`: the file the job summary is appended to.
  var stepSummaryPath: String?
  /// `ASSAY_THREADS`: the default number of threads.
  var threads: Int?
  /// `SOURCE_DATE_EPOCH`: fixes the recorded timestamp (reproducible builds).
  var sourceDateEpoch: Double?
  /// Every variable, for the one a study's `data.postgres` names (its value,
  /// a connection string, is passed to libpq and never printed or recorded).
  private var variables: [String: String]

  init(_ variables: [String: String]) {
    self.variables = variables
    isGitHubActions = variables["GITHUB_ACTIONS"] == "true"
    stepSummaryPath = variables["GITHUB_STEP_SUMMARY"].flatMap { $0.isEmpty ? nil : $0 }
    threads = variables["ASSAY_THREADS"].flatMap(Int.init)
    sourceDateEpoch = variables["SOURCE_DATE_EPOCH"].flatMap(Double.init)
  }

  /// The value of the variable `name`, when it is set.
  @Sendable func variable(_ name: String) -> String? { variables[name] }

  /// The process's environment.
  static let current = RunEnvironment(ProcessInfo.processInfo.environment)
}
