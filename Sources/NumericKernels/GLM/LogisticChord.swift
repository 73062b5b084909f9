/// Refits of a logistic regression by Newton's method with a fixed
/// information matrix (the chord method), for re-estimates of one model on
/// reweighted rows.
///
/// Problem: `β̂ = argmax_β Σ mᵢ [yᵢ log μᵢ + (1 − yᵢ) log(1 − μᵢ)]`,
/// `μᵢ = 1/(1 + e^{−xᵢᵀβ})`, prior weights `mᵢ ≥ 0` — `GLM.fit`'s binomial
/// logit model without a ridge penalty or offset.
///
/// Method: from `β₀ = start`, `βₖ₊₁ = βₖ + H₀⁻¹ gₖ` with the score
/// `gₖ = Xᵀ(m ∘ (y − μ(βₖ)))` and a fixed `H₀` (the caller's `information`,
/// the information `XᵀWX` at the start: then the first step is Newton's).
/// Each iteration is one pass over the rows (the linear predictor by
/// contiguous column axpys, the means, and the score by dot products, block
/// by block while the block is in cache): about `2np` multiply-adds, where a
/// Newton step (`GLM.fit`) also accumulates `XᵀWX` at `np²/2`. The error
/// contracts linearly at the rate `ρ = ‖I − H₀⁻¹H(β̂)‖`, small when `H₀`
/// is the information at a start near `β̂` (for a resample of `n` rows,
/// about `√(p/n)`).
///
/// Convergence: the step in standard errors (`|δⱼ| / √(H₀⁻¹)ⱼⱼ`, largest over
/// `j`) is at most ``targetError`` while the rate estimated from the last two
/// steps is at most 1/2; the remaining error is then at most about
/// `step · ρ/(1 − ρ) ≤ step`, so the returned `β` (the one whose score gave
/// that step, and whose fitted means are returned) lies within about
/// `2 · 10⁻¹⁰` standard errors of the optimum, where `GLM.fit`'s criterion
/// (a Newton step of `10⁻¹⁰`, or `10⁻⁵` for refits: an error of its square)
/// leaves it. The two agree to that accuracy, not bit for bit. A first step
/// already that small is accepted alone: it is Newton's step when `H₀` is
/// the information at the start, and leaves an error of about its square.
///
/// Declines (returns nil; the caller then runs `GLM.fit`) when `H₀` is not
/// positive definite after equilibration, a value is not finite, the steps
/// stop contracting (an estimated rate above 0.9 after three steps, or a step
/// larger than the one before it: `H₀` too far from the information at the
/// optimum, or separation), or `maxIterations` passes do not converge. The
/// caller decides the rank (as `GLM.fit` does, from the information at the
/// start) and checks the fitted means for separation or positivity.
///
/// References: Ortega & Rheinboldt (1970), *Iterative Solution of Nonlinear
/// Equations in Several Variables* (the chord, or simplified Newton, method
/// and its linear rate); Kelley (1995), *Iterative Methods for Linear and
/// Nonlinear Equations*, ch. 5 (the chord method's error estimate).
public enum LogisticChord {
  /// The largest step, in standard errors, at which the iteration stops.
  public static let targetError = 1e-10

  /// Rows per block of a pass: the block's columns (`p × 1,024` values) stay in L2 between the
  /// linear predictor and the score.
  static let blockRows = 1_024

  /// The converged coefficients, the fitted means `μᵢ` for every row (counted or not) and the
  /// number of passes over the data.
  public struct Fit: Sendable {
    public let coefficients: [Double]
    public let fittedMeans: [Double]
    public let iterations: Int
  }

  /// One model to fit: its response (values in [0, 1]), prior weights
  /// `mᵢ ≥ 0` (nil: 1), `p` finite starting coefficients and `H₀` (`p × p`,
  /// symmetric), all for the rows of a shared design.
  public struct Model: Sendable {
    public var response: [Double]
    public var weights: [Double]?
    public var start: [Double]
    public var information: Matrix

    public init(response: [Double], weights: [Double]?, start: [Double], information: Matrix) {
      self.response = response
      self.weights = weights
      self.start = start
      self.information = information
    }
  }

  /// Fits the model; see the type's documentation.
  ///
  /// - Parameters:
  ///   - design: `n × p`; every column estimable (the caller's rank decision).
  ///   - response: `n` values in [0, 1].
  ///   - weights: prior weights `mᵢ ≥ 0` (nil: 1).
  ///   - start: `p` finite starting coefficients.
  ///   - information: `H₀`, `p × p`, symmetric.
  public static func fit(
    design: Matrix, response: [Double], weights: [Double]?, start: [Double], information: Matrix,
    maxIterations: Int = 30
  ) -> Fit? {
    fit(
      design: design,
      models: [Model(response: response, weights: weights, start: start, information: information)],
      maxIterations: maxIterations)[0]
  }

