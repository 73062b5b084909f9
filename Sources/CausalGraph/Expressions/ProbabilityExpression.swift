/// An identified functional of the observed distribution P(v): sums,
/// products and quotients of conditional probabilities `P(a | b)` of the
/// observed variables (the output language of the ID algorithm, Shpitser &
/// Pearl 2006).
///
/// Every `probability` term is a conditional of the one observed joint
/// distribution; a variable bound by a `sum` is written with primes when
/// its name is already in use outside. The empty product is the number 1.
public indirect enum ProbabilityExpression: Hashable, Codable, Sendable {
  /// `P(of | given)`.
  case probability(of: [ProbabilityVariable], given: [ProbabilityVariable])
  /// `sum_{over} body`.
  case sum(over: [ProbabilityVariable], ProbabilityExpression)
  /// The product of the factors (1 when empty).
  case product([ProbabilityExpression])
  /// `numerator / denominator`.
  case quotient(ProbabilityExpression, ProbabilityExpression)

  /// The constant 1.
  public static let one = ProbabilityExpression.product([])

  /// The variables that are not bound by a summation.
  public var freeVariables: Set<ProbabilityVariable> {
    switch self {
    case .probability(let a, let b): Set(a).union(b)
    case .sum(let over, let body): body.freeVariables.subtracting(over)
    case .product(let factors): factors.reduce(into: Set()) { $0.formUnion($1.freeVariables) }
    case .quotient(let n, let d): n.freeVariables.union(d.freeVariables)
    }
  }

  /// The same expression with every node number replaced through `map`.
  func renumbered(_ map: [Int]) -> ProbabilityExpression {
    func m(_ vs: [ProbabilityVariable]) -> [ProbabilityVariable] {
      vs.map { ProbabilityVariable(map[$0.node], primes: $0.primes) }
    }
    switch self {
    case .probability(let a, let b): return .probability(of: m(a), given: m(b))
    case .sum(let over, let body): return .sum(over: m(over), body.renumbered(map))
    case .product(let factors): return .product(factors.map { $0.renumbered(map) })
    case .quotient(let n, let d): return .quotient(n.renumbered(map), d.renumbered(map))
    }
  }
}
