/// How to identify an effect: one named criterion, or the first that
/// applies (`auto`). Raw values are the study-format spellings.
public enum IdentificationMethod: String, Hashable, Codable, Sendable, CaseIterable, CustomStringConvertible {
  /// Back-door, else front-door, else an instrument, else the ID algorithm.
  case automatic = "auto"
  /// Covariate adjustment (generalized adjustment criterion).
  case backdoor
  /// Pearl's front-door criterion.
  case frontdoor
  /// A (conditional) instrumental variable.
  case instrumentalVariable = "iv"
  /// The ID algorithm of Shpitser & Pearl (2006).
  case generalIdentification = "id"

  /// The study-format spelling.
  public var description: String { rawValue }
}
