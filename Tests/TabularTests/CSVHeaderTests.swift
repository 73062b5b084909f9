import Testing

@testable import Tabular

/// The header reader used by validation (RFC 4180 quoting, BOM, CRLF).
@Suite("CSV header")
struct CSVHeaderTests {
  func header(_ text: String, delimiter: UInt8 = 44) throws(CSVError) -> [String]? {
    try CSVHeader.parseFirstRecord(Array(text.utf8), delimiter: delimiter, complete: true)
  }

  @Test("plain, quoted (with comma, quote and newline), BOM and CRLF headers")
  func headers() throws {
    #expect(try header("a,b,c\n1,2,3\n") == ["a", "b", "c"])
    #expect(
      try header("\u{FEFF}a,\"b,1\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n1,2,3,4\r\n") == [
        "a", "b,1", "say \"hi\"", "two\nlines",
      ])
    #expect(try header("x\ty\n", delimiter: 9) == ["x", "y"])
    #expect(try header("only") == ["only"])
  }

  @Test("a record that is not complete yet asks for more bytes")
  func incomplete() throws {
    #expect(try CSVHeader.parseFirstRecord(Array("a,\"b".utf8), delimiter: 44, complete: false) == nil)
    #expect(try CSVHeader.parseFirstRecord(Array("a,b".utf8), delimiter: 44, complete: false) == nil)
  }

  @Test("empty files, empty and duplicate names, and unterminated quotes are located errors")
  func errors() {
    #expect(throws: CSVError("the file is empty: it needs a header row", line: 1, column: 1)) { try header("") }
    #expect(throws: CSVError("empty column name in the header", line: 1, column: 3)) { try header("a,,b\n") }
    #expect(
      throws: CSVError(
        "duplicate column name 'a' in the header", line: 1, column: 5, columnName: "a",
        notes: ["first at column 1"])
    ) { try header("a,b,a\n") }
    #expect(throws: CSVError("unterminated quoted field in the header", line: 1, column: 3)) { try header("a,\"b\n") }
  }
}
