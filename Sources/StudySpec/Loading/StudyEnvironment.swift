import StudyModel

/// What the loader needs from the outside world besides the study file:
/// whether a file exists and a data file's header.
///
/// The command-line tool passes the real file system and the CSV reader of
/// `Tabular`; tests may pass fakes. Only the header is read during
/// validation, never the data.
public struct StudyEnvironment: Sendable {
  /// Whether a regular file exists at a path.
  public var fileExists: @Sendable (String) -> Bool
  /// The column names of a data file's header row.
  public var readHeader: @Sendable (_ path: String, _ delimiter: Delimiter) -> Result<[String], DataFileProblem>
  /// The column names of an SQLite file's table or query (the statement is
  /// prepared, not run); nil when the environment does not look, and then
  /// the columns are checked when the run reads the data. A PostgreSQL
  /// source is never contacted during validation.
  public var readSQLiteColumns:
    (@Sendable (_ path: String, _ relation: DatabaseSpec.Relation) -> Result<[String], DataFileProblem>)?

  public init(
    fileExists: @escaping @Sendable (String) -> Bool,
    readHeader: @escaping @Sendable (String, Delimiter) -> Result<[String], DataFileProblem>,
    readSQLiteColumns: (@Sendable (String, DatabaseSpec.Relation) -> Result<[String], DataFileProblem>)? = nil
  ) {
    self.fileExists = fileExists
    self.readHeader = readHeader
    self.readSQLiteColumns = readSQLiteColumns
  }
}

/// A problem reading a data file, located in that file when possible.
public struct DataFileProblem: Error, Sendable, Equatable {
  public var message: String
  public var line: Int?
  public var column: Int?
  public var notes: [String]

  public init(_ message: String, line: Int? = nil, column: Int? = nil, notes: [String] = []) {
    self.message = message
    self.line = line
    self.column = column
    self.notes = notes
  }
}
