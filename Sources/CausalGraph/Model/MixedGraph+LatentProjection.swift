extension MixedGraph {
  /// The latent projection onto the observed nodes (Verma 1993; Tian & Pearl 2002).
  ///
  /// In the result, which keeps the observed nodes in their order:
  /// - `a -> b` when the graph has a directed path from `a` to `b` whose
  ///   intermediate nodes are all latent;
  /// - `a <-> b` when the graph has a path between `a` and `b` with arrowheads
  ///   at both ends, no colliders, and only latent intermediate nodes (a latent
  ///   common cause, possibly through a chain of latent nodes or a bidirected
  ///   edge between latent nodes).
  ///
  /// The projection preserves d-separation among the observed nodes and the
  /// identifiability of effects between them, so identification runs on it.
  ///
  /// - Returns: the projected graph (no latent nodes) and, for each of its
  ///   nodes, the node number in `self`.
  public func latentProjection() -> (graph: MixedGraph, originalNodes: [Int]) {
    let observed = observedNodes
    var projected = MixedGraph()
    var newNumber = [Int](repeating: -1, count: count)
    for v in observed { newNumber[v] = projected.addNode(names[v]) }

    // Observed nodes reachable from `start` by directed paths whose
    // intermediate nodes are latent (start itself excluded unless revisited).
    func observedReach(from start: Int) -> [Int] {
      var seen = [Bool](repeating: false, count: count)
      var stack = children[start]
      var found: [Int] = []
      while let v = stack.popLast() {
        if seen[v] { continue }
        seen[v] = true
        if isLatent[v] { stack.append(contentsOf: children[v].reversed()) } else { found.append(v) }
      }
      return found.sorted()
    }

    for v in observed {
      for w in observedReach(from: v) where w != v {
        projected.addDirectedEdge(from: newNumber[v], to: newNumber[w])
      }
    }
    var reachOfLatent: [Int: [Int]] = [:]
    func heads(_ v: Int) -> [Int] {
      if !isLatent[v] { return [v] }
      if let cached = reachOfLatent[v] { return cached }
      let r = observedReach(from: v)
      reachOfLatent[v] = r
      return r
    }
    func joinAll(_ a: [Int], _ b: [Int]) {
      for x in a {
        for y in b where x != y {
          projected.addBidirectedEdge(newNumber[x], newNumber[y])
        }
      }
    }
    for l in latentNodes {
      let r = heads(l)
      joinAll(r, r)
    }
    for edge in bidirectedEdges {
      joinAll(heads(edge.from), heads(edge.to))
    }
    return (projected, observed)
  }
}
