import CausalGraph
import Foundation

/// Identification on seeded random causal graphs of 50, 100 and 200 nodes:
/// `identification: auto` (which also lists up to 100 minimal adjustment
/// sets, the canonical and optimal sets, front-door sets, instruments, the ID
/// functional and up to 1,000 explained paths), the capped listing of
/// minimal sets, the optimal set, and the implied independencies.
///
/// Graphs: nodes in a random order, each later node gets each earlier one as
/// a parent with probability d/n (about d parents on average; d = 3, and
/// d = 6 for the "dense" 100-node graph), each pair is
/// joined by a bidirected edge with probability 0.5/n, and one node in ten is
/// latent. The outcome is the observed node with the most ancestors; the
/// treatment is its observed ancestor with the most ancestors. Figures are
/// the best of 3 runs.
enum GraphBenchmarks {
  static func run(into report: inout BenchReport) {
    for (n, degree) in [(50, 3.0), (100, 3.0), (200, 3.0), (100, 6.0)] {
      var rng = BenchSplitMix64(seed: 0xC0FFEE &+ UInt64(n) &+ UInt64(degree))
      let (graph, treatment, outcome) = makeGraph(nodes: n, parents: degree, using: &rng)
      let n = degree == 3 ? "\(n)" : "\(n) dense"
      guard let query = try? CausalQuery(graph: graph, treatments: [treatment], outcomes: [outcome])
      else { continue }
      let note =
        "\(graph.directedEdges.count) directed, \(graph.bidirectedEdges.count) bidirected, \(graph.latentNodes.count) latent"
      var strategy = "none"
      let auto = bestTime(repetitions: 3) {
        let result = EffectIdentifier.identify(query, strategy: .automatic, adjustment: .minimal)
        strategy = result.strategy?.rawValue ?? "none"
      }
      report.add("graph", "identification auto, \(n) nodes", auto * 1_000, "ms", note: "\(note); chose \(strategy)")
      var listed: [[Int]] = []
      let minimal = bestTime(repetitions: 3) { listed = query.minimalAdjustmentSets(limit: 100).sets }
      report.add(
        "graph", "minimal adjustment sets (cap 100), \(n) nodes", minimal * 1_000, "ms",
        note: "\(listed.count) sets of \(listed.map(\.count).min() ?? 0)-\(listed.map(\.count).max() ?? 0) nodes")
      let optimal = bestTime(repetitions: 3) { _ = query.optimalAdjustmentSet() }
      report.add("graph", "optimal adjustment set, \(n) nodes", optimal * 1_000, "ms")
      var statements = 0
      let implied = bestTime(repetitions: 3) { statements = graph.impliedIndependencies().statements.count }
      report.add("graph", "implied independencies, \(n) nodes", implied * 1_000, "ms", note: "\(statements) statements")
    }
    runLadder(into: &report)
  }

  /// A ladder: 49 back-door paths `x <- a_i -> b_i -> y`, each blocked by
  /// a_i or by b_i, so 2^49 minimal adjustment sets; listing the first ones
  /// shows the polynomial delay (van der Zander et al. 2019).
  static func runLadder(into report: inout BenchReport) {
    var g = MixedGraph()
    let x = g.addNode("x")
    let y = g.addNode("y")
    g.addDirectedEdge(from: x, to: y)
    for i in 0..<49 {
      let a = g.addNode("a\(i)")
      let b = g.addNode("b\(i)")
      g.addDirectedEdge(from: a, to: x)
      g.addDirectedEdge(from: a, to: b)
      g.addDirectedEdge(from: b, to: y)
    }
    guard let query = try? CausalQuery(graph: g, treatments: [x], outcomes: [y]) else { return }
    for cap in [100, 10_000] {
      var count = 0
      let time = bestTime(repetitions: 3) { count = query.minimalAdjustmentSets(limit: cap).sets.count }
      report.add(
        "graph", "minimal adjustment sets (cap \(cap)), 100-node ladder", time * 1_000, "ms",
        note: "\(count) of 2^49 sets, \(String(format: "%.1f", time / Double(max(count, 1)) * 1e6)) us per set")
    }
    let auto = bestTime(repetitions: 3) { _ = EffectIdentifier.identify(query) }
    report.add("graph", "identification auto, 100-node ladder", auto * 1_000, "ms", note: "1,000 paths listed")
  }

  static func makeGraph(nodes n: Int, parents: Double, using rng: inout BenchSplitMix64)
    -> (MixedGraph, Int, Int)
  {
    var g = MixedGraph()
    for i in 0..<n { g.addNode("v\(i)") }
    let order = Array(0..<n).shuffled(using: &rng)
    let pDirected = parents / Double(n)
    let pBidirected = 0.5 / Double(n)
    for b in 1..<n {
      for a in 0..<b {
        if Double.random(in: 0..<1, using: &rng) < pDirected {
          g.addDirectedEdge(from: order[a], to: order[b])
        }
        if Double.random(in: 0..<1, using: &rng) < pBidirected {
          g.addBidirectedEdge(order[a], order[b])
        }
      }
    }
    for i in 1..<(n - 1) where Double.random(in: 0..<1, using: &rng) < 0.1 { g.setLatent(order[i]) }
    // The outcome is the observed node with the most ancestors; the
    // treatment is its observed ancestor with the most ancestors of its own,
    // so that many back-door paths need blocking.
    let ancestorCounts = g.nodes.map { g.ancestors(of: [$0]).count }
    let observed = g.nodes.filter { !g.isLatent[$0] }
    let outcome = observed.max { ancestorCounts[$0] < ancestorCounts[$1] } ?? 0
    let treatment =
      g.ancestors(of: [outcome]).filter { $0 != outcome && !g.isLatent[$0] }
      .max { ancestorCounts[$0] < ancestorCounts[$1] } ?? 0
    return (g, treatment, outcome)
  }
}

/// SplitMix64 (Steele, Lea & Flood 2014): the benchmark graphs are the same
/// on every run and machine.
struct BenchSplitMix64: RandomNumberGenerator {
  private var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
