import Foundation
import StudyModel
import StudySpec
import Tabular
import TestSupport
import Testing

@testable import DataSources

/// `data.postgres`: a PostgreSQL query streamed through libpq in batches,
/// against a throwaway server the tests start (`PostgresServer`).
@Suite(
  "PostgreSQL source", .enabled(if: PostgresServer.isAvailable, Comment(rawValue: PostgresServer.skipMessage)))
struct PostgresSourceTests {
  /// The suite's database, created once, with the fixture table `r`, a
  /// table of 30,000 rows `big` and a table with a date column `dated`.
  static let database: Result<String, PostgresServer.Failure> = {
    do {
      let server = try PostgresServer.start()
      let url = try server.createDatabase("datasources")
      let fixture = try ResultSetFixture.load()
      try server.psql(
        """
        CREATE TABLE r (id bigint PRIMARY KEY, t integer, y double precision, w double precision, g text);
        INSERT INTO r (id, t, y, w, g) VALUES \(fixture.values);
        CREATE TABLE big AS SELECT i::bigint AS id, (i % 2) AS t, (i % 7)::float8 / 4 AS y, (i % 5)::float8 AS w
          FROM generate_series(1, 30000) AS i;
        ALTER TABLE big ADD PRIMARY KEY (id);
        ANALYZE big;
        CREATE TABLE dated (id int, t int, y float8, w date);
        INSERT INTO dated VALUES (1, 0, 1.5, '2024-01-01');
        CREATE TABLE typed (id int, t int, y float8, w text);
        INSERT INTO typed VALUES (1, 0, 1.5, '2.5'), (2, 1, 2.5, 'n/a'), (3, 1, 0.5, '1');
        """, database: "datasources")
      return .success(url)
    } catch let failure as PostgresServer.Failure {
      return .failure(failure)
    } catch {
      return .failure(PostgresServer.Failure(description: "\(error)"))
    }
  }()

  func load(_ data: String, graph: String = "dag { w -> t ; w -> y ; t -> y }", url: String? = nil) throws -> (
    Result<StudyData, DataLoadError>, Workspace
  ) {
    let connection = try url ?? Self.database.get()
    let w = try Workspace()
    let outcome = try w.study(data: "  postgres: ASSAY_TEST_PG\n" + data, graph: graph)
    let study = try #require(outcome.study, "\(outcome.diagnostics)")
    do {
      return (.success(try StudyDataLoader.load(study) { $0 == "ASSAY_TEST_PG" ? connection : nil }), w)
    } catch {
      return (.failure(error), w)
    }
  }

  func failure(_ data: String, graph: String = "dag { w -> t ; w -> y ; t -> y }", url: String? = nil) throws
    -> String
  {
    let (result, w) = try load(data, graph: graph, url: url)
    defer { w.remove() }
    switch result {
    case .success: return "(loaded without an error)"
    case .failure(let error): return error.rendered(relativeTo: w.path)
    }
  }

