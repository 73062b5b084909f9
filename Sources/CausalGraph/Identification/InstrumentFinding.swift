/// One instrument with its conditioning set and its arguments, as names.
public struct InstrumentFinding: Hashable, Codable, Sendable {
  public var instrument: NodeReference
  public var conditioningSet: [NodeReference]
  /// Why Z and X are m-connected given W.
  public var relevance: String
  /// Why Z and Y are m-separated given W once the causal paths out of X are cut.
  public var exclusion: String
}
