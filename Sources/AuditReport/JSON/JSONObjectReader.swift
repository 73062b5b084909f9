/// Typed reads of one JSON object of `result.json`, with the path for errors.
///
/// Required members must be present; an optional member may be null or
/// absent. A number read into a non-optional `Double` may be null: the
/// writer writes a non-finite double as null, and it reads back as NaN.
/// Unknown members are ignored, so a reader of version 1 accepts files that
/// only add members.
struct JSONObjectReader {
  let members: [String: JSONNode]
  let path: String

  /// A reader of `node`, which must be an object.
  init(_ node: JSONNode, path: String) throws(ResultJSONError) {
    guard case .object(let members) = node else {
      throw ResultJSONError(path: path.isEmpty ? "/" : path, message: "expected an object, found \(node.kindName)")
    }
    self.members = members
    self.path = path
  }

  func fail(_ key: String, _ message: String) -> ResultJSONError {
    ResultJSONError(path: path + "/" + key, message: message)
  }

  /// The member `key`, which must be present.
  func required(_ key: String) throws(ResultJSONError) -> JSONNode {
    guard let node = members[key] else { throw fail(key, "missing required member") }
    return node
  }

  /// The member `key`, or nil when absent or null.
  func optional(_ key: String) -> JSONNode? {
    guard let node = members[key], node != .null else { return nil }
    return node
  }

  // MARK: - Scalars

  func string(_ key: String) throws(ResultJSONError) -> String {
    try Self.string(try required(key), at: path + "/" + key)
  }

  func optionalString(_ key: String) throws(ResultJSONError) -> String? {
    guard let node = optional(key) else { return nil }
    return try Self.string(node, at: path + "/" + key)
  }

  func bool(_ key: String) throws(ResultJSONError) -> Bool {
    guard case .bool(let value) = try required(key) else { throw fail(key, "expected true or false") }
    return value
  }

  func double(_ key: String) throws(ResultJSONError) -> Double {
    let node = try required(key)
    if node == .null { return .nan }
    return try Self.double(node, at: path + "/" + key)
  }

  func optionalDouble(_ key: String) throws(ResultJSONError) -> Double? {
    guard let node = optional(key) else { return nil }
    return try Self.double(node, at: path + "/" + key)
  }

  func int(_ key: String) throws(ResultJSONError) -> Int {
    try Self.integer(try required(key), at: path + "/" + key)
  }

  func optionalInt(_ key: String) throws(ResultJSONError) -> Int? {
    guard let node = optional(key) else { return nil }
    return try Self.integer(node, at: path + "/" + key)
  }

  func uint64(_ key: String) throws(ResultJSONError) -> UInt64 {
    try Self.integer(try required(key), at: path + "/" + key)
  }

  func optionalUInt64(_ key: String) throws(ResultJSONError) -> UInt64? {
    guard let node = optional(key) else { return nil }
    return try Self.integer(node, at: path + "/" + key)
  }

  /// A string from a closed vocabulary.
  func word<T: RawRepresentable>(_ key: String, as type: T.Type = T.self) throws(ResultJSONError) -> T
  where T.RawValue == String {
    let text = try string(key)
    guard let value = T(rawValue: text) else { throw fail(key, "unknown value '\(text)'") }
    return value
  }

  // MARK: - Arrays

  /// The elements of the array `key`, with their paths.
  func items(_ key: String) throws(ResultJSONError) -> [(JSONNode, String)] {
    guard case .array(let items) = try required(key) else { throw fail(key, "expected an array") }
    return items.enumerated().map { ($1, path + "/" + key + "/" + String($0)) }
  }

  func optionalItems(_ key: String) throws(ResultJSONError) -> [(JSONNode, String)]? {
    guard let node = optional(key) else { return nil }
    guard case .array(let items) = node else { throw fail(key, "expected an array or null") }
    return items.enumerated().map { ($1, path + "/" + key + "/" + String($0)) }
  }