  @Test("the fixture's rows give the independent SHA-256, and the same table as SQLite")
  func sameAsSQLite() throws {
    let graph = "dag { w -> t ; w -> y ; t -> y ; g -> y }"
    let (result, w) = try load("  table: r\n  row_key: id\n  missing: drop", graph: graph)
    defer { w.remove() }
    let data = try result.get()
    let fixture = try ResultSetFixture.load()
    #expect(data.table.sha256 == fixture.sha256)
    #expect(data.table.byteCount == fixture.bytes)
    let record = try #require(data.database)
    #expect(record.engine == .postgresql)
    #expect(record.serverVersion.first?.isNumber == true)
    #expect(record.rows == 6)
    let (sqliteWorkspace, _) = try SQLiteSourceTests.fixtureWorkspace()
    defer { sqliteWorkspace.remove() }
    let sqlite = try #require(
      try sqliteWorkspace.study(data: "  sqlite: data.db\n  table: r\n  row_key: id\n  missing: drop", graph: graph)
        .study)
    #expect(try StudyDataLoader.load(sqlite).table.table == data.table.table)
  }

  @Test("rows stream in batches through a cursor: 30,000 rows, in key order, from a query")
  func batches() throws {
    let (result, w) = try load("  query: select * from big where id > 100;\n  row_key: id")
    defer { w.remove() }
    let data = try result.get()
    #expect(data.table.rowsRead == 29_900)
    let y = try #require(data.table.table.column(named: "y")).values
    #expect(y.first == Double(101 % 7) / 4)
    #expect(y.last == Double(30_000 % 7) / 4)
    #expect(
      data.database?.query
        == "SELECT \"id\", \"t\", \"y\", \"w\" FROM (select * from big where id > 100) AS assay_source ORDER BY \"id\"")
  }

  @Test("bad SQL: the server's message at the query, with SQLSTATE and position")
  func badSQL() throws {
    let text = try failure("  query: select id, t, y, w frm big\n  row_key: id")
    #expect(text.contains("study.yaml:6:10: error: PostgreSQL: syntax error at or near \"big\""), "\(text)")
    #expect(text.contains("note: SQLSTATE 42601"))
    #expect(text.contains("note: at character"))
  }

  @Test("a missing table, and a graph node with no column, in the server's or the study's terms")
  func missing() throws {
    let noTable = try failure("  table: nope\n  row_key: id")
    #expect(noTable.contains("study.yaml:6:10: error: PostgreSQL: relation \"nope\" does not exist"), "\(noTable)")
    let noColumn = try failure("  table: r\n  row_key: id", graph: "dag { w -> t ; w -> y ; t -> y ; z -> y }")
    #expect(noColumn.contains("error: graph node 'z' has no column in table 'r'"), "\(noColumn)")
    #expect(noColumn.contains("note: table 'r' has the columns: id, t, y, w, g"))
  }

  @Test("a type Assay does not read, and a text the rules refuse, are refused with the row and key")
  func types() throws {
    let dated = try failure("  table: dated\n  row_key: id")
    #expect(dated.contains("error: column 'w' has PostgreSQL type date, which Assay does not read"), "\(dated)")
    let typed = try failure("  table: typed\n  row_key: id")
    #expect(
      typed.contains(
        "error: row 2 (id = 2), column 'w': non-numeric value 'n/a' in column 'w', whose other 2 values are numbers"),
      "\(typed)")
    #expect(typed.contains("a column's type is read from all its values, never guessed from one row"))
  }

  @Test("a connection lost mid-stream is an error at the source, after the rows read so far")
  func lostConnection() throws {
    // The server process ends itself when the index scan reaches id 25000,
    // in the second batch of the cursor.
    let text = try failure(
      """
        query: >-
          select * from big where id <> 25000 or pg_terminate_backend(pg_backend_pid())
        row_key: id
      """)
    #expect(text.contains("study.yaml:5:13: error: the connection to PostgreSQL was lost after 20000 rows"), "\(text)")
    #expect(text.contains("terminating connection due to administrator command"))
  }

  @Test("no connection string, or a refused connection: located, and the password never shown")
  func connection() throws {
    let (unset, w) = try load("  table: r\n  row_key: id", url: "")
    defer { w.remove() }
    guard case .failure(let error) = unset else {
      Issue.record("an unset variable was accepted")
      return
    }
    #expect(
      error.rendered(relativeTo: w.path).contains(
        "study.yaml:5:13: error: the environment variable ASSAY_TEST_PG is not set"))
    let refused = try failure(
      "  table: r\n  row_key: id", url: "host=/nonexistent-assay-socket dbname=x user=u password=Tr0ub4dor-s3cret")
    #expect(
      refused.contains("error: cannot connect to PostgreSQL (the connection string in ASSAY_TEST_PG)"), "\(refused)")
    #expect(!refused.contains("Tr0ub4dor"))
  }
}
