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
  /// the diagnostics that stopped it before (the data could not be used),
  /// the GitHub workflow commands it calls for (``RunCommand`` prints them
  /// all at once, within GitHub's limit), and the folder its reports went to.
  struct Outcome {
    var status: ExitStatus
    var record: RunRecord?
    var diagnostics: [Diagnostic] = []
    var annotations: [String] = []
    var reportDirectory: String?
  }

  func execute() -> Outcome {
    let progress = Progress(quiet: options.quiet, study: study.name.value)
    let clock = ContinuousClock()
    let start = clock.now
    // Where the reports go is checked (and locked) before any work.
    let lock: ReportFiles.Lock
    do throws(ReportFiles.Refusal) {
      lock = try ReportFiles.prepare(study)
    } catch {
      let diagnostics = [error.diagnostic(study)]
      return Outcome(status: .invalid, diagnostics: diagnostics, annotations: report(diagnostics))
    }
    defer { lock.release() }
    progress.line("reading \(Self.sourceName(study.data))")
    var loaded: LoadedTable?
    var pushdown: PushdownData?
    let database: DatabaseRecord?
    do throws(DataLoadError) {
      if study.data.database?.compute.value == .database {
        pushdown = try StudyDataLoader.openDatabase(study, variable: RunEnvironment.current.variable)
        database = pushdown?.record.database
      } else {
        let data = try StudyDataLoader.load(study, threads: threads, variable: RunEnvironment.current.variable)
        (loaded, database) = (data.table, data.database)
      }
    } catch {
      progress.finish()
      return Outcome(status: .invalid, diagnostics: error.diagnostics, annotations: report(error.diagnostics))
    }
    // Under compute: database the provenance scan checked the rows (no rows are in memory).
    let preflight = loaded.map { DataPreflight.check(study, data: $0) } ?? []
    var preflightAnnotations: [String] = []
    if !preflight.isEmpty {
      if preflight.containsErrors { progress.finish() }
      preflightAnnotations = report(preflight)
      if preflight.containsErrors {
        return Outcome(status: .invalid, diagnostics: preflight, annotations: preflightAnnotations)
      }
    }
    let runOptions = RunOptions(
      threads: threads, deterministic: options.deterministic, failFast: options.failFast,
      selectedEstimators: options.selected.isEmpty ? nil : options.selected, warningsAsErrors: options.warnError,
      assayVersion: AssayVersion.text, studySHA256: (try? ContentHash.sha256(path: file)) ?? "",
      commandLine: Self.recordedCommandLine(CommandLine.arguments),
      gitCommit: Provenance.gitCommit(near: file), platform: Provenance.platform, timestamp: Provenance.timestamp(),
      loadSeconds: seconds(clock.now - start), progress: { progress.line($0) }, database: database,
      simulationProgress: { progress.simulations($0) })
    let record =
      if let pushdown {
        StudyRunner.run(study: study, database: pushdown, options: runOptions)
      } else if let loaded {
        StudyRunner.run(study: study, data: loaded, options: runOptions)
      } else {
        preconditionFailure("neither rows nor a database to run on")
      }
    progress.finish()
    let directory: String
    let replaced: Bool
    do {
      (directory, replaced) = try ReportFiles.writeAll(record, study: study)
    } catch {
      Console.error(
        "error: cannot write the reports to \(ReportFiles.directory(for: record, study: study)): "
          + "\(ReportFiles.describe(error))\n")
      return Outcome(status: .invalid, record: record)
    }
    if options.format == .text {
      Summary.print(record, quiet: options.quiet)
      let names = study.report.formats.value.map { AuditReport.fileName($0) }.joined(separator: ", ")
      if record.isPartial {
        // Said even with --quiet: the files are not where a full run puts them.
        Console.out(
          "  partial reports (--select): \(directory)/ (\(names)); the full reports in "
            + "\(study.report.resolvedDirectory)/ are unchanged\n")
      } else if !options.quiet {
        Console.out("  reports: \(directory)/ (\(names))\(replaced ? "; replaced the previous reports" : "")\n")
      }
    }
    return Outcome(
      status: Self.status(of: record), record: record, diagnostics: preflight,
      annotations: preflightAnnotations + GitHubAnnotations.annotations([record], limit: .max),
      reportDirectory: directory)
  }

  /// The options that do not change a run's results, left out of the
  /// recorded command line (so that `--threads 1` and `--threads 2` record
  /// the same bytes): with a value, and flags.
  static let unrecordedOptions: Set<String> = [
    "--threads", "--format", "--junit", "--baseline", "--tolerance", "--root",
  ]
  static let unrecordedFlags: Set<String> = ["--quiet", "--fail-on-change", "--allow-outside-root"]

  /// The command line as the record keeps it: the program as `assay`,
  /// without the options that do not change results.
  static func recordedCommandLine(_ arguments: [String]) -> [String] {
    var kept: [String] = []
    var skipNext = false
    for (index, argument) in arguments.enumerated() {
      if skipNext {
        skipNext = false
        continue
      }
      if index == 0 {
        kept.append((argument as NSString).lastPathComponent == "assay" ? "assay" : argument)
        continue
      }
      let name = String(argument.prefix { $0 != "=" })
      if unrecordedFlags.contains(argument) { continue }
      if unrecordedOptions.contains(name) {
        skipNext = !argument.contains("=")
        continue
      }
      kept.append(argument)
    }
    return kept
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
  /// (with `--format json` they are in the document); returns their annotations.
  func report(_ diagnostics: [Diagnostic]) -> [String] {
    if options.format == .text {
      var renderer = DiagnosticRenderer()
      Console.error(renderer.text(diagnostics))
    }
    return DiagnosticRenderer.githubAnnotations(diagnostics).split(separator: "\n").map(String.init)
  }
}

func seconds(_ d: Duration) -> Double {
  Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}
