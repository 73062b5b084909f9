import NumericKernels

/// The refitter's shortcuts under hashed randomness (``RowHash``): the same
/// updates of `XᵀX` and `Xᵀy` as the sequential shortcuts, with each row's
/// draw a function of its key, so that a database computing the same sums
/// (`GROUP BY` simulation) gets the same estimates.
///
/// `rows[i]` is row i's hash part (`RowHash.row(key:stream:)`); simulation
/// k's draws are `RowHash.draw(row: rows[i], simulation: k, draw: d)`.
extension OLSRefitter {
  /// Poisson(1) bootstrap weights: `XᵀWX = XᵀX + Σ (wᵢ − 1) xᵢxᵢᵀ` over the
  /// rows whose weight is not 1.
  func poissonResampled(rows: [UInt64], simulations ks: [Int]) -> [Double?] {
    let parts = Kernels.gramBatch(x, response: y, listings: ks.count) { s, start, count, list, weights in
      var k = 0
      for i in start..<(start + count) {
        // Branch-free: about 63% of the weights differ from 1.
        let w = RowHash.poisson(RowHash.draw(row: rows[i], simulation: ks[s]))
        list[k] = i
        weights[k] = Double(w) - 1
        k += w != 1 ? 1 : 0
      }
      return k
    }
    return parts.map { updated(by: $0, sign: 1) }
  }

  /// Subsets that keep each row when its draw is below `threshold`
  /// (Bernoulli(fraction) selection): the kept rows' Gram matrix when
  /// `fraction ≤ ½`, else `XᵀX` minus the excluded rows'.
  func keeping(rows: [UInt64], threshold: UInt64, fraction: Double, simulations ks: [Int]) -> [Double?] {
    let direct = fraction <= 0.5
    let parts = Kernels.gramBatch(x, response: y, listings: ks.count) { s, start, count, list, weights in
      var k = 0
      for i in start..<(start + count) {
        let kept = RowHash.draw(row: rows[i], simulation: ks[s]) < threshold
        list[k] = i
        weights[k] = 1
        k += kept == direct ? 1 : 0
      }
      return k
    }
    return parts.map { part in
      direct ? contrast(gram: part.xtx, xty: part.xty, treatment: treatmentColumn) : updated(by: part, sign: -1)
    }
  }

  /// A two-valued placebo: unit i gets `high` when its draw is below
  /// `threshold` (Bernoulli with the observed share), else `low`. The
  /// chosen rows' sums of X and y, and their number m, give the treatment's
  /// row of G and entry of b.
  func replacingBinaryTreatment(
    rows: [UInt64], threshold: UInt64, low: Double, high: Double, simulations ks: [Int]
  ) -> [Double?] {
    let n = x.rows
    let p = x.columns
    return ks.map { k in
      var sums = [Double](repeating: 0, count: p + 1)
      var m = 0
      for i in 0..<n where RowHash.draw(row: rows[i], simulation: k) < threshold {
        m += 1
        for c in 0..<p { sums[c] += x[i, c] }
        sums[p] += y[i]
      }
      return placebo(chosenSums: sums, chosen: m, low: low, high: high)
    }
  }

  /// The contrast with the treatment replaced by `high` on `chosen` units
  /// (whose column sums of X and y are `chosenSums`) and `low` elsewhere.
  func placebo(chosenSums sums: [Double], chosen m: Int, low: Double, high: Double) -> Double? {
    let n = x.rows
    let p = x.columns
    var g = gram
    var b = xty
    for a in 0..<p where a != treatmentColumn {
      let value = low * columnSums[a] + (high - low) * sums[a]
      g[a, treatmentColumn] = value
      g[treatmentColumn, a] = value
    }
    g[treatmentColumn, treatmentColumn] = low * low * Double(n - m) + high * high * Double(m)
    b[treatmentColumn] = low * outcomeSum + (high - low) * sums[p]
    return contrast(gram: g, xty: b, treatment: treatmentColumn)
  }

  /// Random common causes: column u with `uᵢ = RowHash.normal(draw 0, draw 1)`.
  func withRandomNormalColumns(rows: [UInt64], simulations ks: [Int]) -> [Double?] {
    let n = x.rows
    let p = x.columns
    return ks.map { k in
      var xu = [Double](repeating: 0, count: p)
      var uu = 0.0
      var uy = 0.0
      for i in 0..<n {
        let u = RowHash.normal(
          RowHash.draw(row: rows[i], simulation: k, draw: 0), RowHash.draw(row: rows[i], simulation: k, draw: 1))
        for c in 0..<p { xu[c] += x[i, c] * u }
        uu += u * u
        uy += u * y[i]
      }
      return bordered(xu: xu, uu: uu, uy: uy)
    }
  }
}
