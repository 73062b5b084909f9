import Testing

@testable import AuditReport

/// The fixed precision rules of report numbers (docs/reports.md, "Numbers").
@Suite("Number formatting")
struct NumberFormatTests {
  struct Row: CustomTestStringConvertible, Sendable {
    let value: Double?
    let expected: String
    var testDescription: String { "\(value.map { "\($0)" } ?? "nil") -> \(expected)" }
  }

  static let estimates: [Row] = [
    Row(value: 1794.343, expected: "1794"), Row(value: -0.012345, expected: "-0.01235"),
    Row(value: 123456.7, expected: "123457"), Row(value: 0.99996, expected: "1"), Row(value: 99.996, expected: "100"),
    Row(value: 0.05, expected: "0.05"),
    Row(value: 9999.6, expected: "10000"), Row(value: 0, expected: "0"), Row(value: -0.00001, expected: "-1e-5"),
    Row(value: 0.000031416, expected: "3.142e-5"), Row(value: 2.5e15, expected: "2.5e15"), Row(value: 1, expected: "1"),
    Row(value: 0.1315, expected: "0.1315"), Row(value: 699.1, expected: "699.1"),
    Row(value: -374.25, expected: "-374.3"),
    Row(value: nil, expected: "—"), Row(value: .nan, expected: "—"), Row(value: .infinity, expected: "—"),
    Row(value: -0.00004999, expected: "-4.999e-5"), Row(value: 0.0001, expected: "0.0001"),
    Row(value: 0.0550, expected: "0.055"), Row(value: 1.23456e-7, expected: "1.235e-7"),
  ]

  @Test("estimates: 4 significant digits, integer digits kept, trailing zeros dropped", arguments: estimates)
  func estimate(_ row: Row) {
    #expect(NumberFormat.estimate(row.value) == row.expected)
  }

  static let pValues: [Row] = [
    Row(value: 0.0004, expected: "< 0.001"), Row(value: 0.001, expected: "0.001"),
    Row(value: 0.0024, expected: "0.0024"), Row(value: 0.0495, expected: "0.0495"),
    Row(value: 0.04999, expected: "0.05"), Row(value: 0.1, expected: "0.100"), Row(value: 0.4231, expected: "0.423"),
    Row(value: 0.99951, expected: "> 0.999"), Row(value: 1, expected: "1.000"), Row(value: nil, expected: "—"),
  ]

  @Test("p-values: < 0.001, 3 significant digits below 0.1, else 3 decimals", arguments: pValues)
  func pValue(_ row: Row) {
    #expect(NumberFormat.pValue(row.value) == row.expected)
  }

  @Test("fixed decimals, percentages, seconds, plain settings, intervals")
  func others() {
    #expect(NumberFormat.fixed(-0.0004, decimals: 3) == "0.000")
    #expect(NumberFormat.fixed(0.1025, decimals: 3) == "0.103")
    #expect(NumberFormat.fixed(2.5, decimals: 0) == "3")
    #expect(NumberFormat.fixed(-2.5, decimals: 0) == "-3")
    #expect(NumberFormat.percent(0.95) == "95%")
    #expect(NumberFormat.percent(0.975) == "97.5%")
    #expect(NumberFormat.seconds(8.5467) == "8.547 s")
    #expect(NumberFormat.plain(2) == "2")
    #expect(NumberFormat.plain(0.25) == "0.25")
    #expect(NumberFormat.interval([-374.2, 1772.4]) == "[-374.2, 1772]")
    #expect(NumberFormat.interval([1]) == "—")
    #expect(NumberFormat.pValueClause(0.0001) == "p < 0.001")
    #expect(NumberFormat.pValueClause(0.2) == "p = 0.200")
  }

  @Test("axis ticks show just enough decimals, and coordinates one")
  func ticks() {
    #expect(NumberFormat.tick(0.30000000000000004, step: 0.1) == "0.3")
    #expect(NumberFormat.tick(2000, step: 500) == "2000")
    #expect(NumberFormat.tick(0.025, step: 0.005) == "0.025")
    #expect(NumberFormat.tick(1e-17, step: 0.1) == "0")
    #expect(NumberFormat.coordinate(12.0) == "12")
    #expect(NumberFormat.coordinate(-0.04) == "0")
    #expect(NumberFormat.coordinate(3.14159) == "3.1")
  }

  @Test("nice scales cover the data with round ticks")
  func scales() {
    let scale = LinearScale(covering: [-374.2, 3753.9], include: [0], range: (0, 100))
    #expect(scale.step == 1000)
    #expect(scale.ticks == [-1000, 0, 1000, 2000, 3000, 4000])
    #expect(scale.position(-1000) == 0 && scale.position(4000) == 100)
    let flat = LinearScale(covering: [5, 5], range: (0, 1))
    #expect(flat.domainLow < 5 && flat.domainHigh > 5)
    #expect(LinearScale.niceStep(0.0123) == 0.01)
    #expect(LinearScale.niceStep(27) == 20)
    #expect(LinearScale.niceStep(4) == 5)
  }
}
