import CausalEngine
import DataSources
import Foundation
import StudyModel
import StudySpec
import Tabular

/// Loads every study named on the command line and reports its diagnostics.
struct StudyBatch {
  var format: OutputFormat
  var outcomes: [(file: String, outcome: StudyLoader.Outcome)] = []
  var pathDiagnostics: [Diagnostic] = []
  /// Per study file, the findings of reading its data (``DataPreflight``).
  var dataDiagnostics: [String: [Diagnostic]] = [:]
  /// Per study file whose data were read, each used column's type and its evidence.
  var dataColumns: [String: [PlanRecord.DataColumn]] = [:]

  /// Whether validation reads each valid study's data.
  enum DataCheck {
    case never
    case always
    /// When the data file is at most ``smallData`` bytes.
    case ifSmall
  }

  /// "Small" data, read by `assay validate` unless told otherwise: 64 MiB,
  /// a few seconds to read and check.
  static let smallData = 64 << 20

  /// Per study file, the problems of where it reads and writes (``PathPolicy``).
  var placeDiagnostics: [String: [Diagnostic]] = [:]

  init(paths: [String], format: OutputFormat, checkData: DataCheck = .never, policy: PathPolicy = PathPolicy()) {
    self.format = format
    let (files, diagnostics) = StudyFiles.expand(paths)
    pathDiagnostics = diagnostics
    for file in files {
      let outcome = StudyLoader.load(file: file, environment: policy.environment(forStudyFile: file))
      outcomes.append((file, outcome))
      if let study = outcome.study {
        let problems = policy.reportProblems(study)
        if !problems.isEmpty {
          placeDiagnostics[file] = problems
          continue
        }
      }
      if let study = outcome.study, Self.reads(study, checkData) {
        let (diagnostics, loaded) = Self.checkData(study)
        dataDiagnostics[file] = diagnostics
        if let loaded { dataColumns[file] = Self.columnTypes(loaded, study: study) }
      }
    }
  }

  static func reads(_ study: Study, _ check: DataCheck) -> Bool {
    switch check {
    case .never: return false
    case .always: return true
    case .ifSmall:
      let size = (try? FileManager.default.attributesOfItem(atPath: study.data.resolvedPath)[.size] as? Int) ?? nil
      return (size ?? Int.max) <= smallData
    }
  }

  /// The data's problems: those of reading it, then those of ``DataPreflight``.
  static func checkData(_ study: Study) -> ([Diagnostic], LoadedTable?) {
    do throws(DataLoadError) {
      // compute: database keeps the rows in the database: the provenance scan checks them.
      if study.data.database?.compute.value == .database {
        _ = try StudyDataLoader.openDatabase(study, variable: RunEnvironment.current.variable)
        return ([], nil)
      }
      let loaded = try StudyDataLoader.load(study, variable: RunEnvironment.current.variable)
      return (DataPreflight.check(study, data: loaded.table), loaded.table)
    } catch {
      return (error.diagnostics, nil)
    }
  }

  /// Each loaded column's type and why (for `assay plan`).
  static func columnTypes(_ loaded: LoadedTable, study: Study) -> [PlanRecord.DataColumn] {
    loaded.table.columns.map { column in
      let evidence = loaded.evidence[column.name]
      return PlanRecord.DataColumn(
        name: column.name, type: ColumnType(rawValue: column.kind.rawValue) ?? .continuous,
        declared: study.data.declaredType(of: column.name) != nil,
        typeEvidence: evidence.map { TypeEvidence(valuesSeen: $0.values, rowsSeen: $0.rows, reason: $0.reason) })
    }
  }

  var allDiagnostics: [Diagnostic] {
    pathDiagnostics
      + outcomes.flatMap {
        $0.outcome.diagnostics + (placeDiagnostics[$0.file] ?? []) + (dataDiagnostics[$0.file] ?? [])
      }
  }

  /// Whether a study file loaded and its data (when read) showed no error.
  func isValid(_ file: String, _ outcome: StudyLoader.Outcome) -> Bool {
    outcome.study != nil && !(dataDiagnostics[file] ?? []).containsErrors
      && !(placeDiagnostics[file] ?? []).containsErrors
  }

  /// The diagnostics as machine output writes them.
  var diagnosticRecords: [DiagnosticRecord] { allDiagnostics.map(DiagnosticRecord.init) }

  /// The studies that loaded and may read and write where they say.
  var studies: [Study] {
    outcomes.filter { (placeDiagnostics[$0.file] ?? []).isEmpty }.compactMap(\.outcome.study)
  }

  var hasErrors: Bool { allDiagnostics.containsErrors }

  /// Whether the batch is unusable as a whole: an error, or no study at all.
  var isInvalid: Bool { hasErrors || outcomes.isEmpty }

  /// Prints the diagnostics (compiler-style text on standard output, or
  /// nothing with `--format json`, whose document carries them) and, in
  /// GitHub Actions, one annotation per error and warning (unless
  /// `annotations` is false: `assay run` gathers them with its own, see
  /// ``annotationLines``).
  func printDiagnostics(annotations: Bool = true) {
    let diagnostics = allDiagnostics
    if format == .text {
      var renderer = DiagnosticRenderer()
      Console.out(renderer.text(diagnostics))
    }
    if annotations { Console.annotations(DiagnosticRenderer.githubAnnotations(annotated)) }
  }

  /// The diagnostics that become annotations: errors and warnings.
  private var annotated: [Diagnostic] { allDiagnostics.filter { $0.severity != .note } }

  /// The workflow commands of the diagnostics, one per line.
  var annotationLines: [String] {
    DiagnosticRenderer.githubAnnotations(annotated).split(separator: "\n").map(String.init)
  }

  /// "3 study files: 2 valid, 1 invalid (4 errors, 1 warning)".
  var summary: String {
    let diagnostics = allDiagnostics
    let errors = diagnostics.filter { $0.severity == .error }.count
    let warnings = diagnostics.filter { $0.severity == .warning }.count
    let valid = outcomes.filter { isValid($0.file, $0.outcome) }.count
    let invalid = outcomes.count - valid
    func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
    var text = "\(plural(outcomes.count, "study file")): \(valid) valid, \(invalid) invalid"
    if errors + warnings > 0 { text += " (\(plural(errors, "error")), \(plural(warnings, "warning")))" }
    return text
  }
}
