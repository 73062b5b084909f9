/// The augmented graph (Richardson 2003; moral graph for a DAG) of an
/// ancestral node set: undirected, `a — b` when a collider path joins them.
///
/// Every district D of the induced subgraph makes D ∪ pa(D) a clique; the
/// clique is stored as a hub node (number `count + k`) joined to its
/// members, so the graph has O(nodes + edges) edges. Hubs are never part of a
/// separator. m-separation of X and Y given Z ⊆ the ancestral set equals
/// vertex separation here (Lauritzen 1990; Richardson 2003).
struct AugmentedGraph {
  let nodeCount: Int
  var adjacency: [[Int]]

  init(_ g: MixedGraph, within inside: [Bool]) {
    nodeCount = g.count
    adjacency = Array(repeating: [], count: g.count)
    for d in g.districtLists(within: inside) {
      let hub = adjacency.count
      var members = Set<Int>()
      for v in d {
        members.insert(v)
        for p in g.parents[v] where inside[p] { members.insert(p) }
      }
      let sorted = members.sorted()
      adjacency.append(sorted)
      for v in sorted { adjacency[v].append(hub) }
    }
  }

  /// Nodes marked `blocking` that a search from `start` reaches without
  /// passing through another blocking node (the search stops at them).
  func borderReached(from start: [Int], blocking: [Bool]) -> [Bool] {
    var seen = [Bool](repeating: false, count: adjacency.count)
    var border = [Bool](repeating: false, count: nodeCount)
    var stack: [Int] = []
    for v in start where !seen[v] {
      seen[v] = true
      stack.append(v)
    }
    while let v = stack.popLast() {
      for w in adjacency[v] where !seen[w] {
        seen[w] = true
        if w < nodeCount && blocking[w] {
          border[w] = true
        } else {
          stack.append(w)
        }
      }
    }
    return border
  }
}
