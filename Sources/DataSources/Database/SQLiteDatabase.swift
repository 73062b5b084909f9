internal import CSQLite

/// An SQLite file opened read-only through the system library.
///
/// The only code that touches SQLite; no SQLite type leaves this file.
final class SQLiteDatabase {
  private let handle: OpaquePointer

  /// Opens `path` read-only (the file is never written, even by a journal).
  init(path: String) throws(DatabaseError) {
    var db: OpaquePointer?
    let status = sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, nil)
    guard status == SQLITE_OK, let db else {
      let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open the file"
      if let db { sqlite3_close_v2(db) }
      throw DatabaseError(message)
    }
    handle = db
  }

  deinit { sqlite3_close_v2(handle) }

  /// The library's version (`3.40.1`).
  static var version: String { String(cString: sqlite3_libversion()) }

  /// A prepared statement; preparing checks the SQL, the tables and the columns.
  func prepare(_ sql: String) throws(DatabaseError) -> Statement {
    var statement: OpaquePointer?
    let status = sqlite3_prepare_v2(handle, sql, -1, &statement, nil)
    guard status == SQLITE_OK, let statement else {
      var error = DatabaseError(String(cString: sqlite3_errmsg(handle)))
      let offset = sqlite3_error_offset(handle)
      if offset >= 0 { error.position = Int(offset) + 1 }
      if let statement { sqlite3_finalize(statement) }
      throw error
    }
    return Statement(statement, database: self)
  }

  /// The last error's message.
  var lastError: DatabaseError { DatabaseError(String(cString: sqlite3_errmsg(handle))) }

  /// A prepared statement and its current row.
  final class Statement {
    private let statement: OpaquePointer
    /// Keeps the connection open while the statement lives.
    private let database: SQLiteDatabase

    fileprivate init(_ statement: OpaquePointer, database: SQLiteDatabase) {
      self.statement = statement
      self.database = database
    }

    deinit { sqlite3_finalize(statement) }

    var columnNames: [String] {
      (0..<sqlite3_column_count(statement)).map { String(cString: sqlite3_column_name(statement, $0)) }
    }

    /// Advances to the next row; false after the last.
    func step() throws(DatabaseError) -> Bool {
      switch sqlite3_step(statement) {
      case SQLITE_ROW: return true
      case SQLITE_DONE: return false
      default: throw database.lastError
      }
    }

    /// One value of the current row, by storage class.
    func value(_ column: Int32) -> Value {
      switch sqlite3_column_type(statement, column) {
      case SQLITE_NULL: return .null
      case SQLITE_INTEGER: return .integer(sqlite3_column_int64(statement, column))
      case SQLITE_FLOAT: return .real(sqlite3_column_double(statement, column))
      case SQLITE_TEXT:
        let count = Int(sqlite3_column_bytes(statement, column))
        guard let text = sqlite3_column_text(statement, column) else { return .text([]) }
        return .text(Array(UnsafeBufferPointer(start: text, count: count)))
      default: return .blob
      }
    }

    /// SQLite's own text of the current row's value (`%!.15g` for reals).
    func text(_ column: Int32) -> String {
      guard let text = sqlite3_column_text(statement, column) else { return "" }
      return String(cString: text)
    }
  }

  /// A value by SQLite storage class.
  enum Value {
    case null
    case integer(Int64)
    case real(Double)
    case text([UInt8])
    case blob
  }
}
