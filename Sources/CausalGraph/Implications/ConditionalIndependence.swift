/// A conditional independence `a ⊥ b | given` implied by a causal graph.
public struct ConditionalIndependence: Hashable, Codable, Sendable {
  /// Study-graph node numbers; `first < second`.
  public var first: Int
  public var second: Int
  /// The conditioning set (study-graph numbers, sorted).
  public var given: [Int]
  /// dagitty's notation, e.g. `a _||_ b | c, d`.
  public var text: String
}
