/// The result of `GLM.fit`.
///
/// Aliased columns (found linearly dependent at the start) have `NaN`
/// coefficients and `NaN` rows/columns in every matrix. Under separation
/// (binomial only) `separation` says which kind and which columns, and
/// `converged` is false: no finite maximum-likelihood estimate exists, and
/// the coefficients are wherever the iterations stopped.
public struct GLMFit: Sendable {
  /// `β̂` (`NaN` for aliased columns).
  public let coefficients: [Double]
  /// `φ̂ (I + λD)⁻¹`: the inverse of the expected (Fisher) information at
  /// `β̂` (penalised when `ridge > 0`), times the dispersion (1 for binomial
  /// and Poisson, the Pearson estimate for Gaussian).
  public let covariance: Matrix
  /// Square roots of the diagonal of `covariance`.
  public let standardErrors: [Double]
  /// `I = XᵀWX` at `β̂` with the working weights `W = m (dμ/dη)² / V(μ)`
  /// (without the ridge penalty and without dispersion).
  public let fisherInformation: Matrix
  /// Whether the convergence criterion was met (and no separation was found).
  public let converged: Bool
  /// The number of weighted least-squares solves.
  public let iterations: Int
  /// `Σ mᵢ d(yᵢ, μ̂ᵢ)`.
  public let deviance: Double
  /// The log-likelihood at `β̂` (see `GLMFamily`; Gaussian uses the ML
  /// variance `Σmᵢeᵢ²/n`, as statsmodels and R's `logLik`).
  public let logLikelihood: Double
  /// `μ̂ᵢ`.
  public let fittedMeans: [Double]
  /// `η̂ᵢ = xᵢᵀβ̂ + offsetᵢ`.
  public let linearPredictor: [Double]
  /// The number of estimable columns.
  public let rank: Int
  /// Columns aliased with earlier ones (ascending).
  public let aliasedColumns: [Int]
  /// Complete or quasi-complete separation, when found (binomial only).
  public let separation: Separation?
  /// The dispersion `φ̂` used in `covariance`.
  public let dispersion: Double
  /// The family that was fitted.
  public let family: GLMFamily
  /// The link that was fitted.
  public let link: GLMLink
  /// The ridge penalty `λ` that was applied.
  public let ridge: Double
  /// Column names (`x0, x1, …` when none were given).
  public let columnNames: [String]

  let design: Matrix
  let estimable: [Int]
  /// `(I + λD)⁻¹` over the estimable columns (unscaled by the dispersion).
  let bread: Matrix
  /// Per-observation score factors `sᵢ = mᵢ (yᵢ − μᵢ)(dμ/dη)ᵢ / V(μᵢ)`.
  let scoreFactors: [Double]

  init(
    coefficients: [Double], covariance: Matrix, standardErrors: [Double], fisherInformation: Matrix,
    converged: Bool, iterations: Int, deviance: Double, logLikelihood: Double, fittedMeans: [Double],
    linearPredictor: [Double], rank: Int, aliasedColumns: [Int], separation: Separation?, dispersion: Double,
    family: GLMFamily, link: GLMLink, ridge: Double, columnNames: [String], design: Matrix, estimable: [Int],
    bread: Matrix, scoreFactors: [Double]
  ) {
    self.coefficients = coefficients
    self.covariance = covariance
    self.standardErrors = standardErrors
    self.fisherInformation = fisherInformation
    self.converged = converged
    self.iterations = iterations
    self.deviance = deviance
    self.logLikelihood = logLikelihood
    self.fittedMeans = fittedMeans
    self.linearPredictor = linearPredictor
    self.rank = rank
    self.aliasedColumns = aliasedColumns
    self.separation = separation
    self.dispersion = dispersion
    self.family = family
    self.link = link
    self.ridge = ridge
    self.columnNames = columnNames
    self.design = design
    self.estimable = estimable
    self.bread = bread
    self.scoreFactors = scoreFactors
  }

