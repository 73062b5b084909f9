@testable import CausalGraph

/// Independent, slow reference answers for small graphs: every simple path
/// is listed and judged one by one, straight from the textbook definitions
/// (Pearl 2009, Def. 1.2.3; Shpitser, VanderWeele & Robins 2010, Def. 5).
/// Nothing here calls the module's algorithms except the graph storage.
enum BruteForce {
  struct Edge: Hashable {
    var to: Int
    /// Arrowhead at the near end / at the far end.
    var headHere: Bool
    var headThere: Bool
  }

  static func edges(_ g: MixedGraph, _ v: Int) -> [Edge] {
    var out: [Edge] = []
    for c in g.children[v] { out.append(Edge(to: c, headHere: false, headThere: true)) }
    for p in g.parents[v] { out.append(Edge(to: p, headHere: true, headThere: false)) }
    for s in g.siblings[v] { out.append(Edge(to: s, headHere: true, headThere: true)) }
    return out
  }

  struct Path {
    var nodes: [Int]
    var edges: [Edge]
    var isDirected: Bool { edges.allSatisfy { !$0.headHere && $0.headThere } }
    var startsWithHead: Bool { edges.first?.headHere ?? false }
  }

  /// Every simple path from `a` to `b` (any edge kinds), not passing through
  /// nodes in `avoid`.
  static func paths(_ g: MixedGraph, from a: Int, to b: Int, avoid: Set<Int> = []) -> [Path] {
    var result: [Path] = []
    var nodes = [a]
    var edgeList: [Edge] = []
    var used = Set([a])
    func go(_ v: Int) {
      if v == b {
        result.append(Path(nodes: nodes, edges: edgeList))
        return
      }
      for e in edges(g, v) where !used.contains(e.to) && !avoid.contains(e.to) {
        used.insert(e.to)
        nodes.append(e.to)
        edgeList.append(e)
        go(e.to)
        used.remove(e.to)
        nodes.removeLast()
        edgeList.removeLast()
      }
    }
    go(a)
    return result
  }

  static func descendants(_ g: MixedGraph, _ v: Int) -> Set<Int> {
    var out: Set<Int> = [v]
    for c in g.children[v] { out.formUnion(descendants(g, c)) }
    return out
  }

  /// Whether the path is open given z: colliders have a descendant in z,
  /// other interior nodes are outside z.
  static func isOpen(_ g: MixedGraph, _ p: Path, given z: Set<Int>) -> Bool {
    for i in 1..<max(1, p.nodes.count - 1) {
      let v = p.nodes[i]
      let collider = p.edges[i - 1].headThere && p.edges[i].headHere
      if collider {
        if descendants(g, v).isDisjoint(with: z) { return false }
      } else if z.contains(v) {
        return false
      }
    }
    return true
  }

  static func separated(_ g: MixedGraph, _ a: Int, _ b: Int, given z: Set<Int>) -> Bool {
    if z.contains(a) || z.contains(b) { return true }
    return !paths(g, from: a, to: b).contains { isOpen(g, $0, given: z) }
  }

  static func separated(_ g: MixedGraph, _ a: [Int], _ b: [Int], given z: Set<Int>) -> Bool {
    for x in a where !z.contains(x) {
      for y in b where !z.contains(y) {
        if x == y || !separated(g, x, y, given: z) { return false }
      }
    }
    return true
  }

  /// Nodes on a causal path from x to y other than x (cn), by enumeration.
  static func causalNodes(_ g: MixedGraph, _ x: Int, _ y: Int) -> Set<Int> {
    var out: Set<Int> = []
    for p in paths(g, from: x, to: y) where p.isDirected { out.formUnion(p.nodes.dropFirst()) }
    return out
  }

  /// Forb(x, y) = De(cn) ∪ {x}.
  static func forbidden(_ g: MixedGraph, _ x: Int, _ y: Int) -> Set<Int> {
    var out: Set<Int> = [x]
    for c in causalNodes(g, x, y) { out.formUnion(descendants(g, c)) }
    return out
  }

  /// The adjustment criterion by definition, given the x-y paths.
  static func isAdjustmentSet(
    _ g: MixedGraph, _ z: Set<Int>, forbidden: Set<Int>, paths: [Path]
  ) -> Bool {
    if !z.isDisjoint(with: forbidden) { return false }
    return !paths.contains { !$0.isDirected && isOpen(g, $0, given: z) }
  }

  static func subsets(of items: [Int]) -> [[Int]] {
    (0..<(1 << items.count)).map { mask in items.indices.filter { mask & (1 << $0) != 0 }.map { items[$0] } }
  }

  /// A copy of `g` without the directed edges for which `drop` holds.
  static func without(_ g: MixedGraph, drop: (Int, Int) -> Bool) -> MixedGraph {
    var h = MixedGraph()
    for v in g.nodes { h.addNode(g.names[v], latent: g.isLatent[v]) }
    for e in g.directedEdges where !drop(e.from, e.to) { h.addDirectedEdge(from: e.from, to: e.to) }
    for e in g.bidirectedEdges { h.addBidirectedEdge(e.from, e.to) }
    return h
  }
}
