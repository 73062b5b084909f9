/// Linear least squares by Householder QR with column pivoting.
///
/// Problem: `β̂ = argmin_β Σ wᵢ (yᵢ − xᵢᵀβ)²` (`wᵢ = 1` without weights).
///
/// Method:
/// 1. Rows are multiplied by `√wᵢ` and each column is divided by the power of
///    two nearest its Euclidean norm. Scaling by a power of two is exact, so
///    the scaled problem has the same rounding as the original while the rank
///    decision no longer depends on the units of the columns.
/// 2. Householder QR with column pivoting factorises the scaled design,
///    `Ã P = Q R` (small problems in extended precision, larger ones by a
///    cache-blocked reduction to a triangle followed by the pivoted QR of
///    that triangle; see `extendedPrecisionLimit` and `solveDouble`).
/// 3. The numerical rank `r` is the number of pivots with
///    `|R[k,k]| > τ · |R[0,0]|`; the remaining columns are aliased.
///    Default `τ = max(n, p) · ε` (ε = 2⁻⁵², the bound LAPACK and NumPy's
///    `matrix_rank` use: a singular value below it is indistinguishable from
///    the rounding error of the factorisation).
/// 4. `R₁₁ z = (Qᵀ√W y)[0..<r]` is solved by back substitution, and the
///    scaling and permutation are undone.
///
/// Rank deficiency is never hidden: aliased coefficients are `NaN`, their
/// indices are in `aliasedColumns`, and `aliasedColumnNames` names them.
///
/// Weights are analytic (precision) weights, as statsmodels' WLS: `wᵢ` scales
/// the squared residual; the residual degrees of freedom stay `n − r`
/// (frequency weights would change them). Rows with weight 0 contribute
/// nothing to the fit but still count in `n`.
///
/// Assumptions: finite inputs (the caller validates), `weights ≥ 0`.
/// Reference: Golub & Van Loan, *Matrix Computations* (4th ed.), §5.4.1;
/// accuracy graded on the NIST StRD linear regression data (McCullough 1998).
public enum LeastSquares {
  /// Fits `response ~ design` (no intercept is added: include a column of ones).
  ///
  /// - Parameters:
  ///   - design: `n × p`.
  ///   - response: `n` values.
  ///   - weights: `n` analytic weights `≥ 0`, or `nil` for OLS.
  ///   - columnNames: `p` names used in reports of aliasing.
  ///   - rankTolerance: `τ`, relative to `|R[0,0]|`; default `max(n,p)·ε`.
  public static func fit(
    design: Matrix, response: [Double], weights: [Double]? = nil, columnNames: [String]? = nil,
    rankTolerance: Double? = nil
  ) -> LeastSquaresFit {
    fit(
      design: design, response: response, weights: weights, columnNames: columnNames, rankTolerance: rankTolerance,
      extendedLimit: extendedPrecisionLimit)
  }

