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

  @Option(
    help: ArgumentHelp(
      "Compare with earlier runs: a reports folder or a result.json (as assay diff does, for the studies run).",
      valueName: "dir"))
  var baseline: String?

  @Flag(help: "Fail the gate (exit 1) when the comparison with --baseline finds a change beyond --tolerance.")
  var failOnChange = false

  @Option(help: "Relative tolerance of the comparison with --baseline (default 0: any change counts).")
  var tolerance: Double = 0

  mutating func validate() throws {
    if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
    if !(tolerance >= 0 && tolerance.isFinite) { throw ValidationError("--tolerance must be a number of at least 0") }
    if failOnChange, baseline == nil { throw ValidationError("--fail-on-change needs --baseline DIR") }
  }

  func run() throws {
    // A baseline that cannot be read is bad input: say so before any work.
    var stored: StoredRuns?
    if let baseline {
      do throws(StoredRuns.Failure) {
        stored = try StoredRuns(path: baseline)
      } catch {
        Console.error(error.description + "\n")
        throw AssayExit(status: .invalid)
      }
    }
    let batch = StudyBatch(paths: paths, format: format)
    batch.printDiagnostics(annotations: false)
    var statuses: [ExitStatus] = batch.isInvalid ? [.invalid] : []
    var records: [RunRecord] = []
    var diagnostics = batch.allDiagnostics
    var annotations = batch.annotationLines
    var indexed: [ReportIndex.Run] = []
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
      annotations += outcome.annotations
      if let record = outcome.record {
        records.append(record)
        if let directory = outcome.reportDirectory {
          indexed.append(ReportIndex.Run(record: record, study: study, directory: directory))
        }
      }
    }
    if let junit, !records.isEmpty {
      try ReportFiles.write(JUnitRenderer.render(records), to: junit)
    }

    // The index of each reports folder: every study there, with this run's.
    var indexFolders: [String] = []
    do {
      for written in try ReportIndex.write(indexed) {
        indexFolders.append(written.folder)
        if format == .text, !quiet {
          let count = "\(written.studies) stud\(written.studies == 1 ? "y" : "ies")"
          Console.out("index: \(written.files.joined(separator: ", ")) (\(count))\n")
        }
      }
    } catch {
      Console.error("error: cannot write the index of the reports: \(error)\n")
      statuses.append(.invalid)
    }

    // The comparison with the baseline: the studies of this run only.
    var diff: DiffRecord?
    if let stored {
      let names = Set(records.map(\.study.name))
      diff = RunDiff.compare(
        old: stored.records.filter { names.contains($0.study.name) }, new: records, tolerance: tolerance,
        oldLabel: stored.path, newLabel: "this run")
    }
    if let diff {
      if format == .text { Console.out("\n" + DiffRenderer.text(diff)) }
      // What changed is news in a review: before the run's own warnings (errors still come first).
      let changes = DiffRenderer.github(diff, limit: .max, checks: false).split(separator: "\n").map(String.init)
      annotations =
        annotations.filter { $0.hasPrefix("::error") } + changes + annotations.filter { !$0.hasPrefix("::error") }
      if failOnChange, diff.changed {
        statuses.append(.gateFailed)
        if format == .text { Console.out("the gate fails: the results changed (--fail-on-change)\n") }
      }
    }

    let (kept, omitted) = GitHubAnnotations.capped(annotations)
    Console.annotations(kept.map { $0 + "\n" }.joined())
    if let summaryPath = RunEnvironment.current.stepSummaryPath {
      let notRun = diagnostics.filter { $0.severity == .error }.map(DiagnosticRecord.init)
      ReportFiles.append(
        StepSummary.render(
          records, notRun: notRun, diff: diff, omittedAnnotations: omitted, reportFolders: indexFolders),
        to: summaryPath)
    }

    let status = ExitStatus.worst(statuses)
    if format == .json {
      let output = RunOutput(
        exitCode: Int(status.rawValue), diagnostics: diagnostics.map(DiagnosticRecord.init), runs: records,
        diff: diff)
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