  /// Fits several models on one design in lockstep: each pass reads a block
  /// of the design once (from memory) for every model still iterating (from
  /// cache), so `k` models cost about one pass of memory traffic per
  /// iteration instead of `k`. Each model's iterations, and so its result,
  /// are those of fitting it alone.
  public static func fit(design: Matrix, models: [Model], maxIterations: Int = 30) -> [Fit?] {
    let n = design.rows
    let p = design.columns
    for model in models {
      precondition(model.response.count == n, "LogisticChord.fit: \(model.response.count) responses for \(n) rows")
      if let weights = model.weights {
        precondition(weights.count == n, "LogisticChord.fit: \(weights.count) weights for \(n) rows")
      }
      precondition(model.start.count == p, "LogisticChord.fit: \(model.start.count) starting values for \(p) columns")
      precondition(
        model.information.rows == p && model.information.columns == p, "LogisticChord.fit: information is not p × p")
    }
    var results = [Fit?](repeating: nil, count: models.count)
    // Per model: H₀⁻¹ and the standard errors it implies, or nil (declined).
    var inverses: [Matrix?] = models.map { model in
      guard p > 0, model.start.allSatisfy({ $0.isFinite }), let inverse = equilibratedInverse(model.information),
        (0..<p).allSatisfy({ inverse[$0, $0] > 0 && inverse[$0, $0].isFinite })
      else { return nil }
      return inverse
    }
    var betas = models.map(\.start)
    var means = models.map { _ in [Double](repeating: 0, count: n) }
    var scores = models.map { _ in [Double](repeating: 0, count: p) }
    var previous = [Double](repeating: .infinity, count: models.count)
    var eta = [Double](repeating: 0, count: blockRows)
    var residual = [Double](repeating: 0, count: blockRows)
    for iteration in 1...max(1, maxIterations) {
      let active = models.indices.filter { inverses[$0] != nil && results[$0] == nil }
      if active.isEmpty { break }
      pass(design, models, active, betas, means: &means, scores: &scores, eta: &eta, residual: &residual)
      for m in active {
        guard let inverse = inverses[m] else { continue }
        let step = inverse.multiplied(by: scores[m])
        var moved = 0.0
        for j in 0..<p { moved = max(moved, abs(step[j]) / inverse[j, j].squareRoot()) }
        let rate = moved / previous[m]
        if !moved.isFinite || moved > previous[m] || (iteration > 3 && rate > 0.9) {
          // Not finite, or not contracting: H₀ is too far from the information near the optimum.
          inverses[m] = nil
        } else if moved <= targetError && rate <= 0.5 {
          results[m] = Fit(coefficients: betas[m], fittedMeans: means[m], iterations: iteration)
          means[m] = []
        } else {
          previous[m] = moved
          for j in 0..<p { betas[m][j] += step[j] }
        }
      }
    }
    return results
  }

  /// `H⁻¹` by Cholesky after symmetric equilibration (`D⁻¹ᐟ² H D⁻¹ᐟ²`, `D`
  /// the diagonal), or nil when `H` is not positive definite.
  static func equilibratedInverse(_ h: Matrix) -> Matrix? {
    let p = h.rows
    var scale = [Double](repeating: 0, count: p)
    for k in 0..<p {
      guard h[k, k] > 0, h[k, k].isFinite else { return nil }
      scale[k] = 1 / h[k, k].squareRoot()
    }
    var m = h
    for j in 0..<p {
      for i in 0..<p { m[i, j] *= scale[i] * scale[j] }
    }
    guard var inverse = m.inverse() else { return nil }
    for j in 0..<p {
      for i in 0..<p { inverse[i, j] *= scale[i] * scale[j] }
    }
    return inverse
  }

  /// One pass over the rows for the `active` models at their `betas`: each
  /// model's fitted means of every row into `means[m]`, its score
  /// `Xᵀ(m ∘ (y − μ))` into `scores[m]`; `eta` and `residual` are
  /// `blockRows`-long scratch buffers.
  static func pass(
    _ design: Matrix, _ models: [Model], _ active: [Int], _ betas: [[Double]], means: inout [[Double]],
    scores: inout [[Double]], eta: inout [Double], residual: inout [Double]
  ) {
    let n = design.rows
    let p = design.columns
    for m in active { for j in 0..<p { scores[m][j] = 0 } }
    design.withUnsafeBufferPointer { xb in
      eta.withUnsafeMutableBufferPointer { eb in
        residual.withUnsafeMutableBufferPointer { rb in
          guard let xp = xb.baseAddress, let ep = eb.baseAddress, let rp = rb.baseAddress else { return }
          var start = 0
          while start < n {
            let count = min(blockRows, n - start)
            for m in active {
              let beta = betas[m]
              ep.update(repeating: 0, count: count)
              for j in 0..<p where beta[j] != 0 {
                Kernels.axpy(beta[j], xp + j * n + start, ep, count: count)
              }
              models[m].response.withUnsafeBufferPointer { yb in
                Kernels.withOptionalPointer(models[m].weights) { wp in
                  means[m].withUnsafeMutableBufferPointer { mb in
                    guard let yp = yb.baseAddress, let mp = mb.baseAddress else { return }
                    for k in 0..<count {
                      let mean = GLMLink.logit.inverse(ep[k]).mean
                      mp[start + k] = mean
                      let prior = wp.map { $0[start + k] } ?? 1
                      rp[k] = prior * (yp[start + k] - mean)
                    }
                  }
                }
              }
              for j in 0..<p {
                scores[m][j] += Kernels.dot(xp + j * n + start, UnsafePointer(rp), count: count)
              }
            }
            start += count
          }
        }
      }
    }
  }
}
