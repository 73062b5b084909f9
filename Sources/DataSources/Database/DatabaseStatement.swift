import StudyModel

/// The SQL Assay sends to a database source: which columns, from what, in
/// which order. Identifiers are double-quoted (so that names match the
/// study's exactly, as in a CSV header); a table name is sent as written.
struct DatabaseStatement: Sendable {
  /// `table` as written, or `(query) AS assay_source`.
  let from: String
  let rowKey: String

  init(_ database: DatabaseSpec) {
    switch database.relation.value {
    case .table(let name): from = name
    case .query(let text): from = "(\(Self.trimmedQuery(text))) AS assay_source"
    }
    rowKey = database.rowKey.value
  }

  /// A query without trailing spaces and semicolons (it becomes a subquery).
  static func trimmedQuery(_ text: String) -> String {
    var s = Substring(text)
    while let last = s.last, last == ";" || last.isWhitespace { s = s.dropLast() }
    while let first = s.first, first.isWhitespace { s = s.dropFirst() }
    return String(s)
  }

  /// `"name"`, with embedded quotes doubled (SQL standard; SQLite and PostgreSQL).
  static func quoted(_ identifier: String) -> String {
    "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }

  /// The columns of the source, read without rows.
  var probe: String { "SELECT * FROM \(from) LIMIT 0" }

  /// The rows: the row key first, then `columns` (the key once), in key order.
  func select(_ columns: [String]) -> String {
    let list = ([rowKey] + columns.filter { $0 != rowKey }).map(Self.quoted).joined(separator: ", ")
    return "SELECT \(list) FROM \(from) ORDER BY \(Self.quoted(rowKey))"
  }
}
