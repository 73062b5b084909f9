import NumericKernels

/// Variances from per-unit influence functions, clustered by unit or by a
/// coarser cluster of units.
///
/// For an estimator `θ̂` with influence function `ψᵢ` over `n` units
/// (`θ̂ − θ ≈ Σᵢ ψᵢ / n`):
/// - by unit (R `did`'s analytic standard error): `V = Σᵢ ψᵢ ψᵢᵀ / n²`,
///   `se = √(Σᵢ ψᵢ²) / n`, with no centring and no degrees-of-freedom
///   correction;
/// - by cluster `c` of units (Liang & Zeger 1986 applied to influence
///   functions): `V = Σ_c S_c S_cᵀ / n²` with `S_c = Σ_{i∈c} ψᵢ`, again
///   without a small-sample factor. With one unit per cluster it is the
///   unit-level variance.
///
/// Standard errors at or below `√ε · 10` (about `1.5·10⁻⁷`) are reported as
/// undefined (`nil`), as R `did` does: such a parameter is a normalisation
/// (the reference period of a universal base) or has no variation.
struct InfluenceVariance: Sendable {
  /// The number of units `n`.
  let units: Int
  /// Per unit: its cluster's index `0..<clusterCount`, or `nil` (clustered by unit).
  let clusterOfUnit: [Int]?
  /// The number of clusters (`units` when clustered by unit).
  let clusterCount: Int

  /// The threshold below which a standard error is undefined.
  static let degenerate = Double.ulpOfOne.squareRoot() * 10

  /// - Parameter clusters: one cluster id per unit, or `nil` to cluster by unit.
  init(units: Int, clusters: [Int]?) {
    self.units = units
    if let clusters {
      precondition(clusters.count == units, "InfluenceVariance: \(clusters.count) cluster ids for \(units) units")
      var index: [Int: Int] = [:]
      for id in clusters.sorted() where index[id] == nil { index[id] = index.count }
      clusterOfUnit = clusters.map { index[$0] ?? 0 }
      clusterCount = index.count
    } else {
      clusterOfUnit = nil
      clusterCount = units
    }
  }

  /// `S_c = Σ_{i∈c} ψᵢ` (the unit values themselves when clustered by unit).
  func clusterSums(_ psi: [Double]) -> [Double] {
    guard let clusterOfUnit else { return psi }
    var sums = [Double](repeating: 0, count: clusterCount)
    for i in 0..<units { sums[clusterOfUnit[i]] += psi[i] }
    return sums
  }

  /// `√(Σ_c S_c²) / n`, or `nil` when at most ``degenerate`` (or not finite).
  func standardError(_ psi: [Double]) -> Double? {
    let sums = clusterSums(psi)
    let se = Kernels.dot(sums, sums).squareRoot() / Double(units)
    return se > InfluenceVariance.degenerate && se.isFinite ? se : nil
  }

  /// `n · V = Σ_c S_c S_cᵀ / n` for the given columns of `psi` (`n × k`):
  /// R `did`'s `V = Ψᵀ Ψ / n` when clustered by unit.
  func scaledCovariance(_ psi: Matrix, columns: [Int]) -> Matrix {
    var sums = Matrix(rows: clusterCount, columns: columns.count)
    for (a, j) in columns.enumerated() { sums.setColumn(a, clusterSums(psi.column(j))) }
    var v = Kernels.gram(sums, weights: nil, response: nil).xtx
    let n = Double(units)
    v.withUnsafeMutableBufferPointer { b in
      for k in 0..<b.count { b[k] /= n }
    }
    return v
  }
}
