import NumericKernels
import StudyModel

/// `propensity_score_weighting`: inverse-probability weighting with a
/// logistic propensity model.
///
/// Weights by estimand (D = 1 treated, e = e(W)):
/// | effect | treated | control |
/// |---|---|---|
/// | ate | 1/e | 1/(1−e) |
/// | att | 1 | e/(1−e) |
/// | atc | (1−e)/e | 1 |
/// `overlap` weights are 1−e and e (Li, Morgan & Zaslavsky 2018): they
/// deliver the average effect in the overlap population (ATO), which the
/// record says; they are only valid with `effect: ate`.
///
/// Estimators: `hajek` (default) normalises the weights within each arm,
/// `μ_a = Σ w Y / Σ w`; `horvitz_thompson` divides by the size of the target
/// population (n, n₁ or n₀); `stabilized` multiplies the weights by the arm's
/// marginal share — its point estimate and standard error equal Hajek's
/// (the constant cancels in the normalisation), only its weights and their
/// effective sample size differ. The effect is `(μ₁ − μ₀)` scaled by nothing:
/// for a binary treatment the contrast is the arm difference.
///
/// Uncertainty (`se: sandwich`): M-estimation that stacks the logistic score
/// `x (D − e)` with the weighted-mean equations and uses
/// `V = A⁻¹ B A⁻ᵀ / n` (Lunceford & Davidian 2004; Stefanski & Boos 2002),
/// so the estimated propensity is accounted for. Clipped units' scores are
/// constants in A. `se: bootstrap` refits everything per replicate.
///
/// `clip: [lo, hi]` replaces scores outside by the bound; `trim: [lo, hi]`
/// drops those units and refits the propensity model on the rest (the
/// estimand becomes that of the trimmed population). Both are off by default
/// (DoWhy clips to [0.05, 0.95] silently) and the record counts the units.
struct PropensityScoreWeightingEstimator: Estimator {
  static let method = EstimatorMethod.propensityScoreWeighting

  func estimate(_ problem: EstimationProblem, options: PropensityScoreWeightingOptions) throws(EstimationFailure)
    -> EstimationResult
  {
    let column = problem.data.column(problem.treatment)
    if column.kind == .categorical, column.levels.count > 2 {
      return try categoricalEstimate(problem, options: options, levels: column.levels.count)
    }
    var problem = problem
    var warnings: [String] = []
    var diagnostics: [DiagnosticValue] = []
    var d = try TreatmentIndicator.values(problem)
    var model = try PropensityModel.fit(problem, indicator: d)
    if let trim = options.trim, trim.count == 2 {
      let keep = model.scores.indices.filter { model.scores[$0] >= trim[0] && model.scores[$0] <= trim[1] }
      let dropped = d.count - keep.count
      diagnostics.append(DiagnosticValue("units trimmed", value: Double(dropped), flagged: dropped > 0))
      if dropped > 0 {
        warnings.append(
          "trimming dropped \(dropped) units with propensity outside [\(JSONValue.format(trim[0])), \(JSONValue.format(trim[1]))]; the estimate is for the remaining population"
        )
        problem.data = problem.data.rows(keep)
        d = try TreatmentIndicator.values(problem)
        model = try PropensityModel.fit(problem, indicator: d)
      }
    }
    warnings += model.warnings
    var e = model.scores
    var clipped = [Bool](repeating: false, count: e.count)
    if let clip = options.clip, clip.count == 2 {
      for i in e.indices where e[i] < clip[0] || e[i] > clip[1] {
        e[i] = min(max(e[i], clip[0]), clip[1])
        clipped[i] = true
      }
      let count = clipped.filter { $0 }.count
      diagnostics.append(DiagnosticValue("units clipped", value: Double(count), flagged: count > 0))
    }
    let scheme = options.weighting
    if scheme == .overlap, problem.effect != .averageTreatmentEffect {
      throw .invalidData("overlap weights estimate the ATO and cannot deliver the \(problem.effect.rawValue)")
    }
    let y = problem.data.values(problem.outcome)
    let sample = problem.weights
    let (mu1, mu0, weights, populationSize) = Self.armMeans(
      scheme: scheme, effect: problem.effect, indicator: d, scores: e, outcome: y, sample: sample)
    let normalised = scheme != .horvitzThompson
    let n1 = d.reduce(0, +)
    var result = EstimationResult(value: mu1 - mu0, n: d.count)
    result.nTreated = Int(n1)
    result.nControl = d.count - Int(n1)
    if scheme == .overlap {
      result.deliveredEstimand = "ATO: the average effect in the overlap population (Li, Morgan & Zaslavsky 2018)"
      warnings.append("overlap weights estimate the average effect in the overlap population (ATO), not the ATE")
    }
    result.warnings = warnings
    if problem.pointOnly { return result }

    let combined = d.indices.map { d[$0] == 1 ? weights.treated[$0] : weights.control[$0] }
    diagnostics.append(
      DiagnosticValue("effective sample size (treated)", value: Self.effectiveSampleSize(weights.treated)))
    diagnostics.append(
      DiagnosticValue("effective sample size (control)", value: Self.effectiveSampleSize(weights.control)))
    diagnostics.append(DiagnosticValue("largest weight", value: combined.max()))
    result.diagnostics = model.diagnostics() + diagnostics
    result.models = [model.record(problem)]
    result.balance = Balance.rows(design: model.design, indicator: d, weights: combined)
    result.propensityHistogram = model.histogram()
    if options.standardErrors == .sandwich {
      let clusters = problem.clusterCodes
      let se = Self.sandwichStandardError(
        design: model.design.matrix, indicator: d, outcome: y, scores: e, clipped: clipped, scheme: scheme,
        effect: problem.effect, normalised: normalised, mu1: mu1, mu0: mu0, populationSize: populationSize,
        ridge: model.fit.ridge, interceptColumn: model.design.interceptColumn, sample: sample, clusters: clusters)
      result.apply(
        .wald(estimate: result.value, standardError: se, level: problem.confidenceLevel),
        method: "M-estimation sandwich accounting for the estimated propensity (Lunceford & Davidian 2004)"
          + (clusters.map { ", cluster-robust over \(Set($0).count) clusters" } ?? ""))
    }
    return result
  }

