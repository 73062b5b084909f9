import NumericKernels
import StudyModel

/// Exact re-estimation of a linear-regression contrast from sufficient
/// statistics, for the refuters' simulations.
///
/// An OLS estimate depends on the data only through `G = XᵀX` and `b = Xᵀy`.
/// The simulations change one piece at a time, so each one updates the
/// statistics instead of refitting:
/// - random common cause: the bordered system `[[G, Xᵀu], [uᵀX, uᵀu]]` —
///   O(np) per simulation instead of O(np²), the draws of u made block by
///   block inside the pass that forms `Xᵀu` (no n-vector);
/// - placebo treatment: the treatment's row and column of G and its entry
///   of b — O(np); for a two-valued treatment, sums over the rows that get
///   the higher value only, chosen and summed in the same pass;
/// - data subset: `G − X_outᵀX_out` over the excluded rows (or the kept
///   rows' Gram when they are fewer) — O(n min(f, 1 − f) p²);
/// - bootstrap: `G + Σ (cᵢ − 1) xᵢxᵢᵀ` over the rows whose count cᵢ is not
///   1 (about 63% of them; no resampled copy of the data);
/// - the simulations of a batch share one pass over the data (for subsets
///   and resamples by `Kernels.gramBatch`): X is read from memory once per
///   batch, its blocks reused from cache by every simulation of the batch.
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

  init?(_ problem: EstimationProblem) {
    // Unweighted rows only: the shortcuts refit an unweighted Gram matrix and resample rows.
    guard problem.method == .linearRegression, problem.modifiers.isEmpty, problem.weightColumn == nil,
      problem.clusterColumn == nil
    else { return nil }
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

  /// Rows per block of the fused passes (a block of draws stays in L1).
  static let blockRows = 2048

  /// Random common causes for a batch of simulations in one pass over the
  /// data: simulation s adds a column u of n standard normal draws from
  /// `generators[s]` (the draws of n calls of `nextNormal()`), made block by
  /// block while the block of X is in cache, and gets `Xᵀu`, `uᵀu` and
  /// `uᵀy` from the same pass — no n-vector, one read of X per batch.
  func withRandomNormalColumns(generators: inout [Xoshiro256StarStar]) -> [Double?] {
    let n = x.rows
    let p = x.columns
    let batch = generators.count
    // Per simulation: Xᵀu (p entries), uᵀu, uᵀy.
    var sums = [Double](repeating: 0, count: batch * (p + 2))
    var block = [Double](repeating: 0, count: min(n, Self.blockRows))
    x.withUnsafeBufferPointer { xb in
      y.withUnsafeBufferPointer { yb in
        sums.withUnsafeMutableBufferPointer { sb in
          guard let xp = xb.baseAddress, let yp = yb.baseAddress, let sums = sb.baseAddress else { return }
          var r0 = 0
          while r0 < n {
            let count = min(Self.blockRows, n - r0)
            if count < block.count { block.removeLast(block.count - count) }
            for s in 0..<batch {
              Sampling.fillNormal(&block, using: &generators[s])
              block.withUnsafeBufferPointer { ub in
                guard let u = ub.baseAddress else { return }
                let acc = sums + s * (p + 2)
                for c in 0..<p { acc[c] += Kernels.dot(xp + c * n + r0, u, count: count) }
                acc[p] += Kernels.dot(u, u, count: count)
                acc[p + 1] += Kernels.dot(yp + r0, u, count: count)
              }
            }
            r0 += count
          }
        }
      }
    }
    return (0..<batch).map { s in
      let acc = sums[(s * (p + 2))..<((s + 1) * (p + 2))]
      return bordered(xu: Array(acc.prefix(p)), uu: acc[acc.startIndex + p], uy: acc[acc.startIndex + p + 1])
    }
  }

  /// The contrast of the system bordered by an extra column u.
  func bordered(xu: [Double], uu: Double, uy: Double) -> Double? {
    let p = x.columns
    var g = Matrix(rows: p + 1, columns: p + 1)
    for a in 0..<p { for b in 0..<p { g[a, b] = gram[a, b] } }
    for a in 0..<p {
      g[a, p] = xu[a]
      g[p, a] = xu[a]
    }
    g[p, p] = uu
    return contrast(gram: g, xty: xty + [uy], treatment: treatmentColumn)
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

  /// Data subsets for a batch of simulations in one pass over the data:
  /// simulation s keeps `size` of the n units, chosen by selection sampling
  /// from `generators[s]` (the draws of `Sampling.subsetMask(n:size:)`,
  /// made block by block as the pass reaches them). The listed part is the
  /// kept rows when they are at most half, else the excluded ones, whose
  /// Gram matrix is subtracted from G — O(n min(f, 1 − f) p²) arithmetic
  /// per simulation, one read of X per batch.
  func keeping(size: Int, generators: inout [Xoshiro256StarStar]) -> [Double?] {
    let n = x.rows
    let direct = size * 2 <= n
    var needed = [Int](repeating: size, count: generators.count)
    let parts = generators.withUnsafeMutableBufferPointer { streams in
      needed.withUnsafeMutableBufferPointer { left in
        Kernels.gramBatch(x, response: y, listings: streams.count) { s, start, count, rows, weights in
          // Branch-free listing: a unit is kept with probability about
          // size/n, a branch on it would be mispredicted that often.
          var k = 0
          var stream = streams[s]
          var wanted = left[s]
          for i in start..<(start + count) {
            var kept = false
            if wanted > 0 {
              kept = Sampling.uniformInt(below: n - i, using: &stream) < wanted
              wanted -= kept ? 1 : 0
            }
            rows[k] = i
            weights[k] = 1
            k += kept == direct ? 1 : 0
          }
          streams[s] = stream
          left[s] = wanted
          return k
        }
      }
    }
    return parts.map { part in
      direct ? contrast(gram: part.xtx, xty: part.xty, treatment: treatmentColumn) : updated(by: part, sign: -1)
    }
  }

  /// Bootstrap resamples for a batch of simulations: simulation s draws
  /// `Sampling.compactBootstrapCounts(n)` from `generators[s]` (the draws of
  /// `Sampling.resampleIndices(count: n, from: n)`), and with counts cᵢ
  /// `XᵀCX = XᵀX + Σ (cᵢ − 1) xᵢxᵢᵀ` over the rows with cᵢ ≠ 1 (the rows
  /// drawn exactly once, about 37%, cost nothing); one read of X per batch.
  func resampled(generators: inout [Xoshiro256StarStar]) -> [Double?] {
    let n = x.rows
    // One byte per count; a simulation whose count would overflow one (never, in practice) is refitted.
    let counts = generators.indices.map { Sampling.compactBootstrapCounts(n, using: &generators[$0]) }
    let parts = Kernels.gramBatch(x, response: y, listings: counts.count) { s, start, count, rows, weights in
      guard let drawn = counts[s] else { return 0 }
      return drawn.withUnsafeBufferPointer { c in
        // Branch-free: about 63% of the counts differ from 1.
        var k = 0
        for i in start..<(start + count) {
          let ci = c[i]
          rows[k] = i
          weights[k] = Double(ci) - 1
          k += ci != 1 ? 1 : 0
        }
        return k
      }
    }
    return zip(counts, parts).map { drawn, part in drawn == nil ? nil : updated(by: part, sign: 1) }
  }

  /// The contrast with `sign ×` a partial Gram matrix added to G and b.
  func updated(by part: GramResult, sign: Double) -> Double? {
    var g = gram
    var b = xty
    for a in 0..<x.columns {
      b[a] += sign * part.xty[a]
      for c in 0..<x.columns { g[a, c] += sign * part.xtx[a, c] }
    }
    return contrast(gram: g, xty: b, treatment: treatmentColumn)
  }

  /// Permuted two-valued treatments for a batch of simulations in one pass
  /// over the data: in simulation s, `raisedCount` units chosen uniformly
  /// get `high`, the others `low`. Unit i is chosen with probability
  /// `needed / (n − i)` (selection sampling: the draws of
  /// `Sampling.subsetMask(n:size:)` from `generators[s]`), block by block
  /// while the block of X is in cache, and the chosen rows' sums of X and y
  /// accumulate in the same pass; the treatment's row of G and entry of b
  /// follow from them. O(n) draws per simulation, one read of X per batch.
  func replacingBinaryTreatment(
    raisedCount: Int, low: Double, high: Double, generators: inout [Xoshiro256StarStar]
  ) -> [Double?] {
    let n = x.rows
    let p = x.columns
    let batch = generators.count
    var sums = [Double](repeating: 0, count: batch * (p + 1))
    var needed = [Int](repeating: raisedCount, count: batch)
    var picked = [Int](repeating: 0, count: min(n, Self.blockRows))
    x.withUnsafeBufferPointer { xb in
      y.withUnsafeBufferPointer { yb in
        sums.withUnsafeMutableBufferPointer { sb in
          picked.withUnsafeMutableBufferPointer { pb in
            guard let xp = xb.baseAddress, let yp = yb.baseAddress, let sums = sb.baseAddress,
              let rows = pb.baseAddress
            else { return }
            var r0 = 0
            while r0 < n {
              let end = min(n, r0 + Self.blockRows)
              for s in 0..<batch where needed[s] > 0 {
                // Choose within the block, then sum each column over the chosen rows.
                // Branch-free: about half the rows are chosen, a branch on
                // the draw would be mispredicted that often.
                var k = 0
                var left = needed[s]
                var stream = generators[s]
                var i = r0
                while i < end && left > 0 {
                  let step = Sampling.uniformInt(below: n - i, using: &stream) < left ? 1 : 0
                  rows[k] = i
                  k += step
                  left -= step
                  i += 1
                }
                generators[s] = stream
                needed[s] = left
                let acc = sums + s * (p + 1)
                for c in 0...p {
                  let column = c < p ? xp + c * n : yp
                  var s0 = 0.0
                  var s1 = 0.0
                  var j = 0
                  while j + 1 < k {
                    s0 += column[rows[j]]
                    s1 += column[rows[j + 1]]
                    j += 2
                  }
                  if j < k { s0 += column[rows[j]] }
                  acc[c] += s0 + s1
                }
              }
              r0 = end
            }
          }
        }
      }
    }
    let m = Double(raisedCount)
    return (0..<batch).map { s in
      let acc = Array(sums[(s * (p + 1))..<((s + 1) * (p + 1))])
      var g = gram
      var b = xty
      for a in 0..<p where a != treatmentColumn {
        let value = low * columnSums[a] + (high - low) * acc[a]
        g[a, treatmentColumn] = value
        g[treatmentColumn, a] = value
      }
      g[treatmentColumn, treatmentColumn] = low * low * (Double(n) - m) + high * high * m
      b[treatmentColumn] = low * outcomeSum + (high - low) * acc[p]
      return contrast(gram: g, xty: b, treatment: treatmentColumn)
    }
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
