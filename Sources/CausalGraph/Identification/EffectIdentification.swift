/// The answer of the ID algorithm for `P(Y | do(X))`: an identified
/// functional of the observed distribution, or a hedge.
public struct EffectIdentification: Hashable, Codable, Sendable {
  /// The functional (study-graph node numbers), when identifiable.
  public var expression: ProbabilityExpression?
  /// The functional in standard notation, when identifiable.
  public var text: String?
  /// The hedge that makes the effect non-identifiable, otherwise.
  public var hedge: Hedge?
  /// Free variables of the functional other than X and Y (study-graph
  /// numbers): the functional has the same value for any of their values.
  public var arbitraryNodes: [Int] = []
  /// A remark on ``arbitraryNodes``, when there are any.
  public var note: String?

  /// Whether the ID algorithm identified the effect.
  public var isIdentified: Bool { expression != nil }
}
