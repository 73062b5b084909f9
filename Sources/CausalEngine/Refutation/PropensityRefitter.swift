import NumericKernels
import StudyModel

/// Re-estimation of a `propensity_score_weighting` estimate for the
/// refuters' simulations with weights instead of copies.
///
/// A subset or a bootstrap resample of the rows is a count `cᵢ` per row (0/1
/// for a subset, the multiplicity for a resample). Every sum the estimate
/// makes over the resampled rows is a sum over the original rows weighted by
/// `cᵢ`: the logistic propensity model's likelihood `Σ cᵢ ℓᵢ(β)` (so the
/// weighted IRLS information `Xᵀdiag(cᵢ vᵢ)X` and score `Xᵀ(cᵢ(Dᵢ − eᵢ))`)
/// and the weighted arm means. So each simulation fits the propensity model
/// on the one design matrix built for the check, with prior weights `cᵢ`
/// (times the sampling weights, when the study has them), and computes the
/// arm means with sampling weights `cᵢ sᵢ` (``PropensityScoreWeightingEstimator/armMeans``):
/// no resampled copy of the data, no new design matrix. A placebo treatment
/// changes only the response of the propensity model and the arms.
///
/// Equal to the full re-estimate on the materialised rows up to rounding:
/// both IRLS runs solve the same likelihood from the same start and stop
/// within 1e-10 standard errors of its optimum, but sum the rows in another
/// order (a repeated row once with weight c, or c times), so the two
/// estimates agree to about 1e-10 relative, not bit for bit (tested at
/// several sizes, within 1e-8 of the estimate's scale).
///
/// Declines (the caller then re-estimates in full, which applies the study's
/// policies) when the fit is not clean: aliased columns, separation, no
/// convergence, a counted unit's score within 1e-10 of 0 or 1, or one arm
/// empty. Applies to a two-level treatment without trimming (trimming refits
/// on the rows it keeps) and without clusters or a panel (whose resamples
/// draw whole units).
struct PropensityRefitter: Sendable {
  /// The propensity model's design, built once and shared by every simulation.
  let design: Matrix
  let names: [String]
  /// `D` of the observed treatment.
  let indicator: [Double]
  let outcome: [Double]
  /// Sampling weights, when the study has them.
  let sample: [Double]?
  let scheme: PropensityScoreWeightingOptions.Weighting
  let clip: [Double]?
  let effect: EffectKind
  let ridge: Double
  let treatmentValue: Double
  let controlValue: Double
  /// The warm start of subset and bootstrap refits (the full fit's coefficients), in design order.
  let start: [Double]?

  init?(_ problem: EstimationProblem, start coefficients: [String: Double]?) {
    guard problem.method == .propensityScoreWeighting, problem.clusterColumn == nil, problem.panel == nil,
      problem.folds == nil, problem.restriction == nil,
      let options = problem.options as? PropensityScoreWeightingOptions, options.trim == nil
    else { return nil }
    let column = problem.data.column(problem.treatment)
    if column.kind == .categorical, column.levels.count > 2 { return nil }
    guard let d = try? TreatmentIndicator.values(problem) else { return nil }
    let built = ModelDesign.build(
      data: problem.data, treatment: nil, covariates: problem.adjustment, terms: problem.propensityTerms)
    guard built.undefinedValue == nil else { return nil }
    design = built.matrix
    names = built.names
    indicator = d
    outcome = problem.data.values(problem.outcome)
    sample = problem.weights
    scheme = options.weighting
    clip = options.clip.flatMap { $0.count == 2 ? $0 : nil }
    effect = problem.effect
    ridge = problem.propensityPenalty.ridgeStrength
    treatmentValue = problem.treatmentValue
    controlValue = problem.controlValue
    start = coefficients.map { c in built.names.map { c[$0] ?? 0 } }
    if scheme == .overlap, effect != .averageTreatmentEffect { return nil }
  }

  var rowCount: Int { design.rows }

