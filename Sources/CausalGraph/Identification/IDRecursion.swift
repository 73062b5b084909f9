/// The failure of line 5 of ID: the hedge F, F' (projection numbers).
struct HedgeFound: Error {
  var forest: [Int]
  var subforest: [Int]
}

/// The recursive ID algorithm on an ADMG whose nodes are all observed.
///
/// Node sets are sorted arrays of node numbers; the current graph is the
/// subgraph of `graph` induced by `v`; `p` is the current distribution over
/// `v` (possibly also depending on fixed context variables).
struct IDRecursion {
  let graph: MixedGraph
  let order: [Int]
  let rank: [Int]

  init(_ graph: MixedGraph) {
    self.graph = graph
    order = graph.topologicalOrder()
    var r = [Int](repeating: 0, count: graph.count)
    for (i, v) in order.enumerated() { r[v] = i }
    rank = r
  }

  func variables(_ nodes: [Int]) -> [ProbabilityVariable] { nodes.map { ProbabilityVariable($0) } }

  func minus(_ a: [Int], _ b: [Int]) -> [Int] {
    let drop = Set(b)
    return a.filter { !drop.contains($0) }
  }

  func intersect(_ a: [Int], _ b: [Int]) -> [Int] {
    let keep = Set(b)
    return a.filter { keep.contains($0) }
  }

  /// Ancestors of `y` inside `v`, not passing from a node of `cut` to its
  /// parents (that is, in the graph without the edges into `cut`).
  func ancestors(of y: [Int], within v: [Int], cutting cut: [Int] = []) -> [Int] {
    let inside = graph.mask(of: v)
    let isCut = graph.mask(of: cut)
    var seen = [Bool](repeating: false, count: graph.count)
    var stack = y.filter { inside[$0] }
    for s in stack { seen[s] = true }
    while let node = stack.popLast() {
      if isCut[node] { continue }
      for p in graph.parents[node] where inside[p] && !seen[p] {
        seen[p] = true
        stack.append(p)
      }
    }
    return graph.members(of: seen)
  }

  /// Whether `v` is closed under taking parents in the whole graph.
  func isAncestral(_ v: [Int]) -> Bool {
    let inside = graph.mask(of: v)
    return v.allSatisfy { graph.parents[$0].allSatisfy { inside[$0] } }
  }

  /// The Markov blanket of `vi` among its predecessors `before` in a
  /// topological order: `(D ∪ pa(D)) \ {vi}` for the district D of `vi` in
  /// the subgraph induced by `before ∪ {vi}`. When `before ∪ {vi}` is
  /// ancestral, `vi ⊥ before \ blanket | blanket` (Tian & Pearl 2002,
  /// Lemma 1; Richardson 2003), so `P(vi | before) = P(vi | blanket)`.
  func blanket(of vi: Int, among before: [Int]) -> [Int] {
    let inside = graph.mask(of: before + [vi])
    var inDistrict = [Bool](repeating: false, count: graph.count)
    inDistrict[vi] = true
    var stack = [vi]
    var result = Set<Int>()
    while let u = stack.popLast() {
      if u != vi { result.insert(u) }
      for p in graph.parents[u] where inside[p] { result.insert(p) }
      for s in graph.siblings[u] where inside[s] && !inDistrict[s] {
        inDistrict[s] = true
        stack.append(s)
      }
    }
    result.remove(vi)
    return result.sorted()
  }

  /// `P(vi | predecessors)` under the current distribution `p` over `v`.
  func conditional(_ p: ProbabilityExpression, over v: [Int], node vi: Int) -> ProbabilityExpression {
    let before = v.filter { rank[$0] < rank[vi] }
    if case .probability(let a, let b) = p, Set(a) == Set(variables(v)) {
      if b.isEmpty && isAncestral(v) {
        return .probability(of: [ProbabilityVariable(vi)], given: variables(blanket(of: vi, among: before)))
      }
      return .probability(of: [ProbabilityVariable(vi)], given: variables(before) + b)
    }
    let numerator = ProbabilityExpression.sum(over: variables(minus(v, before + [vi])), p)
    let denominator = ProbabilityExpression.sum(over: variables(minus(v, before)), p)
    return ProbabilityExpression.quotient(numerator, denominator).simplified()
  }

  /// ID(y, x, P, G[v]) of Shpitser & Pearl (2006, Fig. 3), lines 1-7.
  mutating func identify(y: [Int], x: [Int], p: ProbabilityExpression, v: [Int]) throws(HedgeFound)
    -> ProbabilityExpression
  {
    // Line 1: no intervention.
    if x.isEmpty {
      return ProbabilityExpression.sum(over: variables(minus(v, y)), p).simplified()
    }
    // Line 2: drop the non-ancestors of Y.
    let an = ancestors(of: y, within: v)
    if an.count < v.count {
      let marginal = ProbabilityExpression.sum(over: variables(minus(v, an)), p).simplified()
      return try identify(y: y, x: intersect(x, an), p: marginal, v: an)
    }
    // Line 3: intervene also on nodes that cannot reach Y once X is fixed.
    let reach = ancestors(of: y, within: v, cutting: x)
    let w = minus(minus(v, x), reach)
    if !w.isEmpty {
      return try identify(y: y, x: (x + w).sorted(), p: p, v: v)
    }
    // Line 4: factorize over the districts of G[V \ X].
    let districts = graph.districts(within: minus(v, x))
    if districts.count > 1 {
      var factors: [ProbabilityExpression] = []
      for s in districts {
        factors.append(try identify(y: s, x: minus(v, s), p: p, v: v))
      }
      return ProbabilityExpression.sum(over: variables(minus(v, y + x)), .product(factors))
        .simplified()
    }
    let s = districts.first ?? []
    let whole = graph.districts(within: v)
    // Line 5: a hedge.
    if whole.count == 1 {
      throw HedgeFound(forest: v, subforest: s)
    }
    // Line 6: S is a district of G[V].
    if whole.contains(s) {
      let factors = s.map { conditional(p, over: v, node: $0) }
      return ProbabilityExpression.sum(over: variables(minus(s, y)), .product(factors))
        .simplified()
    }
    // Line 7: S sits inside a larger district S' of G[V].
    guard let larger = whole.first(where: { !Set($0).isDisjoint(with: s) }) else {
      preconditionFailure("a district of G[V \\ X] lies inside a district of G[V]")
    }
    let factors = larger.map { conditional(p, over: v, node: $0) }
    let restricted = ProbabilityExpression.product(factors).simplified()
    return try identify(y: y, x: intersect(x, larger), p: restricted, v: larger)
  }
}
