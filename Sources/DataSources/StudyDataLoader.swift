import StudyModel
import Tabular

/// Reads a study's data: the columns the study uses, typed as it declares,
/// with its missing-value policy, and checked against its SHA-256 pin.
///
/// Every problem is a ``DataLoadError`` holding located diagnostics in the
/// study's terms: a data file's own problems point at the file's line and
/// column, with a note that points at the study line naming the file; the
/// missing-value refusal says which study key to write to analyse the
/// complete rows instead.
public enum StudyDataLoader {
  /// The study's data.
  public static func load(_ study: Study) throws(DataLoadError) -> LoadedTable {
    let loaded: LoadedTable
    do throws(CSVError) {
      loaded = try CSVReader.read(path: study.data.resolvedPath, options: StudyColumns.options(study))
    } catch {
      throw DataLoadError([diagnostic(error, study: study)])
    }
    if let pin = study.data.sha256, pin.value != loaded.sha256 {
      throw DataLoadError([
        .error(
          "the data file's SHA-256 is \(loaded.sha256), not the pinned \(pin.value): the data changed",
          at: pin.origin.range, notes: [.init("update the pin if the change is intended")])
      ])
    }
    return loaded
  }

  /// A data file's error in the study's terms.
  static func diagnostic(_ error: CSVError, study: Study) -> Diagnostic {
    let at = error.line.map { SourceRange(file: study.data.resolvedPath, line: $0, column: error.column ?? 1) }
    var diagnostic = Diagnostic.error(
      (error.columnName.map { "column '\($0)': " } ?? "") + error.message, at: at,
      notes: error.notes.map { Diagnostic.Note($0) })
    if at == nil { diagnostic.file = study.data.resolvedPath }
    if error.kind == .missingValues {
      diagnostic.notes.append(
        .init(
          "to analyse the complete rows instead, write `missing: drop` under `data:` (the report counts the rows dropped)",
          at: study.data.missing.origin.range))
    }
    diagnostic.notes.append(.init("the data file is named here", at: study.data.path.origin.range))
    return diagnostic
  }
}

/// Why a study's data could not be used: located diagnostics (exit code 2).
public struct DataLoadError: Error, Sendable {
  public var diagnostics: [Diagnostic]

  public init(_ diagnostics: [Diagnostic]) {
    self.diagnostics = diagnostics
  }
}
