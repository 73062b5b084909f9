import Foundation
import Testing

@testable import Tabular

/// A database's rows go through the CSV reader's type rules: an undeclared
/// column's type is read from all its values, never from its first one
/// (issue 20, defect 1, for `sqlite:` and `postgres:` sources).
///
/// The authority is the CSV reader on the same values (its rules are tested
/// in `ColumnTypeEvidenceTests`): the builder must refuse what it refuses,
/// with the same message, and record the same evidence.
@Suite("Table builder: types from whole columns, as the CSV reader")
struct TableBuilderTypeTests {
  /// One cell as a database delivers it.
  enum Cell {
    case text(String)
    case number(Double)
    case null
  }

  /// The column `y` fed row by row, kept or summarised.
  func build(_ cells: [Cell], keepsRows: Bool, options: CSVOptions = CSVOptions()) -> Result<
    [String: ColumnEvidence], CSVError
  > {
    let builder = TableBuilder(columns: ["y"], options: options, keepsRows: keepsRows)
    do throws(CSVError) {
      for cell in cells {
        switch cell {
        case .text(let t): try builder.addText(0, Array(t.utf8))
        case .number(let v):
          try builder.addNumber(0, v, integerLiteral: v.rounded() == v) { v.rounded() == v ? String(Int(v)) : "\(v)" }
        case .null: builder.addNull(0)
        }
        builder.endRow()
      }
      if keepsRows { return .success(try builder.finish(sha256: "", byteCount: 0).evidence) }
      return .success(try builder.finishSummary(sha256: "", byteCount: 0).evidence)
    } catch {
      return .failure(error)
    }
  }

  /// The same column through the CSV reader (`NA` and the empty field missing).
  func csv(_ cells: [Cell], options: CSVOptions = CSVOptions()) -> Result<[String: ColumnEvidence], CSVError> {
    var text = "y\n"
    for cell in cells {
      switch cell {
      case .text(let t): text += t + "\n"
      case .number(let v): text += (v.rounded() == v ? String(Int(v)) : "\(v)") + "\n"
      case .null: text += "NA\n"
      }
    }
    do throws(CSVError) {
      return .success(try CSVReader.read(bytes: Array(text.utf8), options: options).evidence)
    } catch {
      return .failure(error)
    }
  }

  /// 30 numbers (typed or as text) with `code` at the rows given (from 1).
  func numbers(_ code: String, at rows: Set<Int>, typed: Bool) -> [Cell] {
    (1...30).map { r in
      if rows.contains(r) { return .text(code) }
      let v = Double(r * 7 % 11) + 0.5
      return typed ? .number(v) : .text("\(v)")
    }
  }

  @Test(
    "a missing-value code in the first row or later is refused naming it, kept or summarised, typed or text numbers",
    arguments: [".", "N/A", "-"])
  func codeInNumbers(code: String) throws {
    for rows in [Set([1]), Set([3]), Set([1, 3, 17])] {
      for typed in [true, false] {
        let cells = numbers(code, at: rows, typed: typed)
        guard case .failure(let reference) = csv(cells) else {
          Issue.record("the CSV reader accepted \(code) at \(rows)")
          continue
        }
        for keepsRows in [true, false] {
          guard case .failure(let e) = build(cells, keepsRows: keepsRows) else {
            Issue.record("\(code) at \(rows) was accepted (typed \(typed), keepsRows \(keepsRows))")
            continue
          }
          #expect(e.kind == .mixedTypes)
          #expect(e.message == reference.message)
          #expect(e.notes == reference.notes)
          // The CSV line counts the header; the builder's row does not.
          #expect(e.line == (rows.min() ?? 0))
          #expect(e.line.map { $0 + 1 } == reference.line)
        }
      }
    }
  }

  @Test("a text column with a few numbers, typed or as text, is refused at the first number")
  func textWithNumbers() throws {
    for number in [Cell.number(3), .text("3")] {
      let cells: [Cell] = [.text("a"), .text("b"), number, .text("a"), .text("b")]
      guard case .failure(let reference) = csv(cells), case .failure(let e) = build(cells, keepsRows: true),
        case .failure(let s) = build(cells, keepsRows: false)
      else {
        Issue.record("a text column holding a number was accepted")
        continue
      }
      #expect(e.kind == .mixedTypes && s.kind == .mixedTypes)
      #expect(e.message.contains("mixes text and numbers"), "\(e.message)")
      #expect(e.message == reference.message && s.message == reference.message)
      #expect(e.line == 3 && s.line == 3)
    }
  }

  @Test("a treatment of 0, 1 and N/A is refused, not read as three levels")
  func treatmentWithCode() throws {
    let cells: [Cell] = [.text("N/A")] + (1...20).map { .number(Double($0 % 2)) }
    guard case .failure(let e) = build(cells, keepsRows: true) else {
      Issue.record("a 0/1 column with N/A in its first row was accepted")
      return
    }
    #expect(e.message.hasPrefix("non-numeric value 'N/A' in column 'y', whose other 20 values are numbers"))
  }

  @Test("missing values, a declaration, and clean columns: accepted with the CSV reader's evidence")
  func evidence() throws {
    let clean: [[Cell]] = [
      [.number(0), .null, .number(1), .text("true")],
      [.number(2), .number(5), .text("7"), .null],
      [.number(2.5), .text("1e3"), .number(-1)],
      [.text("x"), .null, .text("y"), .text("x")],
      [.null, .null],
    ]
    let options = CSVOptions(dropMissing: true)
    for cells in clean {
      let reference = try csv(cells, options: options).get()
      #expect(try build(cells, keepsRows: true, options: options).get() == reference)
      #expect(try build(cells, keepsRows: false, options: options).get() == reference)
    }
    // A code listed as missing, or a declared categorical column, settles a mixed column.
    let mixed = numbers(".", at: [1, 9], typed: true)
    let missing = CSVOptions(missingValues: ["", "NA", "."], dropMissing: true)
    let asMissing = try build(mixed, keepsRows: true, options: missing).get()
    #expect(asMissing["y"] == (try csv(mixed, options: missing).get())["y"])
    #expect(asMissing["y"]?.values == 28)
    let declared = CSVOptions(declaredKinds: ["y": .categorical])
    let asLevels = try build(mixed, keepsRows: true, options: declared).get()
    #expect(asLevels["y"]?.declared == true)
    #expect(asLevels["y"] == (try csv(mixed, options: declared).get())["y"])
  }
}
