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
  /// Parallel trends in a panel (difference-in-differences).
  case parallelTrends = "parallel trends"
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

/// How a study asks for the effect to be identified (`estimand.identification`):
/// `auto`, one of the graph's criteria, or parallel trends in a panel.
public enum IdentificationStrategy: String, Codable, Sendable, CaseIterable, CustomStringConvertible {
  /// Back-door, else front-door, else an instrument, else the ID algorithm
  /// (for panel methods: parallel trends).
  case automatic = "auto"
  case backdoor
  case frontdoor
  case instrumentalVariable = "iv"
  case generalIdentification = "id"
  /// Parallel trends in a panel, possibly conditional on covariates, with no
  /// anticipation beyond `anticipation` periods (difference-in-differences).
  case parallelTrends = "parallel_trends"

  /// The graph criterion asked for, or `nil` for parallel trends (an
  /// assumption about trends, not a graph criterion).
  public var graphMethod: IdentificationMethod? {
    switch self {
    case .automatic: .automatic
    case .backdoor: .backdoor
    case .frontdoor: .frontdoor
    case .instrumentalVariable: .instrumentalVariable
    case .generalIdentification: .generalIdentification
    case .parallelTrends: nil
    }
  }

  public var description: String { rawValue }
}
