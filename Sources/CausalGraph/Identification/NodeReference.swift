/// A node number with its name.
public struct NodeReference: Hashable, Codable, Sendable {
  /// The node number in the study graph.
  public var number: Int
  public var name: String
}
