/// The nearest neighbours of one query: indices and distances, nearest first.
///
/// Ties in distance are ordered by index. Every unit at the `k`-th distance
/// is included, so there may be more than `k` entries (Abadie & Imbens 2006
/// match to all tied units).
public struct Neighbors: Sendable, Equatable {
  public var indices: [Int]
  public var distances: [Double]

  public init(indices: [Int], distances: [Double]) {
    self.indices = indices
    self.distances = distances
  }
}
