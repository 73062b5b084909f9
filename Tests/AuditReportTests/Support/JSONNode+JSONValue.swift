import StudyModel

@testable import AuditReport

extension JSONNode {
  /// The value as StudyModel's `JSONValue` (for `JSONSchemaValidator`); integers
  /// beyond `Int` become doubles, object members keep sorted order.
  var jsonValue: JSONValue {
    switch self {
    case .null: return .null
    case .bool(let b): return .bool(b)
    case .number(let text):
      if let i = Int(text) { return .integer(i) }
      return .number(Double(text) ?? .nan)
    case .string(let s): return .string(s)
    case .array(let items): return .array(items.map(\.jsonValue))
    case .object(let members):
      return .object(members.keys.sorted().map { ($0, members[$0]?.jsonValue ?? .null) })
    }
  }
}
