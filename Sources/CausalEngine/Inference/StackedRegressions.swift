import NumericKernels

/// Several OLS fits on the same units, with the joint (stacked) sandwich
/// covariance of all their coefficients.
///
/// Each fit's influence function is `IF_i = (XᵀX/n)⁻¹ x_i u_i`; the joint
/// covariance of the stacked coefficients is `(1/n²) Σ_i IF_i IF_iᵀ`
/// (HC0; Stefanski & Boos 2002). It captures the correlation between
/// coefficients of different models fitted to the same data, which the
/// product-of-coefficients and mediation formulas need.
struct StackedRegressions {
  var fits: [LeastSquaresFit]
  /// Offset of each fit's coefficients in the stacked vector.
  var offsets: [Int]
  var covariance: Matrix

  init(_ fits: [(design: Matrix, response: [Double])]) {
    self.fits = fits.map { LeastSquares.fit(design: $0.design, response: $0.response) }
    var offsets: [Int] = []
    var total = 0
    for f in self.fits {
      offsets.append(total)
      total += f.coefficients.count
    }
    self.offsets = offsets
    let n = fits.first?.design.rows ?? 0
    var influence = [[Double]](repeating: [Double](repeating: 0, count: total), count: n)
    for (m, fit) in self.fits.enumerated() {
      let x = fits[m].design
      let bread = fit.unscaledCovariance  // (XᵀX)⁻¹
      let k = x.columns
      for i in 0..<n {
        let u = fit.residuals[i]
        for a in 0..<k {
          var s = 0.0
          for b in 0..<k { s += bread[a, b] * x[i, b] }
          influence[i][offsets[m] + a] = s * u  // (XᵀX)⁻¹ x_i u_i = IF_i / n
        }
      }
    }
    var v = Matrix(rows: total, columns: total)
    for i in 0..<n {
      let row = influence[i]
      for a in 0..<total where row[a] != 0 {
        for b in 0..<total { v[a, b] += row[a] * row[b] }
      }
    }
    covariance = v
  }

  /// The coefficient `j` of fit `m`.
  func coefficient(_ m: Int, _ j: Int) -> Double { fits[m].coefficients[j] }

  /// The index of coefficient `j` of fit `m` in the stacked vector.
  func index(_ m: Int, _ j: Int) -> Int { offsets[m] + j }
}
