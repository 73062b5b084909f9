/// Why a requested strategy cannot identify the effect (an error value).
public struct IdentificationFailure: Error, Hashable, Codable, Sendable, CustomStringConvertible {
  /// The strategy that failed (`auto` when nothing applies).
  public var strategy: IdentificationMethod
  /// The criterion that fails, e.g. "generalized adjustment criterion".
  public var criterion: String
  /// Why, with the open path or the hedge.
  public var reason: String
  public var description: String { "\(criterion): \(reason)" }
}
