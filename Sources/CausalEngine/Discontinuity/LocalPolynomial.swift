import Foundation
import NumericKernels
import StudyModel

/// The pieces every local-polynomial fit of rdrobust shares: polynomial
/// rows, weighted Gram matrices, the variance residuals (`rdrobust_res`)
/// and the sandwich's quadratic form (`rdrobust_vce`).
///
/// Every fit is on one side of the cutoff, in powers of `x − c` (not
/// divided by h), with kernel weights `K((x − c)/h)/h`, multiplied by the
/// sampling weights when there are any.
enum LocalPolynomial {
  /// `[1, u, u², …, u^order]`, by successive multiplication (rdrobust's `_vander`).
  static func powers(_ u: Double, order: Int) -> [Double] {
    var row = [Double](repeating: 1, count: order + 1)
    if order >= 1 { for j in 1...order { row[j] = row[j - 1] * u } }
    return row
  }

  /// The kernel weights `K((x − c)/h)/h` of every row, times the sampling weights.
  static func kernelWeights(
    _ x: [Double], cutoff c: Double, bandwidth h: Double, kernel: RegressionDiscontinuityOptions.Kernel,
    weights: [Double]?
  ) -> [Double] {
    var w = [Double](repeating: 0, count: x.count)
    for i in x.indices {
      w[i] = kernel.weight((x[i] - c) / h) / h
      if let weights { w[i] *= weights[i] }
    }
    return w
  }

  /// `Σᵢ wᵢ rᵢ rᵢᵀ` for rows `rᵢ` of length k (row-major `rows`), exactly symmetric.
  static func gram(_ rows: [Double], weights w: [Double], width k: Int) -> Matrix {
    var g = Matrix(rows: k, columns: k)
    for a in 0..<k {
      for b in a..<k {
        var s = 0.0
        for i in w.indices {
          let wi = w[i].squareRoot()
          s += (wi * rows[i * k + a]) * (wi * rows[i * k + b])
        }
        g[a, b] = s
        g[b, a] = s
      }
    }
    return g
  }

  /// The inverse of a symmetric positive-definite Gram matrix (Cholesky), else
  /// of any invertible one (LU); `nil` when singular.
  static func invert(_ g: Matrix) -> Matrix? {
    guard let inverse = g.inverse() else { return nil }
    for value in inverse.columnMajorValues where !value.isFinite { return nil }
    return inverse
  }

  /// `A · (Σᵢ rᵢ dᵢ)` for each column d: the coefficients of weighted least
  /// squares given `A = (RᵀWR)⁻¹`, one array per fitted column.
  static func coefficients(
    inverse a: Matrix, rows: [Double], weights w: [Double], width k: Int, columns: [[Double]]
  ) -> [[Double]] {
    columns.map { d in
      var u = [Double](repeating: 0, count: k)
      for i in w.indices where w[i] != 0 {
        for j in 0..<k { u[j] += rows[i * k + j] * w[i] * d[i] }
      }
      return a.multiplied(by: u)
    }
  }

  /// The number of distinct values in an ascending array.
  static func distinctCount(_ sorted: [Double]) -> Int {
    guard !sorted.isEmpty else { return 0 }
    var count = 1
    for i in 1..<sorted.count where sorted[i] != sorted[i - 1] { count += 1 }
    return count
  }

  /// The residuals the variance is built from, one array per fitted column
  /// (rdrobust's `rdrobust_res`).
  ///
  /// Nearest neighbours: see ``nearestNeighborResiduals(_:columns:matches:)``.
  /// Plug-in residuals `y − ŷ` are scaled by 1 (HC0, and CR1), `sqrt(n/(n − d))`
  /// (HC1, n the rows of the window and d the fit's coefficients),
  /// `(1 − hᵢᵢ)^(−1/2)` (HC2) or `(1 − hᵢᵢ)^(−1)` (HC3), with `1 − hᵢᵢ` floored
  /// at 1e-8 as rdrobust does.
  static func residuals(
    x: [Double], columns: [[Double]], fitted: [[Double]], leverage: [Double]?, variance: DiscontinuityVariance,
    parameters d: Int
  ) -> [[Double]] {
    let n = x.count
    switch variance {
    case .nearestNeighbor(let matches):
      return nearestNeighborResiduals(x, columns: columns, matches: matches)
    case .hc0, .cluster, .hc1:
      let factor = variance == .hc1 ? (Double(n) / Double(n - d)).squareRoot() : 1
      return zip(columns, fitted).map { c, f in (0..<n).map { factor * (c[$0] - f[$0]) } }
    case .hc2, .hc3:
      let h = leverage ?? [Double](repeating: 0, count: n)
      let factors = h.map { variance == .hc2 ? (1 / max(1 - $0, 1e-8)).squareRoot() : 1 / max(1 - $0, 1e-8) }
      return zip(columns, fitted).map { c, f in (0..<n).map { factors[$0] * (c[$0] - f[$0]) } }
    }
  }

