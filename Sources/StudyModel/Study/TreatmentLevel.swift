/// A level of the treatment that a contrast compares: a number, or the
/// name of a categorical treatment's level (`treatment_value: high`).
///
/// Coded in JSON as the number or the string.
public enum TreatmentLevel: Hashable, Sendable, Codable, CustomStringConvertible, ExpressibleByIntegerLiteral,
  ExpressibleByFloatLiteral
{
  case number(Double)
  case text(String)

  public init(integerLiteral value: Int) { self = .number(Double(value)) }
  public init(floatLiteral value: Double) { self = .number(value) }

  /// The number, when the level is one.
  public var number: Double? {
    if case .number(let d) = self { return d }
    return nil
  }

  /// The level as written: `1`, `0.5`, `high`.
  public var description: String {
    switch self {
    case .number(let d): JSONValue.format(d)
    case .text(let s): s
    }
  }

  /// Whether `text`, a categorical level's name, names this level (`2`
  /// names the level written `2` or `2.0`).
  public func names(_ text: String) -> Bool {
    switch self {
    case .text(let s): s == text
    case .number(let d): Double(text) == d
    }
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.singleValueContainer()
    if let d = try? c.decode(Double.self) {
      self = .number(d)
    } else {
      self = .text(try c.decode(String.self))
    }
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.singleValueContainer()
    switch self {
    case .number(let d): try c.encode(d)
    case .text(let s): try c.encode(s)
    }
  }
}

extension TreatmentLevel: JSONSchemaDescribed {
  public static var jsonSchema: JSONValue { ["type": ["number", "string"]] }
  public static var schemaStandIn: TreatmentLevel { .number(0) }
}
