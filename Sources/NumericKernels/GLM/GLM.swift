/// Generalized linear models by iteratively reweighted least squares.
///
/// Problem: `β̂ = argmax_β Σ mᵢ ℓ(yᵢ; μᵢ) − (λ/2) Σ_{j∈P} βⱼ²` with
/// `g(μᵢ) = xᵢᵀβ + offsetᵢ`, prior weights `mᵢ` (default 1), ridge penalty
/// `λ ≥ 0` on the set `P` of non-constant columns (the intercept, any
/// non-zero constant column, is never penalised; columns are penalised on
/// the scale they are given in, so standardise them first if that matters).
///
/// Method (Nelder & Wedderburn 1972; McCullagh & Nelder 1989, §2.5): Fisher
/// scoring written as IRLS. Each iteration makes **one pass** over the data:
/// for each block of rows, `η = Xβ + offset`, `μ`, the working weights
/// `wᵢ = mᵢ (dμ/dη)²/V(μ)`, the working response `zᵢ = η − offset + (y − μ)/(dμ/dη)`
/// and the deviance are computed while the block is in cache, and
/// `XᵀWX`, `XᵀWz` are accumulated by the Gram kernel. The next
/// `β = (XᵀWX + λD)⁻¹ XᵀWz` is solved by Cholesky after equilibration.
/// If the penalised deviance rises (beyond a relative 1e-12 of rounding)
/// the step is halved, up to 30 times.
///
/// Start: R's `mustart` (`GLMFamily.initialMean`), or `start` when given (a
/// warm start, as R's `glm(start =)`: refits of a perturbed data set begin
/// at the full data's solution and take the few Newton steps the
/// perturbation needs). Both starts stop at the same criterion below, so
/// they reach the same optimum to within `tolerance` standard errors (in
/// practice its square: the last Newton step is that small); a non-finite
/// entry of `start` (an aliased coefficient) starts at 0.
/// Rank: decided once, from the first `XᵀWX` (all working weights positive:
/// at the starting means, or at `start`),
/// by Cholesky in column order: a column whose pivot is at most `1e-11` of
/// its own diagonal — its weighted `R²` on the earlier columns exceeds
/// `1 − 1e-11` — is aliased (its coefficient is `NaN`), as R's `glm` does
/// with its QR tolerance.
/// Convergence: when every coefficient moved by at most `tolerance` standard
/// errors in the last step (a scale-free criterion; after it the quadratic
/// convergence of Newton's method leaves an error of order `tolerance²`),
/// followed by one more pass at the final `β̂` for the information, the
/// deviance and the fitted values.
/// Separation (binomial only): when the fit did not converge or some fitted
/// probability is within 1e-8 of 0 or 1, `SeparationDetector` (Konis 2007)
/// checks the data by linear programming.
///
/// Assumptions: finite inputs validated by the caller; binomial `y ∈ [0, 1]`,
/// Poisson `y ≥ 0`; `weights ≥ 0`.
public enum GLM {
  /// Fits the model; see the type's documentation for the method.
  ///
  /// - Parameters:
  ///   - design: `n × p`, including any intercept column.
  ///   - response: `n` responses (binomial: proportions in [0, 1]).
  ///   - weights: prior weights `mᵢ ≥ 0` (binomial: trials; otherwise
  ///     frequency/precision weights, as R's `glm`).
  ///   - offset: added to the linear predictor.
  ///   - ridge: `λ ≥ 0`, the L2 penalty on the non-constant columns.
  ///   - maxIterations: the maximum number of weighted least-squares solves.
  ///   - tolerance: the convergence criterion, in standard errors (1e-10:
  ///     the next Newton step would change nothing at double precision).
  ///   - start: `p` starting coefficients (a warm start), or nil for R's
  ///     starting means.
  public static func fit(
    design: Matrix, response: [Double], family: GLMFamily, link: GLMLink, weights: [Double]? = nil,
    offset: [Double]? = nil, ridge: Double = 0, columnNames: [String]? = nil, maxIterations: Int = 100,
    tolerance: Double = 1e-10, start: [Double]? = nil
  ) -> GLMFit {
    let n = design.rows
    let p = design.columns
    precondition(response.count == n, "GLM.fit: \(response.count) responses for \(n) rows")
    if let weights { precondition(weights.count == n, "GLM.fit: \(weights.count) weights for \(n) rows") }
    if let offset { precondition(offset.count == n, "GLM.fit: \(offset.count) offsets for \(n) rows") }
    if let columnNames { precondition(columnNames.count == p, "GLM.fit: \(columnNames.count) names for \(p) columns") }
    precondition(ridge >= 0, "GLM.fit: negative ridge \(ridge)")
    if let start { precondition(start.count == p, "GLM.fit: \(start.count) starting values for \(p) columns") }
    let startBeta = start.map { values in values.map { $0.isFinite ? $0 : 0 } }
    let names = columnNames ?? (0..<p).map { "x\($0)" }
    let penalised = (0..<p).map { !LeastSquares.isConstantNonZero(design, $0) }

    var eta = [Double](repeating: 0, count: n)
    var mu = [Double](repeating: 0, count: n)
    var complement = [Double](repeating: 0, count: n)
    var scores = [Double](repeating: 0, count: n)

    /// One pass: from `beta` over `columns` (or from the starting means when
    /// `beta` is nil) to `XᵀWX`, `XᵀWz` and the deviance.
    func pass(_ beta: [Double]?, _ columns: [Int]) -> (GramResult, Double) {
      var deviance = 0.0
      let gram = eta.withUnsafeMutableBufferPointer { etaBuffer in
        mu.withUnsafeMutableBufferPointer { muBuffer in
          complement.withUnsafeMutableBufferPointer { complementBuffer in
            scores.withUnsafeMutableBufferPointer { scoreBuffer in
              Kernels.gramPass(design, columns: columns, hasResponse: true) { start, count, packed, stride, w, z in
                // η for the whole block, column by column (contiguous axpys), into the η buffer.
                if let beta, let etaBase = etaBuffer.baseAddress {
                  let block = etaBase + start
                  for k in 0..<count { block[k] = offset?[start + k] ?? 0 }
                  for (col, b) in beta.enumerated() where b != 0 {
                    Kernels.axpy(b, packed + col * stride, block, count: count)
                  }
                }
                for k in 0..<count {
                  let i = start + k
                  let prior = weights?[i] ?? 1
                  let off = offset?[i] ?? 0
                  let y = response[i]
                  var e: Double
                  let m: Double
                  let c: Double
                  let d: Double
                  if beta != nil {
                    e = etaBuffer[i]
                    (m, c, d) = link.inverse(e)
                  } else {
                    let start = family.initialMean(y, weight: prior)
                    e = link.link(start)
                    (m, c, d) = link.inverse(e)
                  }
                  etaBuffer[i] = e
                  muBuffer[i] = m
                  complementBuffer[i] = c
                  let v = family.variance(mean: m, complement: c)
                  let weight = prior * d * d / v
                  if weight > 0 && weight.isFinite && d != 0 {
                    w[k] = weight
                    z[k] = e - off + (y - m) / d
                    scoreBuffer[i] = prior * (y - m) * d / v
                  } else {
                    w[k] = 0
                    z[k] = 0
                    scoreBuffer[i] = 0
                  }
                  if prior > 0 { deviance += prior * family.unitDeviance(y, mean: m, complement: c) }
                }
              }
            }
          }
        }
      }
      return (gram, deviance)
    }

    // Pass 0 from the starting means (or the warm start) decides the rank.
    let all = Array(0..<p)
    let (gram0, deviance0) = pass(startBeta, all)
    let estimable = aliasingByCholesky(gram0.xtx)
    let aliased = all.filter { !estimable.contains($0) }
    let r = estimable.count
    let penalty = estimable.map { penalised[$0] ? ridge : 0 }
    func objective(_ deviance: Double, _ beta: [Double]) -> Double {
      var s = deviance
      for (k, b) in beta.enumerated() { s += penalty[k] * b * b }
      return s
    }

    var beta: [Double]
    var system = restrict(gram0, to: estimable, from: all)
    var iterations: Int
    var gram: GramResult
    var deviance: Double
    if let startBeta {
      // Warm: pass 0 was at the start, so its system is the first step's.
      guard r > 0 else { return degenerate(design, response, family, link, names, aliased: all) }
      beta = estimable.map { startBeta[$0] }
      iterations = 0
      (gram, deviance) = (system, deviance0)
    } else {
      guard r > 0, let first = solvePenalised(system.xtx, system.xty, penalty) else {
        return degenerate(design, response, family, link, names, aliased: all)
      }
      beta = first.solution
      iterations = 1
      (gram, deviance) = pass(beta, estimable)
    }
    var converged = false
    var current = objective(deviance, beta)
    while iterations < maxIterations {
      guard let step = solvePenalised(gram.xtx, gram.xty, penalty) else { break }
      iterations += 1
      var next = step.solution
      // Scale-free convergence: the step in units of standard errors.
      var moved = 0.0
      for k in 0..<r {
        let se = step.inverseDiagonal[k].squareRoot()
        moved = max(moved, abs(next[k] - beta[k]) / (se > 0 ? se : 1))
      }
      var (nextGram, nextDeviance) = pass(next, estimable)
      var nextObjective = objective(nextDeviance, next)
      var halvings = 0
      while !(nextObjective <= current + 1e-12 * (abs(current) + 1)) && halvings < 30 {
        for k in 0..<r { next[k] = 0.5 * (next[k] + beta[k]) }
        (nextGram, nextDeviance) = pass(next, estimable)
        nextObjective = objective(nextDeviance, next)
        halvings += 1
      }
      if !(nextObjective <= current + 1e-12 * (abs(current) + 1)) {
        // No descent even for a tiny step: stay at β (its pass is re-run below).
        (gram, deviance) = pass(beta, estimable)
        break
      }
      beta = next
      gram = nextGram
      deviance = nextDeviance
      current = nextObjective
      if moved <= tolerance && halvings == 0 {
        converged = true
        break
      }
    }
    system = gram

    // Information, covariance and the rest at the final β.
    var penalisedInformation = system.xtx
    for k in 0..<r { penalisedInformation[k, k] += penalty[k] }
    let bread = penalisedInformation.inverse() ?? Matrix(rows: r, columns: r, repeating: .nan)
    var dispersion = 1.0
    var logLikelihood = 0.0
    // Units with a positive prior weight (all of them without weights).
    let usableCount = weights.map { w in w.reduce(0) { $0 + ($1 > 0 ? 1 : 0) } } ?? n
    func usable(_ i: Int) -> Bool { weights.map { $0[i] > 0 } ?? true }
    if family == .gaussian {
      var rss = 0.0
      var logWeights = 0.0
      for i in 0..<n where usable(i) {
        let m = weights?[i] ?? 1
        rss += m * (response[i] - mu[i]) * (response[i] - mu[i])
        logWeights += LibM.log(m)
      }
      let count = Double(usableCount)
      dispersion = rss / Double(usableCount - r)
      let sigma2 = rss / count
      logLikelihood = -0.5 * count * LibM.log(2 * Double.pi * sigma2) + 0.5 * logWeights - 0.5 * count
    } else {
      response.withUnsafeBufferPointer { y in
        mu.withUnsafeBufferPointer { m in
          complement.withUnsafeBufferPointer { c in
            for i in 0..<n where usable(i) {
              logLikelihood += (weights?[i] ?? 1) * family.logLikelihood(y[i], mean: m[i], complement: c[i])
            }
          }
        }
      }
    }
    var coefficients = [Double](repeating: .nan, count: p)
    var covariance = Matrix(rows: p, columns: p, repeating: .nan)
    var information = Matrix(rows: p, columns: p, repeating: .nan)
    for (a, ja) in estimable.enumerated() {
      coefficients[ja] = beta[a]
      for (b, jb) in estimable.enumerated() {
        covariance[ja, jb] = dispersion * bread[a, b]
        information[ja, jb] = system.xtx[a, b]
      }
    }
    let standardErrors = (0..<p).map { covariance[$0, $0].squareRoot() }

    var separation: Separation? = nil
    if family == .binomial {
      let extreme = (0..<n).contains { usable($0) && min(mu[$0], complement[$0]) < 1e-8 }
      if !converged || extreme {
        separation = SeparationDetector.detect(design: design, columns: estimable, response: response, weights: weights)
      }
    }
    return GLMFit(
      coefficients: coefficients, covariance: covariance, standardErrors: standardErrors,
      fisherInformation: information, converged: converged && separation == nil, iterations: iterations,
      deviance: deviance, logLikelihood: logLikelihood, fittedMeans: mu, linearPredictor: eta, rank: r,
      aliasedColumns: aliased, separation: separation, dispersion: dispersion, family: family, link: link,
      ridge: ridge, columnNames: names, design: design, estimable: estimable, bread: bread, scoreFactors: scores)
  }

