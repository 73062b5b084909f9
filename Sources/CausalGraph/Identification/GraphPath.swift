/// A path in a causal graph: distinct nodes joined by edges, with the kind
/// of every edge as read from the first node to the last.
public struct GraphPath: Hashable, Codable, Sendable {
  /// The kind of an edge between consecutive nodes, read left to right.
  public enum Step: String, Hashable, Codable, Sendable {
    /// `a -> b`
    case forward = "->"
    /// `a <- b`
    case backward = "<-"
    /// `a <-> b`
    case bidirected = "<->"

    var headAtStart: Bool { self != .forward }
    var headAtEnd: Bool { self != .backward }
  }

  /// Node numbers from the first to the last.
  public var nodes: [Int]
  /// `steps[i]` joins `nodes[i]` and `nodes[i + 1]`.
  public var steps: [Step]

  public init(nodes: [Int], steps: [Step]) {
    precondition(steps.count == max(0, nodes.count - 1), "a path has one edge fewer than nodes")
    self.nodes = nodes
    self.steps = steps
  }

  /// Whether every edge points away from the first node (a causal path).
  public var isCausal: Bool { steps.allSatisfy { $0 == .forward } }

  /// Whether the first edge has an arrowhead at the first node (a back-door
  /// path: `x <- ...` or `x <-> ...`).
  public var isBackdoor: Bool { steps.first.map(\.headAtStart) ?? false }

  /// Whether the interior node at `position` is a collider (arrowheads from
  /// both of its edges).
  public func isCollider(at position: Int) -> Bool {
    position > 0 && position < nodes.count - 1 && steps[position - 1].headAtEnd
      && steps[position].headAtStart
  }

  /// The path written with node names, e.g. `treat <- age -> re78`.
  public func text(names: [String]) -> String {
    var out = names[nodes[0]]
    for (i, step) in steps.enumerated() { out += " \(step.rawValue) \(names[nodes[i + 1]])" }
    return out
  }

  /// The same path with every node renumbered by `map`.
  func mapped(_ map: [Int]) -> GraphPath { GraphPath(nodes: nodes.map { map[$0] }, steps: steps) }
}

/// Whether a path is open given a conditioning set, and if not, what blocks it.
public enum PathStatus: Hashable, Codable, Sendable {
  /// Every non-collider is outside the set and every collider has a
  /// descendant (itself included) in it.
  case open
  /// The first blocking node is a non-collider in the conditioning set.
  case blockedByConditioning(node: Int)
  /// The first blocking node is a collider with no descendant in the set.
  case blockedByCollider(node: Int)

  public var isOpen: Bool { self == .open }
}

/// One listed path with its status given a set, in study-graph numbers.
public struct PathExplanation: Hashable, Codable, Sendable {
  public var path: GraphPath
  /// The path as text, `treat <- age -> re78`.
  public var text: String
  /// Whether the path starts with an arrowhead into the treatment.
  public var isBackdoor: Bool
  public var status: PathStatus
  /// The status as a sentence: "blocked by age (conditioned on)", "open".
  public var reason: String
}

/// The non-causal paths from treatment to outcome with their status, capped.
public struct PathListing: Hashable, Codable, Sendable {
  /// The conditioning set the statuses refer to (study-graph numbers).
  public var conditioningSet: [Int]
  public var paths: [PathExplanation]
  /// How many further paths were found but not listed.
  public var omitted: Int
  /// True when the search stopped at its work budget, so more paths may
  /// exist than `paths.count + omitted`.
  public var omittedIsLowerBound: Bool

  /// Number of listed paths that are open.
  public var openCount: Int { paths.filter { $0.status.isOpen }.count }
}
