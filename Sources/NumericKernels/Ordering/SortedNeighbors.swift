/// Nearest neighbours on a line: k-NN of a query value among a set of units
/// by `|score − query|` (one-dimensional nearest-neighbour matching).
///
/// Built once (a sort of the `m` candidate units) from the scores of all
/// units and the subset that may be matched (e.g. one group of units). A query
/// binary-searches its position and expands outwards, taking the nearer
/// side each time (O(log m + k)). All units tied at the `k`-th distance are
/// included; ties are ordered by unit index, and the left/right choice on
/// equal distances is resolved the same way, so results never depend on
/// the order of construction or on threads.
///
/// `nearestAll` answers many queries by "sort and merge": the queries are
/// sorted once and a cursor moves monotonically through the candidates, so
/// a batch costs O((q + m) + q·k) after sorting instead of `q` binary searches.
public struct SortedNeighbors: Sendable {
  /// Candidate scores, ascending.
  let scores: [Double]
  /// The unit index of each sorted candidate.
  let units: [Int]

  /// - Parameters:
  ///   - scores: one score per unit (all units), finite.
  ///   - subset: the unit indices that may be returned; `nil` means all.
  ///
  /// Sorting is a stable distribution sort of the candidates taken in
  /// increasing unit order (`BucketSort`, expected linear time), so equal
  /// scores are ordered by unit index.
  public init(scores allScores: [Double], subset: [Int]? = nil) {
    var candidates = subset ?? Array(0..<allScores.count)
    if !zip(candidates, candidates.dropFirst()).allSatisfy({ $0 < $1 }) { candidates.sort() }
    (scores, units) = BucketSort.sort(candidates.map { allScores[$0] }, indices: candidates)
  }

  /// The number of candidates.
  public var count: Int { units.count }

  /// The `k` nearest candidates to `value` (more on ties), excluding `excluding`.
  public func nearest(to value: Double, k: Int, excluding: Int? = nil) -> Neighbors {
    let position = Ordering.lowerBound(scores, value)
    var table = NeighborTable()
    table.offsets.reserveCapacity(2)
    table.units.reserveCapacity(k + 4)
    table.distances.reserveCapacity(k + 4)
    scores.withUnsafeBufferPointer { s in
      units.withUnsafeBufferPointer { u in
        Self.expand(value, from: position, k: k, excluding: excluding ?? -1, scores: s, units: u, into: &table)
      }
    }
    return Neighbors(indices: table.units, distances: table.distances)
  }

  /// Expands outwards from the gap before `position`, appending one query's
  /// neighbours to `table` (units, distances and the closing offset).
  ///
  /// Candidates come out in non-decreasing distance (the nearer side first;
  /// on equal distances the smaller unit index), except that equal scores on
  /// the left side come right to left; an insertion sort by (distance,
  /// unit), which does nothing on ordered input, restores the documented
  /// order. `excluding` is a unit index or −1.
  @inline(__always)
  static func expand(
    _ value: Double, from position: Int, k: Int, excluding: Int, scores: UnsafeBufferPointer<Double>,
    units: UnsafeBufferPointer<Int>, into table: inout NeighborTable
  ) {
    let m = scores.count
    let first = table.units.count
    var left = position - 1
    var right = position
    var picked = 0
    var kth = Double.infinity
    while true {
      let dl = left >= 0 ? abs(value - scores[left]) : .infinity
      let dr = right < m ? abs(value - scores[right]) : .infinity
      let d = min(dl, dr)
      if d == .infinity { break }
      if picked >= k && d > kth { break }
      // Take the nearer side; on a tie take the smaller unit index.
      let takeLeft = dl < dr || (dl == dr && units[left] < units[right])
      let unit = takeLeft ? units[left] : units[right]
      if takeLeft { left -= 1 } else { right += 1 }
      if unit == excluding { continue }
      table.units.append(unit)
      table.distances.append(d)
      picked += 1
      if picked == k { kth = d }
    }
    // Insertion sort of the new entries by (distance, unit).
    var i = first + 1
    while i < table.units.count {
      let d = table.distances[i]
      let u = table.units[i]
      var j = i - 1
      if table.distances[j] < d || (table.distances[j] == d && table.units[j] < u) {
        i += 1
        continue
      }
      while j >= first && (table.distances[j] > d || (table.distances[j] == d && table.units[j] > u)) {
        table.distances[j + 1] = table.distances[j]
        table.units[j + 1] = table.units[j]
        j -= 1
      }
      table.distances[j + 1] = d
      table.units[j + 1] = u
      i += 1
    }
    table.offsets.append(table.units.count)
  }

  /// `nearest(to:k:)` for every query, by sorting the queries and merging.
  /// - Parameter excluding: per query, a unit to leave out (e.g. itself), or `nil`.
  public func nearestAll(queries: [Double], k: Int, excluding: [Int?]? = nil) -> [Neighbors] {
    let table = nearestTable(queries: queries, k: k, excluding: excluding?.map { $0 ?? -1 })
    return (0..<queries.count).map { table.neighbors(of: $0) }
  }

  /// `nearest(to:k:)` for every query, in one flat table ("sort and merge").
  ///
  /// The queries are sorted once (`Ordering.argsort`) and a cursor moves
  /// monotonically through the sorted candidates, so a batch costs
  /// O(q + m) plus the neighbours found, after the sorts, with no
  /// allocation per query. The table is in query order.
  /// - Parameter excluding: per query, a unit to leave out, or −1.
  public func nearestTable(queries: [Double], k: Int, excluding: [Int]? = nil) -> NeighborTable {
    let q = queries.count
    let order = Ordering.argsort(queries)
    // Neighbours in sorted-query order, then gathered back to query order.
    var sorted = NeighborTable()
    sorted.offsets.reserveCapacity(q + 1)
    sorted.units.reserveCapacity(q * k + q / 8)
    sorted.distances.reserveCapacity(q * k + q / 8)
    scores.withUnsafeBufferPointer { s in
      units.withUnsafeBufferPointer { u in
        queries.withUnsafeBufferPointer { values in
          var cursor = 0
          for position in 0..<q {
            let query = order[position]
            let value = values[query]
            while cursor < s.count && s[cursor] < value { cursor += 1 }
            Self.expand(
              value, from: cursor, k: k, excluding: excluding?[query] ?? -1, scores: s, units: u, into: &sorted)
          }
        }
      }
    }
    var table = NeighborTable()
    table.offsets = [Int](repeating: 0, count: q + 1)
    var lengths = [Int](repeating: 0, count: q)
    for position in 0..<q { lengths[order[position]] = sorted.offsets[position + 1] - sorted.offsets[position] }
    for query in 0..<q { table.offsets[query + 1] = table.offsets[query] + lengths[query] }
    table.units = [Int](repeating: 0, count: sorted.units.count)
    table.distances = [Double](repeating: 0, count: sorted.units.count)
    for position in 0..<q {
      let from = sorted.offsets[position]
      let to = table.offsets[order[position]]
      for e in 0..<(sorted.offsets[position + 1] - from) {
        table.units[to + e] = sorted.units[from + e]
        table.distances[to + e] = sorted.distances[from + e]
      }
    }
    return table
  }
}
