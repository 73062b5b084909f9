import Foundation
import StudyModel
import StudySpec
import Tabular
import TestSupport
import Testing

@testable import DataSources

/// `data.sqlite`: an SQLite file read through the system library, under the
/// CSV reader's missing-value and type rules, with its provenance.
@Suite("SQLite source")
struct SQLiteSourceTests {
  /// A workspace holding `data.db` with the fixture table `r` (and `data.csv`).
  static func fixtureWorkspace() throws -> (Workspace, ResultSetFixture) {
    let w = try Workspace()
    let fixture = try ResultSetFixture.load()
    let db = try SQLiteWriter(path: w.path + "/data.db")
    try db.execute("CREATE TABLE r (id INTEGER PRIMARY KEY, t INTEGER, y REAL, w REAL, g TEXT)")
    try db.execute("INSERT INTO r (id, t, y, w, g) VALUES \(fixture.values)")
    return (w, fixture)
  }

  @Test("the result set's SHA-256 equals the independent implementation's (Fixtures/result_set_sha256.py)")
  func sha256() throws {
    let (w, fixture) = try Self.fixtureWorkspace()
    defer { w.remove() }
    let outcome = try w.study(
      data: "  sqlite: data.db\n  table: r\n  row_key: id\n  missing: drop",
      graph: "dag { w -> t ; w -> y ; t -> y ; g -> y }")
    let study = try #require(outcome.study, "\(outcome.diagnostics)")
    let data = try StudyDataLoader.load(study)
    #expect(data.table.sha256 == fixture.sha256)
    #expect(data.table.byteCount == fixture.bytes)
    let record = try #require(data.database)
    #expect(record.engine == .sqlite)
    #expect(record.sha256 == fixture.sha256)
    #expect(record.rows == 6)
    #expect(record.query == "SELECT \"id\", \"t\", \"y\", \"w\", \"g\" FROM r ORDER BY \"id\"")
    #expect(!record.serverVersion.isEmpty)
    // Row 2 (id 2) has a null w: dropped, and named by its position in key order.
    #expect(data.table.rowsRead == 6)
    #expect(data.table.rowsDropped == 1)
    #expect(data.table.firstDroppedLines == [2])
    #expect(data.table.droppedByColumn == ["w": 1])
  }

  @Test("a pin of the result set is checked: a changed value is refused at data.sha256")
  func pin() throws {
    let (w, fixture) = try Self.fixtureWorkspace()
    defer { w.remove() }
    let data = "  sqlite: data.db\n  table: r\n  row_key: id\n  missing: drop\n  sha256: \(fixture.sha256)"
    let study = try #require(try w.study(data: data, graph: "dag { w -> t ; w -> y ; t -> y ; g -> y }").study)
    #expect(try StudyDataLoader.load(study).table.sha256 == fixture.sha256)
    try SQLiteWriter(path: w.path + "/data.db").execute("UPDATE r SET y = 1.25 WHERE id = 10")
    #expect(throws: DataLoadError.self) { try StudyDataLoader.load(study) }
    do {
      _ = try StudyDataLoader.load(study)
    } catch {
      let text = error.rendered(relativeTo: w.path)
      #expect(text.contains("study.yaml:9:11: error: the result set's SHA-256 is "), "\(text)")
      #expect(text.contains("not the pinned \(fixture.sha256): the data changed"))
    }
  }

