extension ProbabilityExpression {
  /// An equal expression in a simpler form, using only identities that hold
  /// for every distribution:
  /// - `sum_v P(v, A | B) = P(A | B)` when v occurs nowhere else in the sum's
  ///   body (so `sum_v P(v | B) = 1`), and a sum moves into the one factor
  ///   that mentions its variable;
  /// - the chain rule `P(A | C, B) P(C | B) = P(A, C | B)`;
  /// - equal factors of a quotient cancel; products are flattened.
  /// These are the simplifications textbook derivations use (Pearl 2009,
  /// sec. 3.4; Tikka & Karvanen 2017, "Simplifying probabilistic expressions
  /// in causal inference", JMLR, rules for sums of atomic terms).
  public func simplified() -> ProbabilityExpression {
    switch self {
    case .probability(let a, let b):
      if a.isEmpty { return .one }
      return .probability(of: Array(Set(a)).sorted(), given: Array(Set(b).subtracting(a)).sorted())
    case .product(let factors):
      return Self.simplifyProduct(factors.map { $0.simplified() })
    case .sum(let over, let body):
      return Self.simplifySum(Set(over), body.simplified())
    case .quotient(let n, let d):
      return Self.simplifyQuotient(n.simplified(), d.simplified())
    }
  }

  var factors: [ProbabilityExpression] {
    if case .product(let f) = self { return f }
    return [self]
  }

  static func simplifyProduct(_ input: [ProbabilityExpression]) -> ProbabilityExpression {
    var factors: [ProbabilityExpression] = []
    for f in input { factors.append(contentsOf: f.factors) }
    // Chain rule: P(A | C ∪ B) P(C | B) = P(A ∪ C | B).
    var merged = true
    while merged {
      merged = false
      search: for i in factors.indices {
        guard case .probability(let a1, let b1) = factors[i] else { continue }
        for j in factors.indices where j != i {
          guard case .probability(let a2, let b2) = factors[j] else { continue }
          if Set(b1) == Set(a2).union(b2) && Set(a2).isDisjoint(with: b2) {
            let joint = ProbabilityExpression.probability(
              of: Array(Set(a1).union(a2)).sorted(), given: b2.sorted())
            factors[min(i, j)] = joint
            factors.remove(at: max(i, j))
            merged = true
            break search
          }
        }
      }
    }
    return factors.count == 1 ? factors[0] : .product(factors)
  }

  static func simplifySum(_ over: Set<ProbabilityVariable>, _ body: ProbabilityExpression)
    -> ProbabilityExpression
  {
    if over.isEmpty { return body }
    if case .sum(let inner, let innerBody) = body, over.isDisjoint(with: inner) {
      return simplifySum(over.union(inner), innerBody)
    }
    var factors = body.factors
    var remaining = over
    // Lift inner sums whose variables occur nowhere else:
    // sum_a f sum_b g = sum_{a,b} f g when b is not free in f.
    var lifted = true
    while lifted {
      lifted = false
      for i in factors.indices {
        guard case .sum(let inner, let innerBody) = factors[i] else { continue }
        let others = factors.indices.filter { $0 != i }
          .reduce(into: Set<ProbabilityVariable>()) { $0.formUnion(factors[$1].freeVariables) }
        guard Set(inner).isDisjoint(with: others), Set(inner).isDisjoint(with: remaining) else { continue }
        factors.remove(at: i)
        factors.append(contentsOf: innerBody.factors)
        remaining.formUnion(inner)
        lifted = true
        break
      }
    }
    var changed = true
    while changed {
      changed = false
      for v in remaining.sorted() {
        let holders = factors.indices.filter { factors[$0].freeVariables.contains(v) }
        if holders.isEmpty { continue }  // never dropped: summing a constant is not 1
        guard holders.count == 1 else { continue }
        let i = holders[0]
        switch factors[i] {
        case .probability(let a, let b) where a.contains(v) && !b.contains(v):
          let rest = a.filter { $0 != v }
          factors[i] = rest.isEmpty ? .one : .probability(of: rest, given: b)
        case .probability:
          continue
        default:
          if factors.count == 1 { continue }
          factors[i] = simplifySum([v], factors[i])
        }
        remaining.remove(v)
        changed = true
      }
    }
    let product = simplifyProduct(factors.filter { $0 != .one })
    if remaining.isEmpty { return product }
    return .sum(over: remaining.sorted(), product)
  }

  static func simplifyQuotient(_ n: ProbabilityExpression, _ d: ProbabilityExpression)
    -> ProbabilityExpression
  {
    if d == .one { return n }
    var top = n.factors
    var bottom = d.factors
    var i = 0
    while i < bottom.count {
      if let j = top.firstIndex(of: bottom[i]) {
        top.remove(at: j)
        bottom.remove(at: i)
      } else {
        i += 1
      }
    }
    let numerator = simplifyProduct(top)
    if bottom.isEmpty { return numerator }
    return .quotient(numerator, simplifyProduct(bottom))
  }

  /// The expression with every variable bound by a sum that is already in
  /// use outside (free in the whole expression, or bound by an enclosing
  /// sum) given the next unused number of primes.
  func withDistinctBoundVariables() -> ProbabilityExpression {
    var used: [Int: Int] = [:]
    var inScope = Set(freeVariables.map(\.node))
    for v in inScope { used[v] = 0 }
    return renameBound(current: [:], inScope: &inScope, used: &used)
  }

  private func renameBound(
    current: [Int: Int], inScope: inout Set<Int>, used: inout [Int: Int]
  ) -> ProbabilityExpression {
    func m(_ vs: [ProbabilityVariable]) -> [ProbabilityVariable] {
      vs.map { ProbabilityVariable($0.node, primes: current[$0.node] ?? $0.primes) }
    }
    switch self {
    case .probability(let a, let b):
      return .probability(of: m(a), given: m(b))
    case .product(let factors):
      return .product(factors.map { $0.renameBound(current: current, inScope: &inScope, used: &used) })
    case .quotient(let n, let d):
      return .quotient(
        n.renameBound(current: current, inScope: &inScope, used: &used),
        d.renameBound(current: current, inScope: &inScope, used: &used))
    case .sum(let over, let body):
      var inner = current
      var added: [Int] = []
      var bound: [ProbabilityVariable] = []
      for v in over {
        if inScope.contains(v.node) {
          let primes = (used[v.node] ?? 0) + 1
          used[v.node] = primes
          inner[v.node] = primes
        } else {
          inner[v.node] = 0
          used[v.node] = used[v.node] ?? 0
          inScope.insert(v.node)
          added.append(v.node)
        }
        bound.append(ProbabilityVariable(v.node, primes: inner[v.node] ?? 0))
      }
      let renamed = body.renameBound(current: inner, inScope: &inScope, used: &used)
      for v in added { inScope.remove(v) }
      return .sum(over: bound, renamed)
    }
  }
}