  /// The estimate on the rows counted `counts[i]` times (nil: each once),
  /// with indicator `d`; nil when the fit is not clean (see the type).
  func estimate(counts: [Double]?, indicator d: [Double], start: [Double]?) -> Double? {
    let n = rowCount
    var prior: [Double]? = counts
    if let sample {
      var combined = counts ?? [Double](repeating: 1, count: n)
      for i in 0..<n { combined[i] *= sample[i] }
      prior = combined
    }
    // Both arms must keep a counted unit (the full re-estimate refuses one arm).
    var treated = 0.0
    var total = 0.0
    for i in 0..<n {
      let c = counts?[i] ?? 1
      treated += c * d[i]
      total += c
    }
    guard treated > 0, treated < total else { return nil }
    let fit = GLM.fit(
      design: design, response: d, family: .binomial, link: .logit, weights: prior, ridge: ridge,
      columnNames: names, start: start)
    guard fit.converged, fit.separation == nil, fit.aliasedColumns.isEmpty else { return nil }
    var e = fit.fittedMeans
    let tolerance = PropensityModel.positivityTolerance
    for i in 0..<n where (counts?[i] ?? 1) > 0 && (e[i] < tolerance || e[i] > 1 - tolerance) { return nil }
    if let clip {
      for i in e.indices where e[i] < clip[0] || e[i] > clip[1] { e[i] = min(max(e[i], clip[0]), clip[1]) }
    }
    let means = PropensityScoreWeightingEstimator.armMeans(
      scheme: scheme, effect: effect, indicator: d, scores: e, outcome: outcome, sample: prior)
    let value = means.mu1 - means.mu0
    return value.isFinite ? value : nil
  }

  /// Bootstrap resamples, one per generator: the counts of
  /// `Sampling.resampleIndices(count: n, from: n)` (the full path's draws).
  func resampled(generators: inout [Xoshiro256StarStar]) -> [Double?] {
    let n = rowCount
    return generators.indices.map { s in
      let counts = Sampling.bootstrapCounts(n, using: &generators[s])
      return estimate(counts: counts.map { Double($0) }, indicator: indicator, start: start)
    }
  }

  /// Subsets of `size` rows, one per generator (the full path's `subsetMask` draws).
  func keeping(size: Int, generators: inout [Xoshiro256StarStar]) -> [Double?] {
    let n = rowCount
    return generators.indices.map { s in
      let mask = Sampling.subsetMask(n: n, size: size, using: &generators[s])
      return estimate(counts: mask.map { $0 ? 1 : 0 }, indicator: indicator, start: start)
    }
  }

  /// Placebo treatments taking `high` on `raisedCount` rows chosen at
  /// random and `low` elsewhere (the full path's `subsetMask` draws), fitted
  /// from the usual cold start as the full path does.
  func replacingBinaryTreatment(raisedCount: Int, low: Double, high: Double, generators: inout [Xoshiro256StarStar])
    -> [Double?]
  {
    let n = rowCount
    guard let dHigh = level(high), let dLow = level(low) else { return generators.map { _ in nil } }
    return generators.indices.map { s in
      let mask = Sampling.subsetMask(n: n, size: raisedCount, using: &generators[s])
      return estimate(counts: nil, indicator: mask.map { $0 ? dHigh : dLow }, start: nil)
    }
  }

  /// Hashed subsets: row i kept when its draw is below `threshold` (``DataSubsetRefuter``).
  func keeping(rows: [UInt64], threshold: UInt64, simulations: [Int]) -> [Double?] {
    simulations.map { k in
      let counts = rows.map { RowHash.draw(row: $0, simulation: k) < threshold ? 1.0 : 0.0 }
      return estimate(counts: counts, indicator: indicator, start: start)
    }
  }

  /// Hashed bootstrap resamples: row i counted `RowHash.poisson` times (``BootstrapRefuter``).
  func poissonResampled(rows: [UInt64], simulations: [Int]) -> [Double?] {
    simulations.map { k in
      let counts = rows.map { Double(RowHash.poisson(RowHash.draw(row: $0, simulation: k))) }
      return estimate(counts: counts, indicator: indicator, start: start)
    }
  }

  /// `D` for a treatment value, as ``TreatmentIndicator`` reads it; nil for another value.
  func level(_ value: Double) -> Double? {
    value == treatmentValue ? 1 : value == controlValue ? 0 : nil
  }
}