  /// Nearest-neighbour residuals (Calonico, Cattaneo & Titiunik 2014; rdrobust's
  /// `vce = "nn"`) over one side's rows, sorted by x.
  ///
  /// Unit i takes at least `matches` neighbours on its side, closest first: all
  /// units tied with it in x count, and the next candidate group on the left or
  /// right is added whole; when the two candidates are equally far (their
  /// distances differ by at most `max(d_left, d_right)·sqrt(ε)`, Python
  /// rdrobust's tolerance), both are added. With J neighbours,
  /// `resᵢ = sqrt(J/(J + 1)) (yᵢ − mean of the neighbours' y)`.
  static func nearestNeighborResiduals(_ x: [Double], columns: [[Double]], matches: Int) -> [[Double]] {
    let n = x.count
    // Tie groups: the size of each unit's group and its 1-based place in it.
    var groupSize = [Int](repeating: 1, count: n)
    var place = [Int](repeating: 1, count: n)
    var start = 0
    while start < n {
      var end = start + 1
      while end < n, x[end] == x[start] { end += 1 }
      for i in start..<end {
        groupSize[i] = end - start
        place[i] = i - start + 1
      }
      start = end
    }
    let tolerance = Double.ulpOfOne.squareRoot()
    var result = columns.map { _ in [Double](repeating: 0, count: n) }
    let cap = min(matches, n - 1)
    for pos in 0..<n {
      var right = groupSize[pos] - place[pos]
      var left = place[pos] - 1
      while left + right < cap {
        if pos - left - 1 < 0 {
          right += groupSize[pos + right + 1]
        } else if pos + right + 1 >= n {
          left += groupSize[pos - left - 1]
        } else {
          let dLeft = x[pos] - x[pos - left - 1]
          let dRight = x[pos + right + 1] - x[pos]
          let tie = max(dLeft, dRight) * tolerance
          if dLeft - dRight > tie {
            right += groupSize[pos + right + 1]
          } else if dRight - dLeft > tie {
            left += groupSize[pos - left - 1]
          } else {
            right += groupSize[pos + right + 1]
            left += groupSize[pos - left - 1]
          }
        }
      }
      let lo = pos - left
      let hi = pos + right + 1
      let j = Double(hi - lo - 1)
      let scale = (j / (j + 1)).squareRoot()
      for (l, column) in columns.enumerated() {
        var sum = 0.0
        for k in lo..<hi { sum += column[k] }
        sum -= column[pos]
        result[l][pos] = scale * (column[pos] - sum / j)
      }
    }
    return result
  }

  /// One diagonal element of the sandwich, `aᵀ M a`, from the scores
  /// `zᵢ = aᵀ(row i of the weighted design)` and the combined residuals
  /// `rᵢ = Σₗ sₗ resₗᵢ` (rdrobust's `rdrobust_vce`).
  ///
  /// Without clusters: `Σᵢ (zᵢ rᵢ)²`. With clusters: `Σ_g (Σ_{i∈g} zᵢ rᵢ)²`
  /// times `G/(G − 1) · (n − 1)/(n − k)`, with n the rows, G their clusters
  /// and k `parameters` (rdrobust's CR1); a single cluster gives NaN.
  static func sandwichElement(
    scores z: [Double], residuals: [[Double]], combination s: [Double], cluster: [Int]?, parameters k: Int
  ) -> Double {
    let n = z.count
    var r = [Double](repeating: 0, count: n)
    for (l, column) in residuals.enumerated() where s[l] != 0 {
      for i in 0..<n { r[i] += s[l] * column[i] }
    }
    guard let cluster else {
      var total = 0.0
      for i in 0..<n {
        let v = z[i] * r[i]
        total += v * v
      }
      return total
    }
    var sums: [Int: Double] = [:]
    for i in 0..<n { sums[cluster[i], default: 0] += z[i] * r[i] }
    let g = Double(sums.count)
    guard g > 1 else { return .nan }
    // In the order of the cluster codes, so the sum is the same on every run.
    let meat = sums.keys.sorted().reduce(0.0) { total, key in
      let v = sums[key] ?? 0
      return total + v * v
    }
    return meat * (Double(n - 1) / Double(n - k)) * (g / (g - 1))
  }
}
