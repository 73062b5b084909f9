/// A basis of the conditional independencies a graph implies among its
/// observed variables: one statement per non-adjacent observed pair of the
/// latent projection, plus the pairs no observed set separates.
public struct ImpliedIndependencies: Hashable, Codable, Sendable {
  public var statements: [ConditionalIndependence]
  /// Non-adjacent observed pairs that no set of observed nodes m-separates
  /// (for example the ends of Verma's graph), each `[first, second]`.
  public var inseparablePairs: [[Int]]
  /// Sentences about the choice made and the pairs skipped.
  public var notes: [String]
}
