/// Why a causal query could not be posed (bad treatment/outcome or graph).
public struct IdentificationError: Error, Hashable, Codable, Sendable, CustomStringConvertible {
  /// Every problem found, one sentence each.
  public var problems: [String]
  /// An error with the given problems.
  public init(_ problems: [String]) { self.problems = problems }
  public var description: String { problems.joined(separator: "; ") }
}