  /// The weighted arm means `μ₁`, `μ₀` (Hajek or Horvitz-Thompson, see the
  /// type's documentation), the weights, and the size of the target
  /// population (its rows, or its sampling weights' sum). Shared by the
  /// estimate and its refits (``PropensityRefitter``), so that both compute
  /// the same sums in the same order.
  static func armMeans(
    scheme: PropensityScoreWeightingOptions.Weighting, effect: EffectKind, indicator d: [Double], scores e: [Double],
    outcome y: [Double], sample: [Double]?
  ) -> (mu1: Double, mu0: Double, weights: Weights, populationSize: Double) {
    let weights = Self.weights(scheme: scheme, effect: effect, indicator: d, scores: e, sample: sample)
    let normalised = scheme != .horvitzThompson
    let populationSize = Self.target(effect: effect, indicator: d, sample: sample).reduce(0, +)
    var s1 = 0.0
    var s0 = 0.0
    var sw1 = 0.0
    var sw0 = 0.0
    for i in d.indices {
      s1 += weights.treated[i] * y[i]
      s0 += weights.control[i] * y[i]
      sw1 += weights.treated[i]
      sw0 += weights.control[i]
    }
    let mu1 = normalised ? s1 / sw1 : s1 / populationSize
    let mu0 = normalised ? s0 / sw0 : s0 / populationSize
    return (mu1, mu0, weights, populationSize)
  }

  struct Weights {
    var treated: [Double]
    var control: [Double]
    /// d w / d η for each arm's weight (η the logit of e).
    var treatedDerivative: [Double]
    var controlDerivative: [Double]
  }

  /// `c_i`: the target-population indicator (1 for the ATE, D for the ATT,
  /// 1 − D for the ATC), times the sampling weight when there is one.
  static func target(effect: EffectKind, indicator d: [Double], sample: [Double]?) -> [Double] {
    d.indices.map { i in
      let member: Double =
        switch effect {
        case .averageTreatmentEffect: 1
        case .averageTreatmentEffectOnTreated: d[i]
        case .averageTreatmentEffectOnControls: 1 - d[i]
        }
      return member * (sample?[i] ?? 1)
    }
  }

