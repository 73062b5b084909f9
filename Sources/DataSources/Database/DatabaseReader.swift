import StudyModel
import Tabular

/// Reads a study's database source (`data.sqlite` or `data.postgres`) into a
/// table, with its provenance.
///
/// Both engines go the same way: the source's columns are read first (a
/// statement with no rows), and every column the study needs must be one of
/// them; then `SELECT row_key, <used columns> FROM <table or (query)> ORDER BY
/// row_key` streams — PostgreSQL in batches through a cursor, SQLite row by
/// row — into the CSV reader's column builders (`TableBuilder`: the same
/// missing values and type rules) and into the result set's SHA-256
/// (`ResultSetHasher`). Every problem is a located diagnostic: SQL the
/// database refuses at the table or query, a connection problem at the
/// source key, a value at the table or query with its row and row key.
enum DatabaseReader {
  /// PostgreSQL rows per `FETCH` (a batch of text values, a few MB at most).
  static let batchRows = 20_000

  static func load(_ study: Study, _ database: DatabaseSpec, connectionString: String?) throws(DataLoadError)
    -> StudyData
  {
    switch database.engine {
    case .sqlite: return try loadSQLite(study, database)
    case .postgresql: return try loadPostgres(study, database, connectionString: connectionString)
    }
  }

  // MARK: - SQLite

  static func loadSQLite(_ study: Study, _ database: DatabaseSpec) throws(DataLoadError) -> StudyData {
    let statement = DatabaseStatement(database)
    let context = Context(study: study, database: database)
    let db: SQLiteDatabase
    do throws(DatabaseError) {
      db = try SQLiteDatabase(path: study.data.resolvedPath)
    } catch {
      throw DataLoadError([context.sourceDiagnostic("cannot open the SQLite file: \(error.message)", error.notes)])
    }
    let available: [String]
    do throws(DatabaseError) {
      available = try db.prepare(statement.probe).columnNames
    } catch {
      throw DataLoadError([context.sqlDiagnostic(error, statement: statement.probe, engine: "SQLite")])
    }
    let plan = try context.plan(available: available)
    let sql = statement.select(plan.loaded)
    let rows: SQLiteDatabase.Statement
    do throws(DatabaseError) {
      rows = try db.prepare(sql)
    } catch {
      throw DataLoadError([context.sqlDiagnostic(error, statement: sql, engine: "SQLite")])
    }
    let sink = plan.sink(options: StudyColumns.options(study))
    while true {
      let more: Bool
      do throws(DatabaseError) {
        more = try rows.step()
      } catch {
        throw DataLoadError([context.sqlDiagnostic(error, statement: sql, engine: "SQLite")])
      }
      if !more { break }
      do throws(ResultSetSink.Problem) {
        try row(rows, columns: plan.resultColumns, into: sink)
      } catch {
        throw DataLoadError([context.diagnostic(error)])
      }
    }
    return try context.finish(
      sink,
      record: DatabaseRecord(
        engine: .sqlite, serverVersion: SQLiteDatabase.version, query: sql, rowKey: database.rowKey.value,
        compute: database.compute.value, rows: sink.rows, sha256: ""))
  }

  /// The current SQLite row into the sink, by storage class.
  static func row(_ rows: SQLiteDatabase.Statement, columns: [String], into sink: ResultSetSink)
    throws(ResultSetSink.Problem)
  {
    switch rows.value(0) {
    case .integer(let key): try sink.key(key) { "\(key)" }
    case .null: try sink.key(nil) { "" }
    default: try sink.key(nil) { rows.text(0) }
    }
    for k in columns.indices {
      let c = Int32(k)
      switch rows.value(c) {
      case .null: sink.null(k)
      case .integer(let v): try sink.number(k, Double(v), integerLiteral: true) { "\(v)" }
      case .real(let v): try sink.number(k, v, integerLiteral: false) { rows.text(c) }
      case .text(let bytes):
        try bytes.withUnsafeBufferPointer { b throws(ResultSetSink.Problem) in try sink.text(k, b) }
      case .blob:
        throw .value(
          CSVError(
            "a BLOB value, which Assay does not read", line: sink.rows + 1, columnName: columns[k],
            notes: ["select a number or a text in a query instead"]), key: sink.currentKey)
      }
    }
    sink.endRow()
  }

