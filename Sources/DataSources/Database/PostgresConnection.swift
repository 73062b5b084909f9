internal import CLibPQ

/// A connection to a PostgreSQL server through libpq, the server's own C
/// client library.
///
/// The only code that touches libpq; no libpq type leaves this file. The
/// connection string is used to connect and then forgotten; every message
/// that leaves this type has the connection string's password removed
/// (libpq does not put it in messages, but a message never depends on that).
final class PostgresConnection {
  private let connection: OpaquePointer
  /// Secrets of the connection string, removed from every message.
  private let secrets: [String]

  /// Connects with a libpq connection string (`postgresql://…` or
  /// `host=… dbname=…`).
  init(connectionString: String) throws(DatabaseError) {
    var secrets = [connectionString]
    if let password = Self.password(in: connectionString), !password.isEmpty { secrets.append(password) }
    self.secrets = secrets
    guard let connection = PQconnectdb(connectionString) else {
      throw DatabaseError("libpq could not allocate a connection")
    }
    guard PQstatus(connection) == CONNECTION_OK else {
      let message = Self.text(PQerrorMessage(connection))
      PQfinish(connection)
      throw DatabaseError(Self.redact(message, secrets))
    }
    self.connection = connection
  }

  deinit { PQfinish(connection) }

  /// The password a connection string holds, when it holds one.
  private static func password(in connectionString: String) -> String? {
    var errorMessage: UnsafeMutablePointer<CChar>?
    guard let options = PQconninfoParse(connectionString, &errorMessage) else {
      if let errorMessage { PQfreemem(errorMessage) }
      return nil
    }
    defer { PQconninfoFree(options) }
    var k = 0
    while let keyword = options[k].keyword {
      if String(cString: keyword) == "password", let value = options[k].val { return String(cString: value) }
      k += 1
    }
    return nil
  }

  private static func redact(_ message: String, _ secrets: [String]) -> String {
    var message = message
    for secret in secrets where !secret.isEmpty {
      message = message.replacingOccurrences(of: secret, with: "(redacted)")
    }
    return message
  }

  /// A libpq message without its trailing newline and severity prefix (`FATAL:  `).
  private static func text(_ pointer: UnsafePointer<CChar>?) -> String {
    guard let pointer else { return "" }
    var s = Substring(String(cString: pointer))
    while let last = s.last, last.isWhitespace { s.removeLast() }
    for prefix in ["FATAL:  ", "ERROR:  "] where s.hasPrefix(prefix) { s = s.dropFirst(prefix.count) }
    return String(s)
  }

  /// The server's version as it reports it (`15.18 (Debian 15.18-0+deb12u1)`).
  var serverVersion: String {
    Self.text(PQparameterStatus(connection, "server_version"))
  }

  /// Runs one statement; rows come back as text.
  @discardableResult
  func execute(_ sql: String) throws(DatabaseError) -> Result {
    guard let result = PQexec(connection, sql) else { throw lostOrFailed(nil) }
    let status = PQresultStatus(result)
    guard status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK else {
      let error = lostOrFailed(result)
      PQclear(result)
      throw error
    }
    return Result(result)
  }

  /// The error of a failed statement, from the server's fields.
  private func lostOrFailed(_ result: OpaquePointer?) -> DatabaseError {
    func field(_ code: Character) -> String? {
      guard let result, let ascii = code.asciiValue,
        let value = PQresultErrorField(result, Int32(ascii))
      else { return nil }
      return Self.redact(String(cString: value), secrets)
    }
    let primary = field("M") ?? Self.text(PQerrorMessage(connection))
    var error = DatabaseError(Self.redact(primary.isEmpty ? "the server did not answer" : primary, secrets))
    error.detail = field("D")
    error.hint = field("H")
    error.sqlState = field("C")
    error.position = field("P").flatMap { Int($0) }
    error.connectionLost = PQstatus(connection) != CONNECTION_OK
    return error
  }

  /// The name of the type with object identifier `oid` (`date`), or its number.
  func typeName(_ oid: UInt32) -> String {
    let rows = try? execute("SELECT typname FROM pg_catalog.pg_type WHERE oid = \(oid)")
    if let rows, rows.rowCount == 1, let name = rows.text(0, 0) { return name }
    return "type \(oid)"
  }

  /// A result: rows × columns of text values, column names and type ids.
  final class Result {
    private let result: OpaquePointer

    fileprivate init(_ result: OpaquePointer) { self.result = result }

    deinit { PQclear(result) }

    var rowCount: Int { Int(PQntuples(result)) }
    var columnCount: Int { Int(PQnfields(result)) }
    func name(_ column: Int) -> String { String(cString: PQfname(result, Int32(column))) }
    /// The column's type (a `pg_type` object identifier).
    func type(_ column: Int) -> UInt32 { PQftype(result, Int32(column)) }

    /// The value's text bytes, or nil for a null; valid while the result lives.
    @inline(__always)
    func bytes(_ row: Int, _ column: Int) -> UnsafeBufferPointer<UInt8>? {
      let r = Int32(row)
      let c = Int32(column)
      if PQgetisnull(result, r, c) != 0 { return nil }
      guard let value = PQgetvalue(result, r, c) else { return nil }
      return UnsafeRawPointer(value).withMemoryRebound(to: UInt8.self, capacity: 1) {
        UnsafeBufferPointer(start: $0, count: Int(PQgetlength(result, r, c)))
      }
    }

    func text(_ row: Int, _ column: Int) -> String? {
      bytes(row, column).map { String(decoding: $0, as: UTF8.self) }
    }
  }
}
