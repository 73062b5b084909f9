/// A JSON document as a value: the one representation behind every JSON
/// Assay reads or writes (``JSONCodec``).
///
/// Object members are kept in the order they were built, for code that
/// builds documents by hand (the JSON Schemas); ``serialized()`` sorts them,
/// so the bytes never depend on that order.
public indirect enum JSONValue: Hashable, Sendable {
  case null
  case bool(Bool)
  case number(Double)
  case integer(Int)
  /// A whole number above `Int.max` (a 64-bit seed), kept exact.
  case unsigned(UInt64)
  case string(String)
  case array([JSONValue])
  case object([(String, JSONValue)])

  public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
    switch (lhs, rhs) {
    case (.null, .null): return true
    case (.bool(let a), .bool(let b)): return a == b
    case (.number(let a), .number(let b)): return a == b
    case (.integer(let a), .integer(let b)): return a == b
    case (.integer(let a), .number(let b)), (.number(let b), .integer(let a)): return Double(a) == b
    case (.unsigned(let a), .unsigned(let b)): return a == b
    case (.string(let a), .string(let b)): return a == b
    case (.array(let a), .array(let b)): return a == b
    case (.object(let a), .object(let b)):
      guard a.count == b.count else { return false }
      let bm = Dictionary(b, uniquingKeysWith: { x, _ in x })
      return a.allSatisfy { key, value in bm[key] == value }
    default: return false
    }
  }

  public func hash(into hasher: inout Hasher) {
    switch self {
    case .null: hasher.combine(0)
    case .bool(let b): hasher.combine(b)
    case .number(let d): hasher.combine(d)
    case .integer(let i): hasher.combine(Double(i))
    case .unsigned(let u): hasher.combine(Double(u))
    case .string(let s): hasher.combine(s)
    case .array(let a): hasher.combine(a)
    case .object(let members):
      hasher.combine(members.count)
      for (key, _) in members.sorted(by: { $0.0 < $1.0 }) { hasher.combine(key) }
    }
  }

  /// The member named `key` of an object, or `nil`.
  public subscript(key: String) -> JSONValue? {
    guard case .object(let members) = self else { return nil }
    return members.first { $0.0 == key }?.1
  }

  /// The member names of an object, in order.
  public var keys: [String] {
    guard case .object(let members) = self else { return [] }
    return members.map(\.0)
  }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral,
  ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByArrayLiteral,
  ExpressibleByNilLiteral, ExpressibleByDictionaryLiteral
{
  /// An object with its members in the order written.
  public init(dictionaryLiteral elements: (String, JSONValue)...) { self = .object(elements) }
  public init(stringLiteral value: String) { self = .string(value) }
  public init(booleanLiteral value: Bool) { self = .bool(value) }
  public init(integerLiteral value: Int) { self = .integer(value) }
  public init(floatLiteral value: Double) { self = .number(value) }
  public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
  public init(nilLiteral: ()) { self = .null }
}

extension JSONValue {
  /// The value as JSON text, in Assay's one fixed format.
  ///
  /// - object members sorted by the bytes of their UTF-8 keys, two-space
  ///   indentation, `"key": value`, one member per line;
  /// - an array whose elements are all scalars (numbers, strings, booleans,
  ///   null) on one line, `[1, 2.5, null]`; other arrays one element per line;
  ///   empty containers as `[]` and `{}`;
  /// - numbers by ``format(_:)``; strings by ``writeString(_:to:)``;
  /// - a final line feed.
  ///
  /// The same value always gives the same bytes, whatever the order in which
  /// its members were built.
  public func serialized() -> String {
    var out = ""
    write(to: &out, indent: 0)
    out.append("\n")
    return out
  }

  /// Whether the value is not an array or an object.
  var isScalar: Bool {
    switch self {
    case .array, .object: false
    default: true
    }
  }

  private func write(to out: inout String, indent: Int) {
    switch self {
    case .null: out.append("null")
    case .bool(let b): out.append(b ? "true" : "false")
    case .integer(let i): out.append(String(i))
    case .unsigned(let u): out.append(String(u))
    case .number(let d): out.append(JSONValue.format(d))
    case .string(let s): JSONValue.writeString(s, to: &out)
    case .array(let items):
      if items.isEmpty {
        out.append("[]")
      } else if items.allSatisfy(\.isScalar) {
        out.append("[")
        for (i, item) in items.enumerated() {
          if i > 0 { out.append(", ") }
          item.write(to: &out, indent: indent)
        }
        out.append("]")
      } else {
        out.append("[")
        for (i, item) in items.enumerated() {
          out.append(i == 0 ? "\n" : ",\n")
          out.append(String(repeating: "  ", count: indent + 1))
          item.write(to: &out, indent: indent + 1)
        }
        out.append("\n" + String(repeating: "  ", count: indent) + "]")
      }
    case .object(let members):
      if members.isEmpty {
        out.append("{}")
        return
      }
      out.append("{")
      let sorted = members.sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
      for (i, (key, value)) in sorted.enumerated() {
        out.append(i == 0 ? "\n" : ",\n")
        out.append(String(repeating: "  ", count: indent + 1))
        JSONValue.writeString(key, to: &out)
        out.append(": ")
        value.write(to: &out, indent: indent + 1)
      }
      out.append("\n" + String(repeating: "  ", count: indent) + "}")
    }
  }

  /// The text of a double: a whole number below 2^53 in magnitude as digits,
  /// any other finite double as Swift's shortest round-tripping text (`0.1`,
  /// `1e-05`), a non-finite one as `null` (JSON cannot hold it).
  public static func format(_ d: Double) -> String {
    guard d.isFinite else { return "null" }
    if d == d.rounded(), abs(d) < 9_007_199_254_740_992 { return String(Int64(d)) }
    return "\(d)"
  }

  /// A JSON string: `"` and `\\` escaped, control characters as `\\n`,
  /// `\\r`, `\\t`, `\\b`, `\\f` or `\\u00XX`; DEL, the C1 controls, the
  /// line and paragraph separators and the bidirectional controls as
  /// `\\uXXXX` too (valid JSON either way, but a terminal or a log showing
  /// the document raw must not act on them, see ``OutputText``), and the
  /// second `#` of `##[` as `\\u0023`; everything
  /// else (non-ASCII included) as UTF-8.
  static func writeString(_ s: String, to out: inout String) {
    out.append("\"")
    let scalars = Array(s.unicodeScalars)
    for (index, scalar) in scalars.enumerated() {
      // "##[" (a GitHub workflow command in the older syntax) as "#\u0023[".
      if scalar == "#", index > 0, scalars[index - 1] == "#", index + 1 < scalars.count, scalars[index + 1] == "[" {
        out.append("\\u0023")
        continue
      }
      switch scalar {
      case "\"": out.append("\\\"")
      case "\\": out.append("\\\\")
      case "\n": out.append("\\n")
      case "\r": out.append("\\r")
      case "\t": out.append("\\t")
      case "\u{08}": out.append("\\b")
      case "\u{0C}": out.append("\\f")
      default:
        if scalar.value < 0x20 || OutputText.isControl(scalar) {
          let hex = String(scalar.value, radix: 16)
          out.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    out.append("\"")
  }
}
