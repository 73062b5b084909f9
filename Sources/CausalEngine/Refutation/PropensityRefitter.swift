import Foundation
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
/// The propensity refit is the chord method (``LogisticRefit``,
/// `LogisticChord`): Newton steps with the information fixed at the start
/// (the full fit's coefficients for a subset or resample, one Gram pass per
/// refit; the intercept-only model for a placebo, a multiple of `XᵀX`
/// computed once per check), each iteration one light pass over the rows;
/// when it declines, `GLM.fit` from the same start (stopping at steps of
/// ``tolerance``).
///
/// Equal to the full re-estimate on the materialised rows up to rounding:
/// both maximise the same likelihood and stop within about 1e-10 standard
/// errors of its optimum, but sum the rows in another order (a repeated row
/// once with weight c, or c times) and from another start, so the two
/// estimates agree to about 1e-10 relative, not bit for bit (tested at
/// several sizes, within 1e-8 of the estimate's scale).
///
/// `propensity_score_matching` refits the same way up to the matching: the
/// propensity model is fitted with weights on the shared design, and only
/// the three columns matching reads (`D`, `Y`, the score) are gathered for
/// the resampled rows, in the full path's row order (a bootstrap's draw
/// order, a subset's row order), for
/// ``PropensityScoreMatchingEstimator/matched(_:options:indicator:outcome:scores:warnings:model:)``.
///
/// Declines (the caller then re-estimates in full, which applies the study's
/// policies) when the fit is not clean: aliased columns, separation, no
/// convergence, a counted unit's score within 1e-10 of 0 or 1, or one arm
/// empty. Applies to a two-level treatment without trimming (trimming refits
/// on the rows it keeps) and without clusters or a panel (whose resamples
/// draw whole units).
struct PropensityRefitter: WeightedRefitter {
  /// The propensity model's design, built once and shared by every simulation.
  let design: Matrix
  let names: [String]
  /// `D` of the observed treatment.
  let indicator: [Double]
  let outcome: [Double]
  /// Sampling weights, when the study has them.
  let sample: [Double]?
  /// The weighting scheme and clipping bounds (weighting only).
  let scheme: PropensityScoreWeightingOptions.Weighting
  let clip: [Double]?
  let effect: EffectKind
  let ridge: Double
  let treatmentValue: Double
  let controlValue: Double
  /// The warm start of subset and bootstrap refits (the full fit's coefficients), in design order.
  let start: [Double]?
  /// The design's intercept column, if it has one.
  let intercept: Int?
  /// `μᵢ(1 − μᵢ)` at the warm start (``LogisticRefit/startWeights(design:coefficients:)``).
  let startWeights: [Double]?
  /// `Xᵀ diag(s) X` (`s` the sampling weights, or 1): the information at a
  /// placebo's intercept-only start, up to the factor `p̄(1 − p̄)`.
  let plainInformation: Matrix

  /// Matching reads the resampled rows' listing; weighting only their counts.
  var needsRows: Bool { matching != nil }

  /// The matching options, for a matching estimate (nil: weighting).
  let matching: PropensityScoreMatchingOptions?
  /// The problem, for the matching estimate's settings (point estimates only).
  let problem: EstimationProblem

  init?(_ problem: EstimationProblem, start coefficients: [String: Double]?) {
    guard problem.clusterColumn == nil, problem.panel == nil, problem.folds == nil, problem.restriction == nil else {
      return nil
    }
    switch problem.method {
    case .propensityScoreWeighting:
      guard let o = problem.options as? PropensityScoreWeightingOptions, o.trim == nil else { return nil }
      scheme = o.weighting
      clip = o.clip.flatMap { $0.count == 2 ? $0 : nil }
      matching = nil
      if scheme == .overlap, problem.effect != .averageTreatmentEffect { return nil }
    case .propensityScoreMatching:
      // Matching reads sampling weights only in its propensity model: refit those in full.
      guard let o = problem.options as? PropensityScoreMatchingOptions, problem.weightColumn == nil else { return nil }
      scheme = .hajek
      clip = nil
      matching = o
    default:
      return nil
    }
    var point = problem
    point.pointOnly = true
    self.problem = point
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
    effect = problem.effect
    ridge = problem.propensityPenalty.ridgeStrength
    treatmentValue = problem.treatmentValue
    controlValue = problem.controlValue
    let start = coefficients.map { c in built.names.map { c[$0] ?? 0 } }
    self.start = start
    intercept = built.interceptColumn
    startWeights = start.map { LogisticRefit.startWeights(design: built.matrix, coefficients: $0) }
    plainInformation = Kernels.gram(built.matrix, weights: problem.weights, response: nil).xtx
  }

