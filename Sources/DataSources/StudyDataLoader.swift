import StudyModel
import Tabular

/// Reads a study's data: the columns the study uses, typed as it declares,
/// with its missing-value policy, and checked against its SHA-256 pin.
///
/// The source is a CSV or TSV file (`data.path`), an SQLite file
/// (`data.sqlite`) or a PostgreSQL query (`data.postgres`, whose connection
/// string comes from the environment variable it names); all three follow
/// the same missing-value and type rules (`TableBuilder`).
///
/// Every problem is a ``DataLoadError`` holding located diagnostics in the
/// study's terms: a data file's own problems point at the file's line and
/// column, with a note that points at the study line naming the file; a
/// database's refusals point at the table or query with the database's own
/// message; the missing-value refusal says which study key to write to
/// analyse the complete rows instead.
public enum StudyDataLoader {
  /// The study's data.
  ///
  /// - Parameter variable: the value of an environment variable (the
  ///   connection string of `data.postgres`), or nil when it is not set.
  public static func load(_ study: Study, variable: (String) -> String? = { _ in nil }) throws(DataLoadError)
    -> StudyData
  {
    if let database = study.data.database {
      let connection = database.engine == .postgresql ? variable(study.data.path.value) : nil
      return try DatabaseReader.load(study, database, connectionString: connection)
    }
    let loaded: LoadedTable
    do throws(CSVError) {
      loaded = try CSVReader.read(path: study.data.resolvedPath, options: StudyColumns.options(study))
    } catch {
      throw DataLoadError([diagnostic(error, study: study)])
    }
    try checkPin(study, sha256: loaded.sha256, what: "the data file's")
    return StudyData(table: loaded, database: nil)
  }

  /// The pin of `data.sha256`, when there is one, must equal `sha256`.
  static func checkPin(_ study: Study, sha256: String, what: String) throws(DataLoadError) {
    if let pin = study.data.sha256, pin.value != sha256 {
      throw DataLoadError([
        .error(
          "\(what) SHA-256 is \(sha256), not the pinned \(pin.value): the data changed",
          at: pin.origin.range, notes: [.init("update the pin if the change is intended")])
      ])
    }
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

/// A study's data as read: the table, and where a database source's rows
/// came from.
public struct StudyData: Sendable {
  public var table: LoadedTable
  /// The provenance of a database source; nil for a data file.
  public var database: DatabaseRecord?

  public init(table: LoadedTable, database: DatabaseRecord?) {
    self.table = table
    self.database = database
  }
}

/// Why a study's data could not be used: located diagnostics (exit code 2).
public struct DataLoadError: Error, Sendable {
  public var diagnostics: [Diagnostic]

  public init(_ diagnostics: [Diagnostic]) {
    self.diagnostics = diagnostics
  }
}
