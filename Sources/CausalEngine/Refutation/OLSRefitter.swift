import NumericKernels
import StudyModel

/// Exact re-estimation of a linear-regression contrast from sufficient
/// statistics, for the refuters' simulations.
///
/// An OLS estimate depends on the data only through `G = XᵀX` and `b = Xᵀy`.
/// The simulations change one piece at a time, so each one updates the
/// statistics instead of refitting:
/// - random common cause: the bordered system `[[G, Xᵀu], [uᵀX, uᵀu]]` —
///   O(np) per simulation instead of O(np²);
/// - placebo treatment: the treatment's row and column of G and its entry
///   of b — O(np); for a two-valued treatment, sums over the rows that get
///   the higher value only;
/// - data subset: `G − X_outᵀX_out` over the excluded rows (or the kept
///   rows' Gram when they are fewer) — O(n min(f, 1 − f) p²);
/// - bootstrap: the count-weighted Gram matrix in one fused pass (no
///   resampled copy of the data);
/// - dummy outcome: `b = Xᵀy'` only — O(np).
/// The system is solved by Cholesky after scaling to unit diagonal
/// (equilibration). When the scaled system is ill-conditioned (a pivot
/// below 1e-10 of its diagonal), the refitter declines and the caller
/// refits with QR; estimates agree with the QR refit to about 1e-9
/// relative (tested).
///
/// Applies to `linear_regression` without effect modifiers (the contrast is
/// then `(t₁ − t₀) β_T`).
struct OLSRefitter: Sendable {
  let x: Matrix
  let y: [Double]
  let gram: Matrix
  let xty: [Double]
  let treatmentColumn: Int
  let contrast: Double
  /// `Xᵀ1` and `1ᵀy`.
  let columnSums: [Double]
  let outcomeSum: Double

  init?(_ problem: EstimationProblem, estimator: any Estimator) {
    guard estimator is LinearRegressionEstimator, problem.modifiers.isEmpty else { return nil }
    let design = ModelDesign.build(
      data: problem.data, treatment: problem.treatment, covariates: problem.adjustment, terms: problem.outcomeTerms)
    guard let t = design.treatmentColumn else { return nil }
    x = design.matrix
    y = problem.data.values(problem.outcome)
    let g = Kernels.gram(x, weights: nil, response: y)
    gram = g.xtx
    xty = g.xty
    treatmentColumn = t
    contrast = problem.contrast
    columnSums = x.transposedMultiplied(by: [Double](repeating: 1, count: x.rows))
    outcomeSum = y.reduce(0, +)
  }

  /// `(t₁ − t₀) β_T` from a Gram matrix and `Xᵀy`; nil when ill-conditioned.
  func contrast(gram g: Matrix, xty b: [Double], treatment: Int) -> Double? {
    guard let beta = Self.solve(g, b) else { return nil }
    return contrast * beta[treatment]
  }

  /// With an extra column `u` (random common cause).
  func withExtraColumn(_ u: [Double]) -> Double? {
    let p = x.columns
    var g = Matrix(rows: p + 1, columns: p + 1)
    for a in 0..<p { for b in 0..<p { g[a, b] = gram[a, b] } }
    let xu = x.transposedMultiplied(by: u)
    for a in 0..<p {
      g[a, p] = xu[a]
      g[p, a] = xu[a]
    }
    g[p, p] = Kernels.dot(u, u)
    return contrast(gram: g, xty: xty + [Kernels.dot(u, y)], treatment: treatmentColumn)
  }

  /// With the treatment column replaced by `t` (placebo).
  func replacingTreatment(_ t: [Double]) -> Double? {
    var g = gram
    var b = xty
    let xt = x.transposedMultiplied(by: t)
    let tt = Kernels.dot(t, t)
    for a in 0..<x.columns where a != treatmentColumn {
      g[a, treatmentColumn] = xt[a]
      g[treatmentColumn, a] = xt[a]
    }
    g[treatmentColumn, treatmentColumn] = tt
    b[treatmentColumn] = Kernels.dot(t, y)
    return contrast(gram: g, xty: b, treatment: treatmentColumn)
  }

