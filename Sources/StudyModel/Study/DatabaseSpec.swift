/// A study's database source: `data.sqlite` or `data.postgres`, with the
/// table or query to read, the key that orders its rows, and where the
/// arithmetic runs.
///
/// The rows are read in `row_key` order (`SELECT … ORDER BY row_key`), so
/// that the result set, its SHA-256 and every simulation keyed by the row
/// key do not depend on the database's storage order.
public struct DatabaseSpec: Codable, Sendable {
  /// Which database.
  public enum Engine: String, Codable, Sendable, CaseIterable {
    /// An SQLite file, opened read-only through the system library.
    case sqlite
    /// A PostgreSQL server (or one that speaks its protocol), through libpq.
    case postgresql
  }

  /// What to read: a table, or the result of a query.
  public enum Relation: Codable, Sendable, Equatable {
    /// A table or view, optionally schema-qualified (`public.nsw`).
    case table(String)
    /// A `SELECT` statement, read as a subquery.
    case query(String)
  }

  /// The engine; `DataSpec.path` holds the file (`sqlite`) or the NAME of the
  /// environment variable that holds the libpq connection string
  /// (`postgres`; the connection string itself is never stored, printed or
  /// recorded).
  public var engine: Engine
  public var relation: Located<Relation>
  /// The column that orders the rows and identifies each one (integers,
  /// unique, never null).
  public var rowKey: Located<String>
  public var compute: Located<ComputeMode>

  public init(
    engine: Engine, relation: Located<Relation>, rowKey: Located<String>, compute: Located<ComputeMode>
  ) {
    self.engine = engine
    self.relation = relation
    self.rowKey = rowKey
    self.compute = compute
  }

  /// The study key that names the source: `sqlite` or `postgres`.
  public var sourceKey: String { engine == .sqlite ? "sqlite" : "postgres" }

  /// The study key of the relation: `table` or `query`.
  public var relationKey: String {
    if case .table = relation.value { return "table" }
    return "query"
  }

  /// The table name or the query text, as written.
  public var relationText: String {
    switch relation.value {
    case .table(let name): name
    case .query(let text): text
    }
  }
}
