/// Whether a node is a (conditional) instrument for the effect of X on Y
/// given a conditioning set W, with the argument for each condition.
///
/// Definition (Brito & Pearl 2002; van der Zander, Textor & Liśkiewicz 2015,
/// IJCAI, Def. 3.2), for one treatment X and one outcome Y, on the latent
/// projection G: Z is an instrument given W iff
/// - admissibility: W holds observed nodes other than X, Y and Z that are
///   not descendants of X or of Y ("measurements unaffected by X", Pearl
///   2009, sec. 7.4.5; nondescendants of Y, Brito & Pearl 2002);
/// - relevance: Z and X are m-connected given W in G;
/// - exclusion: Z and Y are m-separated given W in the proper back-door
///   graph (G without the first edge of every causal path from X to Y).
///
/// Estimand (linear models): the effect is `cov(Z, Y | W) / cov(Z, X | W)`.
public struct InstrumentVerdict: Hashable, Codable, Sendable {
  /// The instrument (study-graph number).
  public var instrument: Int
  /// The conditioning set W (study-graph numbers, sorted).
  public var conditioningSet: [Int]
  /// Whether admissibility, relevance and exclusion all hold.
  public var isValid: Bool
  public var admissibility: InstrumentCondition
  public var relevance: InstrumentCondition
  public var exclusion: InstrumentCondition
  /// A sentence: valid, or the failed conditions.
  public var explanation: String
}

/// One condition of the instrument definition with its verdict.
public struct InstrumentCondition: Hashable, Codable, Sendable {
  /// Whether the condition holds.
  public var holds: Bool
  /// Why, as a sentence.
  public var reason: String
  /// For relevance: an open path from Z to X given W; for exclusion when it
  /// fails: an open path from Z to Y (study-graph numbers).
  public var path: GraphPath?
}