  /// On the rows where `kept` is true (data subset): the Gram matrix of the
  /// kept rows when they are at most half, else the full one minus that of
  /// the excluded rows — either way a pass over the smaller part only.
  func keeping(_ kept: [Bool]) -> Double? {
    let keptCount = kept.reduce(0) { $0 + ($1 ? 1 : 0) }
    let direct = keptCount * 2 <= kept.count
    var listed: [Int] = []
    listed.reserveCapacity(direct ? keptCount : kept.count - keptCount)
    for i in kept.indices where kept[i] == direct { listed.append(i) }
    let part = Kernels.gram(x, rows: listed, response: y)
    if direct { return contrast(gram: part.xtx, xty: part.xty, treatment: treatmentColumn) }
    var g = gram
    var b = xty
    for a in 0..<x.columns {
      b[a] -= part.xty[a]
      for c in 0..<x.columns { g[a, c] -= part.xtx[a, c] }
    }
    return contrast(gram: g, xty: b, treatment: treatmentColumn)
  }

  /// With a two-valued treatment set to `high` on the sorted rows `raised`
  /// and to `low` elsewhere (a permuted binary treatment): the treatment's
  /// row of G and entry of b from sums over the raised rows only —
  /// O(|raised| · p) instead of O(n · p).
  func replacingBinaryTreatment(raised: [Int], low: Double, high: Double) -> Double? {
    var g = gram
    var b = xty
    let p = x.columns
    // One sweep over the raised rows with one running sum per column (p + 1 independent additions per row).
    var sums = [Double](repeating: 0, count: p + 1)
    x.withUnsafeBufferPointer { xb in
      y.withUnsafeBufferPointer { yb in
        raised.withUnsafeBufferPointer { rb in
          sums.withUnsafeMutableBufferPointer { sb in
            guard let base = xb.baseAddress, let yp = yb.baseAddress, let acc = sb.baseAddress else { return }
            let rows = x.rows
            for i in rb {
              for a in 0..<p { acc[a] += base[a * rows + i] }
              acc[p] += yp[i]
            }
          }
        }
      }
    }
    let raisedSums = Array(sums.prefix(p))
    let raisedY = sums[p]
    let n = Double(x.rows), m = Double(raised.count)
    for a in 0..<p where a != treatmentColumn {
      let value = low * columnSums[a] + (high - low) * raisedSums[a]
      g[a, treatmentColumn] = value
      g[treatmentColumn, a] = value
    }
    g[treatmentColumn, treatmentColumn] = low * low * (n - m) + high * high * m
    b[treatmentColumn] = low * outcomeSum + (high - low) * raisedY
    return contrast(gram: g, xty: b, treatment: treatmentColumn)
  }

  /// With each row counted `counts[i]` times (bootstrap).
  func weighted(_ counts: [Double]) -> Double? {
    let g = Kernels.gram(x, weights: counts, response: y)
    return contrast(gram: g.xtx, xty: g.xty, treatment: treatmentColumn)
  }

  /// With the outcome replaced by `outcome` (dummy outcome).
  func replacingOutcome(_ outcome: [Double]) -> Double? {
    contrast(gram: gram, xty: x.transposedMultiplied(by: outcome), treatment: treatmentColumn)
  }

  /// Solves `G β = b` by Cholesky on the equilibrated system, or nil.
  static func solve(_ g: Matrix, _ b: [Double]) -> [Double]? {
    let p = g.rows
    var scale = [Double](repeating: 1, count: p)
    for a in 0..<p {
      guard g[a, a] > 0 else { return nil }
      scale[a] = 1 / g[a, a].squareRoot()
    }
    // Cholesky of D G D, in place (lower triangle).
    var l = Matrix(rows: p, columns: p)
    for j in 0..<p {
      var diagonal = g[j, j] * scale[j] * scale[j]
      for k in 0..<j { diagonal -= l[j, k] * l[j, k] }
      guard diagonal > 1e-10 else { return nil }
      let pivot = diagonal.squareRoot()
      l[j, j] = pivot
      for i in (j + 1)..<max(j + 1, p) {
        var s = g[i, j] * scale[i] * scale[j]
        for k in 0..<j { s -= l[i, k] * l[j, k] }
        l[i, j] = s / pivot
      }
    }
    var z = (0..<p).map { b[$0] * scale[$0] }
    for i in 0..<p {
      for k in 0..<i { z[i] -= l[i, k] * z[k] }
      z[i] /= l[i, i]
    }
    for i in stride(from: p - 1, through: 0, by: -1) {
      for k in (i + 1)..<max(i + 1, p) { z[i] -= l[k, i] * z[k] }
      z[i] /= l[i, i]
    }
    return (0..<p).map { z[$0] * scale[$0] }
  }
}
