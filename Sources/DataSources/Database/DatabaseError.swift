/// A database's refusal, as the database worded it.
///
/// For PostgreSQL the fields are the server's error fields (primary message,
/// detail, hint, SQLSTATE, the 1-based character position in the statement);
/// for SQLite, its message and the position of the error when it gives one.
struct DatabaseError: Error, Sendable {
  var message: String
  var detail: String? = nil
  var hint: String? = nil
  var sqlState: String? = nil
  /// 1-based character position in the statement, when the database gave one.
  var position: Int? = nil
  /// The connection was lost (the server went away mid-stream).
  var connectionLost = false

  init(_ message: String) {
    self.message = message
  }

  /// The detail, hint and SQLSTATE as notes.
  var notes: [String] {
    var notes: [String] = []
    if let detail { notes.append("detail: \(detail)") }
    if let hint { notes.append("hint: \(hint)") }
    if let sqlState { notes.append("SQLSTATE \(sqlState)") }
    return notes
  }
}
