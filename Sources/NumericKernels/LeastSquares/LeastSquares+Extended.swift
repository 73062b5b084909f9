extension LeastSquares {
  /// The least-squares solution computed in a wider floating-point type `F`
  /// (80-bit extended on x86-64), rounded to `Double` at the end.
  ///
  /// Same algorithm as the double path — rows times `√wᵢ`, columns divided
  /// by the same powers of two, Householder QR with column pivoting (norms
  /// recomputed at every step, which is affordable at this size), the same
  /// absolute `threshold` on `|R[k,k]|` — but every operation carries the
  /// wider significand, so errors of order `κ·ε_F` replace `κ·ε_Double`.
  /// Fitted values and residuals are formed in `F` as well.
  static func solveExtended<F: BinaryFloatingPoint>(
    _ type: F.Type, design: Matrix, response: [Double], weights: [Double]?, scales: [Double], threshold: Double
  ) -> Solution {
    let n = design.rows
    let p = design.columns
    let rootWeights: [F]? = weights.map { $0.map { F($0).squareRoot() } }
    var a = [F](repeating: 0, count: n * p)
    design.withUnsafeBufferPointer { x in
      for j in 0..<p {
        let inverseScale = 1 / F(scales[j])
        for i in 0..<n { a[j * n + i] = F(x[j * n + i]) * (rootWeights?[i] ?? 1) * inverseScale }
      }
    }
    var b = (0..<n).map { F(response[$0]) * (rootWeights?[$0] ?? 1) }
    var permutation = Array(0..<p)
    let steps = min(n, p)
    var rank = steps
    let limit = F(threshold)
    for k in 0..<steps {
      // Pivot: the largest remaining column norm (ties to the lowest position).
      var pivot = k
      var best: F = -1
      for j in k..<p {
        var s: F = 0
        for i in k..<n { s += a[j * n + i] * a[j * n + i] }
        if s > best {
          best = s
          pivot = j
        }
      }
      let norm = best.squareRoot()
      if !(norm > limit) {
        rank = k
        break
      }
      if pivot != k {
        for i in 0..<n { a.swapAt(k * n + i, pivot * n + i) }
        permutation.swapAt(k, pivot)
      }
      let x0 = a[k * n + k]
      let alpha = x0 >= 0 ? -norm : norm
      let v0 = x0 - alpha
      for i in (k + 1)..<n { a[k * n + i] /= v0 }
      let tau = -v0 / alpha
      a[k * n + k] = alpha
      for j in (k + 1)..<p {
        var s = a[j * n + k]
        for i in (k + 1)..<n { s += a[k * n + i] * a[j * n + i] }
        s *= tau
        a[j * n + k] -= s
        for i in (k + 1)..<n { a[j * n + i] -= s * a[k * n + i] }
      }
      var s = b[k]
      for i in (k + 1)..<n { s += a[k * n + i] * b[i] }
      s *= tau
      b[k] -= s
      for i in (k + 1)..<n { b[i] -= s * a[k * n + i] }
    }
    // Back substitution and R⁻¹ (upper triangular), both in F.
    var z = [F](repeating: 0, count: rank)
    for k in stride(from: rank - 1, through: 0, by: -1) {
      var s = b[k]
      for j in (k + 1)..<rank { s -= a[j * n + k] * z[j] }
      z[k] = s / a[k * n + k]
    }
    var inverse = [F](repeating: 0, count: rank * rank)
    for j in 0..<rank {
      inverse[j * rank + j] = 1 / a[j * n + j]
      for i in stride(from: j - 1, through: 0, by: -1) {
        var s: F = 0
        for m in (i + 1)...j { s += a[m * n + i] * inverse[j * rank + m] }
        inverse[j * rank + i] = -s / a[i * n + i]
      }
    }
    var coefficients = [Double](repeating: .nan, count: p)
    var wide = [F](repeating: 0, count: p)
    for k in 0..<rank {
      let j = permutation[k]
      wide[j] = z[k] / F(scales[j])
      coefficients[j] = Double(wide[j])
    }
    var covariance = Matrix(rows: p, columns: p, repeating: .nan)
    for r in 0..<rank {
      for c in r..<rank {
        var s: F = 0
        for m in c..<rank { s += inverse[m * rank + r] * inverse[m * rank + c] }
        let jr = permutation[r]
        let jc = permutation[c]
        let v = Double(s / (F(scales[jr]) * F(scales[jc])))
        covariance[jr, jc] = v
        covariance[jc, jr] = v
      }
    }
    var r11 = Matrix(rows: rank, columns: rank)
    for c in 0..<rank {
      for r in 0...c { r11[r, c] = Double(a[c * n + r]) }
    }
    var fitted = [Double](repeating: 0, count: n)
    var residuals = [Double](repeating: 0, count: n)
    design.withUnsafeBufferPointer { x in
      for i in 0..<n {
        var f: F = 0
        for j in 0..<p where wide[j] != 0 { f += F(x[j * n + i]) * wide[j] }
        fitted[i] = Double(f)
        residuals[i] = Double(F(response[i]) - f)
      }
    }
    return Solution(
      coefficients: coefficients, covariance: covariance, rank: rank, permutation: permutation, r11: r11,
      fitted: fitted, residuals: residuals)
  }
}
