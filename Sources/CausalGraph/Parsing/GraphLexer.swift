/// A token of the graph languages (the dagitty and DOT subsets).
struct GraphToken: Equatable {
  enum Kind: Equatable {
    case identifier(String)
    case quoted(String)
    case arrowRight  // ->
    case arrowLeft  // <-
    case arrowBoth  // <->
    case undirected  // --
    case openBrace, closeBrace, openBracket, closeBracket
    case semicolon, comma, equals
    case newline
    case end
  }

  var kind: Kind
  var span: TextSpan

  /// The name carried by an identifier or a quoted string.
  var name: String? {
    switch kind {
    case .identifier(let s), .quoted(let s): s
    default: nil
    }
  }

  /// How the token is written, for "expected X, found Y" messages.
  var display: String {
    switch kind {
    case .identifier(let s): "'\(s)'"
    case .quoted(let s): "\"\(s)\""
    case .arrowRight: "'->'"
    case .arrowLeft: "'<-'"
    case .arrowBoth: "'<->'"
    case .undirected: "'--'"
    case .openBrace: "'{'"
    case .closeBrace: "'}'"
    case .openBracket: "'['"
    case .closeBracket: "']'"
    case .semicolon: "';'"
    case .comma: "','"
    case .equals: "'='"
    case .newline: "end of line"
    case .end: "end of the graph"
    }
  }
}

/// Splits graph text into tokens, with 1-based line and column positions
/// counted in Unicode scalars.
///
/// Comments: `// ...` and `# ...` to the end of the line, `/* ... */`.
/// Identifiers: letters, digits, `_` and `.` (and a leading `-` before a
/// digit, for DOT numerals). Quoted strings take `\"` and `\\` escapes.
struct GraphLexer {
  private let scalars: [Unicode.Scalar]
  private var index = 0
  private var line = 1
  private var column = 1

  init(_ text: String) {
    scalars = Array(text.unicodeScalars)
  }

  static func tokenize(_ text: String) throws(GraphSyntaxError) -> [GraphToken] {
    var lexer = GraphLexer(text)
    var tokens: [GraphToken] = []
    while true {
      let token = try lexer.next()
      tokens.append(token)
      if token.kind == .end { return tokens }
    }
  }

  private func peek(_ offset: Int = 0) -> Unicode.Scalar? {
    index + offset < scalars.count ? scalars[index + offset] : nil
  }

  private mutating func advance() {
    if scalars[index] == "\n" {
      line += 1
      column = 1
    } else {
      column += 1
    }
    index += 1
  }

  private static func isIdentifierScalar(_ s: Unicode.Scalar) -> Bool {
    s == "_" || s == "." || s.properties.isAlphabetic || s.properties.numericType != nil
  }