  @Test("the same text gives the same table as the CSV reader: kinds, levels, missing values")
  func sameAsCSV() throws {
    let w = try Workspace()
    defer { w.remove() }
    // Text, integers and reals as SQLite stores them; the CSV holds the same values.
    let db = try SQLiteWriter(path: w.path + "/data.db")
    try db.execute("CREATE TABLE d (id INTEGER PRIMARY KEY, t INTEGER, y REAL, w REAL, g TEXT, b TEXT, n TEXT)")
    try db.execute(
      """
      INSERT INTO d VALUES (1, 1, 2.5, 1, 'x', 'true', '3'), (2, 0, -1, 2.25, 'y', 'FALSE', '4'),
        (3, 1, 0.125, NULL, 'x', 'True', 'NA'), (4, 0, 7, 3, 'NA', 'false', '5')
      """)
    try w.write(
      "data.csv",
      "id,t,y,w,g,b,n\n1,1,2.5,1.0,x,true,3\n2,0,-1.0,2.25,y,FALSE,4\n3,1,0.125,,x,True,NA\n4,0,7.0,3.0,NA,false,5\n")
    let graph = "dag { w -> t ; w -> y ; t -> y ; g -> y ; b -> y ; n -> y }"
    let fromSQLite = try #require(
      try w.study(data: "  sqlite: data.db\n  table: d\n  row_key: id\n  missing: drop", graph: graph).study)
    let fromCSV = try #require(try w.study(data: "  path: data.csv\n  missing: drop", graph: graph).study)
    let a = try StudyDataLoader.load(fromSQLite).table
    let b = try StudyDataLoader.load(fromCSV).table
    #expect(a.table == b.table)
    #expect(a.rowsDropped == 2 && b.rowsDropped == 2)
    #expect(a.droppedByColumn == b.droppedByColumn)
    #expect(a.table.column(named: "b")?.kind == .binary)
    #expect(a.table.column(named: "n")?.kind == .integer)
    #expect(a.table.column(named: "y")?.kind == .continuous)
  }

  @Test("a '.' in the first row of an undeclared column of numbers is refused naming it, with its row key")
  func typeFromWholeColumn() throws {
    let w = try Workspace()
    defer { w.remove() }
    // SQLite keeps a text in a REAL column; before issue 20 the first row made y categorical.
    let db = try SQLiteWriter(path: w.path + "/data.db")
    try db.execute("CREATE TABLE d (id INTEGER PRIMARY KEY, t INTEGER, y REAL, w REAL, g TEXT)")
    try db.execute(
      """
      INSERT INTO d VALUES (4, 1, '.', 1, 'a'), (7, 0, 2.5, 2, 'b'), (9, 1, 3, 1, 'a'), (12, 0, 1, 2, 'b'),
        (13, 1, 2, 2, 'b')
      """)
    let graph = "dag { w -> t ; w -> y ; t -> y ; g -> y }"
    let study = try #require(
      try w.study(data: "  sqlite: data.db\n  table: d\n  row_key: id", graph: graph).study)
    do {
      _ = try StudyDataLoader.load(study)
      Issue.record("a column of numbers with '.' in its first row was accepted")
    } catch {
      let text = error.rendered(relativeTo: w.path)
      #expect(
        text.contains(
          "study.yaml:6:10: error: row 1 (id = 4), column 'y': non-numeric value '.' in column 'y', whose other 4 values are numbers"
        ), "\(text)")
      #expect(text.contains("list it in data.missing_values"), "\(text)")
    }
    // A text column holding one number: refused at the number's row.
    try db.execute("UPDATE d SET y = 1 WHERE id = 4")
    try db.execute("UPDATE d SET g = 5 WHERE id = 12")
    do {
      _ = try StudyDataLoader.load(study)
      Issue.record("a text column holding a number was accepted")
    } catch {
      let text = error.rendered(relativeTo: w.path)
      #expect(text.contains("error: row 4 (id = 12), column 'g': column 'g' mixes text and numbers"), "\(text)")
    }
    // Listed as missing, the code is a missing value; the evidence is the CSV reader's.
    try db.execute("UPDATE d SET y = '.' WHERE id = 4")
    try db.execute("UPDATE d SET g = 'b' WHERE id = 12")
    // (SQLite returns a REAL column's 1 as 1.0: a number with a fraction, as in the CSV.)
    try w.write(
      "data.csv", "id,t,y,w,g\n4,1,.,1.0,a\n7,0,2.5,2.0,b\n9,1,3.0,1.0,a\n12,0,1.0,2.0,b\n13,1,2.0,2.0,b\n")
    let data = "  missing_values: ['', NA, '.']\n  missing: drop"
    let fromSQLite = try #require(
      try w.study(data: "  sqlite: data.db\n  table: d\n  row_key: id\n" + data, graph: graph).study)
    let fromCSV = try #require(try w.study(data: "  path: data.csv\n  row_key: id\n" + data, graph: graph).study)
    let a = try StudyDataLoader.load(fromSQLite).table
    let b = try StudyDataLoader.load(fromCSV).table
    #expect(a.rowsDropped == 1)
    #expect(a.table == b.table)
    #expect(!a.evidence.isEmpty)
    #expect(a.evidence == b.evidence)
    #expect(a.evidence["y"]?.values == 4 && a.evidence["y"]?.rows == 5)
  }

  @Test("a value the declared type refuses names its row, row key and column, at the table")
  func declaredType() throws {
    let w = try Workspace()
    defer { w.remove() }
    let db = try SQLiteWriter(path: w.path + "/data.db")
    try db.execute("CREATE TABLE d (id INTEGER PRIMARY KEY, t INTEGER, y REAL, w REAL)")
    try db.execute("INSERT INTO d VALUES (5, 1, 2.5, 1), (8, 2, -1, 2), (9, 0, 1, 1)")
    let study = try #require(
      try w.study(data: "  sqlite: data.db\n  table: d\n  row_key: id\n  columns: {t: binary}").study)
    do {
      _ = try StudyDataLoader.load(study)
      Issue.record("a 2 in a binary column was accepted")
    } catch {
      let text = error.rendered(relativeTo: w.path)
      #expect(
        text.contains(
          "study.yaml:6:10: error: row 2 (id = 8), column 't': value '2' in column 't', which is declared binary"),
        "\(text)")
      #expect(text.contains("note: a binary column holds 0, 1, true or false"))
    }
  }

  @Test("missing values are refused by default, counted by column, with the rows in key order")
  func missingValues() throws {
    let w = try Workspace()
    defer { w.remove() }
    let db = try SQLiteWriter(path: w.path + "/data.db")
    try db.execute("CREATE TABLE d (id INTEGER PRIMARY KEY, t INTEGER, y REAL, w TEXT)")
    try db.execute("INSERT INTO d VALUES (30, 1, NULL, '1'), (10, 0, 2, 'NA'), (20, 1, 3, '2')")
    let study = try #require(try w.study(data: "  sqlite: data.db\n  table: d\n  row_key: id").study)
    do {
      _ = try StudyDataLoader.load(study)
      Issue.record("missing values were accepted")
    } catch {
      let text = error.rendered(relativeTo: w.path)
      #expect(text.contains("error: column 'w': 2 rows have missing values in table 'd' of 'data.db'"), "\(text)")
      #expect(text.contains("note: missing values by column: w (1), y (1)"))
      #expect(text.contains("note: first at rows 1, 3"))
      #expect(text.contains("write `missing: drop` under `data:`"))
    }
  }

  @Test("a duplicate or null row key is refused at row_key")
  func rowKey() throws {
    let w = try Workspace()
    defer { w.remove() }
    let db = try SQLiteWriter(path: w.path + "/data.db")
    try db.execute("CREATE TABLE d (k INTEGER, t INTEGER, y REAL, w REAL, s TEXT)")
    try db.execute("INSERT INTO d VALUES (1, 1, 2, 1, 'a'), (2, 0, 2, 2, 'b'), (2, 1, 3, 1, 'c')")
    let duplicate = try #require(try w.study(data: "  sqlite: data.db\n  table: d\n  row_key: k").study)
    #expect(throws: DataLoadError.self) { try StudyDataLoader.load(duplicate) }
    do { _ = try StudyDataLoader.load(duplicate) } catch {
      #expect(
        error.rendered(relativeTo: w.path).contains(
          "study.yaml:7:12: error: the row key 2 appears twice: a row key must identify each row"))
    }
    let text = try #require(try w.study(data: "  sqlite: data.db\n  table: d\n  row_key: s").study)
    do {
      _ = try StudyDataLoader.load(text)
      Issue.record("a text row key was accepted")
    } catch {
      #expect(
        error.rendered(relativeTo: w.path).contains("row 1 has the row key 'a', which is not an integer"),
        "\(error.rendered(relativeTo: w.path))")
    }
  }

  @Test("validation prepares the statement: bad SQL, an unknown table and a missing column are located")
  func validation() throws {
    let w = try Workspace()
    defer { w.remove() }
    let db = try SQLiteWriter(path: w.path + "/data.db")
    try db.execute("CREATE TABLE d (id INTEGER PRIMARY KEY, t INTEGER, y REAL)")
    let badSQL = try w.study(data: "  sqlite: data.db\n  query: select id, t, y from d wher id > 0\n  row_key: id")
    #expect(badSQL.study == nil)
    let text = Self.render(badSQL.diagnostics, w)
    #expect(
      text.contains("study.yaml:6:10: error: cannot read the query's result from 'data.db': near \"id\": syntax error"),
      "\(text)")
    let noTable = try w.study(data: "  sqlite: data.db\n  table: e\n  row_key: id")
    #expect(
      Self.render(noTable.diagnostics, w).contains("error: cannot read table 'e' from 'data.db': no such table: e"))
    let noColumn = try w.study(data: "  sqlite: data.db\n  table: d\n  row_key: id")
    #expect(
      Self.render(noColumn.diagnostics, w).contains("error: graph node 'w' has no column in table 'd' of 'data.db'"),
      "\(Self.render(noColumn.diagnostics, w))")
    let noKey = try w.study(data: "  sqlite: data.db\n  table: d\n  row_key: key")
    #expect(Self.render(noKey.diagnostics, w).contains("error: row_key 'key' is not a column of table 'd'"))
  }

  static func render(_ diagnostics: [Diagnostic], _ w: Workspace) -> String {
    var renderer = DiagnosticRenderer()
    return renderer.text(diagnostics).replacingOccurrences(of: w.path + "/", with: "")
  }
}
