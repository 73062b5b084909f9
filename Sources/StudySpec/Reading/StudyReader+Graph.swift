import CausalGraph
import StudyModel

extension StudyReader {
  /// Maps positions in a scalar's text to positions in the study file.
  ///
  /// Literal block scalars (`|`) keep their lines: text line k is file line
  /// (indicator line + k), shifted by the block's indentation. Single-line
  /// flow scalars shift by their start column (plus one for the opening
  /// quote). Folded and multi-line flow scalars are mapped to their lines
  /// approximately, since folding joins lines.
  func textMapper(for node: YAMLNode) -> (TextPosition) -> SourcePosition {
    let start = node.range.start
    guard let scalar = node.scalar else { return { _ in start } }
    switch scalar.style {
    case .literal, .folded:
      let indent = blockIndentation(headerLine: start.line, headerColumn: start.column)
      return { p in SourcePosition(line: start.line + p.line, column: indent + p.column) }
    case .plain, .singleQuoted, .doubleQuoted:
      let shift = scalar.style == .plain ? 0 : 1
      return { p in
        p.line == 1
          ? SourcePosition(line: start.line, column: start.column + shift + p.column - 1)
          : SourcePosition(line: start.line + p.line - 1, column: p.column)
      }
    }
  }

  /// The indentation (in columns) of a block scalar's content: from the
  /// header's indentation indicator (`|2`) when there is one, else the first
  /// non-blank line after the header.
  private func blockIndentation(headerLine: Int, headerColumn: Int) -> Int {
    let header = sourceLine(headerLine)
    let afterIndicator = header.dropFirst(headerColumn)
    if let digit = afterIndicator.first(where: { ("1"..."9").contains($0) }), let n = Int(String(digit)) {
      let parentIndent = header.prefix { $0 == " " }.count
      return parentIndent + n
    }
    var line = headerLine + 1
    while line <= sourceLineCount {
      let text = sourceLine(line)
      if text.contains(where: { $0 != " " }) {
        return text.prefix { $0 == " " }.count
      }
      line += 1
    }
    return 0
  }

  func range(_ span: TextSpan, mapper: (TextPosition) -> SourcePosition) -> SourceRange {
    let start = mapper(span.start)
    return SourceRange(
      file: file, start: start, end: SourcePosition(line: start.line, column: start.column + span.length))
  }

  func report(_ error: GraphSyntaxError, mapper: (TextPosition) -> SourcePosition) {
    sink.error(
      error.message, at: range(error.span, mapper: mapper),
      notes: error.notes.map { note in .init(note.0, at: note.1.map { range($0, mapper: mapper) }) })
  }

  /// Reads `graph:`: exactly one of dagitty, dot or edges, and `latent`.
  func readGraph(_ node: YAMLNode) -> GraphSpec? {
    guard let view = MappingView(node, context: "'graph'", sink: sink) else { return nil }
    view.checkKeys(allowed: StudyFormat.graphKeys.map(\.name), sink: sink)
    if let node = view["placeholder"], let placeholder = bool(node, "placeholder"), placeholder.value {
      sink.error(
        "the graph is still the placeholder `assay init` wrote (every column a common cause of the treatment and the outcome), not the study's assumptions",
        at: view.keyNode("placeholder")?.range,
        notes: [
          .init(
            "draw the arrows you believe (docs/study-format.md, \"graph\"), then delete `placeholder: true`; an estimate from a placeholder graph means nothing"
          )
        ])
    }
    let forms = GraphFormat.allCases.filter { view.contains($0.rawValue) }
    guard let format = forms.first else {
      sink.error("'graph' needs one of 'dagitty', 'dot' or 'edges'", at: view.startRange)
      return nil
    }
    if forms.count > 1 {
      for extra in forms.dropFirst() {
        sink.error(
          "'graph' takes exactly one of 'dagitty', 'dot' or 'edges'; found '\(format.rawValue)' and '\(extra.rawValue)'",
          at: view.keyNode(extra.rawValue)?.range,
          notes: [.init("'\(format.rawValue)' is here", at: view.keyNode(format.rawValue)?.range)])
      }
      return nil
    }
    let formatOrigin = Origin.file(view.keyNode(format.rawValue)!.range)
    var latent: [Located<String>] = []
    if let latentNode = view["latent"] {
      guard let names = names(latentNode, "latent") else { return nil }
      latent = names
    }
    let latentSpans = latent.map { name -> (String, TextSpan) in
      let r = name.origin.range!
      return (
        name.value,
        TextSpan(start: TextPosition(line: r.start.line, column: r.start.column), length: r.end.column - r.start.column)
      )
    }
    guard let body = view.required(format.rawValue, sink: sink) else { return nil }
    switch format {
    case .dagitty, .dot:
      guard let text = string(body, format.rawValue) else { return nil }
      let mapper = textMapper(for: body)
      let document: GraphDocument
      do {
        document =
          try
          (format == .dagitty
          ? DagittyParser.parse(text.value) : DotParser.parse(text.value))
      } catch {
        report(error, mapper: mapper)
        return nil
      }
      var graph = document.graph
      var documentOrigins = document.nodeSpans.map { Origin.file(range($0, mapper: mapper)) }
      var latentOrigins = document.latentSpans.mapValues { Origin.file(range($0, mapper: mapper)) }
      // `latent:` beside dagitty or dot marks nodes too.
      for name in latent {
        guard let number = graph.node(named: name.value) else {
          sink.error(
            "latent variable '\(name.value)' is not in the graph", at: name.origin.range,
            notes: DiagnosticSink.suggestion(for: name.value, in: graph.names))
          continue
        }
        graph.setLatent(number)
        latentOrigins[number] = name.origin
      }
      for (attribute, span) in document.ignoredAttributes where attribute == "adjusted" || attribute == "selected" {
        sink.warning(
          "node attribute '\(attribute)' is ignored", at: range(span, mapper: mapper),
          notes: [.init("Assay chooses the adjustment set from 'estimand.adjustment'")])
      }
      documentOrigins = Array(documentOrigins.prefix(graph.count))
      return GraphSpec(
        format: Located(format, origin: formatOrigin), text: text, graph: graph,
        nodeOrigins: documentOrigins, latentOrigins: latentOrigins)
    case .edges:
      guard case .sequence(let items) = body.content else {
        sink.error(
          "'edges' must be a list of edges such as \"a -> b\", found \(body.kindDescription)",
          at: body.range)
        return nil
      }
      if items.isEmpty {
        sink.error("'edges' must list at least one edge", at: body.range)
        return nil
      }
      var statements: [(text: String, origin: TextPosition)] = []
      for item in items {
        guard let text = string(item, "edges") else { return nil }
        let mapper = textMapper(for: item)
        let p = mapper(TextPosition(line: 1, column: 1))
        statements.append((text.value, TextPosition(line: p.line, column: p.column)))
      }
      let identity: (TextPosition) -> SourcePosition = { SourcePosition(line: $0.line, column: $0.column) }
      let document: GraphDocument
      do {
        document = try DagittyParser.parseEdgeList(statements, latent: latentSpans)
      } catch {
        report(error, mapper: identity)
        return nil
      }
      let joined = statements.map(\.text).joined(separator: "\n")
      return GraphSpec(
        format: Located(format, origin: formatOrigin), text: Located(joined, origin: .file(body.range)),
        graph: document.graph,
        nodeOrigins: document.nodeSpans.map { .file(range($0, mapper: identity)) },
        latentOrigins: document.latentSpans.mapValues { .file(range($0, mapper: identity)) })
    }
  }
}