  // MARK: - PostgreSQL

  /// How a PostgreSQL column's text is read, by type.
  enum ValueClass {
    /// `int2`, `int4`, `int8`, `float4`, `float8`, `numeric`: a number.
    case number
    /// `bool` (`t`/`f`): 1 or 0.
    case boolean
    /// `text`, `varchar`, `char`, `name` (and untyped literals): text under the CSV rules.
    case text
    case unsupported
  }

  static func valueClass(_ oid: UInt32) -> ValueClass {
    switch oid {
    case 20, 21, 23, 700, 701, 1700: .number
    case 16: .boolean
    case 18, 19, 25, 705, 1042, 1043: .text
    default: .unsupported
    }
  }

  static func loadPostgres(_ study: Study, _ database: DatabaseSpec, connectionString: String?) throws(DataLoadError)
    -> StudyData
  {
    let stream = try streamPostgres(study, database, connectionString: connectionString, keepsRows: true)
    return try stream.context.finish(stream.sink, record: stream.record)
  }

  /// A PostgreSQL result set streamed into a sink (rows kept, or only
  /// summarised), with the open connection and what is known of the columns.
  struct PostgresStream {
    var context: Context
    var sink: ResultSetSink
    var connection: PostgresConnection
    var record: DatabaseRecord
    var classes: [String: ValueClass]
    var statement: DatabaseStatement
  }

  static func streamPostgres(
    _ study: Study, _ database: DatabaseSpec, connectionString: String?, keepsRows: Bool
  ) throws(DataLoadError) -> PostgresStream {
    let statement = DatabaseStatement(database)
    let context = Context(study: study, database: database)
    let variable = study.data.path.value
    guard let connectionString, !connectionString.isEmpty else {
      throw DataLoadError([
        context.sourceDiagnostic(
          "the environment variable \(variable) is not set: it must hold the PostgreSQL connection string",
          [
            "for example: export \(variable)='host=/var/run/postgresql dbname=warehouse' (a libpq connection string or postgresql:// URL)"
          ])
      ])
    }
    let connection: PostgresConnection
    do throws(DatabaseError) {
      connection = try PostgresConnection(connectionString: connectionString)
    } catch {
      throw DataLoadError([
        context.sourceDiagnostic(
          "cannot connect to PostgreSQL (the connection string in \(variable)): \(error.message)", [])
      ])
    }
    func run(_ sql: String) throws(DataLoadError) -> PostgresConnection.Result {
      do throws(DatabaseError) {
        return try connection.execute(sql)
      } catch {
        throw DataLoadError([context.sqlDiagnostic(error, statement: sql, engine: "PostgreSQL")])
      }
    }
    // Floats in their shortest exact form on servers older than PostgreSQL 12.
    _ = try run("SET extra_float_digits = 3")
    let probe = try run(statement.probe)
    let available = (0..<probe.columnCount).map(probe.name)
    let types = Dictionary(
      (0..<probe.columnCount).map { (probe.name($0), probe.type($0)) }, uniquingKeysWith: { first, _ in first })
    let plan = try context.plan(available: available)
    var classes: [ValueClass] = []
    var unsupported: [Diagnostic] = []
    for name in plan.resultColumns {
      let oid = types[name] ?? 0
      let kind = valueClass(oid)
      if kind == .unsupported {
        unsupported.append(
          context.relationDiagnostic(
            "column '\(name)' has PostgreSQL type \(connection.typeName(oid)), which Assay does not read",
            [
              "read it as a number or a text in a query, e.g. `extract(epoch from \(name)) AS \(name)` or `\(name)::text AS \(name)`"
            ]))
      }
      if name == database.rowKey.value, ![20, 21, 23, 1700].contains(oid) {
        unsupported.append(
          context.rowKeyDiagnostic(
            "row_key '\(name)' has PostgreSQL type \(connection.typeName(oid)); a row key must hold integers",
            [
              "number the rows in a query, e.g. `row_number() OVER (ORDER BY \(name)) AS row_id`, and use that as row_key"
            ]))
      }
      classes.append(kind)
    }
    if !unsupported.isEmpty { throw DataLoadError(unsupported) }
    let sql = statement.select(plan.loaded)
    _ = try run("BEGIN READ ONLY")
    _ = try run("DECLARE assay_rows NO SCROLL CURSOR FOR \(sql)")
    let sink = plan.sink(options: StudyColumns.options(study), keepsRows: keepsRows)
    // A numeric contrast only: a categorical treatment is not pushed down (TreatmentContrast+Pushdown).
    if !keepsRows, let t = plan.loaded.firstIndex(of: study.estimand.treatment.value),
      let treated = study.estimand.treatmentValue.value.number, let control = study.estimand.controlValue.value.number
    {
      sink.builder.summarizeArms(of: t, treated: treated, control: control)
    }
    let fetch = "FETCH FORWARD \(batchRows) FROM assay_rows"
    while true {
      let batch: PostgresConnection.Result
      do throws(DatabaseError) {
        batch = try connection.execute(fetch)
      } catch {
        if error.connectionLost {
          throw DataLoadError([
            context.sourceDiagnostic(
              "the connection to PostgreSQL was lost after \(sink.rows) row\(sink.rows == 1 ? "" : "s"): \(error.message)",
              error.notes + ["nothing was analysed and no report was written"])
          ])
        }
        throw DataLoadError([context.sqlDiagnostic(error, statement: sql, engine: "PostgreSQL")])
      }
      let n = batch.rowCount
      if n == 0 { break }
      do throws(ResultSetSink.Problem) {
        try stream(batch, rows: n, classes: classes, into: sink)
      } catch {
        throw DataLoadError([context.diagnostic(error)])
      }
    }
    _ = try run("CLOSE assay_rows")
    _ = try run("COMMIT")
    let record = DatabaseRecord(
      engine: .postgresql, serverVersion: connection.serverVersion, query: sql, rowKey: database.rowKey.value,
      compute: database.compute.value, rows: sink.rows, sha256: "")
    var classesByName: [String: ValueClass] = [:]
    for (name, kind) in zip(plan.resultColumns, classes) { classesByName[name] = kind }
    return PostgresStream(
      context: context, sink: sink, connection: connection, record: record, classes: classesByName,
      statement: statement)
  }