  /// `fit` with an explicit size limit for the extended-precision path (tests use 0 to force double precision).
  static func fit(
    design: Matrix, response: [Double], weights: [Double]?, columnNames: [String]?, rankTolerance: Double?,
    extendedLimit: Int
  ) -> LeastSquaresFit {
    let n = design.rows
    let p = design.columns
    precondition(response.count == n, "LeastSquares.fit: \(response.count) responses for \(n) rows")
    if let weights { precondition(weights.count == n, "LeastSquares.fit: \(weights.count) weights for \(n) rows") }
    if let columnNames {
      precondition(columnNames.count == p, "LeastSquares.fit: \(columnNames.count) names for \(p) columns")
    }
    let tolerance = rankTolerance ?? Double(max(n, p)) * Double.ulpOfOne

    // 1. Column scales: the power of two nearest each weighted column norm
    //    (the scaled columns themselves are formed block by block later).
    //    The double path reads the norms off its triangular factor instead
    //    (see `solveDouble`), which saves a pass over the data.
    let solution: Solution
    #if arch(x86_64) && !os(Windows)
      if n * p * p <= extendedLimit {
        let (scales, largest) = columnScales(design, weights: weights)
        solution = solveExtended(
          Float80.self, design: design, response: response, weights: weights, scales: scales,
          threshold: tolerance * largest)
      } else {
        solution = solveDouble(response: response, weights: weights, design: design, tolerance: tolerance)
      }
    #else
      solution = solveDouble(response: response, weights: weights, design: design, tolerance: tolerance)
    #endif
    let rank = solution.rank
    let coefficients = solution.coefficients
    let unscaled = solution.covariance
    let fitted = solution.fitted
    let r11 = solution.r11
    let aliased = solution.permutation[rank...].sorted()
    let qr = (permutation: solution.permutation, rank: rank)

    let residuals = solution.residuals
    var rss = 0.0
    for i in 0..<n {
      let e = residuals[i]
      rss += (weights?[i] ?? 1) * e * e
    }
    let df = n - rank
    let sigma2 = df > 0 ? rss / Double(df) : .nan

    // R²: centred when the design holds a non-zero constant column.
    let interceptColumn = (0..<p).first { j in !coefficients[j].isNaN && isConstantNonZero(design, j) }
    let hasIntercept = interceptColumn != nil
    var tss = 0.0
    if hasIntercept {
      var sw = 0.0
      var swy = 0.0
      for i in 0..<n {
        let w = weights?[i] ?? 1
        sw += w
        swy += w * response[i]
      }
      let mean = swy / sw
      for i in 0..<n {
        let d = response[i] - mean
        tss += (weights?[i] ?? 1) * d * d
      }
    } else {
      for i in 0..<n { tss += (weights?[i] ?? 1) * response[i] * response[i] }
    }
    let rSquared = 1 - rss / tss
    let adjusted = 1 - (1 - rSquared) * Double(n - (hasIntercept ? 1 : 0)) / Double(df)

    let singular = SingularValues.of(r11)
    let condition = singular.isEmpty ? .nan : singular[0] / singular[singular.count - 1]

    return LeastSquaresFit(
      coefficients: coefficients, rank: rank, aliasedColumns: aliased,
      columnNames: columnNames ?? (0..<p).map { "x\($0)" }, rankTolerance: tolerance,
      conditionNumber: condition, fittedValues: fitted, residuals: residuals,
      residualDegreesOfFreedom: df, residualSumOfSquares: rss, residualVariance: sigma2,
      rSquared: rSquared, adjustedRSquared: adjusted, hasIntercept: hasIntercept,
      unscaledCovariance: unscaled, design: design, weights: weights,
      pivotOrder: Array(qr.permutation.prefix(rank)))
  }

  /// Problems with `n·p² ≤ 10⁵` are factorised in 80-bit extended
  /// precision where the hardware has it (x86-64): a 64-bit significand
  /// gives about three more digits on ill-conditioned designs (NIST
  /// Wampler 4–5 reach 9–11 digits instead of 7–9; every NIST StRD set has
  /// `n·p² < 10⁴`) for at most about 0.5 ms (x87 arithmetic is scalar, about
  /// 33 instructions per `n·p²`); the results are rounded to `Double` at the
  /// end. Larger problems, and other architectures, use the cache-blocked
  /// double-precision factorisation, which meets the same NIST targets.
  /// (The limit was 2·10⁶ until the standard benchmark study showed its
  /// refutations at n = 10⁴, p = 12, spending 81% of their instructions in
  /// this path: 8 ms per fit against under 1 ms in double precision.)
  static let extendedPrecisionLimit = 100_000

  /// What the factorisation hands back to `fit`.
  struct Solution {
    var coefficients: [Double]
    var covariance: Matrix
    var rank: Int
    var permutation: [Int]
    var r11: Matrix
    var fitted: [Double]
    var residuals: [Double]
  }

  /// The power of two nearest each weighted column norm, and the largest
  /// scaled norm (steps 1–3 of the method), from one pass over the columns.
  static func columnScales(_ design: Matrix, weights: [Double]?) -> (scales: [Double], largest: Double) {
    let n = design.rows
    let p = design.columns
    var norms = [Double](repeating: 0, count: p)
    design.withUnsafeBufferPointer { buffer in
      guard let base = buffer.baseAddress else { return }
      for j in 0..<p {
        let c = base + j * n
        norms[j] =
          (weights.map { w in
            w.withUnsafeBufferPointer { wb in
              var s = 0.0
              for i in 0..<n { s += wb[i] * c[i] * c[i] }
              return s
            }
          } ?? Kernels.dot(c, c, count: n)).squareRoot()
      }
    }
    return scales(norms: norms)
  }

