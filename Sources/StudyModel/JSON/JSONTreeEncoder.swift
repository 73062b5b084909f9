/// An `Encoder` that builds a ``JSONValue``: the one way Assay turns its
/// `Codable` records into JSON.
///
/// - member names are the coding keys in snake_case (``JSONKeys``), except
///   the keys of `[String: ...]` dictionaries, which are data;
/// - `nil` optionals are written as `null` (every member is always present);
/// - non-finite numbers are written as `null`;
/// - integers are exact, unsigned ones above `Int.max` included.
struct JSONTreeEncoder: Encoder {
  /// The node being written; containers fill it in place.
  final class Node {
    enum Content {
      case empty
      case value(JSONValue)
      case object([(String, Node)])
      case array([Node])
    }

    var content: Content = .empty

    var value: JSONValue {
      switch content {
      case .empty: .null
      case .value(let v): v
      case .object(let members): .object(members.map { ($0.0, $0.1.value) })
      case .array(let items): .array(items.map(\.value))
      }
    }

    /// The member `key` of an object node (created, or replaced when written twice).
    func member(_ key: String) -> Node {
      let child = Node()
      guard case .object(var members) = content else {
        content = .object([(key, child)])
        return child
      }
      if let i = members.firstIndex(where: { $0.0 == key }) {
        members[i].1 = child
      } else {
        members.append((key, child))
      }
      content = .object(members)
      return child
    }

    func appended() -> Node {
      let child = Node()
      if case .array(let items) = content {
        content = .array(items + [child])
      } else {
        content = .array([child])
      }
      return child
    }
  }

  let node: Node
  var codingPath: [any CodingKey]
  var userInfo: [CodingUserInfoKey: Any] { [:] }

  init(node: Node = Node(), codingPath: [any CodingKey] = []) {
    self.node = node
    self.codingPath = codingPath
  }

  /// Encodes `value` into a tree.
  static func encode(_ value: some Encodable) throws -> JSONValue {
    let encoder = JSONTreeEncoder()
    try encoder.encodeValue(value)
    return encoder.node.value
  }

