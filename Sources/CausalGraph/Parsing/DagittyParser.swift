/// Parses the dagitty subset of the study format, and edge lists.
///
/// Grammar (newlines and `;` separate statements):
/// ```
/// graph     := "dag" [name] "{" statement* "}"
/// statement := term (arrow term)* | name "=" value
/// term      := name [attributes] | "{" name* "}"
/// arrow     := "->" | "<-" | "<->"
/// attributes:= "[" attribute ("," attribute)* "]"
/// ```
/// Node attributes: `latent` (unobserved), `exposure`, `outcome`; `adjusted`,
/// `selected` and `pos=...` are accepted and listed as ignored. A group
/// `{a b}` on either side of an arrow joins every pair. Undirected `--`
/// edges and `pdag`/`mag`/`pag` graphs are refused: a study needs a DAG or
/// an ADMG.
public enum DagittyParser {
  /// Parses a `dag { ... }` block.
  public static func parse(_ text: String) throws(GraphSyntaxError) -> GraphDocument {
    var cursor = TokenCursor(try GraphLexer.tokenize(text), skipsNewlines: true)
    var document = GraphDocument()
    let head = cursor.current
    guard case .identifier(let keyword) = head.kind else {
      throw cursor.unexpected("'dag {'")
    }
    switch keyword {
    case "dag": cursor.advance()
    case "pdag", "mag", "pag", "graph":
      throw GraphSyntaxError(
        "'\(keyword)' graphs are not supported; a study needs a 'dag' (use '<->' for hidden common causes)",
        at: head.span)
    default:
      throw GraphSyntaxError("expected 'dag {', found '\(keyword)'", at: head.span)
    }
    if cursor.current.name != nil { cursor.advance() }  // optional graph name
    _ = try cursor.expect(.openBrace, "'{'")
    cursor.skipsNewlines = false
    while true {
      cursor.skipSeparators()
      if cursor.current.kind == .closeBrace { break }
      if cursor.current.kind == .end {
        throw GraphSyntaxError(
          "missing '}' at the end of the graph", at: cursor.current.span,
          notes: [("the graph opened here", head.span)])
      }
      try statement(&cursor, into: &document, allowGraphAttributes: true)
    }
    cursor.advance()
    cursor.skipsNewlines = true
    cursor.skipSeparators()
    if cursor.current.kind != .end {
      throw GraphSyntaxError(
        "unexpected text after the closing '}': every edge must be inside the braces",
        at: cursor.current.span)
    }
    try document.checkAcyclic()
    return document
  }

  /// Parses a list of edge statements (`"a -> b"`, `"a <-> b"`, chains), one
  /// per item, each with the span of the item's first character.
  ///
  /// - Parameters:
  ///   - items: each statement's text and where it starts.
  ///   - latent: names of latent nodes, with where each was written.
  public static func parseEdgeList(
    _ items: [(text: String, origin: TextPosition)], latent: [(String, TextSpan)]
  ) throws(GraphSyntaxError) -> GraphDocument {
    var document = GraphDocument()
    for item in items {
      func shift(_ span: TextSpan) -> TextSpan {
        TextSpan(
          start: TextPosition(
            line: item.origin.line + span.start.line - 1,
            column: span.start.line == 1 ? item.origin.column + span.start.column - 1 : span.start.column),
          length: span.length)
      }
      let tokens: [GraphToken]
      do {
        tokens = try GraphLexer.tokenize(item.text)
      } catch {
        throw GraphSyntaxError(error.message, at: shift(error.span))
      }
      let shifted = tokens.map { token in
        var t = token
        t.span = shift(token.span)
        return t
      }
      var cursor = TokenCursor(shifted, skipsNewlines: false)
      cursor.skipSeparators()
      if cursor.current.kind == .end {
        throw GraphSyntaxError("an edge cannot be empty", at: cursor.current.span)
      }
      try statement(&cursor, into: &document, allowGraphAttributes: false)
      cursor.skipSeparators()
      if cursor.current.kind != .end { throw cursor.unexpected("the end of the edge") }
    }
    try markLatent(latent, in: &document)
    try document.checkAcyclic()
    return document
  }

  /// Marks the listed nodes latent; each must be in the graph.
  static func markLatent(_ latent: [(String, TextSpan)], in document: inout GraphDocument) throws(GraphSyntaxError) {
    for (name, span) in latent {
      guard let node = document.graph.node(named: name) else {
        throw GraphSyntaxError("latent variable '\(name)' is not in the graph", at: span)
      }
      document.graph.setLatent(node)
      document.latentSpans[node] = span
    }
  }

