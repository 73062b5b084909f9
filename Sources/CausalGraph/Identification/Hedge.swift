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
