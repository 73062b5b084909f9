import Foundation
import TestSupport
import Testing

@testable import Tabular

/// A column's type is read from all its values, never from one row (issue 20, defect 1).
@Suite("CSV reader: types from whole columns")
struct ColumnTypeEvidenceTests {
  func load(_ text: String, _ options: CSVOptions = CSVOptions()) throws(CSVError) -> LoadedTable {
    try CSVReader.read(bytes: Array(text.utf8), fileName: "test.csv", options: options)
  }

  func error(_ text: String, _ options: CSVOptions = CSVOptions()) -> CSVError? {
    do throws(CSVError) {
      _ = try load(text, options)
      return nil
    } catch {
      return error
    }
  }

  /// A numeric column of 40 rows with `code` at the rows given (1-based data rows).
  func column(_ code: String, at rows: Set<Int>) -> String {
    var text = "x,y\n"
    for r in 1...40 { text += "\(r % 3),\(rows.contains(r) ? code : String(r * 7 % 11))\n" }
    return text
  }

  @Test(
    "a missing-value code in row 1 or row 3 of a numeric column is the same error, naming it",
    arguments: [".", "N/A", "-"])
  func codeInFirstRow(code: String) throws {
    for rows in [Set([1]), Set([3]), Set([1, 3, 17])] {
      let e = try #require(error(column(code, at: rows)), "\(code) at \(rows)")
      #expect(e.kind == .mixedTypes)
      #expect(e.columnName == "y")
      #expect(e.line == (rows.min() ?? 0) + 1)
      #expect(
        e.message.contains(rows.count == 1 ? "'\(code)' in column" : "'\(code)' (\(rows.count) rows)"), "\(e.message)")
      #expect(e.message.contains("other \(40 - rows.count) values are numbers"), "\(e.message)")
      #expect(e.notes.contains { $0.contains("missing_values") })
      #expect(e.notes.contains { $0.contains("categorical") })
    }
  }

  @Test("every non-number of a numeric column is named, with its rows")
  func namesThemAll() throws {
    var text = "y\n"
    for r in 1...30 { text += r == 2 ? "N/A\n" : r == 9 || r == 12 ? ".\n" : "\(r).5\n" }
    let e = try #require(error(text))
    #expect(e.message.hasPrefix("non-numeric values 'N/A' (1 row), '.' (2 rows) in column 'y'"), "\(e.message)")
    #expect(e.line == 3)
  }

  @Test("a text column with a few numbers is an error too, at the first number")
  func textWithNumbers() throws {
    let e = try #require(error("g\na\nb\n3\na\nb\n"))
    #expect(e.kind == .mixedTypes)
    #expect(e.line == 4)
    #expect(e.message.contains("mixes text and numbers"), "\(e.message)")
  }

  @Test("the code listed in missing_values, or a declaration, settles it")
  func settled() throws {
    let text = column(".", at: [1, 5])
    let asMissing = try load(text, CSVOptions(missingValues: ["", "NA", "."], dropMissing: true))
    #expect(asMissing.table.column(named: "y")?.kind == .integer)
    #expect(asMissing.rowsDropped == 2)
    let declared = try load(text, CSVOptions(declaredKinds: ["y": .categorical]))
    #expect(declared.table.column(named: "y")?.kind == .categorical)
    #expect(declared.evidence["y"]?.declared == true)
  }

  @Test("a declared numeric column with text is still refused at the value")
  func declaredNumeric() throws {
    let e = try #require(error("y\n1\nN/A\n", CSVOptions(declaredKinds: ["y": .continuous])))
    #expect(e.kind == .other)
    #expect(e.line == 3)
  }

  @Test("the evidence counts every value and says the rule")
  func evidence() throws {
    let t = try load("a,b,c,d\n0,1,1.5,x\n1,2,NA,y\n1,3,2,x\n", CSVOptions(dropMissing: true))
    #expect(
      t.evidence["a"]
        == ColumnEvidence(values: 3, rows: 3, declared: false, reason: "all 3 values are 0 or 1 (or true/false)"))
    #expect(t.evidence["b"]?.reason == "all 3 values are whole numbers, not only 0 and 1")
    #expect(
      t.evidence["c"]
        == ColumnEvidence(
          values: 2, rows: 3, declared: false, reason: "all 2 values are numbers, some with a fraction or an exponent"))
    #expect(t.evidence["d"]?.reason == "all 3 values are text, none a number (2 levels)")
  }

  @Test("a field quoted in an error is escaped and cut at 80 characters")
  func excerpt() {
    #expect(CSVError.excerpt("a\u{1B}]8;;x\u{07}b") == "a\\u{1B}]8;;x\\u{7}b")
    let long = String(repeating: "z", count: 200)
    #expect(CSVError.excerpt(long) == String(repeating: "z", count: 80) + "… (120 more characters)")
  }
}
