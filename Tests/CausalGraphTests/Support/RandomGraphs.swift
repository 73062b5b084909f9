import TestSupport

@testable import CausalGraph

/// Seeded random causal graphs for property tests.
enum RandomGraphs {
  /// A random acyclic graph on `nodes` nodes named v0, v1, ...: each pair
  /// (i < j in a random order) gets `i -> j` with probability
  /// `directed`, and `i <-> j` with probability `bidirected`; each node is
  /// latent with probability `latent`.
  static func make(
    nodes: Int, directed: Double, bidirected: Double = 0, latent: Double = 0,
    using rng: inout SplitMix64
  ) -> MixedGraph {
    var g = MixedGraph()
    for i in 0..<nodes { g.addNode("v\(i)") }
    let order = Array(0..<nodes).shuffled(using: &rng)
    for a in 0..<nodes {
      for b in (a + 1)..<nodes {
        if Double.random(in: 0..<1, using: &rng) < directed {
          g.addDirectedEdge(from: order[a], to: order[b])
        }
        if Double.random(in: 0..<1, using: &rng) < bidirected {
          g.addBidirectedEdge(order[a], order[b])
        }
      }
    }
    for v in 0..<nodes where Double.random(in: 0..<1, using: &rng) < latent { g.setLatent(v) }
    return g
  }

  /// Two distinct observed nodes, the first earlier in a topological order
  /// (so it may cause the second), or nil when fewer than two are observed.
  static func pair(in g: MixedGraph, using rng: inout SplitMix64) -> (Int, Int)? {
    let order = g.topologicalOrder().filter { !g.isLatent[$0] }
    guard order.count >= 2 else { return nil }
    let i = Int.random(in: 0..<(order.count - 1), using: &rng)
    let j = Int.random(in: (i + 1)..<order.count, using: &rng)
    return (order[i], order[j])
  }
}
