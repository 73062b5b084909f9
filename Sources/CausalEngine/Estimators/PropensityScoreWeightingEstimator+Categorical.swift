import NumericKernels
import StudyModel

extension PropensityScoreWeightingEstimator {
  /// Weighting for two levels `a` (treatment_value) and `b` (control_value)
  /// of a categorical treatment with more levels, by the generalised
  /// propensity score (Imbens 2000): `p_c(x)` from a multinomial logit of
  /// every level on the propensity design (the first level the reference).
  ///
  /// Hajek estimators, each arm's weights normalised (Li & Li 2019):
  /// - ATE: `μ_a = Σ_{T=a} Y/p_a / Σ_{T=a} 1/p_a`, `μ_b` likewise;
  /// - ATT (the units at `a`): weight 1 at `a`, `p_a/p_b` at `b`;
  /// - ATC (the units at `b`): `p_b/p_a` at `a`, 1 at `b`;
  /// and `τ = μ_a − μ_b`. Units at other levels enter the propensity model only.
  ///
  /// Uncertainty: M-estimation stacking the multinomial score with the two
  /// weighted-mean equations, `V = A⁻¹BA⁻ᵀ/n` with the analytic Jacobian
  /// (`∂ log p_c/∂β_k = (δ_ck − p_k) x`), so the estimated propensity is
  /// accounted for (as PSweight does for several treatments).
  ///
  /// `hajek` and `stabilized` (the same estimate) are defined here;
  /// Horvitz–Thompson and overlap weights for several levels, and `clip` and
  /// `trim`, are refused rather than improvised.
  func categoricalEstimate(_ problem: EstimationProblem, options: PropensityScoreWeightingOptions, levels: Int)
    throws(EstimationFailure) -> EstimationResult
  {
    guard options.weighting == .hajek || options.weighting == .stabilized else {
      throw .invalidData(
        "weighting '\(options.weighting.rawValue)' is not defined here for a treatment with \(levels) levels; use hajek"
      )
    }
    guard options.clip == nil, options.trim == nil else {
      throw .invalidData("'clip' and 'trim' are not defined here for a treatment with \(levels) levels")
    }
    let design = ModelDesign.build(
      data: problem.data, treatment: nil, covariates: problem.adjustment, terms: problem.propensityTerms)
    if let undefined = design.undefinedValue { throw .invalidData(undefined) }
    let t = problem.data.values(problem.treatment)
    let classes = t.map { Int($0) }
    let fit = MultinomialLogit.fit(design: design.matrix, response: classes, classes: levels)
    var warnings: [String] = []
    if !fit.converged {
      try PolicyEnforcement.enforce(
        problem.policies.nonConvergence, problem: "non_convergence",
        "the multinomial propensity model did not converge in \(fit.iterations) iterations", warnings: &warnings)
    }
    let a = Int(problem.treatmentValue)
    let b = Int(problem.controlValue)
    guard problem.weightColumn == nil, problem.clusterColumn == nil else {
      throw .invalidData(
        "sampling weights and clusters are not supported for a treatment with \(levels) levels; compare two levels of a two-level treatment, or drop the weights and clusters"
      )
    }
    let y = problem.data.values(problem.outcome)
    let n = t.count
    var wa = [Double](repeating: 0, count: n)
    var wb = wa
    for i in 0..<n {
      let pa = fit.probabilities[i][a]
      let pb = fit.probabilities[i][b]
      switch problem.effect {
      case .averageTreatmentEffect:
        if classes[i] == a { wa[i] = 1 / pa }
        if classes[i] == b { wb[i] = 1 / pb }
      case .averageTreatmentEffectOnTreated:
        if classes[i] == a { wa[i] = 1 }
        if classes[i] == b { wb[i] = pa / pb }
      case .averageTreatmentEffectOnControls:
        if classes[i] == a { wa[i] = pb / pa }
        if classes[i] == b { wb[i] = 1 }
      }
    }
    let sa = wa.reduce(0, +)
    let sb = wb.reduce(0, +)
    let muA = zip(wa, y).reduce(0.0) { $0 + $1.0 * $1.1 } / sa
    let muB = zip(wb, y).reduce(0.0) { $0 + $1.0 * $1.1 } / sb
    var result = EstimationResult(value: muA - muB, n: n)
    result.nTreated = classes.filter { $0 == a }.count
    result.nControl = classes.filter { $0 == b }.count
    result.warnings = warnings
    if problem.pointOnly { return result }
    result.diagnostics = [
      DiagnosticValue("treatment levels", value: Double(levels)),
      DiagnosticValue("effective sample size (treated)", value: Self.effectiveSampleSize(wa)),
      DiagnosticValue("effective sample size (control)", value: Self.effectiveSampleSize(wb)),
      DiagnosticValue("multinomial iterations", value: Double(fit.iterations)),
    ]
    result.models = Self.multinomialRecords(
      fit, design: design, treatment: problem.treatment, levels: problem.data.column(problem.treatment).levels)
    if options.standardErrors == .sandwich {
      let se = Self.categoricalSandwich(
        design: design.matrix, fit: fit, classes: classes, a: a, b: b, effect: problem.effect, outcome: y,
        weights: (wa, wb), means: (muA, muB))
      result.apply(
        .wald(estimate: result.value, standardError: se, level: problem.confidenceLevel),
        method: "M-estimation sandwich stacking the multinomial propensity score with the two weighted means")
    }
    return result
  }