  /// Each arm's weight for every unit and its derivative in the logit of
  /// e, times the sampling weight `s_i` when given (the stabilising share is
  /// then the weighted share of treated units).
  static func weights(
    scheme: PropensityScoreWeightingOptions.Weighting, effect: EffectKind, indicator d: [Double], scores e: [Double],
    sample: [Double]? = nil
  ) -> Weights {
    let n = d.count
    var w = Weights(
      treated: .init(repeating: 0, count: n), control: .init(repeating: 0, count: n),
      treatedDerivative: .init(repeating: 0, count: n), controlDerivative: .init(repeating: 0, count: n))
    for i in 0..<n {
      let p = e[i]
      let t = d[i]
      let c = 1 - d[i]
      if scheme == .overlap {
        w.treated[i] = t * (1 - p)
        w.treatedDerivative[i] = -t * p * (1 - p)
        w.control[i] = c * p
        w.controlDerivative[i] = c * p * (1 - p)
        continue
      }
      switch effect {
      case .averageTreatmentEffect:
        w.treated[i] = t / p
        w.treatedDerivative[i] = -t * (1 - p) / p
        w.control[i] = c / (1 - p)
        w.controlDerivative[i] = c * p / (1 - p)
      case .averageTreatmentEffectOnTreated:
        w.treated[i] = t
        w.control[i] = c * p / (1 - p)
        w.controlDerivative[i] = c * p / (1 - p)
      case .averageTreatmentEffectOnControls:
        w.treated[i] = t * (1 - p) / p
        w.treatedDerivative[i] = -t * (1 - p) / p
        w.control[i] = c
      }
    }
    if scheme == .stabilized {
      let total = sample?.reduce(0, +) ?? Double(n)
      let share = d.indices.reduce(0.0) { $0 + d[$1] * (sample?[$1] ?? 1) } / total
      for i in 0..<n {
        w.treated[i] *= share
        w.treatedDerivative[i] *= share
        w.control[i] *= 1 - share
        w.controlDerivative[i] *= 1 - share
      }
    }
    if let sample {
      for i in 0..<n {
        w.treated[i] *= sample[i]
        w.treatedDerivative[i] *= sample[i]
        w.control[i] *= sample[i]
        w.controlDerivative[i] *= sample[i]
      }
    }
    return w
  }

