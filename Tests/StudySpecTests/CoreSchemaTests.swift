import Testing

@testable import StudySpec

/// Rows from the YAML 1.2.2 specification, section 10.3.2 "Tag Resolution"
/// (core schema), plus the YAML 1.1 words the core schema leaves as strings.
@Suite("YAML 1.2 core schema")
struct CoreSchemaTests {
  struct Row: CustomTestStringConvertible, Sendable {
    let text: String
    let expected: YAMLScalar.CoreValue
    var testDescription: String { "'\(text)'" }
  }

  static let rows: [Row] = [
    Row(text: "", expected: .null), Row(text: "~", expected: .null), Row(text: "null", expected: .null),
    Row(text: "NULL", expected: .null), Row(text: "true", expected: .bool(true)),
    Row(text: "False", expected: .bool(false)), Row(text: "yes", expected: .string("yes")),
    Row(text: "no", expected: .string("no")), Row(text: "on", expected: .string("on")),
    Row(text: "off", expected: .string("off")), Row(text: "y", expected: .string("y")),
    Row(text: "0", expected: .integer(0)), Row(text: "012", expected: .integer(12)),
    Row(text: "-19", expected: .integer(-19)), Row(text: "+12", expected: .integer(12)),
    Row(text: "0o14", expected: .integer(12)), Row(text: "0x1F", expected: .integer(31)),
    Row(text: "0b101", expected: .string("0b101")),
    Row(text: "99999999999999999999", expected: .largeInteger("99999999999999999999")),
    Row(text: "1.5", expected: .float(1.5)), Row(text: ".5", expected: .float(0.5)),
    Row(text: "1.", expected: .float(1)), Row(text: "1e3", expected: .float(1000)),
    Row(text: "-2.5E-3", expected: .float(-0.0025)), Row(text: ".inf", expected: .float(.infinity)),
    Row(text: "-.Inf", expected: .float(-.infinity)), Row(text: "1_000", expected: .string("1_000")),
    Row(text: "inf", expected: .string("inf")), Row(text: "nan", expected: .string("nan")),
    Row(text: "0x", expected: .string("0x")), Row(text: "1e", expected: .string("1e")),
    Row(text: "12:30", expected: .string("12:30")), Row(text: "treat", expected: .string("treat")),
  ]

  @Test("plain scalars resolve as the core schema says", arguments: rows)
  func resolves(_ row: Row) {
    #expect(YAMLScalar.resolvePlain(row.text) == row.expected)
  }

  @Test(".nan is a float that is not equal to itself")
  func nan() {
    guard case .float(let d) = YAMLScalar.resolvePlain(".nan") else {
      Issue.record("not a float")
      return
    }
    #expect(d.isNaN)
  }

  @Test("quoted scalars are always strings")
  func quoted() {
    let scalar = YAMLScalar(text: "true", style: .doubleQuoted, isForcedString: false)
    #expect(scalar.coreValue == .string("true"))
  }
}
