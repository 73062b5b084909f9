import ArgumentParser
import AuditReport
import CausalEngine
import Foundation
import StudyModel
import StudySpec

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

  @Option(
    help: "Output: text (verdicts), or json (one document on standard output: every run's record, as result.json).")
  var format: OutputFormat = .text

  mutating func validate() throws {
    if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
  }

  func run() throws {
    let batch = StudyBatch(paths: paths, format: format)
    batch.printDiagnostics()
    var statuses: [ExitStatus] = batch.isInvalid ? [.invalid] : []
    var records: [RunRecord] = []
    var diagnostics = batch.allDiagnostics
    let threadCount = threads ?? RunEnvironment.current.threads ?? ProcessInfo.processInfo.activeProcessorCount
    try checkSelection(batch.studies)
    for study in batch.studies {
      if !selected.isEmpty, !study.estimators.contains(where: { selected.contains($0.name.value) }) {
        Console.error("\(study.name.value): not run: --select names none of its estimators\n")
        continue
      }
      let runner = StudyExecution(study: study, file: study.file, threads: max(1, threadCount), options: self)
      let outcome = runner.execute()
      statuses.append(outcome.status)
      diagnostics += outcome.diagnostics
      if let record = outcome.record { records.append(record) }
    }
    if let junit, !records.isEmpty {
      try ReportFiles.write(JUnitRenderer.render(records), to: junit)
    }
    let status = ExitStatus.worst(statuses)
    if format == .json {
      let output = RunOutput(
        exitCode: Int(status.rawValue), diagnostics: diagnostics.map(DiagnosticRecord.init), runs: records)
      Console.out(JSONCodec.encode(output))
    }
    throw AssayExit(status: status)
  }
}

extension RunCommand {
  /// `--select` must name an estimator of some study of the run: a name that
  /// matches nothing would otherwise run nothing and pass.
  func checkSelection(_ studies: [Study]) throws {
    guard !selected.isEmpty, !studies.isEmpty else { return }
    let known = studies.flatMap { $0.estimators.map(\.name.value) }
    let unknown = selected.filter { !known.contains($0) }
    guard !unknown.isEmpty else { return }
    let list = unknown.map { "'\($0)'" }.joined(separator: ", ")
    var names: [String] = []
    for name in known where !names.contains(name) { names.append(name) }
    Console.error(
      "error: --select \(list): no study of this run has an estimator of that name "
        + "(estimators: \(names.joined(separator: ", ")))\n")
    throw AssayExit(status: .invalid)
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
