/// Parses the DOT subset of the study format.
///
/// Grammar (Graphviz DOT, restricted to what a causal diagram needs):
/// ```
/// graph     := ["strict"] "digraph" [name] "{" statement* "}"
/// statement := node [attributes] | node ("->" node)+ [attributes]
///            | ("graph" | "node" | "edge") attributes | name "=" value
/// attributes:= ("[" [name ["=" value] ((","|";") name ["=" value])*] "]")+
/// ```
/// A node with `observed="no"` is latent. An edge with `dir=both` is a
/// bidirected edge (a hidden common cause); `dir=back` reverses it. Styling
/// attributes are accepted and listed as ignored. Undirected graphs, `--`
/// edges and subgraphs are refused with a message that says why.
public enum DotParser {
  public static func parse(_ text: String, latent: [(String, TextSpan)] = []) throws(GraphSyntaxError) -> GraphDocument
  {
    var cursor = TokenCursor(try GraphLexer.tokenize(text), skipsNewlines: true)
    var document = GraphDocument()
    if case .identifier("strict") = cursor.current.kind { cursor.advance() }
    let head = cursor.current
    switch head.kind {
    case .identifier("digraph"): cursor.advance()
    case .identifier("graph"):
      throw GraphSyntaxError(
        "an undirected 'graph' is not a causal diagram; write 'digraph'", at: head.span)
    default:
      throw cursor.unexpected("'digraph {'")
    }
    if cursor.current.name != nil { cursor.advance() }
    _ = try cursor.expect(.openBrace, "'{'")
    while true {
      cursor.skipSeparators()
      let token = cursor.current
      if token.kind == .closeBrace { break }
      if token.kind == .end {
        throw GraphSyntaxError(
          "missing '}' at the end of the graph", at: token.span,
          notes: [("the graph opened here", head.span)])
      }
      try statement(&cursor, into: &document)
    }
    cursor.advance()
    cursor.skipSeparators()
    if cursor.current.kind != .end {
      throw GraphSyntaxError(
        "unexpected text after the closing '}': every edge must be inside the braces",
        at: cursor.current.span)
    }
    try DagittyParser.markLatent(latent, in: &document)
    try document.checkAcyclic()
    return document
  }

  private typealias Attribute = (key: String, value: String?, span: TextSpan)

  private static func statement(_ cursor: inout TokenCursor, into document: inout GraphDocument)
    throws(GraphSyntaxError)
  {
    let first = cursor.current
    if case .identifier(let word) = first.kind {
      switch word {
      case "graph", "node", "edge":
        if cursor.tokens.dropFirst(cursor.position + 1).first(where: { $0.kind != .newline })?.kind == .openBracket {
          cursor.advance()
          let attributes = try attributeLists(&cursor)
          for attribute in attributes {
            if word == "node", attribute.key == "observed" {
              throw GraphSyntaxError(
                "a default 'node [observed=...]' is not supported; mark each latent node",
                at: attribute.span)
            }
            document.ignoredAttributes.append((attribute.key, attribute.span))
          }
          return
        }
      case "subgraph":
        throw GraphSyntaxError("subgraphs are not supported; list the edges directly", at: first.span)
      default: break
      }
    }
    if first.kind == .openBrace {
      throw GraphSyntaxError(
        "anonymous subgraphs '{...}' are not supported; list the edges directly",
        at: first.span)
    }
    let (name, span) = try cursor.name("a node name")
    if cursor.current.kind == .equals {
      cursor.advance()
      guard cursor.current.name != nil else { throw cursor.unexpected("a value") }
      cursor.advance()
      document.ignoredAttributes.append((name, span))
      return
    }
    var chain: [(Int, TextSpan)] = [(document.node(name, at: span), span)]
    while true {
      let arrow = cursor.current
      if arrow.kind == .undirected {
        throw GraphSyntaxError("'--' is an undirected edge; a digraph uses '->'", at: arrow.span)
      }
      if arrow.kind == .arrowLeft || arrow.kind == .arrowBoth {
        throw GraphSyntaxError(
          "DOT has no '\(arrow.kind == .arrowLeft ? "<-" : "<->")'; write 'a -> b' (with [dir=both] for a hidden common cause)",
          at: arrow.span)
      }
      guard arrow.kind == .arrowRight else { break }
      cursor.advance()
      let (next, nextSpan) = try cursor.name("a node name after '->'")
      chain.append((document.node(next, at: nextSpan), nextSpan))
    }
    let attributes = cursor.current.kind == .openBracket ? try attributeLists(&cursor) : []
    if chain.count == 1 {
      for attribute in attributes {
        switch (attribute.key, attribute.value?.lowercased()) {
        case ("observed", "no"), ("observed", "false"), ("latent", "yes"), ("latent", "true"):
          document.graph.setLatent(chain[0].0)
          document.latentSpans[chain[0].0] = attribute.span
        case ("observed", "yes"), ("observed", "true"):
          break
        case ("observed", _):
          throw GraphSyntaxError("observed takes \"yes\" or \"no\"", at: attribute.span)
        default:
          document.ignoredAttributes.append((attribute.key, attribute.span))
        }
      }
      return
    }
    var bidirected = false
    var reversed = false
    for attribute in attributes {
      if attribute.key == "dir" {
        switch attribute.value {
        case "both": bidirected = true
        case "back": reversed = true
        case "forward": break
        default:
          throw GraphSyntaxError("dir takes forward, back or both", at: attribute.span)
        }
      } else {
        document.ignoredAttributes.append((attribute.key, attribute.span))
      }
    }
    for (a, b) in zip(chain, chain.dropFirst()) {
      let span = TextSpan(
        start: a.1.start,
        length: b.1.start.line == a.1.start.line ? b.1.start.column + b.1.length - a.1.start.column : a.1.length)
      if bidirected {
        try document.edge(.bidirected, a.0, b.0, at: span)
      } else if reversed {
        try document.edge(.directed, b.0, a.0, at: span)
      } else {
        try document.edge(.directed, a.0, b.0, at: span)
      }
    }
  }

  private static func attributeLists(_ cursor: inout TokenCursor) throws(GraphSyntaxError) -> [Attribute] {
    var result: [Attribute] = []
    while cursor.current.kind == .openBracket {
      cursor.advance()
      while cursor.current.kind != .closeBracket {
        let token = cursor.current
        guard let key = token.name else { throw cursor.unexpected("an attribute or ']'") }
        cursor.advance()
        var value: String?
        if cursor.current.kind == .equals {
          cursor.advance()
          guard let v = cursor.current.name else { throw cursor.unexpected("an attribute value") }
          value = v
          cursor.advance()
        }
        result.append((key, value, token.span))
        if cursor.current.kind == .comma || cursor.current.kind == .semicolon { cursor.advance() }
      }
      cursor.advance()
    }
    return result
  }
}
