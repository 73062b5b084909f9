/// A JSON document as a value, with object members kept in insertion order.
///
/// Used where the exact bytes matter (the committed JSON Schema, reports that
/// must be byte-identical from run to run): `Foundation.JSONEncoder` sorts keys
/// alphabetically at best, which scatters a schema's members.
public indirect enum JSONValue: Hashable, Sendable {
  case null
  case bool(Bool)
  case number(Double)
  case integer(Int)
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
  ExpressibleByNilLiteral
{
  public init(stringLiteral value: String) { self = .string(value) }
  public init(booleanLiteral value: Bool) { self = .bool(value) }
  public init(integerLiteral value: Int) { self = .integer(value) }
  public init(floatLiteral value: Double) { self = .number(value) }
  public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
  public init(nilLiteral: ()) { self = .null }
}

extension JSONValue {
  /// Serialises the value.
  ///
  /// - Parameter pretty: two-space indentation and one member per line; the
  ///   compact form has no white space at all.
  /// - Returns: JSON text. Numbers use the shortest representation that
  ///   round-trips (Swift's `description`); integers have no fraction; a
  ///   non-finite number, which JSON cannot hold, is written as `null`.
  public func serialized(pretty: Bool = true) -> String {
    var out = ""
    write(to: &out, indent: pretty ? 0 : nil)
    if pretty { out.append("\n") }
    return out
  }

  private func write(to out: inout String, indent: Int?) {
    switch self {
    case .null: out.append("null")
    case .bool(let b): out.append(b ? "true" : "false")
    case .integer(let i): out.append(String(i))
    case .number(let d): out.append(JSONValue.format(d))
    case .string(let s): JSONValue.writeString(s, to: &out)
    case .array(let items):
      if items.isEmpty { out.append("[]"); return }
      out.append("[")
      for (i, item) in items.enumerated() {
        if i > 0 { out.append(",") }
        if let indent { out.append("\n"); out.append(String(repeating: "  ", count: indent + 1)) }
        item.write(to: &out, indent: indent.map { $0 + 1 })
      }
      if let indent { out.append("\n"); out.append(String(repeating: "  ", count: indent)) }
      out.append("]")
    case .object(let members):
      if members.isEmpty { out.append("{}"); return }
      out.append("{")
      for (i, (key, value)) in members.enumerated() {
        if i > 0 { out.append(",") }
        if let indent { out.append("\n"); out.append(String(repeating: "  ", count: indent + 1)) }
        JSONValue.writeString(key, to: &out)
        out.append(indent == nil ? ":" : ": ")
        value.write(to: &out, indent: indent.map { $0 + 1 })
      }
      if let indent { out.append("\n"); out.append(String(repeating: "  ", count: indent)) }
      out.append("}")
    }
  }

  /// The shortest round-tripping text of a finite double; `null` otherwise.
  public static func format(_ d: Double) -> String {
    guard d.isFinite else { return "null" }
    if d == d.rounded(), abs(d) <= 9_007_199_254_740_992 { return String(Int(d)) }
    return "\(d)"
  }

  static func writeString(_ s: String, to out: inout String) {
    out.append("\"")
    for scalar in s.unicodeScalars {
      switch scalar {
      case "\"": out.append("\\\"")
      case "\\": out.append("\\\\")
      case "\n": out.append("\\n")
      case "\r": out.append("\\r")
      case "\t": out.append("\\t")
      case "\u{08}": out.append("\\b")
      case "\u{0C}": out.append("\\f")
      default:
        if scalar.value < 0x20 {
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