  /// Columns kept by a Cholesky factorisation of `A` in column order that
  /// skips any column whose pivot is at most `1e-11` of its diagonal.
  public static func aliasingByCholesky(_ a: Matrix) -> [Int] {
    let p = a.rows
    var kept: [Int] = []
    var l = Matrix(rows: p, columns: p)  // columns of L for the kept columns, indexed by position
    for j in 0..<p {
      let diagonal = a[j, j]
      guard diagonal > 0 && diagonal.isFinite else { continue }
      // Residual of column j against the kept columns: d = A_jj − Σ L[j, k]².
      var row = [Double](repeating: 0, count: kept.count)
      for (k, jk) in kept.enumerated() {
        var s = a[j, jk]
        for m in 0..<k { s -= row[m] * l[jk, m] }
        row[k] = s / l[jk, k]
      }
      var d = diagonal
      for v in row { d -= v * v }
      if d <= 1e-11 * diagonal { continue }
      let position = kept.count
      kept.append(j)
      for (k, _) in row.enumerated() { l[j, k] = row[k] }
      l[j, position] = d.squareRoot()
    }
    return kept
  }

  /// `(A + diag(penalty))⁻¹ b` by Cholesky after symmetric equilibration, with
  /// the diagonal of the inverse (for the convergence criterion).
  public static func solvePenalised(_ a: Matrix, _ b: [Double], _ penalty: [Double]) -> (
    solution: [Double], inverseDiagonal: [Double]
  )? {
    let r = a.rows
    var m = a
    for k in 0..<r { m[k, k] += penalty[k] }
    let scale = (0..<r).map { k in m[k, k] > 0 ? 1 / m[k, k].squareRoot() : 1 }
    for j in 0..<r {
      for i in 0..<r { m[i, j] *= scale[i] * scale[j] }
    }
    guard let inverse = m.inverse() else { return nil }
    let scaledB = (0..<r).map { b[$0] * scale[$0] }
    let z = inverse.multiplied(by: scaledB)
    let solution = (0..<r).map { z[$0] * scale[$0] }
    guard solution.allSatisfy({ $0.isFinite }) else { return nil }
    let diagonal = (0..<r).map { inverse[$0, $0] * scale[$0] * scale[$0] }
    return (solution, diagonal)
  }