  /// The M-estimation standard error of `μ_a − μ_b` (see ``categoricalEstimate``).
  static func categoricalSandwich(
    design x: Matrix, fit: MultinomialLogit, classes: [Int], a: Int, b: Int, effect: EffectKind, outcome y: [Double],
    weights: (a: [Double], b: [Double]), means: (a: Double, b: Double)
  ) -> Double {
    let n = x.rows
    let p = x.columns
    let m = fit.classes - 1
    let q = m * p
    let k = q + 2
    var aMatrix = Matrix(rows: k, columns: k)
    for r in 0..<q { for c in 0..<q { aMatrix[r, c] = fit.information[r, c] } }
    var bMatrix = Matrix(rows: k, columns: k)
    var psi = [Double](repeating: 0, count: k)
    for i in 0..<n {
      let prob = fit.probabilities[i]
      // d w / d β_l (per class l ≥ 1) for each arm's weight, as a multiple of x_i.
      func derivative(_ arm: Int, _ w: Double, _ l: Int) -> Double {
        let delta = { (c: Int) -> Double in c == l ? 1 : 0 }
        switch effect {
        case .averageTreatmentEffect: return -w * (delta(arm) - prob[l])
        case .averageTreatmentEffectOnTreated: return arm == b ? w * (delta(a) - delta(b)) : 0
        case .averageTreatmentEffectOnControls: return arm == a ? w * (delta(b) - delta(a)) : 0
        }
      }
      let wa = weights.a[i]
      let wb = weights.b[i]
      for l in 1...m {
        let da = derivative(a, wa, l)
        let db = derivative(b, wb, l)
        for j in 0..<p {
          aMatrix[q, (l - 1) * p + j] -= da * (y[i] - means.a) * x[i, j]
          aMatrix[q + 1, (l - 1) * p + j] -= db * (y[i] - means.b) * x[i, j]
          psi[(l - 1) * p + j] = ((classes[i] == l ? 1 : 0) - prob[l]) * x[i, j]
        }
      }
      psi[q] = wa * (y[i] - means.a)
      psi[q + 1] = wb * (y[i] - means.b)
      aMatrix[q, q] += wa
      aMatrix[q + 1, q + 1] += wb
      for r in 0..<k where psi[r] != 0 { for c in 0..<k { bMatrix[r, c] += psi[r] * psi[c] } }
    }
    let scale = 1 / Double(n)
    for r in 0..<k {
      for c in 0..<k {
        aMatrix[r, c] *= scale
        bMatrix[r, c] *= scale
      }
    }
    guard let inverse = aMatrix.luInverse() else { return .nan }
    let v = inverse.multiplied(by: bMatrix).multiplied(by: inverse.transposed)
    let variance = (v[q, q] + v[q + 1, q + 1] - 2 * v[q, q + 1]) / Double(n)
    return variance >= 0 ? variance.squareRoot() : .nan
  }
}

extension PropensityScoreWeightingEstimator {
  /// One record per non-reference level of a multinomial propensity model:
  /// the log-odds of that level against the first, with standard errors from
  /// the inverse of the stacked Fisher information.
  static func multinomialRecords(
    _ fit: MultinomialLogit, design: ModelDesign, treatment: String, levels: [String], note: String? = nil
  ) -> [ModelRecord] {
    let p = design.matrix.columns
    let covariance = fit.information.inverse()
    return (1..<fit.classes).map { k in
      let standardErrors = (0..<p).map { j -> Double in
        guard let covariance else { return .nan }
        let index = (k - 1) * p + j
        return covariance[index, index].squareRoot()
      }
      let suffix = note.map { " (\($0))" } ?? ""
      return design.record(
        role: "propensity: \(levels[k]) vs \(levels[0])\(suffix)", kind: "multinomial logit", response: treatment,
        coefficients: fit.coefficients[k - 1], standardErrors: standardErrors)
    }
  }
}
