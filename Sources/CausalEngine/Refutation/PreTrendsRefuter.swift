import StudyModel

/// `pre_trends`: the joint Wald test that every pre-treatment ATT(g, t) of
/// `staggered_did` is 0 (Callaway & Sant'Anna 2021, §4.1).
///
/// Statistic: `W = n·aᵀ V⁻¹ a` over the `q` pre-treatment cells with a
/// standard error (`a` their estimates, `V` their influence-function
/// covariance, clustered as the estimate), `p = P(χ²_q > W)`.
///
/// Rule: passes when `p ≥ alpha`. A test that cannot be computed (no
/// pre-treatment cell, a singular covariance) is not applicable, with the
/// reason: a study that needs it should not pass by its absence, so the
/// record says so and the gate counts it as not run. With `base_period:
/// varying` the cells compare consecutive periods (short differences); with
/// `universal`, each period with the last one before adoption.
struct PreTrendsRefuter: Refuter {
  static let kind = CheckKind.preTrends

  func refute(_ context: RefutationContext) -> CheckRecord {
    let rule = "fails when the pre-treatment ATT(g,t) are jointly different from 0: Wald p < alpha"
    guard let test = context.original.preTrends else {
      return record(
        context, verdict: .notApplicable, rule: rule, detail: "the estimator computes no pre-treatment effects")
    }
    guard let statistic = test.statistic, let p = test.pValue else {
      return record(
        context, verdict: .notApplicable, rule: rule,
        detail: "no pre-trend test: \(test.unavailable ?? "it could not be computed")")
    }
    let fails = p < context.alpha
    var detail =
      "Wald statistic \(short(statistic)) on \(test.degreesOfFreedom) pre-treatment ATT(g,t), p = \(short(p))"
    if fails {
      detail +=
        "; the treated and comparison units already diverged before adoption: parallel trends is doubtful"
    }
    var r = record(context, verdict: fails ? .failed : .passed, rule: rule, detail: detail)
    r.statistic = p
    r.statisticName = "p (pre-treatment effects = 0)"
    r.threshold = context.alpha
    r.pValue = p
    r.values = [
      NamedValue("Wald statistic", statistic),
      NamedValue("degrees of freedom", Double(test.degreesOfFreedom)),
    ]
    return r
  }
}
