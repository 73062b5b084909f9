import ArgumentParser
import AuditReport
import CausalEngine
import Foundation
import StudyModel
import StudySpec
import Tabular

/// `assay run`: validate, load, identify, estimate, refute, gate, and write the reports.
struct RunCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run",
    abstract: "Run studies: identify, estimate, refute, gate, and write the reports.",
    discussion: """
      Exit code 0 when every check and expectation of severity error passed, 1 when one \
      failed, 2 for an invalid study or data, 3 for a numerical failure under an 'error' policy.
      """
  )

  @Argument(help: "Study files, or folders (every *.yaml below them).")
  var paths: [String] = ["studies"]

  @Option(name: .customLong("select"), help: "Run only this estimator (repeatable).")
  var selected: [String] = []

  @Flag(help: "Stop a study at its first failed check of severity error.")
  var failFast = false

  @Flag(help: "Treat failed checks of severity warn as errors.")
  var warnError = false

  @Flag(help: "Print only the verdicts.")
  var quiet = false

  @Option(help: "Threads for simulations (default: ASSAY_THREADS, else all cores). Results do not depend on it.")
  var threads: Int?

  @Flag(help: "Leave timestamps and timings out of the records and reports (byte-identical output).")
  var deterministic = false

  @Option(help: "Also write one JUnit XML file for all studies here.")
  var junit: String?

  mutating func validate() throws {
    if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
  }

  func run() throws {
    let batch = StudyBatch(paths: paths, format: .text)
    batch.printDiagnostics()
    var statuses: [ExitStatus] = batch.hasErrors || batch.outcomes.isEmpty ? [.invalid] : []
    var records: [RunRecord] = []
    let threadCount = threads ?? Int(ProcessInfo.processInfo.environment["ASSAY_THREADS"] ?? "")
      ?? ProcessInfo.processInfo.activeProcessorCount
    for (file, outcome) in batch.outcomes {
      guard let study = outcome.study else { continue }
      let runner = StudyExecution(
        study: study, file: file, threads: max(1, threadCount), options: self)
      let (status, record) = runner.execute()
      statuses.append(status)
      if let record { records.append(record) }
    }
    if let junit, !records.isEmpty {
      try ReportFiles.write(JUnitRenderer.render(records), to: junit)
    }
    throw AssayExit(status: ExitStatus.worst(statuses))
  }
}

extension ExitStatus {
  /// The status of a batch: invalid input first, then numerical failure,
  /// then a failed gate, then success.
  static func worst(_ statuses: [ExitStatus]) -> ExitStatus {
    for s in [ExitStatus.invalid, .numericalFailure, .gateFailed] where statuses.contains(s) { return s }
    return .ok
  }
}
