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

  public var isIdentified: Bool { expression != nil }
}

/// A hedge for `P(Y | do(X))` (Shpitser & Pearl 2006, Def. 4 and Theorem 4):
/// two c-forests F' ⊂ F with the same root set R ⊆ An(Y), where F meets X
/// and F' does not. Two models that agree on the observed distribution but
/// differ on `P(Y | do(X))` can be built on it, so the effect is not
/// identifiable.
public struct Hedge: Hashable, Codable, Sendable {
  /// The nodes of F (study-graph numbers, sorted).
  public var forest: [Int]
  /// The nodes of F' (study-graph numbers, sorted).
  public var subforest: [Int]
  /// Why the effect is not identifiable, as a sentence.
  public var explanation: String
}
