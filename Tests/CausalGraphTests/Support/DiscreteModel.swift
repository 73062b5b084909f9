import TestSupport

@testable import CausalGraph

/// A random discrete (binary) causal model that factorizes according to a
/// graph: every bidirected edge becomes an explicit latent parent, every
/// node gets a random conditional probability table with entries in
/// [0.05, 0.95] (so every observed event has positive probability).
///
/// The ground truth `P(y | do(x))` comes from the truncated factorization
/// (Pearl 2009, eq. 3.10), which is independent of every identification
/// algorithm; functionals are evaluated on the observed marginal.
struct DiscreteModel {
  /// The model's DAG: the study graph's nodes keep their numbers, latent
  /// parents of bidirected edges come after them.
  let dag: MixedGraph
  let observed: [Int]
  /// probabilityOfOne[v][k]: P(v = 1 | parents in configuration k).
  let probabilityOfOne: [[Double]]
  let joint: [Double]
  private var tables: [Int: [Double]] = [:]

  init(graph: MixedGraph, using rng: inout SplitMix64) {
    var d = MixedGraph()
    for v in graph.nodes { d.addNode(graph.names[v], latent: graph.isLatent[v]) }
    for e in graph.directedEdges { d.addDirectedEdge(from: e.from, to: e.to) }
    for (i, e) in graph.bidirectedEdges.enumerated() {
      let u = d.addNode("__u\(i)", latent: true)
      d.addDirectedEdge(from: u, to: e.from)
      d.addDirectedEdge(from: u, to: e.to)
    }
    dag = d
    observed = graph.nodes.filter { !graph.isLatent[$0] }
    probabilityOfOne = d.nodes.map { v in
      (0..<(1 << d.parents[v].count)).map { _ in Double.random(in: 0.05...0.95, using: &rng) }
    }
    joint = Self.distribution(dag: d, cpt: probabilityOfOne, fixed: [:])
  }

  /// The joint over all DAG nodes (index bit v = value of node v), with the
  /// nodes in `fixed` set by intervention (their factor dropped).
  static func distribution(dag: MixedGraph, cpt: [[Double]], fixed: [Int: Int]) -> [Double] {
    let n = dag.count
    var out = [Double](repeating: 0, count: 1 << n)
    for state in 0..<(1 << n) {
      var p = 1.0
      for v in 0..<n {
        let value = (state >> v) & 1
        if let f = fixed[v] {
          if f != value {
            p = 0
            break
          }
          continue
        }
        var k = 0
        for (i, parent) in dag.parents[v].enumerated() where (state >> parent) & 1 == 1 { k |= 1 << i }
        let one = cpt[v][k]
        p *= value == 1 ? one : 1 - one
      }
      out[state] = p
    }
    return out
  }

  /// The marginal table of the nodes in `set` (bit i of the index = value of
  /// the i-th node of `set` in increasing order), from `joint`.
  static func marginal(_ joint: [Double], nodes set: [Int]) -> [Double] {
    var out = [Double](repeating: 0, count: 1 << set.count)
    for (state, p) in joint.enumerated() where p != 0 {
      var k = 0
      for (i, v) in set.enumerated() where (state >> v) & 1 == 1 { k |= 1 << i }
      out[k] += p
    }
    return out
  }

  /// Observed probability of the assignment (node -> value).
  mutating func probability(_ assignment: [Int: Int]) -> Double {
    let nodes = assignment.keys.sorted()
    let key = nodes.reduce(0) { $0 | (1 << $1) }
    if tables[key] == nil { tables[key] = Self.marginal(joint, nodes: nodes) }
    var k = 0
    for (i, v) in nodes.enumerated() where assignment[v] == 1 { k |= 1 << i }
    return tables[key]![k]
  }

  /// P(Y = yValues | do(X = xValues)) from the truncated factorization.
  func interventional(x: [Int: Int], y: [Int: Int]) -> Double {
    let mutilated = Self.distribution(dag: dag, cpt: probabilityOfOne, fixed: x)
    let nodes = y.keys.sorted()
    let table = Self.marginal(mutilated, nodes: nodes)
    var k = 0
    for (i, v) in nodes.enumerated() where y[v] == 1 { k |= 1 << i }
    return table[k]
  }

  /// The value of a functional of the observed distribution with its free
  /// variables set by `free` (node -> value for unprimed variables).
  mutating func evaluate(_ e: ProbabilityExpression, free: [Int: Int]) -> Double {
    var env: [ProbabilityVariable: Int] = [:]
    for (v, value) in free { env[ProbabilityVariable(v)] = value }
    return evaluate(e, env: &env)
  }

  private mutating func evaluate(_ e: ProbabilityExpression, env: inout [ProbabilityVariable: Int]) -> Double {
    switch e {
    case .probability(let a, let b):
      var joint: [Int: Int] = [:]
      var condition: [Int: Int] = [:]
      for v in a { joint[v.node] = env[v]! }
      for v in b {
        joint[v.node] = env[v]!
        condition[v.node] = env[v]!
      }
      let numerator = probability(joint)
      return condition.isEmpty ? numerator : numerator / probability(condition)
    case .product(let factors):
      var p = 1.0
      for f in factors { p *= evaluate(f, env: &env) }
      return p
    case .quotient(let n, let d):
      return evaluate(n, env: &env) / evaluate(d, env: &env)
    case .sum(let over, let body):
      let saved = over.map { env[$0] }
      var total = 0.0
      for state in 0..<(1 << over.count) {
        for (i, v) in over.enumerated() { env[v] = (state >> i) & 1 }
        total += evaluate(body, env: &env)
      }
      for (v, old) in zip(over, saved) { env[v] = old }
      return total
    }
  }

  /// Every assignment of the given nodes.
  static func assignments(_ nodes: [Int]) -> [[Int: Int]] {
    (0..<(1 << nodes.count)).map { state in
      Dictionary(uniqueKeysWithValues: nodes.enumerated().map { ($1, (state >> $0) & 1) })
    }
  }

  /// The largest |functional - truth| over all values of X and Y, and of
  /// any other free variable of the functional (on which it must not depend).
  mutating func error(of e: ProbabilityExpression, x: [Int], y: [Int]) -> Double {
    let extra = e.freeVariables.map(\.node).filter { !x.contains($0) && !y.contains($0) }.sorted()
    var worst = 0.0
    for xs in Self.assignments(x) {
      for ys in Self.assignments(y) {
        let truth = interventional(x: xs, y: ys)
        for others in Self.assignments(extra) {
          let free = xs.merging(ys) { a, _ in a }.merging(others) { a, _ in a }
          let value = evaluate(e, free: free)
          worst = max(worst, value.isNaN ? .infinity : abs(value - truth))
        }
      }
    }
    return worst
  }
}
