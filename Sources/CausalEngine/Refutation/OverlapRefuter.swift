import NumericKernels
import StudyModel

/// `overlap`: whether treated and control units overlap in their
/// propensity scores (positivity), judged for the effect the study asks for.
///
/// The propensity score `e` is the logistic model of the estimator's
/// adjustment set. What positivity requires depends on the estimand
/// (Heckman, Ichimura & Todd 1998; Imbens 2004, sec. 2.3):
/// - ATE: `0 < e < 1` for everyone. Units with `e` outside `[ε, 1 − ε]` count
///   (Crump et al. 2009), and the effective sample size is Kish's
///   `(Σw)²/Σw²` of the weights `1/e` (treated) plus that of `1/(1 − e)`
///   (controls), against n.
/// - ATT: only `e < 1` among the treated: treated units with `e > 1 − ε`
///   count, out of n₁, and the effective sample size of the controls' odds
///   weights `e/(1 − e)` is set against n₁, the units they stand in for.
///   Controls with `e` near 0 do not threaten the ATT (they get no weight).
/// - ATC: the mirror image, controls with `e < ε` out of n₀ and the treated
///   weights `(1 − e)/e` against n₀.
///
/// Fails when the share exceeds `max_outside`, or when the effective sample
/// size falls below `min_effective_sample_size` times its base.
struct OverlapRefuter: Refuter {
  static let kind = CheckKind.overlap

  func refute(_ context: RefutationContext) -> CheckRecord {
    let options = context.check.options(as: OverlapOptions.self)
    let eps = options.minPropensity
    let maxOutside = options.maxOutside
    let minESS = options.minEffectiveSampleSize
    let rule = Judgement.rule(
      effect: context.problem.effect, maxOutside: short(100 * maxOutside), lower: short(eps), upper: short(1 - eps),
      minESS: short(100 * minESS))
    var problem = context.problem
    guard problem.data.isBinary(problem.treatment) else {
      return record(
        context, verdict: .notApplicable, rule: rule, detail: "overlap of propensity scores needs a binary treatment")
    }
    problem.policies.positivity = .defaulted(.warn)
    problem.policies.separation = .defaulted(.warn)
    problem.policies.nonConvergence = .defaulted(.warn)
    let model: PropensityModel
    do {
      let d = try TreatmentIndicator.values(problem)
      model = try PropensityModel.fit(problem, indicator: d)
    } catch {
      return record(
        context, verdict: .error, rule: rule, detail: "the propensity model could not be fitted: \(error.message)")
    }
    let e = model.scores
    let d = model.indicator
    let lower = eps
    let upper = 1 - eps
    let judged = Judgement(effect: context.problem.effect, scores: e, indicator: d, lower: lower, upper: upper)
    let share = judged.base > 0 ? Double(judged.outside) / Double(judged.base) : 0
    let essShare = judged.base > 0 ? judged.effectiveSampleSize / Double(judged.base) : 0
    let failsOutside = share > maxOutside
    let failsESS = essShare < minESS
    var detail =
      "\(judged.outside) of \(judged.base) \(judged.units) (\(short(100 * share))%) have a propensity \(judged.outsideWords); effective sample size of the \(judged.weightWords) \(short(judged.effectiveSampleSize)) (\(short(100 * essShare))% of \(judged.base))"
    if failsOutside {
      detail += "; too many units lack comparable units of the other arm: the effect is extrapolated for them"
    }
    if failsESS { detail += "; a few units carry most of the weight" }
    var r = record(context, verdict: failsOutside || failsESS ? .failed : .passed, rule: rule, detail: detail)
    r.statistic = share
    r.statisticName = judged.statisticName
    r.threshold = maxOutside
    r.values =
      [
        NamedValue("effective sample size share", essShare),
        NamedValue("effective sample size threshold", minESS),
      ] + model.diagnostics().prefix(4).map { NamedValue($0.name, $0.value) }
    r.simulated = []
    return r
  }
}

extension OverlapRefuter {
  /// The units, the threshold side and the weights that matter for one estimand.
  struct Judgement {
    /// Units beyond the threshold that matters.
    var outside = 0
    /// The number of units the share and the effective sample size are relative to.
    var base = 0
    var effectiveSampleSize = 0.0
    var units: String
    var outsideWords: String
    var weightWords: String
    var statisticName: String

    init(effect: EffectKind, scores e: [Double], indicator d: [Double], lower: Double, upper: Double) {
      let l = short(lower)
      let u = short(upper)
      switch effect {
      case .averageTreatmentEffect:
        base = e.count
        outside = e.reduce(0) { $0 + ($1 < lower || $1 > upper ? 1 : 0) }
        effectiveSampleSize =
          PropensityScoreWeightingEstimator.effectiveSampleSize(e.indices.map { d[$0] == 1 ? 1 / e[$0] : 0 })
          + PropensityScoreWeightingEstimator.effectiveSampleSize(e.indices.map { d[$0] == 0 ? 1 / (1 - e[$0]) : 0 })
        units = "units"
        outsideWords = "outside [\(l), \(u)]"
        weightWords = "ATE weights"
        statisticName = "share outside [eps, 1 - eps]"
      case .averageTreatmentEffectOnTreated:
        base = d.reduce(0) { $0 + ($1 == 1 ? 1 : 0) }
        outside = e.indices.reduce(0) { $0 + (d[$1] == 1 && e[$1] > upper ? 1 : 0) }
        effectiveSampleSize = PropensityScoreWeightingEstimator.effectiveSampleSize(
          e.indices.map { d[$0] == 0 ? e[$0] / (1 - e[$0]) : 0 })
        units = "treated units"
        outsideWords = "above \(u)"
        weightWords = "controls' odds weights"
        statisticName = "share of treated above 1 - eps"
      case .averageTreatmentEffectOnControls:
        base = d.reduce(0) { $0 + ($1 == 0 ? 1 : 0) }
        outside = e.indices.reduce(0) { $0 + (d[$1] == 0 && e[$1] < lower ? 1 : 0) }
        effectiveSampleSize = PropensityScoreWeightingEstimator.effectiveSampleSize(
          e.indices.map { d[$0] == 1 ? (1 - e[$0]) / e[$0] : 0 })
        units = "control units"
        outsideWords = "below \(l)"
        weightWords = "treated units' odds weights"
        statisticName = "share of controls below eps"
      }
    }

    static func rule(effect: EffectKind, maxOutside: String, lower: String, upper: String, minESS: String) -> String {
      switch effect {
      case .averageTreatmentEffect:
        "fails when more than \(maxOutside)% of units have a propensity outside [\(lower), \(upper)], or when the effective sample size of the weights is below \(minESS)% of n"
      case .averageTreatmentEffectOnTreated:
        "fails when more than \(maxOutside)% of treated units have a propensity above \(upper), or when the effective sample size of the controls' odds weights is below \(minESS)% of the treated count"
      case .averageTreatmentEffectOnControls:
        "fails when more than \(maxOutside)% of control units have a propensity below \(lower), or when the effective sample size of the treated units' odds weights is below \(minESS)% of the control count"
      }
    }
  }
}
