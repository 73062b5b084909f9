/// A k-d tree (Bentley 1975; Friedman, Bentley & Finkel 1977) for k-nearest
/// neighbours under Euclidean distance, optionally after a linear whitening
/// transform (so that Euclidean distance becomes Mahalanobis distance).
///
/// Construction: points (the rows of a matrix) are copied row-major after
/// the transform; each node splits its range at the median of the dimension
/// with the largest spread (ties broken by point index, so the tree is the
/// same on every run); leaves hold at most 16 points. O(n log² n).
///
/// Query: depth-first, nearer child first, a subtree skipped when the
/// squared distance to its splitting plane exceeds the current `k`-th best.
/// All points tied at the `k`-th distance are returned (as Abadie–Imbens
/// matching requires), nearest first, ties by point index.
public struct KDTree: Sendable {
  let dimension: Int
  /// Transformed points, row-major (`point i` at `i·dimension`).
  let data: [Double]
  /// Point indices; each node owns a contiguous range.
  let order: [Int]
  let nodes: [Node]
  let transform: Matrix?

  struct Node: Sendable {
    var start: Int
    var end: Int
    var axis: Int
    var split: Double
    var left: Int
    var right: Int
  }

  static let leafSize = 16

  /// A tree over the rows of `points`, each mapped by `transform` (`d × d`,
  /// applied as `z = T x`), e.g. `KDTree.mahalanobisWhitening(Σ)`.
  public init(points: Matrix, transform: Matrix? = nil) {
    let n = points.rows
    let d = points.columns
    if let transform {
      precondition(transform.rows == d && transform.columns == d, "KDTree: transform must be \(d)×\(d)")
    }
    dimension = d
    self.transform = transform
    var rowMajor = [Double](repeating: 0, count: n * d)
    for i in 0..<n {
      let x = (0..<d).map { points[i, $0] }
      let z = transform.map { $0.multiplied(by: x) } ?? x
      for j in 0..<d { rowMajor[i * d + j] = z[j] }
    }
    data = rowMajor
    var index = Array(0..<n)
    var built: [Node] = []
    if n > 0 { _ = KDTree.build(&index, 0, n, rowMajor, d, &built) }
    order = index
    nodes = built
  }

  private static func build(
    _ index: inout [Int], _ start: Int, _ end: Int, _ data: [Double], _ d: Int, _ nodes: inout [Node]
  ) -> Int {
    let id = nodes.count
    nodes.append(Node(start: start, end: end, axis: 0, split: 0, left: -1, right: -1))
    if end - start <= leafSize || d == 0 { return id }
    var axis = 0
    var widest = -1.0
    for j in 0..<d {
      var lo = Double.infinity
      var hi = -Double.infinity
      for k in start..<end {
        let v = data[index[k] * d + j]
        lo = min(lo, v)
        hi = max(hi, v)
      }
      if hi - lo > widest {
        widest = hi - lo
        axis = j
      }
    }
    if widest <= 0 { return id }  // all points equal: keep as one leaf
    index[start..<end].sort { a, b in
      let x = data[a * d + axis]
      let y = data[b * d + axis]
      return x < y || (x == y && a < b)
    }
    let middle = (start + end) / 2
    let split = data[index[middle] * d + axis]
    let left = build(&index, start, middle, data, d, &nodes)
    let right = build(&index, middle, end, data, d, &nodes)
    nodes[id].axis = axis
    nodes[id].split = split
    nodes[id].left = left
    nodes[id].right = right
    return id
  }

  /// The whitening matrix `W = L⁻¹` for a covariance `Σ = L Lᵀ`, so that
  /// `‖W(x − y)‖² = (x − y)ᵀ Σ⁻¹ (x − y)` (Mahalanobis distance).
  ///
  /// Edge case: a `Σ` that is not positive definite falls back to diagonal
  /// scaling `1/√Σⱼⱼ` (1 for a zero variance), i.e. standardised Euclidean
  /// distance; callers that need to know check `Σ.choleskyFactor()` first.
  public static func mahalanobisWhitening(_ covariance: Matrix) -> Matrix {
    if let l = covariance.choleskyFactor() { return Matrix.lowerTriangularInverse(l) }
    let d = covariance.rows
    var w = Matrix(rows: d, columns: d)
    for j in 0..<d {
      let v = covariance[j, j]
      w[j, j] = v > 0 ? 1 / v.squareRoot() : 1
    }
    return w
  }

  /// The `k` nearest points to `query` (original coordinates), more on ties.
  public func nearest(to query: [Double], k: Int, excluding: Int? = nil) -> Neighbors {
    precondition(query.count == dimension, "KDTree.nearest: query of \(query.count), tree of \(dimension)")
    let z = transform.map { $0.multiplied(by: query) } ?? query
    var best: [(distance: Double, index: Int)] = []
    if !nodes.isEmpty, k > 0 { search(0, z, k, excluding, &best) }
    return Neighbors(indices: best.map(\.index), distances: best.map { $0.distance.squareRoot() })
  }

  /// `nearest(to:k:)` for each row of `queries`.
  public func nearestAll(queries: Matrix, k: Int) -> [Neighbors] {
    (0..<queries.rows).map { i in nearest(to: (0..<queries.columns).map { queries[i, $0] }, k: k) }
  }

  private func boundary(_ best: [(distance: Double, index: Int)], _ k: Int) -> Double {
    best.count >= k ? best[k - 1].distance : .infinity
  }

  private func search(
    _ id: Int, _ z: [Double], _ k: Int, _ excluding: Int?, _ best: inout [(distance: Double, index: Int)]
  ) {
    let node = nodes[id]
    if node.left < 0 {
      for position in node.start..<node.end {
        let i = order[position]
        if i == excluding { continue }
        var s = 0.0
        for j in 0..<dimension {
          let t = data[i * dimension + j] - z[j]
          s += t * t
        }
        if s > boundary(best, k) { continue }
        // Insert in (distance, index) order, then drop what lies beyond the k-th distance.
        var at = best.count
        while at > 0 && (best[at - 1].distance > s || (best[at - 1].distance == s && best[at - 1].index > i)) {
          at -= 1
        }
        best.insert((s, i), at: at)
        if best.count > k {
          let cut = best[k - 1].distance
          while let last = best.last, last.distance > cut { best.removeLast() }
        }
      }
      return
    }
    let delta = z[node.axis] - node.split
    let (near, far) = delta < 0 ? (node.left, node.right) : (node.right, node.left)
    search(near, z, k, excluding, &best)
    if delta * delta <= boundary(best, k) { search(far, z, k, excluding, &best) }
  }
}