  /// The M-estimation standard error of `μ₁ − μ₀`.
  ///
  /// Parameters θ = (β, μ₁, μ₀). Per unit: `ψ_β = x (D − e)` (minus
  /// `λ P β / n` under a ridge penalty on the non-intercept coefficients),
  /// `ψ_a = w_a (Y − μ_a)` (normalised) or `w_a Y − c μ_a` with `c` the
  /// target-population indicator (Horvitz-Thompson).
  /// `A = −(1/n) Σ ∂ψ/∂θᵀ`, `B = (1/n) Σ ψψᵀ`, `Var(θ̂) = A⁻¹ B A⁻ᵀ / n`.
  ///
  /// Sampling weights `s_i` multiply every unit's ψ (the propensity score is
  /// the weighted MLE, the weights of the means carry `s_i`); clusters
  /// replace B by `G/(G − 1) (1/n) Σ_g (Σ_{i∈g} ψ_i)(Σ_{i∈g} ψ_i)ᵀ` (as
  /// `sandwich::vcovCL` and WeightIt).
  static func sandwichStandardError(
    design x: Matrix, indicator d: [Double], outcome y: [Double], scores e: [Double], clipped: [Bool],
    scheme: PropensityScoreWeightingOptions.Weighting, effect: EffectKind, normalised: Bool, mu1: Double, mu0: Double,
    populationSize: Double,
    ridge: Double, interceptColumn: Int?, sample: [Double]? = nil, clusters: [Int]? = nil
  ) -> Double {
    let n = d.count
    let p = x.columns
    let k = p + 2
    let w = weights(scheme: scheme, effect: effect, indicator: d, scores: e, sample: sample)
    let c = target(effect: effect, indicator: d, sample: sample)
    // −∂ψ/∂θ: the logit block Σ s_i v_i x_i x_iᵀ (v = e(1 − e), 0 where clipped), and the rows of the two
    // means, −Σ ∂w/∂θ · (y − μ) x (normalised) or −Σ ∂w/∂θ · y x, with Σ w (or Σ c) on the diagonal.
    let information = (0..<n).map { clipped[$0] ? 0 : (sample?[$0] ?? 1) * e[$0] * (1 - e[$0]) }
    let logitBlock = Kernels.gram(x, weights: information, response: nil).xtx
    var scaled1 = [Double](repeating: 0, count: n)
    var scaled0 = [Double](repeating: 0, count: n)
    for i in 0..<n where !clipped[i] {
      scaled1[i] = w.treatedDerivative[i] * (normalised ? y[i] - mu1 : y[i])
      scaled0[i] = w.controlDerivative[i] * (normalised ? y[i] - mu0 : y[i])
    }
    let slope1 = x.transposedMultiplied(by: scaled1)
    let slope0 = x.transposedMultiplied(by: scaled0)
    var a = Matrix(rows: k, columns: k)
    for j in 0..<p { for l in 0..<p { a[j, l] = logitBlock[j, l] } }
    for l in 0..<p {
      a[p, l] = -slope1[l]
      a[p + 1, l] = -slope0[l]
    }
    a[p, p] = normalised ? w.treated.reduce(0, +) : c.reduce(0, +)
    a[p + 1, p + 1] = normalised ? w.control.reduce(0, +) : c.reduce(0, +)
    // Σ ψ_i ψ_iᵀ, with ψ_i = [x_i (D_i − e_i), ψ_μ1, ψ_μ0], one block of rows at a time (the Gram kernel
    // on a reused block, so that Ψ is never held whole).
    var b = Matrix(rows: k, columns: k)
    let groupCount = clusters.map { ($0.max() ?? -1) + 1 } ?? 0
    var clusterSums = Matrix(rows: max(groupCount, 1), columns: k)
    let blockRows = 16_384
    var block = Matrix(rows: min(blockRows, n), columns: k)
    var start = 0
    while start < n {
      let count = min(blockRows, n - start)
      if count != block.rows { block = Matrix(rows: count, columns: k) }
      x.withUnsafeBufferPointer { xb in
        block.withUnsafeMutableBufferPointer { pb in
          for j in 0..<p {
            for r in 0..<count {
              let i = start + r
              pb[j * count + r] = xb[j * n + i] * (d[i] - e[i]) * (sample?[i] ?? 1)
            }
          }
          for r in 0..<count {
            let i = start + r
            let treatedTerm: Double = normalised ? w.treated[i] * (y[i] - mu1) : w.treated[i] * y[i] - c[i] * mu1
            let controlTerm: Double = normalised ? w.control[i] * (y[i] - mu0) : w.control[i] * y[i] - c[i] * mu0
            pb[p * count + r] = treatedTerm
            pb[(p + 1) * count + r] = controlTerm
          }
        }
      }
      if let clusters {
        // Cluster sums of ψ, accumulated block by block.
        clusterSums.withUnsafeMutableBufferPointer { cb in
          block.withUnsafeBufferPointer { pb in
            for j in 0..<k {
              for r in 0..<count { cb[j * groupCount + clusters[start + r]] += pb[j * count + r] }
            }
          }
        }
      } else {
        let part = Kernels.gram(block, weights: nil, response: nil).xtx
        for r1 in 0..<k { for r2 in 0..<k { b[r1, r2] += part[r1, r2] } }
      }
      start += count
    }
    if clusters != nil, groupCount > 1 {
      let meat = Kernels.gram(clusterSums, weights: nil, response: nil).xtx
      let factor = Double(groupCount) / Double(groupCount - 1)
      for r1 in 0..<k { for r2 in 0..<k { b[r1, r2] = factor * meat[r1, r2] } }
    }
    if ridge > 0 {
      for j in 0..<p where j != interceptColumn { a[j, j] += ridge }
    }
    let scale = 1 / Double(n)
    for r1 in 0..<k {
      for r2 in 0..<k {
        a[r1, r2] *= scale
        b[r1, r2] *= scale
      }
    }
    guard let aInverse = a.luInverse() else { return .nan }
    let v = aInverse.multiplied(by: b).multiplied(by: aInverse.transposed)
    let variance = (v[p, p] + v[p + 1, p + 1] - 2 * v[p, p + 1]) / Double(n)
    return variance >= 0 ? variance.squareRoot() : .nan
  }

  /// Kish's effective sample size `(Σw)² / Σw²` over units with positive weight.
  static func effectiveSampleSize(_ w: [Double]) -> Double {
    var s = 0.0
    var s2 = 0.0
    for x in w where x > 0 {
      s += x
      s2 += x * x
    }
    return s2 > 0 ? s * s / s2 : 0
  }
}
