/// A causal question about a study graph: the effect of `treatments` on
/// `outcomes`, with the graph's latent projection prepared once.
///
/// Every identification method (adjustment, front-door, instruments, the ID
/// algorithm) runs on the latent projection (Verma 1993; Tian & Pearl 2002),
/// which keeps the m-separations and the identifiability of effects among the
/// observed nodes. Node numbers in and out of this type are those of the
/// study graph (`graph`), never those of the projection; sets are sorted.
///
/// Edge cases: an empty, latent, or overlapping treatment/outcome list, a node
/// number out of range, or a cyclic graph is an ``IdentificationError``.
public struct CausalQuery: Sendable {
  /// The study graph, latent nodes included.
  public let graph: MixedGraph
  /// Treatment nodes (X), sorted.
  public let treatments: [Int]
  /// Outcome nodes (Y), sorted.
  public let outcomes: [Int]

  /// The latent projection (observed nodes only).
  let projection: MixedGraph
  /// Projection node number -> study graph node number.
  let toOriginal: [Int]
  /// Study graph node number -> projection node number, -1 for latent nodes.
  let toProjected: [Int]
  /// X and Y in projection numbers.
  let x: [Int]
  let y: [Int]
  /// Forb(X, Y) computed in the study graph (latent nodes included), by
  /// projection node: a node that descends from a latent node on a causal
  /// path is forbidden even though the projection hides that node.
  let forbidden: [Bool]
  /// cn(X, Y) in the study graph, by study-graph node.
  let causalInGraph: [Bool]

  /// Prepares the query: validates the nodes, checks acyclicity, and computes
  /// the latent projection and the forbidden nodes once.
  ///
  /// - Throws: ``IdentificationError`` listing every problem found.
  public init(graph: MixedGraph, treatments: [Int], outcomes: [Int]) throws(IdentificationError) {
    var problems: [String] = []
    let all = treatments + outcomes
    if treatments.isEmpty { problems.append("no treatment was given") }
    if outcomes.isEmpty { problems.append("no outcome was given") }
    for v in all where !graph.nodes.contains(v) { problems.append("node \(v) is not in the graph") }
    if problems.isEmpty {
      for v in Set(all).sorted() where graph.isLatent[v] {
        problems.append("'\(graph.names[v])' is latent; a treatment or outcome must be observed")
      }
      for v in Set(treatments).intersection(outcomes).sorted() {
        problems.append("'\(graph.names[v])' is both a treatment and an outcome")
      }
      if let cycle = graph.findCycle() {
        let text = (cycle + [cycle[0]]).map { graph.names[$0] }.joined(separator: " -> ")
        problems.append("the graph has a cycle: \(text)")
      }
    }
    if !problems.isEmpty { throw IdentificationError(problems) }
    self.graph = graph
    self.treatments = Array(Set(treatments)).sorted()
    self.outcomes = Array(Set(outcomes)).sorted()
    let (projected, original) = graph.latentProjection()
    projection = projected
    toOriginal = original
    var back = [Int](repeating: -1, count: graph.count)
    for (i, v) in original.enumerated() { back[v] = i }
    toProjected = back
    x = self.treatments.map { back[$0] }
    y = self.outcomes.map { back[$0] }
    let forbiddenInGraph = graph.forbiddenMask(treatments: self.treatments, outcomes: self.outcomes)
    forbidden = original.map { forbiddenInGraph[$0] }
    causalInGraph = graph.causalNodeMask(treatments: self.treatments, outcomes: self.outcomes)
  }

  /// Convenience: the query for nodes given by name.
  public init(graph: MixedGraph, treatment: String, outcome: String) throws(IdentificationError) {
    var problems: [String] = []
    let t = graph.node(named: treatment)
    let o = graph.node(named: outcome)
    if t == nil { problems.append("treatment '\(treatment)' is not in the graph") }
    if o == nil { problems.append("outcome '\(outcome)' is not in the graph") }
    guard let t, let o else { throw IdentificationError(problems) }
    try self.init(graph: graph, treatments: [t], outcomes: [o])
  }

  /// Traps on node numbers that are not in the study graph (a programmer
  /// error: names are resolved, and reported, by the caller).
  func checkNodes(_ nodes: [Int]) {
    for v in nodes { precondition(graph.nodes.contains(v), "node \(v) is not in the graph") }
  }

  /// Study-graph numbers of projection nodes, sorted.
  func original<S: Sequence>(_ nodes: S) -> [Int] where S.Element == Int {
    nodes.map { toOriginal[$0] }.sorted()
  }

  /// Names of study-graph nodes.
  func names(_ nodes: [Int]) -> [String] { nodes.map { graph.names[$0] } }

  /// "{a, b}" for study-graph nodes; "{}" when empty.
  func setText(_ nodes: [Int]) -> String { "{" + names(nodes).joined(separator: ", ") + "}" }

  /// Projection nodes that may appear in an adjustment, instrument or
  /// mediator set: every observed node except X and Y.
  var candidateNodes: [Int] {
    let isEnd = projection.mask(of: x + y)
    return projection.nodes.filter { !isEnd[$0] }
  }
}
