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

  /// A path from its nodes and its edges.
  ///
  /// - Precondition: one step fewer than nodes.
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