  func strings(_ key: String) throws(ResultJSONError) -> [String] {
    var out: [String] = []
    for (node, at) in try items(key) { out.append(try Self.string(node, at: at)) }
    return out
  }

  func optionalStrings(_ key: String) throws(ResultJSONError) -> [String]? {
    guard let items = try optionalItems(key) else { return nil }
    var out: [String] = []
    for (node, at) in items { out.append(try Self.string(node, at: at)) }
    return out
  }

  func doubles(_ key: String) throws(ResultJSONError) -> [Double] {
    var out: [Double] = []
    for (node, at) in try items(key) { out.append(node == .null ? .nan : try Self.double(node, at: at)) }
    return out
  }

  func optionalDoubles(_ key: String) throws(ResultJSONError) -> [Double]? {
    guard optional(key) != nil else { return nil }
    return try doubles(key)
  }

  /// An array whose elements may be null.
  func doublesOrNull(_ key: String) throws(ResultJSONError) -> [Double?] {
    var out: [Double?] = []
    for (node, at) in try items(key) { out.append(node == .null ? nil : try Self.double(node, at: at)) }
    return out
  }

  func ints(_ key: String) throws(ResultJSONError) -> [Int] {
    var out: [Int] = []
    for (node, at) in try items(key) { out.append(try Self.integer(node, at: at)) }
    return out
  }

  // MARK: - Nested values

  func value<T: ResultJSONCodable>(_ key: String, as type: T.Type = T.self) throws(ResultJSONError) -> T {
    try T.decode(JSONObjectReader(try required(key), path: path + "/" + key))
  }

  func optionalValue<T: ResultJSONCodable>(_ key: String, as type: T.Type = T.self) throws(ResultJSONError) -> T? {
    guard let node = optional(key) else { return nil }
    return try T.decode(JSONObjectReader(node, path: path + "/" + key))
  }

  func values<T: ResultJSONCodable>(_ key: String, as type: T.Type = T.self) throws(ResultJSONError) -> [T] {
    var out: [T] = []
    for (node, at) in try items(key) { out.append(try T.decode(JSONObjectReader(node, path: at))) }
    return out
  }

  /// An object whose members are all numbers (or all integers), as a dictionary.
  func doubleDictionary(_ key: String) throws(ResultJSONError) -> [String: Double] {
    guard case .object(let members) = try required(key) else { throw fail(key, "expected an object") }
    var out: [String: Double] = [:]
    for (name, node) in members {
      out[name] = node == .null ? .nan : try Self.double(node, at: path + "/" + key + "/" + name)
    }
    return out
  }

  func intDictionary(_ key: String) throws(ResultJSONError) -> [String: Int] {
    guard case .object(let members) = try required(key) else { throw fail(key, "expected an object") }
    var out: [String: Int] = [:]
    for (name, node) in members { out[name] = try Self.integer(node, at: path + "/" + key + "/" + name) }
    return out
  }

  // MARK: - Conversions

  static func string(_ node: JSONNode, at path: String) throws(ResultJSONError) -> String {
    guard case .string(let text) = node else {
      throw ResultJSONError(path: path, message: "expected a string, found \(node.kindName)")
    }
    return text
  }

  static func double(_ node: JSONNode, at path: String) throws(ResultJSONError) -> Double {
    guard case .number(let text) = node, let value = Double(text) else {
      throw ResultJSONError(path: path, message: "expected a number, found \(node.kindName)")
    }
    return value
  }

  static func integer<T: FixedWidthInteger>(_ node: JSONNode, at path: String) throws(ResultJSONError) -> T {
    guard case .number(let text) = node else {
      throw ResultJSONError(path: path, message: "expected an integer, found \(node.kindName)")
    }
    if let value = T(text) { return value }
    // Accept an integral number written with a fraction or exponent (`3.0`, `1e3`) when it fits exactly.
    if let d = Double(text), d == d.rounded(), let value = T(exactly: d) { return value }
    throw ResultJSONError(path: path, message: "expected an integer in range, found \(text)")
  }
}
