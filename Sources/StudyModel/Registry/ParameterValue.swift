/// A parameter value as written in a study file, after YAML typing.
///
/// Integers stay integers (`neighbors: 1`), so that a report can show the
/// value as the user wrote it; ``doubleValue`` widens them where a number is
/// expected.
public indirect enum ParameterValue: Hashable, Codable, Sendable, CustomStringConvertible {
  case bool(Bool)
  case integer(Int)
  case number(Double)
  case string(String)
  case list([ParameterValue])

  /// The value as a number, for integers and numbers.
  public var doubleValue: Double? {
    switch self {
    case .integer(let i): Double(i)
    case .number(let d): d
    default: nil
    }
  }

  public var intValue: Int? {
    if case .integer(let i) = self { return i }
    return nil
  }

  public var boolValue: Bool? {
    if case .bool(let b) = self { return b }
    return nil
  }

  public var stringValue: String? {
    if case .string(let s) = self { return s }
    return nil
  }

  public var listValue: [ParameterValue]? {
    if case .list(let l) = self { return l }
    return nil
  }

  /// The elements of a list of strings (column names, model terms).
  public var stringList: [String]? {
    listValue?.compactMap(\.stringValue)
  }

  /// The elements of a list of numbers.
  public var numberList: [Double]? {
    listValue?.compactMap(\.doubleValue)
  }

  /// The value in YAML flow syntax, as a plan or report shows it.
  public var description: String {
    switch self {
    case .bool(let b): b ? "true" : "false"
    case .integer(let i): String(i)
    case .number(let d): JSONValue.format(d)
    case .string(let s): s
    case .list(let items): "[" + items.map(\.description).joined(separator: ", ") + "]"
    }
  }

  /// Decodes the plain JSON value (a boolean, a number, a string or a list).
  public init(from decoder: any Decoder) throws {
    let c = try decoder.singleValueContainer()
    if let b = try? c.decode(Bool.self) {
      self = .bool(b)
    } else if let i = try? c.decode(Int.self) {
      self = .integer(i)
    } else if let d = try? c.decode(Double.self) {
      self = .number(d)
    } else if let s = try? c.decode(String.self) {
      self = .string(s)
    } else {
      self = .list(try c.decode([ParameterValue].self))
    }
  }

  /// Encodes the plain JSON value: `true`, `1`, `0.5`, `"hc1"`, `[..]`.
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.singleValueContainer()
    switch self {
    case .bool(let b): try c.encode(b)
    case .integer(let i): try c.encode(i)
    case .number(let d): try c.encode(d)
    case .string(let s): try c.encode(s)
    case .list(let items): try c.encode(items)
    }
  }

  /// The value as JSON.
  public var json: JSONValue {
    switch self {
    case .bool(let b): .bool(b)
    case .integer(let i): .integer(i)
    case .number(let d): .number(d)
    case .string(let s): .string(s)
    case .list(let items): .array(items.map(\.json))
    }
  }
}
