/// Whether a path is open given a conditioning set, and if not, what blocks it.
public enum PathStatus: Hashable, Codable, Sendable {
  /// Every non-collider is outside the set and every collider has a
  /// descendant (itself included) in it.
  case open
  /// The first blocking node is a non-collider in the conditioning set.
  case blockedByConditioning(node: Int)
  /// The first blocking node is a collider with no descendant in the set.
  case blockedByCollider(node: Int)

  /// Whether the path is open.
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
