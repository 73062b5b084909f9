import NumericKernels
import StudyModel

/// `placebo_time`: a fake adoption `shift` periods before the real one must
/// have no effect.
///
/// Every treated unit's adoption is moved `shift` periods earlier (periods
/// counted in the panel's sorted distinct periods; a fake date before the
/// first period is the first period). The placebo effect is then estimated
/// only where the real treatment has not started:
/// - `two_way_fixed_effects`: the rows of treated units from their real
///   adoption on are left out, and the fixed-effects coefficient of the
///   fake treatment is estimated on the rest (cluster-robust as the
///   estimate);
/// - `staggered_did`: ATT(g', t) of the shifted cohorts `g'` are estimated as
///   the estimate's options say, and the placebo effect is the
///   cohort-size-weighted mean of the cells with `g' ≤ t` and `t` before the
///   real adoption less the anticipation periods; its standard error comes
///   from the cells' influence functions with fixed weights (the weights'
///   estimation term is proportional to the cell effects and vanishes under
///   the null of no placebo effect), clustered as the estimate.
///
/// Rule: passes when the two-sided p-value of "placebo effect = 0" is at
/// least `alpha`. Not applicable when no unit is treated or no cell lies
/// between a fake and a real adoption.
struct PlaceboTimeRefuter: Refuter {
  static let kind = CheckKind.placeboTime

  func refute(_ context: RefutationContext) -> CheckRecord {
    let shift = context.check.options(as: PlaceboTimeOptions.self).shift
    let rule =
      "fails when a fake adoption \(shift) period\(shift == 1 ? "" : "s") before the real one has an effect before the real one: p < alpha"
    do throws(EstimationFailure) {
      guard let placebo = try estimate(context, shift: shift) else {
        return record(
          context, verdict: .notApplicable, rule: rule,
          detail: "no treated unit has a period between its fake and its real adoption")
      }
      guard let p = placebo.inference.pValue, let se = placebo.inference.standardError else {
        return record(
          context, verdict: .error, rule: rule,
          detail: "the placebo effect \(short(placebo.value)) has no standard error")
      }
      let fails = p < context.alpha
      var detail = "placebo effect \(short(placebo.value)) (se \(short(se))) on \(placebo.description), p = \(short(p))"
      if fails { detail += "; the outcome of the treated units moved before their adoption" }
      var r = record(context, verdict: fails ? .failed : .passed, rule: rule, detail: detail)
      r.statistic = p
      r.statisticName = "p (placebo effect = 0)"
      r.threshold = context.alpha
      r.reference = 0
      r.pValue = p
      r.values = [
        NamedValue("placebo effect", placebo.value),
        NamedValue("standard error", se),
        NamedValue("interval low", placebo.inference.interval?[0]),
        NamedValue("interval high", placebo.inference.interval?[1]),
      ]
      return r
    } catch {
      return record(context, verdict: .error, rule: rule, detail: "the placebo estimate failed: \(error.message)")
    }
  }

  struct Placebo {
    var value: Double
    var inference: Inference
    var description: String
  }

  func estimate(_ context: RefutationContext, shift: Int) throws(EstimationFailure) -> Placebo? {
    let problem = context.problem
    let panel = try PanelData.build(problem, covariates: [])
    let cohortIndex = panel.cohortIndexOfUnit
    guard cohortIndex.contains(where: { $0 != nil }) else { return nil }
    var fake = problem.data.values(problem.treatment)
    var keep: [Int] = []
    for r in 0..<panel.rowCount {
      let row = panel.dataRows[r]
      let period = panel.periodOfRow[r]
      guard let g = cohortIndex[panel.unitOfRow[r]] else {
        keep.append(row)
        continue
      }
      fake[row] = period >= max(0, g - shift) ? 1 : 0
      if period < g { keep.append(row) }
    }
    var shifted = problem
    shifted.data = problem.data.replacing(problem.treatment, with: fake)
    shifted.pointOnly = false
    switch problem.method {
    case .staggeredDid:
      return try staggered(shifted, context: context, shift: shift)
    default:
      shifted.data = shifted.data.rows(keep.sorted())
      let result = try context.estimator.estimate(shifted)
      guard let se = result.standardError else {
        return Placebo(
          value: result.value, inference: Inference(standardError: nil, interval: nil, pValue: nil),
          description: "\(result.n) rows before the real adoptions")
      }
      return Placebo(
        value: result.value,
        inference: Inference(standardError: se, interval: result.confidenceInterval, pValue: result.pValue),
        description: "\(result.n) rows before the real adoptions")
    }
  }

  /// The cohort-weighted mean of the shifted cohorts' cells before the real adoption.
  func staggered(_ problem: EstimationProblem, context: RefutationContext, shift: Int) throws(EstimationFailure)
    -> Placebo?
  {
    let options = problem.options(as: StaggeredDidOptions.self)
    let panel = try PanelData.build(problem, covariates: options.covariates)
    var engine = StaggeredDidEstimator.engineOptions(problem, options: options)
    engine.bootstrap = nil
    let fit = try CallawaySantAnna.estimate(panel, options: engine)
    let periods = fit.periods
    func index(_ period: Double) -> Int { periods.firstIndex(of: period) ?? 0 }
    // Cohort sizes (weighted) in the estimation sample, by unit label.
    let balanced = panel.balanced()
    var size: [Double: Double] = [:]
    var clusterOfLabel: [String: Int] = [:]
    let codes = problem.common.cluster == nil ? nil : problem.clusterCodes
    for r in 0..<balanced.rowCount where balanced.periodOfRow[r] == 0 {
      let u = balanced.unitOfRow[r]
      if let g = balanced.unitCohorts[u] { size[g, default: 0] += balanced.weights?[r] ?? 1 }
      if let codes { clusterOfLabel[balanced.unitLabels[u]] = codes[balanced.dataRows[r]] }
    }
    let cells = fit.cells.indices.filter { k in
      let c = fit.cells[k]
      return c.cohort <= c.time && index(c.time) < index(c.cohort) + shift - options.anticipation
        && c.value.isFinite
    }
    guard !cells.isEmpty else { return nil }
    let raw = cells.map { size[fit.cells[$0].cohort] ?? 0 }
    let total = raw.reduce(0, +)
    guard total > 0 else { return nil }
    let a = raw.map { $0 / total }
    var value = 0.0
    let n = fit.influence.units.count
    var psi = [Double](repeating: 0, count: n)
    for (j, k) in cells.enumerated() {
      value += a[j] * fit.cells[k].value
      let column = fit.influence.cells.column(k)
      for i in 0..<n { psi[i] += a[j] * column[i] }
    }
    let clusters = codes.map { _ in fit.influence.units.map { clusterOfLabel[$0] ?? 0 } }
    let variance = InfluenceVariance(units: n, clusters: clusters)
    let description = "\(cells.count) ATT(g,t) of the shifted cohorts before their real adoption"
    guard let se = variance.standardError(psi) else {
      return Placebo(
        value: value, inference: Inference(standardError: nil, interval: nil, pValue: nil), description: description)
    }
    return Placebo(
      value: value, inference: .wald(estimate: value, standardError: se, level: problem.confidenceLevel),
      description: description)
  }
}
