/// A `Decoder` that reads `Codable` records back from a ``JSONValue``, with
/// the conventions of ``JSONTreeEncoder``: snake_case member names,
/// `null` (or an absent member) for `nil`, an absent member for an empty
/// list (so documents of earlier versions, without a list added since, still
/// read), data keys kept as they are.
///
/// Errors are ``JSONCodecError`` values that name the member's path
/// (`/estimates/2/ci`).
struct JSONTreeDecoder: Decoder {
  let value: JSONValue
  var codingPath: [any CodingKey]
  var userInfo: [CodingUserInfoKey: Any] { [:] }

  init(value: JSONValue, codingPath: [any CodingKey] = []) {
    self.value = value
    self.codingPath = codingPath
  }

  /// The path of `codingPath` (plus `key`) as the member names of the document.
  static func path(_ codingPath: [any CodingKey]) -> String {
    codingPath.map { "/" + ($0.intValue.map(String.init) ?? JSONKeys.name($0.stringValue)) }.joined()
  }

  func failure(_ message: String) -> JSONCodecError {
    JSONCodecError(path: Self.path(codingPath), message: message)
  }

  static func kind(_ value: JSONValue) -> String {
    switch value {
    case .null: "null"
    case .bool: "a boolean"
    case .number, .integer, .unsigned: "a number"
    case .string: "a string"
    case .array: "an array"
    case .object: "an object"
    }
  }

  func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
    guard case .object(let members) = value else { throw failure("expected an object, found \(Self.kind(value))") }
    return KeyedDecodingContainer(KeyedContainer<Key>(members: members, codingPath: codingPath))
  }

  func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
    guard case .array(let items) = value else { throw failure("expected an array, found \(Self.kind(value))") }
    return UnkeyedContainer(items: items, codingPath: codingPath)
  }

  func singleValueContainer() throws -> any SingleValueDecodingContainer { SingleValueContainer(decoder: self) }

  /// Reads any value, with the special cases (scalars, data-keyed dictionaries).
  func decodeValue<T: Decodable>(_ type: T.Type) throws -> T {
    if let scalar = try scalar(type) { return scalar }
    if let dictionary = type as? any JSONStringKeyedDictionary.Type {
      guard case .object(let members) = value else { throw failure("expected an object, found \(Self.kind(value))") }
      guard let result = try dictionary.decodeJSONEntries(members, path: codingPath) as? T else {
        throw failure("cannot read a \(T.self)")
      }
      return result
    }
    do {
      return try T(from: self)
    } catch let DecodingError.dataCorrupted(context) {
      // A word the type does not know (an enum's raw value), or a check of a
      // type's own decoder.
      let path = Self.path(context.codingPath.isEmpty ? codingPath : context.codingPath)
      if case .string(let word) = value, context.codingPath.count <= codingPath.count {
        throw JSONCodecError(path: path, message: "unknown value '\(word)'")
      }
      throw JSONCodecError(path: path, message: context.debugDescription)
    }
  }

  private func scalar<T>(_ type: T.Type) throws -> T? {
    func number() throws -> Double {
      switch value {
      case .number(let d): return d
      case .integer(let i): return Double(i)
      case .unsigned(let u): return Double(u)
      default: throw failure("expected a number, found \(Self.kind(value))")
      }
    }
    func integer() throws -> Int {
      switch value {
      case .integer(let i): return i
      case .number(let d) where d == d.rounded() && abs(d) < 9_007_199_254_740_992: return Int(d)
      default: throw failure("expected a whole number, found \(Self.kind(value))")
      }
    }
    switch type {
    case is Double.Type: return try number() as? T
    case is Float.Type: return Float(try number()) as? T
    case is Int.Type: return try integer() as? T
    case is Int64.Type: return Int64(try integer()) as? T
    case is Int32.Type:
      guard let v = Int32(exactly: try integer()) else { throw failure("number out of range") }
      return v as? T
    case is UInt64.Type:
      if case .unsigned(let u) = value { return u as? T }
      guard let v = UInt64(exactly: try integer()) else { throw failure("expected a whole number >= 0") }
      return v as? T
    case is UInt.Type:
      guard let v = UInt(exactly: try integer()) else { throw failure("expected a whole number >= 0") }
      return v as? T
    case is String.Type:
      guard case .string(let s) = value else { throw failure("expected a string, found \(Self.kind(value))") }
      return s as? T
    case is Bool.Type:
      guard case .bool(let b) = value else { throw failure("expected a boolean, found \(Self.kind(value))") }
      return b as? T
    default:
      return nil
    }
  }

  struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let members: [String: JSONValue]
    var codingPath: [any CodingKey]

    init(members: [(String, JSONValue)], codingPath: [any CodingKey]) {
      self.members = Dictionary(members, uniquingKeysWith: { first, _ in first })
      self.codingPath = codingPath
    }

    var allKeys: [Key] { members.keys.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { members[JSONKeys.name(key.stringValue)] != nil }

    private func member(_ key: Key) throws -> JSONTreeDecoder {
      let name = JSONKeys.name(key.stringValue)
      guard let value = members[name] else {
        throw JSONCodecError(path: JSONTreeDecoder.path(codingPath + [key]), message: "missing member '\(name)'")
      }
      return JSONTreeDecoder(value: value, codingPath: codingPath + [key])
    }

    func decodeNil(forKey key: Key) throws -> Bool {
      let value = members[JSONKeys.name(key.stringValue)]
      return value == nil || value == .null
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
      // A list a later version added reads as empty from an older document
      // (result.json of an earlier Assay, for `assay report` and `assay diff`);
      // every other absent member is an error.
      if members[JSONKeys.name(key.stringValue)] == nil,
        let empty = try? JSONTreeDecoder(value: .array([]), codingPath: codingPath + [key]).decodeValue(type)
      {
        return empty
      }
      return try member(key).decodeValue(type)
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
      if try decodeNil(forKey: key) { return nil }
      return try member(key).decodeValue(type)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
      -> KeyedDecodingContainer<NestedKey>
    {
      try member(key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
      try member(key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
      JSONTreeDecoder(value: .object(members.map { ($0.key, $0.value) }), codingPath: codingPath)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder { try member(key) }
  }

  struct UnkeyedContainer: UnkeyedDecodingContainer {
    let items: [JSONValue]
    var codingPath: [any CodingKey]
    var currentIndex = 0

    init(items: [JSONValue], codingPath: [any CodingKey]) {
      self.items = items
      self.codingPath = codingPath
    }

    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    private mutating func next() throws -> JSONTreeDecoder {
      let path = codingPath + [JSONIndexKey(index: currentIndex)]
      guard !isAtEnd else {
        throw JSONCodecError(path: JSONTreeDecoder.path(path), message: "the array has too few elements")
      }
      defer { currentIndex += 1 }
      return JSONTreeDecoder(value: items[currentIndex], codingPath: path)
    }

    mutating func decodeNil() throws -> Bool {
      guard !isAtEnd, items[currentIndex] == .null else { return false }
      currentIndex += 1
      return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try next().decodeValue(type) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
      -> KeyedDecodingContainer<NestedKey>
    {
      try next().container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
      try next().unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder { try next() }
  }

  struct SingleValueContainer: SingleValueDecodingContainer {
    let decoder: JSONTreeDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }

    func decodeNil() -> Bool { decoder.value == .null }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoder.decodeValue(type) }
  }
}
