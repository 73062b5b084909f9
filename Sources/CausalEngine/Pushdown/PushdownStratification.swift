import NumericKernels
import StudyModel

/// `propensity_score_stratification` under `compute: database`, as
/// ``PropensityScoreStratificationEstimator`` computes it, from aggregate
/// queries (``AggregateSource``); no row leaves the database.
///
/// Propensity: `P(T = treatment_value | W)` by the logistic IRLS of
/// ``PushdownLogistic`` on `[1, adjustment set, terms, propensity_terms]`
/// (one query per pass).
///
/// Strata: the in-memory rule exactly. The cut points are R's type-7
/// quantiles of the n scores at `j/strata` (`Ordering.quantile`): with
/// `h = (n − 1)p` and `l = ⌊h⌋`, `q = x₍ₗ₎ + (h − l)(x₍ₗ₊₁₎ − x₍ₗ₎)` (the
/// maximum when `l ≥ n − 1`), where the order statistics `x₍ₗ₎`, `x₍ₗ₊₁₎`
/// come from the database (`row_number() OVER (ORDER BY score)`, one sort)
/// and the interpolation is done here with `Ordering`'s arithmetic. A unit
/// is in the first stratum whose cut is `≥` its score (`(q_{j−1}, q_j]`, the
/// first closed, the last open above). A stratum without treated or without
/// control units is merged into the next one up (the last into the one
/// below), repeatedly, from the counts per stratum and arm; the record
/// names each merge.
///
/// Estimate: `Σ_s w_s (Ȳ₁ₛ − Ȳ₀ₛ)`, `w_s` the share of the target units
/// (all, treated, controls) in stratum s; standard error (`se: stratified`,
/// the only one pushed down) `sqrt(Σ_s w_s² (s²₁ₛ/n₁ₛ + s²₀ₛ/n₀ₛ))` with
/// sample variances (n − 1; 0 for one unit), from `count`, `avg` and
/// `var_samp` per stratum and arm (`GROUP BY`).
///
/// Queries: the IRLS passes, one sort for the order statistics, one
/// `GROUP BY` stratum and arm (a second after merges), and one for the
/// diagnostics and the propensity histogram.
///
/// Agreement with `compute: local`: the scores are computed by the same
/// formula in a different summation order, so they agree to rounding; a
/// unit falls in another stratum only if its score is within rounding of a
/// cut point while differing from the order statistic that defines it, which
/// the tests' data never do.
enum PushdownStratification {
  static func estimate(
    _ problem: EstimationProblem, options: PropensityScoreStratificationOptions, layout: PushdownLayout,
    source: any AggregateSource
  ) throws(EstimationFailure) -> EstimationResult {
    guard options.standardErrors == .stratified else {
      throw .notApplicable("under compute: database propensity_score_stratification needs `se: stratified`")
    }
    let levels = layout.treatment.levels
    guard levels.count == 2, levels.contains(problem.treatmentValue), levels.contains(problem.controlValue) else {
      throw .invalidData(
        "method needs a binary treatment: '\(problem.treatment)' does not take exactly the values treatment_value \(JSONValue.format(problem.treatmentValue)) and control_value \(JSONValue.format(problem.controlValue))"
      )
    }
    let arm = DesignExpression.equals(problem.treatment, problem.treatmentValue)
    let design = try layout.design(treatment: nil, covariates: problem.adjustment, terms: problem.propensityTerms)
    let model = try PushdownLogistic(
      columns: design.columns, names: design.names, referenceLevels: design.referenceLevels,
      formula: "\(problem.treatment) ~ \(design.formula.isEmpty ? "1" : design.formula)", response: arm,
      model: "propensity", source: source)
    let n = layout.rows
    let count = options.strata
    let probabilities = (1..<count).map { Double($0) / Double(count) }
    let positions = probabilities.map { p in Double(n - 1) * min(max(p, 0), 1) }
    let ranks = Set(
      positions.flatMap { h -> [Int] in
        let lo = Int(h.rounded(.down))
        return lo >= n - 1 ? [n - 1] : [lo, lo + 1]
      }
    ).sorted()
    let statistics = try call { () throws(AggregateFailure) in
      try source.logisticOrderStatistics(model.columns, coefficients: model.coefficients, ranks: ranks)
    }
    let order = Dictionary(uniqueKeysWithValues: zip(ranks, statistics))
    let cuts = positions.map { h -> Double in
      let lo = Int(h.rounded(.down))
      if lo >= n - 1 { return order[n - 1] ?? .nan }
      let (a, b) = (order[lo] ?? .nan, order[lo + 1] ?? .nan)
      return a + (h - Double(lo)) * (b - a)
    }
    func cells(_ labels: [Int]) throws(EstimationFailure) -> [StratumCell] {
      try call { () throws(AggregateFailure) in
        try source.strata(
          model.columns, coefficients: model.coefficients, cuts: cuts, labels: labels, arm: arm,
          outcome: .column(problem.outcome))
      }
    }
    // Merge strata that lack an arm, from the counts.
    var labels = Array(0..<count)
    var found = try cells(labels)
    var counts: [Int: [Int]] = [:]
    for cell in found { counts[cell.stratum, default: [0, 0]][cell.arm] += cell.count }
    var merges: [String] = []
    while true {
      let present = counts.keys.sorted()
      guard let bad = present.first(where: { (counts[$0] ?? [0, 0]).contains(0) }) else { break }
      guard present.count > 1 else {
        throw .invalidData("the propensity strata cannot be merged into any stratum with both arms")
      }
      let position = present.firstIndex(of: bad) ?? 0
      let into = position + 1 < present.count ? present[position + 1] : present[position - 1]
      merges.append("stratum \(bad + 1) merged into stratum \(into + 1) (one arm was empty)")
      let moved = counts.removeValue(forKey: bad) ?? [0, 0]
      counts[into] = zip(counts[into] ?? [0, 0], moved).map { $0 + $1 }
      labels = labels.map { $0 == bad ? into : $0 }
    }
    if !merges.isEmpty { found = try cells(labels) }
    let present = Set(found.map(\.stratum)).sorted()
    var cell: [Int: [StratumCell]] = [:]
    for c in found { cell[c.stratum, default: []].append(c) }
    let treated = found.filter { $0.arm == 1 }.reduce(0) { $0 + $1.count }
    let controls = found.filter { $0.arm == 0 }.reduce(0) { $0 + $1.count }
    let targetCount: Int =
      switch problem.effect {
      case .averageTreatmentEffect: treated + controls
      case .averageTreatmentEffectOnTreated: treated
      case .averageTreatmentEffectOnControls: controls
      }
    guard targetCount > 0 else {
      throw .invalidData("no units in the target population of the \(problem.effect.rawValue)")
    }
    var value = 0.0
    var variance = 0.0
    for s in present {
      let cells = cell[s] ?? []
      guard let one = cells.first(where: { $0.arm == 1 }), let zero = cells.first(where: { $0.arm == 0 }) else {
        throw .invalidData("stratum \(s + 1) lacks an arm after merging")
      }
      let inTarget: Int =
        switch problem.effect {
        case .averageTreatmentEffect: one.count + zero.count
        case .averageTreatmentEffectOnTreated: one.count
        case .averageTreatmentEffectOnControls: zero.count
        }
      let w = Double(inTarget) / Double(targetCount)
      value += w * (one.mean - zero.mean)
      variance += w * w * (one.variance / Double(one.count) + zero.variance / Double(zero.count))
    }
    var result = EstimationResult(value: value, n: n)
    result.nTreated = treated
    result.nControl = controls
    result.warnings = merges
    if problem.pointOnly { return result }
    let bins = 20
    let summary = try call { () throws(AggregateFailure) in
      try source.scoreSummary(model.columns, coefficients: model.coefficients, arm: arm, bins: bins)
    }
    result.diagnostics =
      [
        DiagnosticValue("propensity min (treated)", value: summary.minimum[1]),
        DiagnosticValue("propensity max (treated)", value: summary.maximum[1]),
        DiagnosticValue("propensity min (control)", value: summary.minimum[0]),
        DiagnosticValue("propensity max (control)", value: summary.maximum[0]),
        DiagnosticValue(
          "units with propensity outside [0.01, 0.99]", value: Double(summary.outside), flagged: summary.outside > 0),
      ] + model.diagnostics(prefix: "propensity model ")
      + [
        DiagnosticValue("strata requested", value: Double(count)),
        DiagnosticValue("strata used", value: Double(present.count), flagged: present.count < count),
      ]
    result.models = [model.record(role: "propensity", kind: "logistic")]
    result.propensityHistogram = Histogram(
      edges: (0...bins).map { Double($0) / Double(bins) }, treated: summary.histogram[1],
      control: summary.histogram[0])
    result.apply(
      .wald(estimate: value, standardError: variance.squareRoot(), level: problem.confidenceLevel),
      method: "within-stratum variances (strata and scores treated as fixed; sums computed in the database)")
    return result
  }

  /// A database request, its failure as the estimate's.
  static func call<T>(_ body: () throws(AggregateFailure) -> T) throws(EstimationFailure) -> T {
    do throws(AggregateFailure) {
      return try body()
    } catch {
      throw .invalidData(error.message)
    }
  }
}
