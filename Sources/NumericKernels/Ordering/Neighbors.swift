/// The nearest neighbours of one query: indices and distances, nearest first.
///
/// Ties in distance are ordered by index. Every unit at the `k`-th distance
/// is included, so there may be more than `k` entries (Abadie & Imbens 2006
/// match to all tied units).
public struct Neighbors: Sendable, Equatable {
  /// Unit indices, nearest first (ties by index).
  public var indices: [Int]
  /// Distances, in the same order.
  public var distances: [Double]

  /// Neighbours from parallel arrays.
  public init(indices: [Int], distances: [Double]) {
    self.indices = indices
    self.distances = distances
  }
}
