import StudyModel

/// A node of a composed YAML document, with the range it spans in the file.
///
/// Scalars keep their text untyped (libyaml implements YAML 1.1 and passes
/// scalars through); readers type them by the YAML 1.2 core schema where a
/// value is expected (``YAMLScalar/coreValue``), so that `no` stays a word.
public struct YAMLNode: Sendable {
  public enum Content: Sendable {
    case scalar(YAMLScalar)
    case sequence([YAMLNode])
    case mapping([YAMLPair])
  }

  public var content: Content
  /// From the first character of the node to just after its last.
  public var range: SourceRange
  /// An explicit tag in its resolved form (`tag:yaml.org,2002:str` for `!!str`).
  public var tag: String?
  /// Number of nodes in the subtree, aliases expanded (for the alias budget).
  var weight: Int
  /// Height of the subtree (for the nesting limit through aliases).
  var height: Int

  init(_ content: Content, range: SourceRange, tag: String?) {
    self.content = content
    self.range = range
    self.tag = tag
    switch content {
    case .scalar:
      weight = 1
      height = 1
    case .sequence(let items):
      weight = items.reduce(1) { $0 &+ $1.weight }
      height = 1 + (items.map(\.height).max() ?? 0)
    case .mapping(let pairs):
      weight = pairs.reduce(1) { $0 &+ $1.key.weight &+ $1.value.weight }
      height = 1 + (pairs.map { max($0.key.height, $0.value.height) }.max() ?? 0)
    }
  }

  /// The scalar, if the node is one.
  public var scalar: YAMLScalar? {
    if case .scalar(let s) = content { return s }
    return nil
  }

  /// What kind of node this is, in words, for messages ("a list", "a mapping").
  public var kindDescription: String {
    switch content {
    case .scalar(let s): s.kindDescription
    case .sequence: "a list"
    case .mapping: "a mapping"
    }
  }
}

/// A key and its value in a mapping.
public struct YAMLPair: Sendable {
  public var key: YAMLNode
  public var value: YAMLNode
}

/// A scalar's text and how it was written.
public struct YAMLScalar: Sendable {
  public enum Style: Sendable {
    case plain, singleQuoted, doubleQuoted, literal, folded
  }

  public var text: String
  public var style: Style
  /// Whether a `!!str` tag forces the text to be a string.
  public var isForcedString: Bool

  /// The value under the YAML 1.2 core schema.
  public enum CoreValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case integer(Int)
    /// An integer literal too large for 64 bits (the text is kept).
    case largeInteger(String)
    case float(Double)
    case string(String)
  }

  /// Types the scalar by the YAML 1.2 core schema: quoted and block scalars
  /// are strings; plain `null`/`~`/empty are null; only `true`/`false` (and
  /// their capitalised forms) are booleans; `012` is the decimal integer 12;
  /// `0o17` and `0x1F` are octal and hexadecimal; floats follow the core
  /// regular expression, with `.inf` and `.nan`.
  public var coreValue: CoreValue {
    if style != .plain || isForcedString { return .string(text) }
    return YAMLScalar.resolvePlain(text)
  }

  static func resolvePlain(_ text: String) -> CoreValue {
    switch text {
    case "", "~", "null", "Null", "NULL": return .null
    case "true", "True", "TRUE": return .bool(true)
    case "false", "False", "FALSE": return .bool(false)
    case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .float(.infinity)
    case "-.inf", "-.Inf", "-.INF": return .float(-.infinity)
    case ".nan", ".NaN", ".NAN": return .float(.nan)
    default: break
    }
    let scalars = Array(text.unicodeScalars)
    func allDigits(_ s: ArraySlice<Unicode.Scalar>, radix: Int) -> Bool {
      !s.isEmpty && s.allSatisfy { Int(String($0), radix: radix) != nil }
    }
    if scalars.count > 2, scalars[0] == "0", scalars[1] == "o", allDigits(scalars[2...], radix: 8) {
      if let v = Int(String(String.UnicodeScalarView(scalars[2...])), radix: 8) { return .integer(v) }
      return .largeInteger(text)
    }
    if scalars.count > 2, scalars[0] == "0", scalars[1] == "x", allDigits(scalars[2...], radix: 16) {
      if let v = Int(String(String.UnicodeScalarView(scalars[2...])), radix: 16) { return .integer(v) }
      return .largeInteger(text)
    }
    var body = scalars[...]
    if let sign = body.first, sign == "-" || sign == "+" { body = body.dropFirst() }
    if allDigits(body, radix: 10) {
      // Decimal, leading zeros allowed (`012` is 12 under YAML 1.2).
      let negative = scalars.first == "-"
      var digits = String(String.UnicodeScalarView(body))
      while digits.count > 1, digits.hasPrefix("0") { digits.removeFirst() }
      if let v = Int(negative ? "-" + digits : digits) { return .integer(v) }
      return .largeInteger(text)
    }
    if isCoreFloat(body), let d = Double(text) { return .float(d) }
    return .string(text)
  }

  /// `(\.[0-9]+ | [0-9]+ (\.[0-9]*)?) ([eE][-+]?[0-9]+)?` after an optional sign.
  private static func isCoreFloat(_ s: ArraySlice<Unicode.Scalar>) -> Bool {
    var i = s.startIndex
    func digits() -> Int {
      var n = 0
      while i < s.endIndex, ("0"..."9").contains(s[i]) {
        i += 1
        n += 1
      }
      return n
    }
    let whole = digits()
    var fraction = 0
    if i < s.endIndex, s[i] == "." {
      i += 1
      fraction = digits()
      if whole == 0 && fraction == 0 { return false }
    } else if whole == 0 {
      return false
    }
    if i < s.endIndex, s[i] == "e" || s[i] == "E" {
      i += 1
      if i < s.endIndex, s[i] == "-" || s[i] == "+" { i += 1 }
      if digits() == 0 { return false }
    }
    return i == s.endIndex
  }

  /// The kind of value, in words, for "expected X, found Y" messages.
  public var kindDescription: String {
    switch coreValue {
    case .null: "nothing (null)"
    case .bool: "a boolean"
    case .integer, .largeInteger: "a whole number"
    case .float: "a number"
    case .string: "a string"
    }
  }
}
