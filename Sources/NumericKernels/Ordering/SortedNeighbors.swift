/// Nearest neighbours on a line: k-NN of a query value among a set of units
/// by `|score − query|` (one-dimensional nearest-neighbour matching).
///
/// Built once (O(m log m) for `m` candidate units) from the scores of all
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
  public init(scores allScores: [Double], subset: [Int]? = nil) {
    let candidates = subset ?? Array(0..<allScores.count)
    let order = candidates.sorted { a, b in
      let x = allScores[a], y = allScores[b]
      return x < y || (x == y && a < b)
    }
    units = order
    scores = order.map { allScores[$0] }
  }

  /// The number of candidates.
  public var count: Int { units.count }

  /// The `k` nearest candidates to `value` (more on ties), excluding `excluding`.
  public func nearest(to value: Double, k: Int, excluding: Int? = nil) -> Neighbors {
    let position = lowerBound(value)
    return expand(value, from: position, k: k, excluding: excluding)
  }

  /// The first position whose score is `≥ value`.
  func lowerBound(_ value: Double) -> Int {
    var lo = 0, hi = scores.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if scores[mid] < value { lo = mid + 1 } else { hi = mid }
    }
    return lo
  }

  /// Expands outwards from the gap before `position`.
  func expand(_ value: Double, from position: Int, k: Int, excluding: Int?) -> Neighbors {
    var left = position - 1, right = position
    var picked: [(Int, Double)] = []
    var kth = Double.infinity
    while true {
      let dl = left >= 0 ? abs(value - scores[left]) : .infinity
      let dr = right < scores.count ? abs(value - scores[right]) : .infinity
      let d = min(dl, dr)
      if d == .infinity { break }
      if picked.count >= k && d > kth { break }
      // Take the nearer side; on a tie take the smaller unit index.
      let takeLeft = dl < dr || (dl == dr && units[left] < units[right])
      let unit = takeLeft ? units[left] : units[right]
      if takeLeft { left -= 1 } else { right += 1 }
      if unit == excluding { continue }
      picked.append((unit, d))
      if picked.count == k { kth = d }
    }
    picked.sort { $0.1 < $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }
    return Neighbors(indices: picked.map(\.0), distances: picked.map(\.1))
  }

  /// `nearest(to:k:)` for every query, by sorting the queries and merging.
  /// - Parameter excluding: per query, a unit to leave out (e.g. itself), or `nil`.
  public func nearestAll(queries: [Double], k: Int, excluding: [Int?]? = nil) -> [Neighbors] {
    let order = Ordering.argsort(queries)
    var out = [Neighbors](repeating: Neighbors(indices: [], distances: []), count: queries.count)
    var cursor = 0
    for q in order {
      let value = queries[q]
      while cursor < scores.count && scores[cursor] < value { cursor += 1 }
      out[q] = expand(value, from: cursor, k: k, excluding: excluding?[q] ?? nil)
    }
    return out
  }
}