  mutating func next() throws(GraphSyntaxError) -> GraphToken {
    // Skip blanks and comments (newlines are tokens).
    while let s = peek() {
      if s == " " || s == "\t" || s == "\r" || s == "\u{FEFF}" {
        advance()
      } else if s == "#" || (s == "/" && peek(1) == "/") {
        while let c = peek(), c != "\n" { advance() }
      } else if s == "/" && peek(1) == "*" {
        let start = TextPosition(line: line, column: column)
        advance()
        advance()
        while true {
          guard let c = peek() else {
            throw GraphSyntaxError("unterminated comment", at: TextSpan(start: start, length: 2))
          }
          if c == "*" && peek(1) == "/" {
            advance()
            advance()
            break
          }
          advance()
        }
      } else {
        break
      }
    }
    let start = TextPosition(line: line, column: column)
    func token(_ kind: GraphToken.Kind, _ length: Int) -> GraphToken {
      GraphToken(kind: kind, span: TextSpan(start: start, length: length))
    }
    guard let s = peek() else { return token(.end, 1) }
    switch s {
    case "\n":
      advance()
      return token(.newline, 1)
    case "{":
      advance()
      return token(.openBrace, 1)
    case "}":
      advance()
      return token(.closeBrace, 1)
    case "[":
      advance()
      return token(.openBracket, 1)
    case "]":
      advance()
      return token(.closeBracket, 1)
    case ";":
      advance()
      return token(.semicolon, 1)
    case ",":
      advance()
      return token(.comma, 1)
    case "=":
      advance()
      return token(.equals, 1)
    case "-":
      if peek(1) == ">" {
        advance()
        advance()
        return token(.arrowRight, 2)
      }
      if peek(1) == "-" {
        advance()
        advance()
        return token(.undirected, 2)
      }
      if let d = peek(1), d.properties.numericType != nil || d == "." {
        advance()
        var text = "-"
        while let c = peek(), GraphLexer.isIdentifierScalar(c) {
          text.unicodeScalars.append(c)
          advance()
        }
        return token(.identifier(text), text.unicodeScalars.count)
      }
      throw GraphSyntaxError(
        "unexpected '-'; an edge is written '->', '<-' or '<->'",
        at: TextSpan(start: start, length: 1))
    case "<":
      if peek(1) == "-" && peek(2) == ">" {
        advance()
        advance()
        advance()
        return token(.arrowBoth, 3)
      }
      if peek(1) == "-" {
        advance()
        advance()
        return token(.arrowLeft, 2)
      }
      throw GraphSyntaxError(
        "unexpected '<'; an edge is written '->', '<-' or '<->'",
        at: TextSpan(start: start, length: 1))
    case "\"":
      advance()
      var text = ""
      var length = 1
      while true {
        guard let c = peek(), c != "\n" else {
          throw GraphSyntaxError("unterminated quoted name", at: TextSpan(start: start, length: 1))
        }
        advance()
        length += 1
        if c == "\"" { break }
        if c == "\\", let escaped = peek(), escaped == "\"" || escaped == "\\" {
          advance()
          length += 1
          text.unicodeScalars.append(escaped)
        } else {
          text.unicodeScalars.append(c)
        }
      }
      return token(.quoted(text), length)
    default:
      if GraphLexer.isIdentifierScalar(s) {
        var text = ""
        while let c = peek(), GraphLexer.isIdentifierScalar(c) {
          text.unicodeScalars.append(c)
          advance()
        }
        return token(.identifier(text), text.unicodeScalars.count)
      }
      throw GraphSyntaxError(
        "unexpected character '\(Character(s))'",
        at: TextSpan(start: start, length: 1))
    }
  }
}

/// A cursor over tokens with the small helpers both parsers use.
struct TokenCursor {
  let tokens: [GraphToken]
  var position = 0
  /// Whether newlines are skipped (DOT) or kept as separators (dagitty).
  var skipsNewlines: Bool

  init(_ tokens: [GraphToken], skipsNewlines: Bool) {
    self.tokens = tokens
    self.skipsNewlines = skipsNewlines
  }

  var current: GraphToken {
    var i = position
    if skipsNewlines {
      while tokens[i].kind == .newline { i += 1 }
    }
    return tokens[i]
  }

  mutating func advance() {
    if skipsNewlines {
      while tokens[position].kind == .newline { position += 1 }
    }
    if tokens[position].kind != .end { position += 1 }
  }

  /// Consumes separators: `;`, `,` (DOT) and newlines.
  mutating func skipSeparators(commas: Bool = false) {
    while true {
      let kind = tokens[position].kind
      if kind == .newline || kind == .semicolon || (commas && kind == .comma) {
        position += 1
      } else {
        return
      }
    }
  }

  func unexpected(_ expected: String) -> GraphSyntaxError {
    let token = current
    return GraphSyntaxError("expected \(expected), found \(token.display)", at: token.span)
  }

  mutating func expect(_ kind: GraphToken.Kind, _ what: String) throws(GraphSyntaxError) -> GraphToken {
    let token = current
    guard token.kind == kind else { throw unexpected(what) }
    advance()
    return token
  }

  /// Consumes a node name (an identifier or a quoted string).
  mutating func name(_ what: String = "a variable name") throws(GraphSyntaxError) -> (String, TextSpan) {
    let token = current
    guard let name = token.name else { throw unexpected(what) }
    if name.isEmpty { throw GraphSyntaxError("a variable name cannot be empty", at: token.span) }
    advance()
    return (name, token.span)
  }
}
