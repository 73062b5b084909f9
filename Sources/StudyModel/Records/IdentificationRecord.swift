import CausalGraph

/// How the effect was identified from the graph, with the argument.
public struct IdentificationRecord: Codable, Sendable {
  /// The strategy used: backdoor, frontdoor, iv, id; or none.
  public var strategy: EffectStrategy
  /// What the study asked for (`auto`, or one strategy).
  public var requested: IdentificationStrategy
  /// The estimand: the identified functional in standard notation.
  public var estimand: String
  /// The adjustment set the back-door estimators use (empty when none is needed).
  public var adjustmentSet: [String]
  /// How the set was chosen: minimal, optimal, all, or the study's own list.
  public var adjustmentChoice: AdjustmentChoice
  /// Every minimal adjustment set, up to a cap of 100.
  public var minimalSets: [[String]]
  /// 1 when the listing stopped at the cap (more minimal sets exist), else 0.
  public var minimalSetsOmitted: Int
  /// The canonical set of Perkovic et al. (2018), when back-door applies.
  public var canonicalSet: [String]?
  /// The optimal set of Henckel et al. (2022), or why there is none.
  public var optimalSet: [String]?
  public var optimalSetReason: String?
  public var instruments: [InstrumentRecord]
  public var mediators: [String]
  /// The front-door conditions, each with its verdict.
  public var frontdoorConditions: [ConditionRecord]
  /// Every back-door path and what blocks it (capped).
  public var backdoorPaths: [PathRecord]
  public var backdoorPathsOmitted: Int
  /// Why the effect is not identifiable (a hedge), when it is not.
  public var notIdentifiableReason: String?
  /// Conditional independencies the graph implies among observed variables.
  public var impliedIndependencies: [IndependenceStatement]
  /// The graph, for drawing.
  public var graph: GraphRecord
  /// Explanations of why the other strategies were not used.
  public var notes: [String]
  /// The regression discontinuity's own identification, when the study has a regression_discontinuity estimator.
  public var discontinuity: DiscontinuityIdentification?

  public init(
    strategy: EffectStrategy, requested: IdentificationStrategy, estimand: String, adjustmentSet: [String],
    adjustmentChoice: AdjustmentChoice, minimalSets: [[String]], minimalSetsOmitted: Int,
    canonicalSet: [String]?, optimalSet: [String]?, optimalSetReason: String?,
    instruments: [InstrumentRecord], mediators: [String], frontdoorConditions: [ConditionRecord],
    backdoorPaths: [PathRecord], backdoorPathsOmitted: Int, notIdentifiableReason: String?,
    impliedIndependencies: [IndependenceStatement], graph: GraphRecord, notes: [String],
    discontinuity: DiscontinuityIdentification? = nil
  ) {
    self.strategy = strategy
    self.requested = requested
    self.estimand = estimand
    self.adjustmentSet = adjustmentSet
    self.adjustmentChoice = adjustmentChoice
    self.minimalSets = minimalSets
    self.minimalSetsOmitted = minimalSetsOmitted
    self.canonicalSet = canonicalSet
    self.optimalSet = optimalSet
    self.optimalSetReason = optimalSetReason
    self.instruments = instruments
    self.mediators = mediators
    self.frontdoorConditions = frontdoorConditions
    self.backdoorPaths = backdoorPaths
    self.backdoorPathsOmitted = backdoorPathsOmitted
    self.notIdentifiableReason = notIdentifiableReason
    self.impliedIndependencies = impliedIndependencies
    self.graph = graph
    self.notes = notes
    self.discontinuity = discontinuity
  }
}

/// An instrument, the set it is conditioned on, and the argument for it.
public struct InstrumentRecord: Codable, Sendable, Hashable {
  public var instrument: String
  public var conditioningSet: [String]
  /// Why the instrument moves the treatment.
  public var relevance: String
  /// Why it reaches the outcome only through the treatment.
  public var exclusion: String

  public init(instrument: String, conditioningSet: [String], relevance: String, exclusion: String) {
    self.instrument = instrument
    self.conditioningSet = conditioningSet
    self.relevance = relevance
    self.exclusion = exclusion
  }
}

/// A named condition of a criterion and whether it holds.
public struct ConditionRecord: Codable, Sendable, Hashable {
  public var condition: String
  public var holds: Bool
  public var reason: String

  public init(condition: String, holds: Bool, reason: String) {
    self.condition = condition
    self.holds = holds
    self.reason = reason
  }
}

/// A back-door path and what blocks it.
public struct PathRecord: Codable, Sendable, Hashable {
  /// Whether a path is open or blocked.
  public enum Status: String, Codable, Sendable, CaseIterable {
    case open
    case blocked
  }

  /// How a node blocks a path.
  public enum Blocking: String, Codable, Sendable, CaseIterable {
    /// A non-collider in the adjustment set.
    case adjustedFor = "adjusted for"
    /// A collider that is not adjusted for and has no adjusted descendant.
    case collider
  }

  /// The path as text: `treat <- age -> re78`.
  public var path: String
  public var status: Status
  /// The node that blocks it, if blocked.
  public var blockedBy: String?
  /// How that node blocks it.
  public var how: Blocking?

  public init(path: String, status: Status, blockedBy: String?, how: Blocking?) {
    self.path = path
    self.status = status
    self.blockedBy = blockedBy
    self.how = how
  }
}

/// A conditional independence implied by the graph: `a ⊥ b | given`.
public struct IndependenceStatement: Codable, Sendable, Hashable {
  public var a: String
  public var b: String
  public var given: [String]

  public init(a: String, b: String, given: [String]) {
    self.a = a
    self.b = b
    self.given = given
  }

  /// `a _||_ b | c, d`, as dagitty prints it.
  public var text: String {
    "\(a) _||_ \(b)" + (given.isEmpty ? "" : " | " + given.joined(separator: ", "))
  }
}

/// The graph, for drawing: nodes with their roles, and edges.
public struct GraphRecord: Codable, Sendable, Hashable {
  public struct Node: Codable, Sendable, Hashable {
    public var name: String
    public var latent: Bool
    public var roles: [VariableRole]

    public init(name: String, latent: Bool, roles: [VariableRole]) {
      self.name = name
      self.latent = latent
      self.roles = roles
    }
  }

  public struct Edge: Codable, Sendable, Hashable {
    public var from: String
    public var to: String
    public var kind: EdgeKind

    public init(from: String, to: String, kind: EdgeKind) {
      self.from = from
      self.to = to
      self.kind = kind
    }
  }

  public var nodes: [Node]
  public var edges: [Edge]

  public init(nodes: [Node], edges: [Edge]) {
    self.nodes = nodes
    self.edges = edges
  }
}
