/// A table read from a file, with what happened on the way.
public struct LoadedTable: Sendable {
  /// The data (complete cases only when `dropMissing` was set).
  public let table: DataTable
  /// Data records read (blank lines are not records).
  public let rowsRead: Int
  /// Records dropped for missing values (0 unless `dropMissing`).
  public let rowsDropped: Int
  /// For each loaded column with missing values, how many records had a
  /// missing value there (a record missing in two columns counts in both).
  public let droppedByColumn: [String: Int]
  /// The file lines of the first (up to 10) records with a missing value.
  public let firstDroppedLines: [Int]
  /// SHA-256 of the raw file bytes, lowercase hex.
  public let sha256: String
  /// The size of the file in bytes.
  public let byteCount: Int
  /// Per loaded column, why it has its type (empty when the source does not say).
  public var evidence: [String: ColumnEvidence] = [:]
  /// Each row's key, when the source names a row key (`data.row_key`).
  public var rowKeys: [Int64]? = nil

  /// A loaded table from its parts.
  public init(
    table: DataTable, rowsRead: Int, rowsDropped: Int, droppedByColumn: [String: Int], firstDroppedLines: [Int],
    sha256: String, byteCount: Int, evidence: [String: ColumnEvidence] = [:]
  ) {
    self.table = table
    self.rowsRead = rowsRead
    self.rowsDropped = rowsDropped
    self.droppedByColumn = droppedByColumn
    self.firstDroppedLines = firstDroppedLines
    self.sha256 = sha256
    self.byteCount = byteCount
    self.evidence = evidence
  }
}
