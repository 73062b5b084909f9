import CausalGraph

/// How an effect was identified and estimated: the strategy a record says was
/// used (the study asks with ``IdentificationStrategy``, which adds `auto`).
public enum EffectStrategy: String, Codable, Sendable, CaseIterable, CustomStringConvertible {
  /// Back-door adjustment.
  case backdoor
  case frontdoor
  case instrumentalVariable = "iv"
  /// The ID algorithm of Shpitser & Pearl (2006).
  case generalIdentification = "id"
  /// Natural direct and indirect effects through mediators.
  case mediation
  /// Continuity of the outcome at a cutoff of a running variable.
  case regressionDiscontinuity = "regression discontinuity"
  /// Not identified.
  case none

  /// The strategy a graph criterion stands for (`auto` is never a strategy used).
  public init(_ method: IdentificationMethod) {
    switch method {
    case .automatic, .backdoor: self = .backdoor
    case .frontdoor: self = .frontdoor
    case .instrumentalVariable: self = .instrumentalVariable
    case .generalIdentification: self = .generalIdentification
    }
  }

  public var description: String { rawValue }

  /// The strategy in words ("iv" is the study file's spelling).
  public var phrase: String {
    switch self {
    case .instrumentalVariable: "instrumental variables"
    case .frontdoor: "the front-door criterion"
    default: rawValue
    }
  }
}

/// How a study asks for the effect to be identified: `auto` or one named
/// criterion. It is the graph module's own vocabulary.
public typealias IdentificationStrategy = IdentificationMethod