  private static func statement(
    _ cursor: inout TokenCursor, into document: inout GraphDocument, allowGraphAttributes: Bool
  ) throws(GraphSyntaxError) {
    let first = cursor.current
    // `name = value` at statement level is a graph attribute (dagitty's bb=...).
    if first.name != nil, cursor.tokens[cursor.position + 1].kind == .equals {
      guard allowGraphAttributes else { throw GraphSyntaxError("expected an edge", at: first.span) }
      cursor.advance()
      cursor.advance()
      let value = cursor.current
      guard value.name != nil else { throw cursor.unexpected("a value") }
      cursor.advance()
      document.ignoredAttributes.append((first.name ?? "", first.span))
      return
    }
    var left = try term(&cursor, into: &document)
    while true {
      let arrow = cursor.current
      let kind: GraphToken.Kind = arrow.kind
      switch kind {
      case .arrowRight, .arrowLeft, .arrowBoth: break
      case .undirected:
        throw GraphSyntaxError(
          "undirected edge '--' is not allowed: write '->' for a cause or '<->' for a hidden common cause",
          at: arrow.span)
      default:
        return
      }
      cursor.advance()
      while cursor.current.kind == .newline { cursor.advance() }
      let right = try term(&cursor, into: &document)
      let span = TextSpan(
        start: left.span.start,
        length: right.span.start.line == left.span.start.line
          ? right.span.start.column + right.span.length - left.span.start.column : left.span.length)
      for a in left.nodes {
        for b in right.nodes {
          switch kind {
          case .arrowRight: try document.edge(.directed, a, b, at: span)
          case .arrowLeft: try document.edge(.directed, b, a, at: span)
          default: try document.edge(.bidirected, a, b, at: span)
          }
        }
      }
      left = right
    }
  }

  private struct Term {
    var nodes: [Int]
    var span: TextSpan
  }

  private static func term(_ cursor: inout TokenCursor, into document: inout GraphDocument) throws(GraphSyntaxError)
    -> Term
  {
    let start = cursor.current
    if start.kind == .openBrace {
      cursor.advance()
      var nodes: [Int] = []
      while true {
        while cursor.current.kind == .newline || cursor.current.kind == .comma { cursor.advance() }
        if cursor.current.kind == .closeBrace { break }
        let (name, span) = try cursor.name("a variable name or '}'")
        nodes.append(document.node(name, at: span))
      }
      let close = cursor.current
      cursor.advance()
      if nodes.isEmpty { throw GraphSyntaxError("an empty group '{}' joins nothing", at: start.span) }
      let length =
        close.span.start.line == start.span.start.line
        ? close.span.start.column + 1 - start.span.start.column : 1
      return Term(nodes: nodes, span: TextSpan(start: start.span.start, length: length))
    }
    let (name, span) = try cursor.name()
    let node = document.node(name, at: span)
    if cursor.current.kind == .openBracket {
      try attributes(&cursor, node: node, into: &document)
    }
    return Term(nodes: [node], span: span)
  }

  private static func attributes(
    _ cursor: inout TokenCursor, node: Int, into document: inout GraphDocument
  ) throws(GraphSyntaxError) {
    cursor.advance()  // [
    while true {
      let token = cursor.current
      guard case .identifier(let key) = token.kind else {
        throw cursor.unexpected("an attribute such as 'latent', 'exposure' or 'outcome'")
      }
      cursor.advance()
      var hasValue = false
      if cursor.current.kind == .equals {
        cursor.advance()
        guard cursor.current.name != nil else { throw cursor.unexpected("an attribute value") }
        cursor.advance()
        hasValue = true
      }
      switch key {
      case "latent", "unobserved":
        document.graph.setLatent(node)
        document.latentSpans[node] = token.span
      case "exposure": document.exposures.append(node)
      case "outcome": document.outcomes.append(node)
      case "adjusted", "selected", "pos", "label":
        document.ignoredAttributes.append((key, token.span))
      default:
        throw GraphSyntaxError(
          "unknown node attribute '\(key)'\(hasValue ? "" : ""); dagitty nodes take latent, exposure, outcome, adjusted, selected or pos",
          at: token.span)
      }
      if cursor.current.kind == .comma {
        cursor.advance()
        continue
      }
      _ = try cursor.expect(.closeBracket, "',' or ']'")
      return
    }
  }
}
