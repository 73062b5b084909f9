import AuditReport
import CausalEngine
import DataSources
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

  /// What one study's run gave: its exit status, its record when it ran,
  /// and the diagnostics that stopped it before (the data could not be used).
  struct Outcome {
    var status: ExitStatus
    var record: RunRecord?
    var diagnostics: [Diagnostic] = []
  }

  func execute() -> Outcome {
    let progress = Progress(quiet: options.quiet, study: study.name.value)
    let clock = ContinuousClock()
    let start = clock.now
    progress.line("reading \(Self.sourceName(study.data))")
    var loaded: LoadedTable?
    var pushdown: PushdownData?
    let database: DatabaseRecord?
    do throws(DataLoadError) {
      if study.data.database?.compute.value == .database {
        pushdown = try StudyDataLoader.openDatabase(study, variable: RunEnvironment.current.variable)
        database = pushdown?.record.database
      } else {
        let data = try StudyDataLoader.load(study, variable: RunEnvironment.current.variable)
        (loaded, database) = (data.table, data.database)
      }
    } catch {
      progress.finish()
      report(error.diagnostics)
      return Outcome(status: .invalid, diagnostics: error.diagnostics)
    }
    let runOptions = RunOptions(
      threads: threads, deterministic: options.deterministic, failFast: options.failFast,
      selectedEstimators: options.selected.isEmpty ? nil : options.selected, warningsAsErrors: options.warnError,
      assayVersion: AssayVersion.text, studySHA256: (try? ContentHash.sha256(path: file)) ?? "",
      commandLine: CommandLine.arguments.map { ($0 as NSString).lastPathComponent == "assay" ? "assay" : $0 },
      gitCommit: Provenance.gitCommit(near: file), platform: Provenance.platform, timestamp: Provenance.timestamp(),
      loadSeconds: seconds(clock.now - start), progress: { progress.line($0) }, database: database)
    let record =
      if let pushdown {
        StudyRunner.run(study: study, database: pushdown, options: runOptions)
      } else if let loaded {
        StudyRunner.run(study: study, data: loaded, options: runOptions)
      } else {
        preconditionFailure("neither rows nor a database to run on")
      }
    progress.finish()
    do {
      try ReportFiles.writeAll(record, study: study)
    } catch {
      Console.error("error: cannot write the reports to \(study.report.resolvedDirectory): \(error)\n")
      return Outcome(status: .invalid, record: record)
    }
    if options.format == .text {
      Summary.print(record, quiet: options.quiet)
      if !options.quiet {
        let names = (study.report.formats.value.map { AuditReport.fileName($0) } + ["junit.xml"])
        Console.out("  reports: \(study.report.resolvedDirectory)/ (\(names.joined(separator: ", ")))\n")
      }
    }
    Console.annotations(GitHubAnnotations.render([record]))
    if let summaryPath = RunEnvironment.current.stepSummaryPath {
      ReportFiles.append(MarkdownRenderer.render(record), to: summaryPath)
    }
    return Outcome(status: Self.status(of: record), record: record)
  }

  /// The data source in progress lines (never a connection string).
  static func sourceName(_ data: DataSpec) -> String {
    guard let database = data.database else { return data.path.value }
    let relation = database.relationKey == "table" ? database.relationText : "a query"
    return database.engine == .sqlite
      ? "\(relation) from \(data.path.value)" : "\(relation) from PostgreSQL ($\(data.path.value))"
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

  /// Diagnostics that stopped the run: compiler-style on standard error
  /// (with `--format json` they are in the document), and as annotations.
  func report(_ diagnostics: [Diagnostic]) {
    if options.format == .text {
      var renderer = DiagnosticRenderer()
      Console.error(renderer.text(diagnostics))
    }
    Console.annotations(DiagnosticRenderer.githubAnnotations(diagnostics))
  }
}

func seconds(_ d: Duration) -> Double {
  Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}