  /// The names of the aliased columns.
  public var aliasedColumnNames: [String] { aliasedColumns.map { columnNames[$0] } }

  /// The HC0 sandwich `B (Σ sᵢ² xᵢxᵢᵀ) B` with the bread `B = (I + λD)⁻¹` and
  /// scores `sᵢ xᵢ`, `sᵢ = mᵢ(yᵢ − μᵢ)(dμ/dη)ᵢ/V(μᵢ)` (for canonical links
  /// `(yᵢ − μᵢ)xᵢ`). No small-sample factor: statsmodels `cov_type='HC0'`.
  /// Cost: one pass over the data.
  public func robustCovariance() -> Matrix {
    let meatWeights = scoreFactors.map { $0 * $0 }
    let meat = Kernels.gramPass(design, columns: estimable, hasResponse: false) { start, count, _, _, w, _ in
      meatWeights.withUnsafeBufferPointer { m in
        guard let mp = m.baseAddress else { return }
        w.update(from: mp + start, count: count)
      }
    }.xtx
    let sandwich = bread.multiplied(by: meat).multiplied(by: bread)
    let p = coefficients.count
    var out = Matrix(rows: p, columns: p, repeating: .nan)
    for (a, ja) in estimable.enumerated() {
      for (b, jb) in estimable.enumerated() { out[ja, jb] = 0.5 * (sandwich[a, b] + sandwich[b, a]) }
    }
    return out
  }

  /// The cluster-robust sandwich `G/(G − 1) · B (Σ_g u_g u_gᵀ) B` with
  /// `u_g = Σ_{i∈g} sᵢ xᵢ` over the clusters `ids` (any integers, one per
  /// row): the CR1 of Stata's `vce(cluster)` and R's `sandwich::vcovCL`
  /// with `type = "HC0"`, `cadjust = TRUE` for a GLM (no `(n − 1)/(n − k)`
  /// factor, which is a least-squares convention). Cost: one pass.
  public func clusterCovariance(_ ids: [Int]) -> Matrix {
    let n = design.rows
    precondition(ids.count == n, "clusterCovariance: \(ids.count) ids for \(n) rows")
    var index: [Int: Int] = [:]
    for id in ids where index[id] == nil { index[id] = index.count }
    let g = index.count
    let group = ids.map { index[$0] ?? 0 }
    let r = estimable.count
    var scores = Matrix(rows: g, columns: r)
    design.withUnsafeBufferPointer { xb in
      scores.withUnsafeMutableBufferPointer { sb in
        group.withUnsafeBufferPointer { gb in
          scoreFactors.withUnsafeBufferPointer { s in
            for (a, j) in estimable.enumerated() {
              for i in 0..<n { sb[a * g + gb[i]] += s[i] * xb[j * n + i] }
            }
          }
        }
      }
    }
    let meat = Kernels.gram(scores, weights: nil, response: nil).xtx
    var sandwich = bread.multiplied(by: meat).multiplied(by: bread)
    let factor = g > 1 ? Double(g) / Double(g - 1) : .nan
    sandwich.withUnsafeMutableBufferPointer { b in
      for i in 0..<b.count { b[i] *= factor }
    }
    let p = coefficients.count
    var out = Matrix(rows: p, columns: p, repeating: .nan)
    for (a, ja) in estimable.enumerated() {
      for (b, jb) in estimable.enumerated() { out[ja, jb] = 0.5 * (sandwich[a, b] + sandwich[b, a]) }
    }
    return out
  }

  /// `β̂ⱼ / se(β̂ⱼ)` (Wald z statistics).
  public var zStatistics: [Double] { zip(coefficients, standardErrors).map { $0 / $1 } }

  /// Two-sided Wald p-values `2·(1 − Φ(|z|))` (standard normal reference, as statsmodels' GLM).
  public var pValues: [Double] { zStatistics.map { $0.isNaN ? .nan : 2 * Normal.survival(abs($0)) } }
}
