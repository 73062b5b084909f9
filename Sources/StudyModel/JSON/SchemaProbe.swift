/// The decoder ``JSONSchemaBuilder`` decodes a type from: it answers every
/// request with a stand-in value and records what was asked.
final class SchemaProbe {
  /// What the type read at this level.
  enum Shape {
    /// One scalar (a type coded as a single value, such as a string).
    case scalar(JSONValue)
    /// An array, with the schema of its elements.
    case array(JSONValue?)
    /// An object, with its members in reading order.
    case object([(String, JSONValue)])
  }

  var builder: JSONSchemaBuilder
  var shape: Shape?

  init(builder: JSONSchemaBuilder) {
    self.builder = builder
  }

  func decoder(path: [any CodingKey]) -> Decoder { Decoder(probe: self, codingPath: path) }

  func member(_ name: String, _ schema: JSONValue) {
    var members: [(String, JSONValue)] = []
    if case .object(let existing)? = shape { members = existing }
    if !members.contains(where: { $0.0 == name }) { members.append((name, schema)) }
    shape = .object(members)
  }

  struct Decoder: Swift.Decoder {
    let probe: SchemaProbe
    var codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
      if probe.shape == nil { probe.shape = .object([]) }
      return KeyedDecodingContainer(Keyed<Key>(probe: probe, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
      if probe.shape == nil { probe.shape = .array(nil) }
      return Unkeyed(probe: probe, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
      Single(probe: probe, codingPath: codingPath)
    }
  }

  struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let probe: SchemaProbe
    var codingPath: [any CodingKey]
    var allKeys: [Key] { [] }

    func contains(_ key: Key) -> Bool { true }
    func decodeNil(forKey key: Key) throws -> Bool { false }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
      let (schema, value) = probe.builder.probe(T.self)
      probe.member(JSONKeys.name(key.stringValue), schema)
      return value
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
      let (schema, value) = probe.builder.probe(T.self)
      probe.member(JSONKeys.name(key.stringValue), JSONSchemaBuilder.nullable(schema))
      return value
    }

    // The standard library answers these from `contains` and `decodeNil`,
    // which cannot tell an optional member from a required one.
    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try optional(type, key) }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { try optional(type, key) }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? { try optional(type, key) }
    func decodeIfPresent(_ type: Float.Type, forKey key: Key) throws -> Float? { try optional(type, key) }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try optional(type, key) }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { try optional(type, key) }
    func decodeIfPresent(_ type: UInt64.Type, forKey key: Key) throws -> UInt64? { try optional(type, key) }

    private func optional<T: Decodable>(_ type: T.Type, _ key: Key) throws -> T? {
      try decodeIfPresent(type, forKey: key)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
      -> KeyedDecodingContainer<NestedKey>
    {
      preconditionFailure("records do not use nested containers")
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
      preconditionFailure("records do not use nested containers")
    }

    func superDecoder() throws -> any Swift.Decoder { preconditionFailure("records do not use super decoders") }
    func superDecoder(forKey key: Key) throws -> any Swift.Decoder {
      preconditionFailure("records do not use super decoders")
    }
  }

  struct Unkeyed: UnkeyedDecodingContainer {
    let probe: SchemaProbe
    var codingPath: [any CodingKey]
    var currentIndex = 0
    var count: Int? { 1 }
    var isAtEnd: Bool { currentIndex > 0 }

    init(probe: SchemaProbe, codingPath: [any CodingKey]) {
      self.probe = probe
      self.codingPath = codingPath
    }

    mutating func decodeNil() throws -> Bool { false }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
      let (schema, value) = probe.builder.probe(T.self)
      probe.shape = .array(schema)
      currentIndex += 1
      return value
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
      -> KeyedDecodingContainer<NestedKey>
    {
      preconditionFailure("records do not use nested containers")
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
      preconditionFailure("records do not use nested containers")
    }

    mutating func superDecoder() throws -> any Swift.Decoder {
      preconditionFailure("records do not use super decoders")
    }
  }

  struct Single: SingleValueDecodingContainer {
    let probe: SchemaProbe
    var codingPath: [any CodingKey]

    func decodeNil() -> Bool { false }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
      let (schema, value) = probe.builder.probe(T.self)
      probe.shape = .scalar(schema)
      return value
    }
  }
}
