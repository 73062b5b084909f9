import NumericKernels
import StudyModel

/// `propensity_score_stratification`: differences of means within strata of
/// the estimated propensity score, averaged over the target units.
///
/// Strata: `strata` (default 5; Cochran 1968 found five remove about 90% of
/// the bias from one covariate) quantile bins of the score over all units,
/// R type-7 cut points, `(q_{j−1}, q_j]` with the first closed. A stratum
/// without treated or without control units cannot contribute a difference:
/// it is merged with its neighbour (the next one up, or the last with the one
/// below), repeatedly, and the record says which — never silently dropped
/// (DoWhy drops such strata and so changes the estimand).
///
/// Estimand: `Σ_s w_s (Ȳ₁ₛ − Ȳ₀ₛ)` with `w_s` the share of the target units
/// (all, treated, controls) in stratum s.
/// Uncertainty: the bootstrap by default (each replicate refits the
/// propensity model and the strata). `se: stratified` gives
/// `sqrt(Σ_s w_s² (s²₁ₛ/n₁ₛ + s²₀ₛ/n₀ₛ))` with within-arm sample variances
/// (n − 1), which treats the strata and the scores as fixed: it ignores the
/// variance reduction from estimating the propensity (Hirano, Imbens &
/// Ridder 2003) and over-covers (99% for a nominal 95% in the coverage study).
struct PropensityScoreStratificationEstimator: Estimator {
  static let method = EstimatorMethod.propensityScoreStratification

  func estimate(_ problem: EstimationProblem, options: PropensityScoreStratificationOptions) throws(EstimationFailure)
    -> EstimationResult
  {
    let d = try TreatmentIndicator.values(problem)
    let model = try PropensityModel.fit(problem, indicator: d)
    let e = model.scores
    let y = problem.data.values(problem.outcome)
    let count = options.strata
    let cuts = Ordering.quantiles(of: e, (1..<count).map { Double($0) / Double(count) })
    var stratum = e.map { score in cuts.firstIndex { score <= $0 } ?? count - 1 }
    // Merge strata that lack an arm.
    var merges: [String] = []
    var labels = Array(0..<count)
    while true {
      let present = Array(Set(stratum)).sorted()
      guard
        let bad = present.first(where: { s in
          let units = stratum.indices.filter { stratum[$0] == s }
          return !units.contains { d[$0] == 1 } || !units.contains { d[$0] == 0 }
        })
      else { break }
      guard present.count > 1 else {
        throw .invalidData("the propensity strata cannot be merged into any stratum with both arms")
      }
      let position = present.firstIndex(of: bad)!
      let into = position + 1 < present.count ? present[position + 1] : present[position - 1]
      merges.append("stratum \(bad + 1) merged into stratum \(into + 1) (one arm was empty)")
      for i in stratum.indices where stratum[i] == bad { stratum[i] = into }
      labels[bad] = into
    }
    let present = Array(Set(stratum)).sorted()
    let target = problem.targetRows()
    let targetSet = Set(target)
    var value = 0.0
    var variance = 0.0
    for s in present {
      let units = stratum.indices.filter { stratum[$0] == s }
      let y1 = units.filter { d[$0] == 1 }.map { y[$0] }
      let y0 = units.filter { d[$0] == 0 }.map { y[$0] }
      let w = Double(units.filter { targetSet.contains($0) }.count) / Double(target.count)
      let (m1, v1) = Self.meanVariance(y1)
      let (m0, v0) = Self.meanVariance(y0)
      value += w * (m1 - m0)
      variance += w * w * (v1 / Double(y1.count) + v0 / Double(y0.count))
    }
    var result = EstimationResult(value: value, n: d.count)
    result.nTreated = Int(d.reduce(0, +))
    result.nControl = d.count - result.nTreated!
    result.warnings = model.warnings + merges
    if problem.pointOnly { return result }
    result.diagnostics =
      model.diagnostics() + [
        DiagnosticValue("strata requested", value: Double(count)),
        DiagnosticValue("strata used", value: Double(present.count), flagged: present.count < count),
      ]
    result.models = [model.record(problem)]
    result.propensityHistogram = model.histogram()
    if options.standardErrors == .stratified {
      result.apply(
        .wald(estimate: value, standardError: variance.squareRoot(), level: problem.confidenceLevel),
        method: "within-stratum variances (strata and scores treated as fixed)")
    }
    return result
  }

  static func meanVariance(_ values: [Double]) -> (Double, Double) {
    let n = Double(values.count)
    let mean = values.reduce(0, +) / n
    guard values.count > 1 else { return (mean, 0) }
    let v = values.reduce(0.0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
    return (mean, v)
  }
}
