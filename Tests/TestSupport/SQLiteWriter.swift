internal import CSQLite

/// Writes SQLite files for the tests through the system library (the
/// tests build their databases; nothing binary is committed).
public final class SQLiteWriter {
  private var db: OpaquePointer?

  /// Opens (creating) the file at `path`.
  public init(path: String) throws {
    guard sqlite3_open(path, &db) == SQLITE_OK else { throw Failure(description: "cannot create \(path)") }
  }

  deinit { sqlite3_close(db) }

  public struct Failure: Error, CustomStringConvertible {
    public var description: String
  }

  /// Runs SQL (one or more statements).
  public func execute(_ sql: String) throws {
    var message: UnsafeMutablePointer<CChar>?
    guard sqlite3_exec(db, sql, nil, nil, &message) == SQLITE_OK else {
      let text = message.map { String(cString: $0) } ?? "?"
      sqlite3_free(message)
      throw Failure(description: "\(text) in: \(sql)")
    }
  }

  /// Inserts rows of numbers into `table` through a prepared statement, each
  /// value bound as a double (exactly the value given) or, when `integers`
  /// marks its column, as a 64-bit integer.
  public func insert(into table: String, rows: [[Double]], integers: Set<Int> = []) throws {
    guard let width = rows.first?.count else { return }
    let sql = "INSERT INTO \(table) VALUES (" + Array(repeating: "?", count: width).joined(separator: ", ") + ")"
    var statement: OpaquePointer?
    guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
      throw Failure(description: String(cString: sqlite3_errmsg(db)))
    }
    defer { sqlite3_finalize(statement) }
    try execute("BEGIN")
    for row in rows {
      sqlite3_reset(statement)
      for (k, value) in row.enumerated() {
        if integers.contains(k) {
          sqlite3_bind_int64(statement, Int32(k + 1), Int64(value))
        } else {
          sqlite3_bind_double(statement, Int32(k + 1), value)
        }
      }
      guard sqlite3_step(statement) == SQLITE_DONE else {
        throw Failure(description: String(cString: sqlite3_errmsg(db)))
      }
    }
    try execute("COMMIT")
  }
}