  func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
    if case .object = node.content {} else { node.content = .object([]) }
    return KeyedEncodingContainer(KeyedContainer<Key>(node: node, codingPath: codingPath))
  }

  func unkeyedContainer() -> any UnkeyedEncodingContainer {
    if case .array = node.content {} else { node.content = .array([]) }
    return UnkeyedContainer(node: node, codingPath: codingPath)
  }

  func singleValueContainer() -> any SingleValueEncodingContainer {
    SingleValueContainer(node: node, codingPath: codingPath)
  }

  /// Writes any value into this encoder's node, with the special cases.
  func encodeValue(_ value: some Encodable) throws {
    if let scalar = Self.scalar(value) {
      node.content = .value(scalar)
    } else if let dictionary = value as? any JSONStringKeyedDictionary {
      node.content = .object([])
      for (key, element) in dictionary.jsonEntries {
        let child = node.member(key)
        try JSONTreeEncoder(node: child, codingPath: codingPath + [JSONIndexKey(key)]).encodeValue(element)
      }
    } else {
      try value.encode(to: self)
    }
  }

  /// The JSON of a number, a string or a Boolean, else `nil`.
  static func scalar(_ value: Any) -> JSONValue? {
    switch value {
    case let v as Double: v.isFinite ? .number(v) : .null
    case let v as Float: v.isFinite ? .number(Double(v)) : .null
    case let v as Int: .integer(v)
    case let v as Int64: .integer(Int(v))
    case let v as Int32: .integer(Int(v))
    case let v as UInt64: v <= UInt64(Int.max) ? .integer(Int(v)) : .unsigned(v)
    case let v as UInt32: .integer(Int(v))
    case let v as UInt: v <= UInt(Int.max) ? .integer(Int(v)) : .unsigned(UInt64(v))
    case let v as String: .string(v)
    case let v as Bool: .bool(v)
    default: nil
    }
  }

  struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: Node
    var codingPath: [any CodingKey]

    private func child(_ key: Key) -> JSONTreeEncoder {
      JSONTreeEncoder(node: node.member(JSONKeys.name(key.stringValue)), codingPath: codingPath + [key])
    }

    mutating func encodeNil(forKey key: Key) throws { child(key).node.content = .value(.null) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { try child(key).encodeValue(value) }
    mutating func encode(_ value: String, forKey key: Key) throws { try child(key).encodeValue(value) }
    mutating func encode(_ value: Double, forKey key: Key) throws { try child(key).encodeValue(value) }
    mutating func encode(_ value: Float, forKey key: Key) throws { try child(key).encodeValue(value) }
    mutating func encode(_ value: Int, forKey key: Key) throws { try child(key).encodeValue(value) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { try child(key).encodeValue(Int(value)) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { try child(key).encodeValue(Int(value)) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { try child(key).encodeValue(value) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { try child(key).encodeValue(value) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { try child(key).encodeValue(value) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { try child(key).encodeValue(Int(value)) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { try child(key).encodeValue(Int(value)) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { try child(key).encodeValue(value) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { try child(key).encodeValue(value) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { try child(key).encodeValue(value) }

    // Absent optionals are written as null, so that every member is present.
    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { try put(value, key) }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws { try put(value, key) }
    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws { try put(value, key) }
    mutating func encodeIfPresent(_ value: Float?, forKey key: Key) throws { try put(value, key) }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { try put(value, key) }
    mutating func encodeIfPresent(_ value: Int8?, forKey key: Key) throws { try put(value, key) }
    mutating func encodeIfPresent(_ value: Int16?, forKey key: Key) throws { try put(value, key) }
    mutating func encodeIfPresent(_ value: Int32?, forKey key: Key) throws { try put(value, key) }
    mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws { try put(value, key) }
    mutating func encodeIfPresent(_ value: UInt?, forKey key: Key) throws { try put(value, key) }
    mutating func encodeIfPresent(_ value: UInt8?, forKey key: Key) throws { try put(value, key) }
    mutating func encodeIfPresent(_ value: UInt16?, forKey key: Key) throws { try put(value, key) }
    mutating func encodeIfPresent(_ value: UInt32?, forKey key: Key) throws { try put(value, key) }
    mutating func encodeIfPresent(_ value: UInt64?, forKey key: Key) throws { try put(value, key) }
    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws { try put(value, key) }

    private mutating func put<T: Encodable>(_ value: T?, _ key: Key) throws {
      if let value { try child(key).encodeValue(value) } else { try encodeNil(forKey: key) }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
      keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
      child(key).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
      child(key).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
      JSONTreeEncoder(node: node.member("super"), codingPath: codingPath)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder { child(key) }
  }

  struct UnkeyedContainer: UnkeyedEncodingContainer {
    let node: Node
    var codingPath: [any CodingKey]
    var count: Int {
      if case .array(let items) = node.content { return items.count }
      return 0
    }

    private func next() -> JSONTreeEncoder {
      let index = count
      return JSONTreeEncoder(node: node.appended(), codingPath: codingPath + [JSONIndexKey(index: index)])
    }

    mutating func encodeNil() throws { next().node.content = .value(.null) }
    mutating func encode<T: Encodable>(_ value: T) throws { try next().encodeValue(value) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type)
      -> KeyedEncodingContainer<NestedKey>
    {
      next().container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer { next().unkeyedContainer() }
    mutating func superEncoder() -> any Encoder { next() }
  }

  struct SingleValueContainer: SingleValueEncodingContainer {
    let node: Node
    var codingPath: [any CodingKey]

    mutating func encodeNil() throws { node.content = .value(.null) }
    mutating func encode<T: Encodable>(_ value: T) throws {
      try JSONTreeEncoder(node: node, codingPath: codingPath).encodeValue(value)
    }
  }
}
