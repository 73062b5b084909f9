/// The neighbours of many queries in three flat arrays: those of query `i`
/// are `units[offsets[i]..<offsets[i+1]]`, nearest first (ties by unit),
/// with their `distances`.
public struct NeighborTable: Sendable, Equatable {
  /// `offsets[i]..<offsets[i+1]` is query i's range; `offsets[0] = 0`.
  public var offsets: [Int] = [0]
  public var units: [Int] = []
  public var distances: [Double] = []

  public init() {}

  /// The number of queries.
  public var count: Int { offsets.count - 1 }

  /// Query `i`'s neighbours as a `Neighbors` value.
  public func neighbors(of i: Int) -> Neighbors {
    let range = offsets[i]..<offsets[i + 1]
    return Neighbors(indices: Array(units[range]), distances: Array(distances[range]))
  }
}
