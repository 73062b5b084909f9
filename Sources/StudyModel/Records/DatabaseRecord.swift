/// Where a database source's rows came from: the provenance of `data.sqlite`
/// or `data.postgres` in a run record.
///
/// The connection string is never recorded (only the name of the variable
/// that held it, in `DataRecord.path`); the server's version, the statement
/// sent and the SHA-256 of the result set pin what was analysed.
public struct DatabaseRecord: Codable, Sendable, Equatable {
  public var engine: DatabaseSpec.Engine
  /// The server's (or the SQLite library's) version string.
  public var serverVersion: String
  /// The statement that read the rows, exactly as sent.
  public var query: String
  /// The column that ordered the rows.
  public var rowKey: String
  /// Where the arithmetic ran.
  public var compute: ComputeMode
  /// Rows in the result set.
  public var rows: Int
  /// SHA-256 of the result set in `row_key` order (docs/data-sources.md,
  /// "Provenance"), lowercase hex; equal to `DataRecord.sha256`.
  public var sha256: String

  public init(
    engine: DatabaseSpec.Engine, serverVersion: String, query: String, rowKey: String, compute: ComputeMode,
    rows: Int, sha256: String
  ) {
    self.engine = engine
    self.serverVersion = serverVersion
    self.query = query
    self.rowKey = rowKey
    self.compute = compute
    self.rows = rows
    self.sha256 = sha256
  }
}