  static func restrict(_ gram: GramResult, to columns: [Int], from all: [Int]) -> GramResult {
    if columns.count == all.count { return gram }
    var xtx = Matrix(rows: columns.count, columns: columns.count)
    for (a, ja) in columns.enumerated() {
      for (b, jb) in columns.enumerated() { xtx[a, b] = gram.xtx[ja, jb] }
    }
    return GramResult(xtx: xtx, xty: columns.map { gram.xty[$0] }, yty: gram.yty)
  }

  static func degenerate(
    _ design: Matrix, _ response: [Double], _ family: GLMFamily, _ link: GLMLink, _ names: [String], aliased: [Int]
  ) -> GLMFit {
    let n = design.rows
    let p = design.columns
    return GLMFit(
      coefficients: [Double](repeating: .nan, count: p), covariance: Matrix(rows: p, columns: p, repeating: .nan),
      standardErrors: [Double](repeating: .nan, count: p),
      fisherInformation: Matrix(rows: p, columns: p, repeating: .nan),
      converged: false, iterations: 0, deviance: .nan, logLikelihood: .nan,
      fittedMeans: [Double](repeating: .nan, count: n), linearPredictor: [Double](repeating: .nan, count: n), rank: 0,
      aliasedColumns: aliased, separation: nil, dispersion: .nan, family: family, link: link, ridge: 0,
      columnNames: names, design: design, estimable: [], bread: Matrix(rows: 0, columns: 0), scoreFactors: [])
  }
}
