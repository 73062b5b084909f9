extension ProbabilityExpression {
  /// The expression in standard notation, e.g.
  /// `sum_{m} P(m | x) sum_{x'} P(y | m, x') P(x')`.
  ///
  /// Conventions: variables inside a term and factors of a product are
  /// written latest first: deepest first in `graph` (depth: the longest
  /// directed path from a root), nodes of equal depth in the order the graph
  /// declares them (so a back-door formula reads
  /// `sum_{w1, w2} P(y | x, w1, w2) P(w1, w2)`); sums and quotients come after
  /// the plain terms of a product, and any but the last of them is put in
  /// brackets; a quotient is `(numerator) / (denominator)`; the empty product
  /// is `1`. Node numbers are those of `graph`, which must be acyclic.
  /// Nodes in `first` are written before all others (a back-door formula
  /// puts the treatment first: `P(y | x, w)` whatever the depths).
  public func text(in graph: MixedGraph, first: [Int] = []) -> String {
    var depth = [Int](repeating: 0, count: graph.count)
    for v in graph.topologicalOrder() {
      for parent in graph.parents[v] { depth[v] = max(depth[v], depth[parent] + 1) }
    }
    // rank: a higher rank is written first.
    let lead = Set(first)
    let ascending = graph.nodes.sorted {
      (lead.contains($0) ? 1 : 0, depth[$0], $1) < (lead.contains($1) ? 1 : 0, depth[$1], $0)
    }
    var rank = [Int](repeating: 0, count: graph.count)
    for (i, v) in ascending.enumerated() { rank[v] = i }
    return text(names: graph.names, rank: rank)
  }

  func text(names: [String], rank: [Int]) -> String {
    func name(_ v: ProbabilityVariable) -> String {
      names[v.node] + String(repeating: "'", count: v.primes)
    }
    func ordered(_ vs: [ProbabilityVariable]) -> [ProbabilityVariable] {
      vs.sorted { (rank[$0.node], $0.primes) > (rank[$1.node], $1.primes) }
    }
    func list(_ vs: [ProbabilityVariable]) -> String { ordered(vs).map(name).joined(separator: ", ") }
    switch self {
    case .probability(let a, let b):
      return b.isEmpty ? "P(\(list(a)))" : "P(\(list(a)) | \(list(b)))"
    case .sum(let over, let body):
      return "sum_{\(list(over))} " + body.text(names: names, rank: rank)
    case .quotient(let n, let d):
      return "(\(n.text(names: names, rank: rank))) / (\(d.text(names: names, rank: rank)))"
    case .product(let factors):
      if factors.isEmpty { return "1" }
      var terms: [(key: Int, text: String)] = []
      var compound: [(text: String, isQuotient: Bool)] = []
      for f in factors {
        if case .probability(let a, _) = f {
          terms.append((a.map { rank[$0.node] }.max() ?? 0, f.text(names: names, rank: rank)))
        } else {
          var isQuotient = false
          if case .quotient = f { isQuotient = true }
          compound.append((f.text(names: names, rank: rank), isQuotient))
        }
      }
      terms.sort { $0.key != $1.key ? $0.key > $1.key : $0.text < $1.text }
      let last = compound.popLast()
      var parts = terms.map(\.text) + compound.map { "[\($0.text)]" }
      if let last { parts.append(last.isQuotient && !parts.isEmpty ? "[\(last.text)]" : last.text) }
      return parts.joined(separator: " ")
    }
  }
}
