/// A parsed graph together with where its parts were written.
public struct GraphDocument: Sendable {
  public var graph: MixedGraph
  /// Where each node was first named, by node number.
  public var nodeSpans: [TextSpan]
  /// Where each directed edge was written, keyed by (from, to).
  public var directedEdgeSpans: [MixedGraph.Edge: TextSpan]
  /// Where each bidirected edge was written, keyed by (smaller, larger).
  public var bidirectedEdgeSpans: [MixedGraph.Edge: TextSpan]
  /// Where each latent node was declared latent (`[latent]`,
  /// `observed="no"`, or an entry of a latent list), by node number.
  public var latentSpans: [Int: TextSpan]
  /// Nodes marked `[exposure]` in dagitty text.
  public var exposures: [Int]
  /// Nodes marked `[outcome]` in dagitty text.
  public var outcomes: [Int]
  /// Attributes the parser accepted but Assay does not use (`[adjusted]`,
  /// `pos=...`, DOT styling), with where they were; the loader may mention them.
  public var ignoredAttributes: [(String, TextSpan)]

  public init() {
    graph = MixedGraph()
    nodeSpans = []
    directedEdgeSpans = [:]
    bidirectedEdgeSpans = [:]
    latentSpans = [:]
    exposures = []
    outcomes = []
    ignoredAttributes = []
  }

  /// Adds (or finds) a node, remembering where it was first named.
  @discardableResult
  mutating func node(_ name: String, at span: TextSpan, latent: Bool = false) -> Int {
    let before = graph.count
    let number = graph.addNode(name, latent: latent)
    if number == before { nodeSpans.append(span) }
    return number
  }

  /// Adds an edge of the given kind, checking self-loops.
  mutating func edge(_ kind: EdgeKind, _ a: Int, _ b: Int, at span: TextSpan) throws(GraphSyntaxError) {
    if a == b {
      throw GraphSyntaxError(
        "self-loop on '\(graph.names[a])': a variable cannot cause itself", at: span)
    }
    switch kind {
    case .directed:
      if graph.addDirectedEdge(from: a, to: b) { directedEdgeSpans[.init(a, b)] = span }
    case .bidirected:
      if graph.addBidirectedEdge(a, b) { bidirectedEdgeSpans[.init(min(a, b), max(a, b))] = span }
    }
  }

  /// Throws when the directed edges form a cycle, naming it and pointing at
  /// the edge that closes it.
  public func checkAcyclic() throws(GraphSyntaxError) {
    guard let cycle = graph.findCycle() else { return }
    let path = (cycle + [cycle[0]]).map { graph.names[$0] }.joined(separator: " -> ")
    let closing = MixedGraph.Edge(cycle[cycle.count - 1], cycle[0])
    let span = directedEdgeSpans[closing] ?? nodeSpans[cycle[0]]
    throw GraphSyntaxError(
      "the graph has a cycle: \(path)", at: span,
      notes: [("a causal graph must be acyclic; remove or reverse one of these edges", nil)])
  }
}
