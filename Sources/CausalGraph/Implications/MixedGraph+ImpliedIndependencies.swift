extension MixedGraph {
  /// The testable implications of the graph among observed variables
  /// (dagitty's `impliedConditionalIndependencies`, type "missing.edge";
  /// Textor et al. 2016, IJE).
  ///
  /// On the latent projection, for every pair of observed nodes that are not
  /// adjacent:
  /// - when the projection has no bidirected edge (a DAG), the local Markov
  ///   property gives `v ⊥ u | pa(v)` for the later node v of the pair in a
  ///   topological order (Lauritzen 1996; Pearl 2009, Theorem 1.2.7);
  /// - otherwise the minimal separator nearest to the first node among all
  ///   other observed nodes (van der Zander et al. 2019, FindMinSep), which
  ///   exists iff `An(a, b) \ {a, b}` separates; a pair with no separator
  ///   (an inducing path, as in Verma's graph) is listed in
  ///   ``ImpliedIndependencies/inseparablePairs`` instead.
  ///
  /// Pairs are ordered by node number. - Precondition: acyclic.
  /// - Complexity: O(n² (n + m)).
  public func impliedIndependencies() -> ImpliedIndependencies {
    let (p, original) = latentProjection()
    let isDAG = p.bidirectedEdges.isEmpty
    var rank = [Int](repeating: 0, count: p.count)
    for (i, v) in p.topologicalOrder().enumerated() { rank[v] = i }
    var statements: [ConditionalIndependence] = []
    var inseparable: [[Int]] = []
    for a in p.nodes {
      for b in (a + 1)..<p.count where !p.areAdjacent(a, b) {
        let given: [Int]?
        if isDAG {
          let later = rank[a] > rank[b] ? a : b
          given = p.parents[later].sorted()
        } else {
          given = p.findMinimalSeparator([a], [b], allowed: p.nodes.filter { $0 != a && $0 != b })
        }
        let oa = original[a]
        let ob = original[b]
        guard let given else {
          inseparable.append([oa, ob])
          continue
        }
        let z = given.map { original[$0] }.sorted()
        var text = "\(names[oa]) _||_ \(names[ob])"
        if !z.isEmpty { text += " | " + z.map { names[$0] }.joined(separator: ", ") }
        statements.append(ConditionalIndependence(first: oa, second: ob, given: z, text: text))
      }
    }
    var notes: [String] = []
    notes.append(
      isDAG
        ? "one statement per non-adjacent pair: the later node of the pair given its parents (local Markov property)"
        : "one statement per non-adjacent pair: a minimal separating set of observed nodes (the graph has hidden common causes)"
    )
    for pair in inseparable {
      notes.append(
        "\(names[pair[0]]) and \(names[pair[1]]) are not adjacent but no set of observed variables separates them (they imply no conditional independence; e.g. a Verma constraint)"
      )
    }
    return ImpliedIndependencies(statements: statements, inseparablePairs: inseparable, notes: notes)
  }
}