  /// One batch of text rows into the sink.
  static func stream(_ batch: PostgresConnection.Result, rows n: Int, classes: [ValueClass], into sink: ResultSetSink)
    throws(ResultSetSink.Problem)
  {
    let count = classes.count
    for r in 0..<n {
      let key = batch.bytes(r, 0)
      try sink.key(key.flatMap(integer)) { key.map { String(decoding: $0, as: UTF8.self) } ?? "" }
      for c in 0..<count {
        guard let bytes = batch.bytes(r, c) else {
          sink.null(c)
          continue
        }
        switch classes[c] {
        case .number:
          if let number = TableBuilder.number(bytes) {
            try sink.number(c, number.value, integerLiteral: number.integerLiteral) {
              String(decoding: bytes, as: UTF8.self)
            }
          } else {
            // NaN, Infinity: the CSV rules decide (NaN is a missing value by default).
            try sink.text(c, bytes)
          }
        case .boolean:
          let isTrue = bytes.first == UInt8(ascii: "t")
          try sink.number(c, isTrue ? 1 : 0, integerLiteral: true) { isTrue ? "true" : "false" }
        case .text, .unsupported:
          try sink.text(c, bytes)
        }
      }
      sink.endRow()
    }
  }

  /// A decimal integer (optional sign, digits only) that fits in 64 bits.
  static func integer(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
    var i = 0
    var negative = false
    if i < bytes.count, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") {
      negative = bytes[i] == UInt8(ascii: "-")
      i += 1
    }
    guard i < bytes.count else { return nil }
    var value: Int64 = 0
    while i < bytes.count {
      let d = bytes[i] &- 0x30
      guard d <= 9 else { return nil }
      let (m, o1) = value.multipliedReportingOverflow(by: 10)
      let (a, o2) = negative ? m.subtractingReportingOverflow(Int64(d)) : m.addingReportingOverflow(Int64(d))
      guard !o1, !o2 else { return nil }
      value = a
      i += 1
    }
    return value
  }
}