  /// Scales and the largest scaled norm from the column norms.
  static func scales(norms: [Double]) -> (scales: [Double], largest: Double) {
    var scales = [Double](repeating: 1, count: norms.count)
    var largest = 0.0
    for (j, norm) in norms.enumerated() where norm > 0 && norm.isFinite {
      scales[j] = powerOfTwo(near: norm)
      // 2–3. The first pivot has the largest scaled norm, in [1/√2, √2].
      largest = max(largest, norm / scales[j])
    }
    return (scales, largest)
  }

  /// The double-precision path: `TallSkinnyQR` reduces `[√W X, √W y]` to a
  /// `(p+1) × (p+1)` triangle `R` in one cache-friendly pass. Column `j`'s
  /// weighted norm is the norm of `R`'s column `j` (an orthogonal reduction
  /// keeps every column norm), which gives the scales `D`; `R D⁻¹` is then
  /// exactly the triangle of the scaled design `√W X D⁻¹` (scaling by powers
  /// of two commutes with every operation of the reduction, barring
  /// overflow), and the column-pivoted `HouseholderQR` of its leading
  /// `p × p` part decides the rank: the pivot order and the rank decision
  /// are those of the full scaled matrix.
  static func solveDouble(response: [Double], weights: [Double]?, design: Matrix, tolerance: Double) -> Solution {
    let n = design.rows
    let p = design.columns
    let augmented = TallSkinnyQR.triangularize(
      design: design, response: response, rootWeights: weights.map { $0.map { $0.squareRoot() } },
      inverseScales: nil)
    var norms = [Double](repeating: 0, count: p)
    for j in 0..<p {
      var s = 0.0
      for i in 0...j { s += augmented[i, j] * augmented[i, j] }
      norms[j] = s.squareRoot()
    }
    let (scales, largest) = Self.scales(norms: norms)
    let threshold = tolerance * largest
    var triangle = Matrix(rows: p, columns: p)
    for j in 0..<p {
      for i in 0...j { triangle[i, j] = augmented[i, j] / scales[j] }
    }
    var b = (0..<p).map { augmented[$0, p] }
    let qr = HouseholderQR(triangle, threshold: threshold)
    let rank = qr.rank
    qr.applyQTranspose(&b)
    let r11 = qr.r11
    let z = UpperTriangular.solve(r11, Array(b.prefix(rank)))
    var coefficients = [Double](repeating: .nan, count: p)
    for k in 0..<rank {
      let j = qr.permutation[k]
      coefficients[j] = z[k] / scales[j]
    }
    // (XᵀWX)⁻¹ = P D⁻¹ R⁻¹ R⁻ᵀ D⁻¹ Pᵀ over the estimable columns.
    let rInverse = UpperTriangular.inverse(r11)
    var unscaled = Matrix(rows: p, columns: p, repeating: .nan)
    for a in 0..<rank {
      for c in a..<rank {
        var s = 0.0
        for m in c..<rank { s += rInverse[a, m] * rInverse[c, m] }
        let ja = qr.permutation[a]
        let jc = qr.permutation[c]
        let v = s / (scales[ja] * scales[jc])
        unscaled[ja, jc] = v
        unscaled[jc, ja] = v
      }
    }
    let fitted = design.multiplied(by: coefficients.map { $0.isNaN ? 0 : $0 })
    var residuals = [Double](repeating: 0, count: n)
    response.withUnsafeBufferPointer { y in
      fitted.withUnsafeBufferPointer { f in
        residuals.withUnsafeMutableBufferPointer { r in
          for i in 0..<n { r[i] = y[i] - f[i] }
        }
      }
    }
    return Solution(
      coefficients: coefficients, covariance: unscaled, rank: rank, permutation: qr.permutation, r11: r11,
      fitted: fitted, residuals: residuals)
  }

  /// The power of two nearest `x` in ratio (`x > 0`, finite).
  static func powerOfTwo(near x: Double) -> Double {
    let e = x.exponent  // x = m · 2^e, m ∈ [1, 2)
    let lower = Double(sign: .plus, exponent: e, significand: 1)
    return x / lower > 2.0.squareRoot() ? lower * 2 : lower
  }

  static func isConstantNonZero(_ m: Matrix, _ j: Int) -> Bool {
    m.withUnsafeBufferPointer { b in
      let n = m.rows
      guard n > 0 else { return false }
      let first = b[j * n]
      if first == 0 { return false }
      for i in 1..<max(1, n) where b[j * n + i] != first { return false }
      return true
    }
  }
}
