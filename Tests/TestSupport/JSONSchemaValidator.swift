import StudyModel

/// A validator for the subset of JSON Schema draft-07 that Assay's schemas use.
///
/// Keywords: `type`, `enum`, `const`, `properties`, `required`,
/// `additionalProperties`, `items`, `minItems`, `maxItems`, `minimum`,
/// `maximum`, `exclusiveMinimum`, `exclusiveMaximum`, `minLength`,
/// `pattern` (only the anchored forms Assay writes: `^...$` over simple
/// classes), `oneOf`, `anyOf`, `allOf`, `if`/`then`/`else`, and `$ref` to
/// `#/definitions/...`. An unknown keyword is a test failure, so the subset
/// cannot silently shrink what a schema checks.
public struct JSONSchemaValidator: Sendable {
  let root: JSONValue

  public init(schema: JSONValue) { root = schema }

  static let known: Set<String> = [
    "$schema", "$id", "title", "description", "default", "definitions", "type", "enum", "const",
    "properties", "required", "additionalProperties", "items", "minItems", "maxItems", "minimum",
    "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "pattern", "oneOf", "anyOf",
    "allOf", "if", "then", "else", "$ref",
  ]

  /// The problems of `instance`, each with a JSON-pointer-like path; empty when valid.
  public func errors(_ instance: JSONValue) -> [String] {
    var out: [String] = []
    check(instance, against: root, path: "", into: &out)
    return out
  }

  private func resolve(_ ref: String) -> JSONValue? {
    guard ref.hasPrefix("#/definitions/") else { return nil }
    return root["definitions"]?[String(ref.dropFirst("#/definitions/".count))]
  }

  private func check(_ value: JSONValue, against schema: JSONValue, path: String, into out: inout [String]) {
    guard case .object(let members) = schema else {
      if case .bool(false) = schema { out.append("\(path): not allowed") }
      return
    }
    for (key, _) in members where !JSONSchemaValidator.known.contains(key) {
      out.append("\(path): schema uses unsupported keyword \(key)")
    }
    if case .string(let ref)? = schema["$ref"] {
      guard let target = resolve(ref) else {
        out.append("\(path): unresolved $ref \(ref)")
        return
      }
      check(value, against: target, path: path, into: &out)
    }
    if let type = schema["type"] {
      let types: [String]
      switch type {
      case .string(let t): types = [t]
      case .array(let list): types = list.compactMap { if case .string(let s) = $0 { s } else { nil } }
      default: types = []
      }
      if !types.contains(where: { Self.matches(value, type: $0) }) {
        out.append("\(path): expected \(types.joined(separator: " or ")), found \(Self.typeName(value))")
        return
      }
    }
    if case .array(let options)? = schema["enum"], !options.contains(value) {
      out.append("\(path): \(value.serialized().dropLast()) is not one of the allowed values")
    }
    if let constant = schema["const"], constant != value {
      out.append("\(path): must equal \(constant.serialized().dropLast())")
    }
    if let number = Self.number(value) {
      if let m = schema["minimum"].flatMap(Self.number), number < m { out.append("\(path): below minimum \(m)") }
      if let m = schema["maximum"].flatMap(Self.number), number > m { out.append("\(path): above maximum \(m)") }
      if let m = schema["exclusiveMinimum"].flatMap(Self.number), number <= m {
        out.append("\(path): not above \(m)")
      }
      if let m = schema["exclusiveMaximum"].flatMap(Self.number), number >= m {
        out.append("\(path): not below \(m)")
      }
    }
    if case .string(let text) = value {
      if case .integer(let n)? = schema["minLength"], text.unicodeScalars.count < n {
        out.append("\(path): shorter than \(n)")
      }
      if case .string(let pattern)? = schema["pattern"] {
        switch SimplePattern.matches(pattern, text) {
        case .some(true): break
        case .some(false): out.append("\(path): '\(text)' does not match \(pattern)")
        case .none: out.append("\(path): unsupported pattern \(pattern)")
        }
      }
    }
    if case .array(let items) = value {
      if case .integer(let n)? = schema["minItems"], items.count < n { out.append("\(path): fewer than \(n) items") }
      if case .integer(let n)? = schema["maxItems"], items.count > n { out.append("\(path): more than \(n) items") }
      if let itemSchema = schema["items"] {
        for (i, item) in items.enumerated() { check(item, against: itemSchema, path: "\(path)/\(i)", into: &out) }
      }
    }
    if case .object(let fields) = value {
      let properties = schema["properties"]
      if case .array(let required)? = schema["required"] {
        for case .string(let key) in required where !fields.contains(where: { $0.0 == key }) {
          out.append("\(path): missing required property \(key)")
        }
      }
      for (key, field) in fields {
        if let propertySchema = properties?[key] {
          check(field, against: propertySchema, path: "\(path)/\(key)", into: &out)
        } else if let additional = schema["additionalProperties"] {
          if case .bool(false) = additional {
            out.append("\(path): unknown property \(key)")
          } else {
            check(field, against: additional, path: "\(path)/\(key)", into: &out)
          }
        }
      }
    }
    if case .array(let all)? = schema["allOf"] {
      for sub in all { check(value, against: sub, path: path, into: &out) }
    }
    if case .array(let any)? = schema["anyOf"] {
      if !any.contains(where: { sub in
        var e: [String] = []
        check(value, against: sub, path: path, into: &e)
        return e.isEmpty
      }) {
        out.append("\(path): matches none of anyOf")
      }
    }
    if case .array(let one)? = schema["oneOf"] {
      let passing = one.filter { sub in
        var e: [String] = []
        check(value, against: sub, path: path, into: &e)
        return e.isEmpty
      }.count
      if passing != 1 { out.append("\(path): matches \(passing) of oneOf (exactly 1 required)") }
    }
    if let condition = schema["if"] {
      var e: [String] = []
      check(value, against: condition, path: path, into: &e)
      if e.isEmpty {
        if let then = schema["then"] { check(value, against: then, path: path, into: &out) }
      } else if let otherwise = schema["else"] {
        check(value, against: otherwise, path: path, into: &out)
      }
    }
  }

