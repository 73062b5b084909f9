import Testing

@testable import Tabular

/// A summarising `TableBuilder` (the provenance scan of `compute: database`)
/// keeps no row: its memory must not grow with the rows.
@Suite("TableBuilder summary mode")
struct TableBuilderSummaryTests {
  @Test("keeps no value and no row key; the summary is the rows' (closed forms for 1…n)")
  func keepsNothing() throws {
    let builder = TableBuilder(columns: ["x"], options: CSVOptions(), keepsRows: false)
    let n = 10_000
    for i in 1...n {
      builder.setRowKey(Int64(i))
      try builder.addNumber(0, Double(i), integerLiteral: true) { "\(i)" }
      builder.endRow()
    }
    #expect(builder.rowKeys.isEmpty)
    #expect(builder.builders[0].capacity <= 16)
    let summary = try builder.finishSummary(sha256: "", byteCount: 0)
    #expect(summary.rowsRead == n)
    let x = try #require(summary.columns.first)
    // Mean (n + 1)/2 and sample variance n(n + 1)/12 of 1…n.
    #expect(abs(x.mean - Double(n + 1) / 2) <= 1e-9)
    #expect(abs(x.standardDeviation * x.standardDeviation - Double(n * (n + 1)) / 12) <= 1e-6)
  }
}
