import NumericKernels
import StudyModel

/// `overlap`: whether treated and control units overlap in their
/// propensity scores (positivity).
///
/// The propensity score is the logistic model of the estimator's adjustment
/// set. Fails when the share of units with a score outside
/// `[min_propensity, 1 − min_propensity]` exceeds `max_outside`, or when the
/// effective sample size of the ATE inverse-probability weights,
/// `(Σw)²/Σw²` summed over the two arms (Kish 1965), is below
/// `min_effective_sample_size × n`.
struct OverlapRefuter: Refuter {
  static let kind = CheckKind.overlap

  func refute(_ context: RefutationContext) -> CheckRecord {
    let params = context.check.params
    let eps = params.double("min_propensity") ?? 0.01
    let maxOutside = params.double("max_outside") ?? 0.01
    let minESS = params.double("min_effective_sample_size") ?? 0.1
    let rule = "fails when more than \(short(100 * maxOutside))% of units have a propensity outside [\(short(eps)), \(short(1 - eps))], or when the effective sample size of the weights is below \(short(100 * minESS))% of n"
    var problem = context.problem
    guard problem.data.isBinary(problem.treatment) else {
      return record(context, verdict: .notApplicable, rule: rule, detail: "overlap of propensity scores needs a binary treatment")
    }
    problem.policies.positivity = .defaulted(.warn)
    problem.policies.separation = .defaulted(.warn)
    problem.policies.nonConvergence = .defaulted(.warn)
    let model: PropensityModel
    do {
      let d = try TreatmentIndicator.values(problem)
      model = try PropensityModel.fit(problem, indicator: d)
    } catch {
      return record(context, verdict: .error, rule: rule, detail: "the propensity model could not be fitted: \(error.message)")
    }
    let e = model.scores
    let d = model.indicator
    let n = Double(e.count)
    let outside = Double(e.filter { $0 < eps || $0 > 1 - eps }.count)
    let share = outside / n
    let treatedWeights = e.indices.map { d[$0] == 1 ? 1 / e[$0] : 0 }
    let controlWeights = e.indices.map { d[$0] == 0 ? 1 / (1 - e[$0]) : 0 }
    let ess = PropensityScoreWeightingEstimator.effectiveSampleSize(treatedWeights)
      + PropensityScoreWeightingEstimator.effectiveSampleSize(controlWeights)
    let essShare = ess / n
    let failsOutside = share > maxOutside
    let failsESS = essShare < minESS
    var detail = "\(Int(outside)) of \(Int(n)) units (\(short(100 * share))%) have a propensity outside [\(short(eps)), \(short(1 - eps))]; effective sample size \(short(ess)) (\(short(100 * essShare))% of n)"
    if failsOutside { detail += "; too many units lack overlap: the effect is extrapolated for them" }
    if failsESS { detail += "; a few units carry most of the weight" }
    var r = record(context, verdict: failsOutside || failsESS ? .failed : .passed, rule: rule, detail: detail)
    r.statistic = share
    r.statisticName = "share outside [eps, 1 - eps]"
    r.threshold = maxOutside
    r.values = [
      NamedValue("effective sample size share", essShare),
      NamedValue("effective sample size threshold", minESS),
    ] + model.diagnostics().prefix(4).map { NamedValue($0.name, $0.value) }
    r.simulated = []
    return r
  }
}