  static func number(_ v: JSONValue) -> Double? {
    switch v {
    case .integer(let i): Double(i)
    case .unsigned(let u): Double(u)
    case .number(let d): d
    default: nil
    }
  }

  static func matches(_ v: JSONValue, type: String) -> Bool {
    switch (type, v) {
    case ("null", .null), ("boolean", .bool), ("string", .string), ("array", .array), ("object", .object): true
    case ("integer", .integer), ("integer", .unsigned): true
    case ("integer", .number(let d)): d == d.rounded()
    case ("number", .integer), ("number", .number), ("number", .unsigned): true
    default: false
    }
  }

  static func typeName(_ v: JSONValue) -> String {
    switch v {
    case .null: "null"
    case .bool: "boolean"
    case .integer, .unsigned: "integer"
    case .number: "number"
    case .string: "string"
    case .array: "array"
    case .object: "object"
    }
  }
}

/// The anchored patterns Assay's schema uses, matched without a regex engine:
/// `^` then a sequence of classes (`[a-z0-9-]`, `[0-9a-fA-F]`) each with an
/// optional `*`, `+` or `{n}` quantifier, then `$`.
enum SimplePattern {
  static func matches(_ pattern: String, _ text: String) -> Bool? {
    var p = Array(pattern)
    guard p.first == "^", p.last == "$" else { return nil }
    p.removeFirst()
    p.removeLast()
    var atoms: [(Set<Character>, min: Int, max: Int)] = []
    var i = 0
    while i < p.count {
      guard p[i] == "[", let close = p[i...].firstIndex(of: "]") else { return nil }
      var set = Set<Character>()
      var j = i + 1
      while j < close {
        if j + 2 < close, p[j + 1] == "-" {
          guard let lo = p[j].unicodeScalars.first?.value, let hi = p[j + 2].unicodeScalars.first?.value else {
            return nil
          }
          for v in lo...hi { set.insert(Character(Unicode.Scalar(v)!)) }
          j += 3
        } else {
          set.insert(p[j])
          j += 1
        }
      }
      i = close + 1
      var lo = 1
      var hi = 1
      if i < p.count {
        switch p[i] {
        case "*":
          lo = 0
          hi = Int.max
          i += 1
        case "+":
          lo = 1
          hi = Int.max
          i += 1
        case "{":
          guard let end = p[i...].firstIndex(of: "}"), let n = Int(String(p[(i + 1)..<end])) else { return nil }
          lo = n
          hi = n
          i = end + 1
        default: break
        }
      }
      atoms.append((set, lo, hi))
    }
    // Greedy matching suffices: consecutive classes here never need backtracking
    // beyond trying fewer repetitions, which the recursion below does.
    let chars = Array(text)
    func match(_ a: Int, _ c: Int) -> Bool {
      if a == atoms.count { return c == chars.count }
      let (set, lo, hi) = atoms[a]
      var n = 0
      while n < hi, c + n < chars.count, set.contains(chars[c + n]) { n += 1 }
      if n < lo { return false }
      var k = n
      while k >= lo {
        if match(a + 1, c + k) { return true }
        k -= 1
      }
      return false
    }
    return match(0, 0)
  }
}
