/// A strict JSON parser (RFC 8259) producing ``JSONValue`` values.
///
/// A number without a fraction or an exponent that fits an `Int` is read as
/// an integer (exactly); every other number as the nearest double. Duplicate
/// object keys, trailing commas, comments, leading zeros, lone surrogates and
/// nesting deeper than ``maximumDepth`` are errors with a line and column.
public struct JSONParser {
  /// Nesting a record never reaches; deeper input is refused rather than overflowing the stack.
  static let maximumDepth = 200

  private let bytes: [UInt8]
  private var index = 0
  private var depth = 0

  /// Parses `text` as one JSON document.
  public static func parse(_ text: String) throws(JSONCodecError) -> JSONValue {
    var parser = JSONParser(bytes: Array(text.utf8))
    parser.skipWhitespace()
    let value = try parser.value()
    parser.skipWhitespace()
    guard parser.index == parser.bytes.count else { throw parser.error("unexpected text after the JSON value") }
    return value
  }

  private init(bytes: [UInt8]) { self.bytes = bytes }

  private func error(_ message: String) -> JSONCodecError {
    var line = 1
    var column = 1
    for byte in bytes[..<min(index, bytes.count)] {
      if byte == UInt8(ascii: "\n") {
        line += 1
        column = 1
      } else if byte & 0xC0 != 0x80 {
        column += 1
      }
    }
    return JSONCodecError(path: "", message: "\(message) at line \(line), column \(column)")
  }

  private var current: UInt8? { index < bytes.count ? bytes[index] : nil }

  private mutating func skipWhitespace() {
    while let byte = current, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { index += 1 }
  }

  private mutating func expect(_ literal: String) throws(JSONCodecError) {
    for byte in literal.utf8 {
      guard current == byte else { throw error("expected '\(literal)'") }
      index += 1
    }
  }

  private mutating func value() throws(JSONCodecError) -> JSONValue {
    guard let byte = current else { throw error("unexpected end of input") }
    switch byte {
    case UInt8(ascii: "{"): return try object()
    case UInt8(ascii: "["): return try array()
    case UInt8(ascii: "\""): return .string(try string())
    case UInt8(ascii: "t"):
      try expect("true")
      return .bool(true)
    case UInt8(ascii: "f"):
      try expect("false")
      return .bool(false)
    case UInt8(ascii: "n"):
      try expect("null")
      return .null
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
      let text = try number()
      if let integer = Int(text) { return .integer(integer) }
      if let unsigned = UInt64(text) { return .unsigned(unsigned) }
      guard let double = Double(text), double.isFinite else { throw error("number out of range") }
      return .number(double)
    default:
      throw error("unexpected character")
    }
  }

  private mutating func nest() throws(JSONCodecError) {
    depth += 1
    if depth > JSONParser.maximumDepth { throw error("nesting deeper than \(JSONParser.maximumDepth)") }
  }

  private mutating func object() throws(JSONCodecError) -> JSONValue {
    try nest()
    index += 1
    var members: [(String, JSONValue)] = []
    var seen: Set<String> = []
    skipWhitespace()
    if current == UInt8(ascii: "}") {
      index += 1
      depth -= 1
      return .object(members)
    }
    while true {
      skipWhitespace()
      guard current == UInt8(ascii: "\"") else { throw error("expected a member name") }
      let key = try string()
      guard seen.insert(key).inserted else { throw error("duplicate member '\(key)'") }
      skipWhitespace()
      try expect(":")
      skipWhitespace()
      members.append((key, try value()))
      skipWhitespace()
      if current == UInt8(ascii: ",") {
        index += 1
        continue
      }
      try expect("}")
      depth -= 1
      return .object(members)
    }
  }

  private mutating func array() throws(JSONCodecError) -> JSONValue {
    try nest()
    index += 1
    var items: [JSONValue] = []
    skipWhitespace()
    if current == UInt8(ascii: "]") {
      index += 1
      depth -= 1
      return .array(items)
    }
    while true {
      skipWhitespace()
      items.append(try value())
      skipWhitespace()
      if current == UInt8(ascii: ",") {
        index += 1
        continue
      }
      try expect("]")
      depth -= 1
      return .array(items)
    }
  }

  private mutating func number() throws(JSONCodecError) -> String {
    let start = index
    if current == UInt8(ascii: "-") { index += 1 }
    guard let first = current, first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9") else {
      throw error("expected a digit")
    }
    if first == UInt8(ascii: "0") {
      index += 1
      if let next = current, next >= UInt8(ascii: "0") && next <= UInt8(ascii: "9") {
        throw error("leading zero in a number")
      }
    } else {
      skipDigits()
    }
    if current == UInt8(ascii: ".") {
      index += 1
      guard digitFollows() else { throw error("expected a digit after the decimal point") }
      skipDigits()
    }
    if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
      index += 1
      if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
      guard digitFollows() else { throw error("expected a digit in the exponent") }
      skipDigits()
    }
    return String(decoding: bytes[start..<index], as: UTF8.self)
  }

  private func digitFollows() -> Bool {
    guard let byte = current else { return false }
    return byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
  }

  private mutating func skipDigits() {
    while digitFollows() { index += 1 }
  }

  private mutating func string() throws(JSONCodecError) -> String {
    index += 1
    var scalars = String.UnicodeScalarView()
    var run = index
    func flush(_ end: Int) {
      if end > run { scalars.append(contentsOf: String(decoding: bytes[run..<end], as: UTF8.self).unicodeScalars) }
    }
    while true {
      guard let byte = current else { throw error("unterminated string") }
      if byte == UInt8(ascii: "\"") {
        flush(index)
        index += 1
        return String(scalars)
      }
      if byte < 0x20 { throw error("control character in a string") }
      if byte == UInt8(ascii: "\\") {
        flush(index)
        index += 1
        guard let escape = current else { throw error("unterminated escape") }
        index += 1
        switch escape {
        case UInt8(ascii: "\""): scalars.append("\"")
        case UInt8(ascii: "\\"): scalars.append("\\")
        case UInt8(ascii: "/"): scalars.append("/")
        case UInt8(ascii: "b"): scalars.append("\u{08}")
        case UInt8(ascii: "f"): scalars.append("\u{0C}")
        case UInt8(ascii: "n"): scalars.append("\n")
        case UInt8(ascii: "r"): scalars.append("\r")
        case UInt8(ascii: "t"): scalars.append("\t")
        case UInt8(ascii: "u"):
          let unit = try hex4()
          if (0xD800...0xDBFF).contains(unit) {
            guard current == UInt8(ascii: "\\") else { throw error("lone surrogate") }
            index += 1
            guard current == UInt8(ascii: "u") else { throw error("lone surrogate") }
            index += 1
            let low = try hex4()
            guard (0xDC00...0xDFFF).contains(low) else { throw error("lone surrogate") }
            let value = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
            guard let scalar = Unicode.Scalar(value) else { throw error("invalid escape") }
            scalars.append(scalar)
          } else {
            guard let scalar = Unicode.Scalar(unit) else { throw error("lone surrogate") }
            scalars.append(scalar)
          }
        default:
          throw error("invalid escape")
        }
        run = index
        continue
      }
      index += 1
    }
  }

  private mutating func hex4() throws(JSONCodecError) -> UInt32 {
    var value: UInt32 = 0
    for _ in 0..<4 {
      guard let byte = current else { throw error("unterminated escape") }
      let digit: UInt32
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
      case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
      case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
      default: throw error("invalid hex digit")
      }
      value = value * 16 + digit
      index += 1
    }
    return value
  }
}
