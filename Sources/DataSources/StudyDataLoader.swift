import CausalEngine
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
  /// - Parameters:
  ///   - threads: the most threads a data file's reader may use (`CSVOptions.threads`).
  ///   - variable: the value of an environment variable (the connection
  ///     string of `data.postgres`), or nil when it is not set.
  public static func load(
    _ study: Study, threads: Int = 2, variable: (String) -> String? = { _ in nil }
  ) throws(DataLoadError) -> StudyData {
    if let database = study.data.database {
      let connection = database.engine == .postgresql ? variable(study.data.path.value) : nil
      return try DatabaseReader.load(study, database, connectionString: connection)
    }
    var options = StudyColumns.options(study)
    options.threads = threads
    let key = study.data.rowKey?.value
    if let key, options.columns?.contains(key) == false { options.columns?.append(key) }
    var loaded: LoadedTable
    do throws(CSVError) {
      loaded = try CSVReader.read(path: study.data.resolvedPath, options: options)
    } catch {
      throw DataLoadError([diagnostic(error, study: study)])
    }
    try checkPin(study, sha256: loaded.sha256, what: "the data file's")
    if let rowKey = study.data.rowKey {
      loaded = try withRowKeys(loaded, key: rowKey, study: study)
    }
    return StudyData(table: loaded, database: nil)
  }

  /// A file's table with the keys of its `row_key` column (integers, unique,
  /// never missing), the column itself removed unless the study uses it.
  static func withRowKeys(_ loaded: LoadedTable, key: Located<String>, study: Study) throws(DataLoadError)
    -> LoadedTable
  {
    func refuse(_ message: String) -> DataLoadError {
      DataLoadError([.error(message, at: key.origin.range)])
    }
    guard let column = loaded.table.column(named: key.value) else {
      throw refuse("row_key '\(key.value)' was not read")
    }
    if loaded.droppedByColumn[key.value] != nil {
      throw refuse("row_key '\(key.value)' has missing values: a row key must identify every row")
    }
    var keys: [Int64] = []
    keys.reserveCapacity(column.count)
    for (i, v) in column.values.enumerated() {
      guard column.kind != .categorical, v == v.rounded(), abs(v) <= 9_007_199_254_740_992 else {
        throw refuse(
          "row_key '\(key.value)' must hold integers; row \(i + 1) of the data holds \(column.level(at: i) ?? "\(v)")")
      }
      keys.append(Int64(v))
    }
    let sorted = keys.sorted()
    for k in 1..<max(1, sorted.count) where sorted[k] == sorted[k - 1] {
      throw refuse("the row key \(sorted[k]) appears twice: a row key must identify each row")
    }
    let used = Set(StudyColumns.used(study))
    var table = loaded
    if !used.contains(key.value) {
      table = LoadedTable(
        table: DataTable(columns: loaded.table.columns.filter { $0.name != key.value }), rowsRead: loaded.rowsRead,
        rowsDropped: loaded.rowsDropped, droppedByColumn: loaded.droppedByColumn,
        firstDroppedLines: loaded.firstDroppedLines, sha256: loaded.sha256, byteCount: loaded.byteCount,
        evidence: loaded.evidence.filter { $0.key != key.value })
    }
    table.rowKeys = keys
    return table
  }

  /// A `compute: database` study's data: the provenance scan done (the rows
  /// hashed and checked, none kept), and the database ready to compute the
  /// estimates' sums.
  ///
  /// - Precondition: the study reads PostgreSQL with `compute: database`.
  public static func openDatabase(_ study: Study, variable: (String) -> String? = { _ in nil }) throws(DataLoadError)
    -> PushdownData
  {
    guard let database = study.data.database, database.engine == .postgresql, database.compute.value == .database
    else { preconditionFailure("openDatabase: the study does not compute in PostgreSQL") }
    return try DatabaseReader.openPushdown(study, database, connectionString: variable(study.data.path.value))
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
