/// The two kinds of edge of an acyclic directed mixed graph.
public enum EdgeKind: String, Hashable, Codable, Sendable, CaseIterable, CustomStringConvertible {
  /// `a -> b`: a causes b.
  case directed
  /// `a <-> b`: a hidden common cause of a and b.
  case bidirected

  public var description: String { rawValue }
}