  var rowCount: Int { design.rows }

  /// IRLS stops when a step moved every coefficient by at most 1e-5
  /// standard errors: Newton's method converges quadratically, so the
  /// coefficients after that step lie within about (1e-5)² = 1e-10 standard
  /// errors of the optimum — where the full re-estimate's criterion (a step
  /// of at most 1e-10) leaves them — one pass over the data earlier.
  static let tolerance = 1e-5

  /// The fitted propensity scores by the chord method (``LogisticRefit``):
  /// from the warm start when `start` is the full fit's coefficients, from the
  /// intercept-only model for a placebo (no counts); nil when it declines.
  func chordScores(counts: [Double]?, prior: [Double]?, indicator d: [Double], start: [Double]?) -> [Double]? {
    guard ridge == 0 else { return nil }
    if let start {
      guard start == self.start, var weights = startWeights else { return nil }
      if let prior { for i in weights.indices { weights[i] *= prior[i] } }
      let information = Kernels.gram(design, weights: weights, response: nil).xtx
      return LogisticRefit.fittedMeans(
        design: design, indicator: d, prior: prior, start: start, information: information)
    }
    guard counts == nil,
      let null = LogisticRefit.nullStart(columns: design.columns, intercept: intercept, indicator: d, weights: prior)
    else { return nil }
    let information = plainInformation.scaled(by: null.share * (1 - null.share))
    return LogisticRefit.fittedMeans(
      design: design, indicator: d, prior: prior, start: null.coefficients, information: information)
  }

  /// The estimate on the rows counted `counts[i]` times (nil: each once),
  /// with indicator `d`; nil when the fit is not clean (see the type).
  /// `rows` lists the resampled rows in the full path's order (nil: every
  /// row once, in order), for matching.
  func estimate(counts: [Double]?, rows: [Int]?, indicator d: [Double], start: [Double]?) -> Double? {
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
    var e: [Double]
    if let scores = chordScores(counts: counts, prior: prior, indicator: d, start: start) {
      e = scores
    } else {
      let fit = GLM.fit(
        design: design, response: d, family: .binomial, link: .logit, weights: prior, ridge: ridge,
        columnNames: names, tolerance: Self.tolerance,
        start: start
          ?? LogisticRefit.nullStart(columns: design.columns, intercept: intercept, indicator: d, weights: prior)?
          .coefficients)
      guard fit.converged, fit.separation == nil, fit.aliasedColumns.isEmpty else { return nil }
      e = fit.fittedMeans
    }
    let tolerance = PropensityModel.positivityTolerance
    for i in 0..<n where (counts?[i] ?? 1) > 0 && (e[i] < tolerance || e[i] > 1 - tolerance) { return nil }
    let value: Double
    if let matching {
      // The three columns matching reads, gathered for the resampled rows.
      let listedD = rows.map { r in r.map { d[$0] } } ?? d
      let listedY = rows.map { r in r.map { outcome[$0] } } ?? outcome
      let listedE = rows.map { r in r.map { e[$0] } } ?? e
      guard
        let result = try? PropensityScoreMatchingEstimator().matched(
          problem, options: matching, indicator: listedD, outcome: listedY, scores: listedE, warnings: [], model: nil)
      else { return nil }
      value = result.value
    } else {
      if let clip {
        for i in e.indices where e[i] < clip[0] || e[i] > clip[1] { e[i] = min(max(e[i], clip[0]), clip[1]) }
      }
      let means = PropensityScoreWeightingEstimator.armMeans(
        scheme: scheme, effect: effect, indicator: d, scores: e, outcome: outcome, sample: prior)
      value = means.mu1 - means.mu0
    }
    return value.isFinite ? value : nil
  }

  /// `D` for a treatment value, as ``TreatmentIndicator`` reads it; nil for another value.
  func level(_ value: Double) -> Double? {
    value == treatmentValue ? 1 : value == controlValue ? 0 : nil
  }
}
