/// A variable of a probability expression: a node, and how many primes it
/// carries when a summation re-binds a name that is already in use (the
/// inner `x'` of `sum_{x'} P(y | m, x') P(x')`).
public struct ProbabilityVariable: Hashable, Codable, Sendable, Comparable {
  public var node: Int
  public var primes: Int

  /// The variable of `node`, with `primes` primes.
  public init(_ node: Int, primes: Int = 0) {
    self.node = node
    self.primes = primes
  }

  public static func < (a: Self, b: Self) -> Bool { (a.node, a.primes) < (b.node, b.primes) }
}
