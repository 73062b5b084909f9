/// A JSON value for `result.json`, with numbers kept as their text.
///
/// Keeping the text (instead of a `Double`) lets a 64-bit seed such as
/// 18446744073709551615 pass through exactly, and lets the writer choose one
/// spelling per number. Object members are a dictionary: the writer sorts
/// them, so member order never depends on the order of construction.
///
/// Serialisation (``serialized()``), the "fixed formatting" of `result.json`:
/// - members sorted by the bytes of their UTF-8 keys; two-space indentation;
///   `"key": value`; one member per line;
/// - an array whose elements are all scalars (numbers, strings, booleans,
///   null) on one line: `[1, 2.5, null]`; other arrays one element per line;
///   empty containers as `[]` and `{}`;
/// - numbers: integers as digits; a double that is a whole number below 2^53
///   in magnitude as digits, any other finite double as Swift's shortest
///   round-tripping text (`0.1`, `1e-05`); a non-finite double as `null`;
/// - strings: `"` and `\` escaped, control characters as `\n`, `\r`, `\t`,
///   `\b`, `\f` or `\u00XX`; everything else, non-ASCII included, as UTF-8;
/// - a final line feed.
enum JSONNode: Equatable, Sendable {
  case null
  case bool(Bool)
  /// A number as JSON text (always valid JSON number syntax).
  case number(String)
  case string(String)
  case array([JSONNode])
  case object([String: JSONNode])

  /// A double: its shortest round-tripping text, or null when not finite.
  static func double(_ value: Double) -> JSONNode {
    guard value.isFinite else { return .null }
    if value == value.rounded(), abs(value) < 9_007_199_254_740_992 { return .number(String(Int64(value))) }
    return .number(value.description)
  }

  /// An optional double: null when nil or not finite.
  static func double(_ value: Double?) -> JSONNode {
    guard let value else { return .null }
    return double(value)
  }

  static func integer<T: BinaryInteger>(_ value: T) -> JSONNode { .number(String(value)) }

  static func integer<T: BinaryInteger>(_ value: T?) -> JSONNode {
    guard let value else { return .null }
    return .number(String(value))
  }

  static func string(_ value: String?) -> JSONNode {
    guard let value else { return .null }
    return .string(value)
  }

  static func strings(_ values: [String]) -> JSONNode { .array(values.map(JSONNode.string)) }

  static func doubles(_ values: [Double]) -> JSONNode { .array(values.map { JSONNode.double($0) }) }

  static func doubles(_ values: [Double]?) -> JSONNode {
    guard let values else { return .null }
    return doubles(values)
  }

  static func optionalDoubles(_ values: [Double?]) -> JSONNode { .array(values.map { JSONNode.double($0) }) }

  /// Whether the node is not an array or an object.
  var isScalar: Bool {
    switch self {
    case .array, .object: false
    default: true
    }
  }

  // MARK: - Writing

  /// The JSON text with the fixed formatting described on the type.
  func serialized() -> String {
    var out = ""
    write(to: &out, indent: 0)
    out += "\n"
    return out
  }

  private func write(to out: inout String, indent: Int) {
    switch self {
    case .null: out += "null"
    case .bool(let value): out += value ? "true" : "false"
    case .number(let text): out += text
    case .string(let text): JSONNode.writeString(text, to: &out)
    case .array(let items):
      if items.isEmpty {
        out += "[]"
      } else if items.allSatisfy(\.isScalar) {
        out += "["
        for (i, item) in items.enumerated() {
          if i > 0 { out += ", " }
          item.write(to: &out, indent: indent)
        }
        out += "]"
      } else {
        out += "["
        for (i, item) in items.enumerated() {
          out += i == 0 ? "\n" : ",\n"
          out += String(repeating: "  ", count: indent + 1)
          item.write(to: &out, indent: indent + 1)
        }
        out += "\n" + String(repeating: "  ", count: indent) + "]"
      }
    case .object(let members):
      if members.isEmpty {
        out += "{}"
        return
      }
      out += "{"
      let keys = members.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
      for (i, key) in keys.enumerated() {
        out += i == 0 ? "\n" : ",\n"
        out += String(repeating: "  ", count: indent + 1)
        JSONNode.writeString(key, to: &out)
        out += ": "
        members[key]?.write(to: &out, indent: indent + 1)
      }
      out += "\n" + String(repeating: "  ", count: indent) + "}"
    }
  }

  static func writeString(_ text: String, to out: inout String) {
    out += "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case "\u{08}": out += "\\b"
      case "\u{0C}": out += "\\f"
      default:
        if scalar.value < 0x20 {
          let hex = String(scalar.value, radix: 16)
          out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    out += "\""
  }

  /// The JSON type of the node, for messages.
  var kindName: String {
    switch self {
    case .null: "null"
    case .bool: "a boolean"
    case .number: "a number"
    case .string: "a string"
    case .array: "an array"
    case .object: "an object"
    }
  }
}
