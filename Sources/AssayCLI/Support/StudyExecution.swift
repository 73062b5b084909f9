import AuditReport
import CausalEngine
import Foundation
import StudyModel
import StudySpec
import Tabular

/// One study's run from the command line: load the data, run the engine,
/// write the reports, print the verdict.
struct StudyExecution {
  var study: Study
  var file: String
  var threads: Int
  var options: RunCommand

  func execute() -> (ExitStatus, RunRecord?) {
    let progress = Progress(quiet: options.quiet, study: study.name.value)
    let clock = ContinuousClock()
    let start = clock.now
    progress.line("reading \(study.data.path.value)")
    let loaded: LoadedTable
    do throws(CSVError) {
      loaded = try CSVReader.read(path: study.data.resolvedPath, options: StudyColumns.options(study))
    } catch {
      let at = error.line.map { SourceRange(file: study.data.resolvedPath, line: $0, column: error.column ?? 1) }
      var diagnostic = Diagnostic.error(
        (error.columnName.map { "column '\($0)': " } ?? "") + error.message, at: at,
        notes: error.notes.map { Diagnostic.Note($0) })
      if at == nil { diagnostic.file = study.data.resolvedPath }
      let genericHint = "; set the missing policy to drop to analyse complete cases"
      if study.data.missing.value == .error, diagnostic.notes.contains(where: { $0.message.hasSuffix(genericHint) }) {
        // Say it in the study's words: which key to write, and where.
        for i in diagnostic.notes.indices where diagnostic.notes[i].message.hasSuffix(genericHint) {
          diagnostic.notes[i].message.removeLast(genericHint.count)
        }
        diagnostic.notes.append(.init(
          "to analyse the complete rows instead, write `missing: drop` under `data:` (the report counts the rows dropped)",
          at: study.data.missing.origin.range))
      }
      diagnostic.notes.append(.init("the data file is named here", at: study.data.path.origin.range))
      printDiagnostics([diagnostic])
      return (.invalid, nil)
    }
    if let pin = study.data.sha256, pin.value != loaded.sha256 {
      printDiagnostics([.error(
        "the data file's SHA-256 is \(loaded.sha256), not the pinned \(pin.value): the data changed",
        at: pin.origin.range, notes: [.init("update the pin if the change is intended")])])
      return (.invalid, nil)
    }
    let loadSeconds = seconds(clock.now - start)
    let runOptions = RunOptions(
      threads: threads, deterministic: options.deterministic, failFast: options.failFast,
      selectedEstimators: options.selected.isEmpty ? nil : options.selected, warningsAsErrors: options.warnError,
      assayVersion: AssayVersion.text, studySHA256: (try? ContentHash.sha256(path: file)) ?? "",
      commandLine: CommandLine.arguments.map { ($0 as NSString).lastPathComponent == "assay" ? "assay" : $0 },
      gitCommit: Provenance.gitCommit(near: file), platform: Provenance.platform, timestamp: Provenance.timestamp(),
      loadSeconds: loadSeconds, progress: { progress.line($0) })
    let record = StudyRunner.run(study: study, data: loaded, options: runOptions)
    progress.finish()
    do {
      try ReportFiles.writeAll(record, study: study)
    } catch {
      printError("error: cannot write the reports to \(study.report.resolvedDirectory): \(error)\n")
      return (.invalid, record)
    }
    Summary.print(record, quiet: options.quiet)
    if !options.quiet {
      let names = (study.report.formats.value.map { AuditReport.fileName($0) } + ["junit.xml"])
      print("  reports: \(study.report.resolvedDirectory)/ (\(names.joined(separator: ", ")))")
    }
    if ProcessInfo.processInfo.environment["GITHUB_ACTIONS"] == "true" {
      print(GitHubAnnotations.render([record]), terminator: "")
    }
    // One study's summary stays in one piece in a log, where standard output
    // is block-buffered and the progress lines on standard error are not.
    fflush(nil)  // all output streams (standard output among them)
    if let summaryPath = ProcessInfo.processInfo.environment["GITHUB_STEP_SUMMARY"], !summaryPath.isEmpty {
      ReportFiles.append(MarkdownRenderer.render(record), to: summaryPath)
    }
    return (Self.status(of: record), record)
  }

  static func status(of record: RunRecord) -> ExitStatus {
    switch record.status {
    case .passed: return .ok
    case .failed: return .gateFailed
    case .error:
      switch record.error?.kind {
      case .numerical: return .numericalFailure
      default: return .invalid
      }
    }
  }

  func printDiagnostics(_ diagnostics: [Diagnostic]) {
    var renderer = DiagnosticRenderer()
    printError(renderer.text(diagnostics))
    if ProcessInfo.processInfo.environment["GITHUB_ACTIONS"] == "true" {
      print(DiagnosticRenderer.githubAnnotations(diagnostics), terminator: "")
    }
  }
}

func seconds(_ d: Duration) -> Double {
  Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}
