extension LeastSquaresFit {
  /// The covariance matrix of `β̂` (`p × p`; aliased rows/columns `NaN`).
  ///
  /// See `CovarianceKind` for the formulas. Cost: classical is free; HC0/HC1
  /// and cluster take one pass over the data; HC2/HC3 also need the leverage
  /// (`n·r²/2` multiply-adds).
  public func covariance(_ kind: CovarianceKind) -> Matrix {
    let p = coefficients.count
    let n = residuals.count
    let k = rank
    switch kind {
    case .classical:
      var c = unscaledCovariance
      c.withUnsafeMutableBufferPointer { b in
        for i in 0..<b.count { b[i] *= residualVariance }
      }
      return c
    case .hc0, .hc1, .hc2, .hc3:
      var scale = [Double](repeating: 0, count: n)
      let h: [Double] = (kind == .hc2 || kind == .hc3) ? leverage : []
      for i in 0..<n {
        let w = weights?[i] ?? 1
        let we = w * residuals[i]
        var s = we * we
        if kind == .hc2 { s /= 1 - h[i] }
        if kind == .hc3 { s /= (1 - h[i]) * (1 - h[i]) }
        scale[i] = s
      }
      var v = sandwich(meatWeights: scale)
      if kind == .hc1 {
        let f = Double(n) / Double(n - k)
        v.withUnsafeMutableBufferPointer { b in
          for i in 0..<b.count { b[i] *= f }
        }
      }
      return v
    case .cluster(let ids):
      precondition(ids.count == n, "covariance(.cluster): \(ids.count) ids for \(n) rows")
      let columns = estimableColumns
      let r = columns.count
      var index: [Int: Int] = [:]
      for id in ids.sorted() where index[id] == nil { index[id] = index.count }
      let g = index.count
      let group = ids.map { index[$0] ?? 0 }
      let score = (0..<n).map { (weights?[$0] ?? 1) * residuals[$0] }
      var scores = Matrix(rows: g, columns: r)
      design.withUnsafeBufferPointer { xb in
        scores.withUnsafeMutableBufferPointer { sb in
          for (a, j) in columns.enumerated() {
            for i in 0..<n { sb[a * g + group[i]] += score[i] * xb[j * n + i] }
          }
        }
      }
      let meat = Kernels.gram(scores, weights: nil, response: nil).xtx
      let factor = Double(g) / Double(g - 1) * Double(n - 1) / Double(n - k)
      return expand(bread(meat: meat, factor: factor), columns: columns, size: p)
    }
  }

  /// Square roots of the diagonal of `covariance(kind)`.
  public func standardErrors(_ kind: CovarianceKind) -> [Double] {
    covariance(kind).diagonal.map { $0.squareRoot() }
  }

  /// `β̂ⱼ / se(β̂ⱼ)`.
  public func tStatistics(_ kind: CovarianceKind) -> [Double] {
    let se = standardErrors(kind)
    return zip(coefficients, se).map { $0 / $1 }
  }

  /// Degrees of freedom of the t reference distribution for `kind`:
  /// `n − r`, or `G − 1` for cluster-robust covariance (Stata's and
  /// statsmodels' convention for few clusters; Cameron & Miller 2015, §VI).
  public func degreesOfFreedom(_ kind: CovarianceKind) -> Int {
    if case .cluster(let ids) = kind { return Set(ids).count - 1 }
    return residualDegreesOfFreedom
  }

  /// Two-sided p-values `2·P(T_df > |t|)` with `df = degreesOfFreedom(kind)`.
  public func pValues(_ kind: CovarianceKind) -> [Double] {
    let t = StudentT(degreesOfFreedom: Double(degreesOfFreedom(kind)))
    return tStatistics(kind).map { $0.isNaN ? .nan : 2 * t.survival(abs($0)) }
  }

  /// The hat values `hᵢ = wᵢ xᵢᵀ (XᵀWX)⁻¹ xᵢ` (diagonal of the weighted hat matrix).
  ///
  /// Computed as the squared row norms of `Q₁ = √W X_est M` with
  /// `M = (XᵀWX)⁻¹ᐟ²` taken from the Cholesky factor of the unscaled
  /// covariance; cost `n·r²/2` multiply-adds, recomputed on each access.
  public var leverage: [Double] {
    let n = residuals.count
    let columns = estimableColumns
    let r = columns.count
    var c = Matrix(rows: r, columns: r)
    for a in 0..<r {
      for b in 0..<r { c[a, b] = unscaledCovariance[columns[a], columns[b]] }
    }
    var h = [Double](repeating: 0, count: n)
    // C = L Lᵀ, so xᵀ C x = ‖Lᵀ x‖²: q_m = Σ_a x_a L[a, m].
    guard let l = c.choleskyFactor() else { return [Double](repeating: .nan, count: n) }
    var q = [Double](repeating: 0, count: n)
    design.withUnsafeBufferPointer { xb in
      q.withUnsafeMutableBufferPointer { qb in
        h.withUnsafeMutableBufferPointer { hb in
          guard let xp = xb.baseAddress, let qp = qb.baseAddress else { return }
          for m in 0..<r {
            qp.update(repeating: 0, count: n)
            for a in m..<r {
              let coefficient = l[a, m]
              if coefficient != 0 { Kernels.axpy(coefficient, xp + columns[a] * n, qp, count: n) }
            }
            for i in 0..<n { hb[i] += qp[i] * qp[i] }
          }
        }
      }
    }
    if let weights {
      for i in 0..<n { h[i] *= weights[i] }
    }
    return h
  }

  /// `C (Σ sᵢ xᵢxᵢᵀ) C` over the estimable columns, expanded to `p × p`.
  func sandwich(meatWeights: [Double]) -> Matrix {
    let columns = estimableColumns
    let x = columns.count == coefficients.count ? design : subDesign(columns)
    let meat = Kernels.gram(x, weights: meatWeights, response: nil).xtx
    return expand(bread(meat: meat, factor: 1), columns: columns, size: coefficients.count)
  }

  func subDesign(_ columns: [Int]) -> Matrix {
    Matrix(columns: columns.map { design.column($0) })
  }

  /// `factor · C M C` for the estimable block `C` of the unscaled covariance.
  func bread(meat: Matrix, factor: Double) -> Matrix {
    let columns = estimableColumns
    let r = columns.count
    var c = Matrix(rows: r, columns: r)
    for a in 0..<r {
      for b in 0..<r { c[a, b] = unscaledCovariance[columns[a], columns[b]] }
    }
    var v = c.multiplied(by: meat).multiplied(by: c)
    // Symmetrise (the two triangles differ by rounding only).
    for a in 0..<r {
      for b in (a + 1)..<max(a + 1, r) {
        let s = 0.5 * (v[a, b] + v[b, a]) * factor
        v[a, b] = s
        v[b, a] = s
      }
      v[a, a] *= factor
    }
    return v
  }

  func expand(_ block: Matrix, columns: [Int], size p: Int) -> Matrix {
    var out = Matrix(rows: p, columns: p, repeating: .nan)
    for (a, ja) in columns.enumerated() {
      for (b, jb) in columns.enumerated() { out[ja, jb] = block[a, b] }
    }
    return out
  }
}
