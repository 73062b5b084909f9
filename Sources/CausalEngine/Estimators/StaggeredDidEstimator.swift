import Foundation
import NumericKernels
import StudyModel

/// `staggered_did`: Callaway & Sant'Anna (2021) group-time average
/// treatment effects on the treated, aggregated (``CallawaySantAnna``).
///
/// Estimand: the ATT under parallel trends (conditional on `covariates`
/// when given) and no anticipation beyond `anticipation` periods. The
/// estimate is the aggregation `aggregation` names: `simple` (every
/// post-treatment ATT(g,t) weighted by cohort size), `dynamic` (the mean of
/// the event-study effects at event times `e ≥ 0`), `group` (cohort effects
/// weighted by cohort size) or `calendar` (the mean of the period effects).
/// Every record carries the event study and every ATT(g,t); `group` and
/// `calendar` also list their per-cohort or per-period effects as
/// components.
///
/// Inference: normal Wald intervals from the influence functions, clustered
/// by unit (or by `params.cluster`, a grouping of units); with
/// `uniform_bands`, a multiplier bootstrap of `bootstrap` replicates
/// (Rademacher, as R `did`) gives simultaneous bands over the event times.
/// With `se: bootstrap` the standard error comes from the bootstrap of whole
/// units instead.
///
/// Sample: R `did`'s rules (an unbalanced panel is balanced first, listed in
/// the warnings; units treated in the first period are dropped). `n` is the
/// number of rows of the balanced panel; the arms count treated and
/// never-treated units.
struct StaggeredDidEstimator: Estimator {
  static let method = EstimatorMethod.staggeredDid

  func estimate(_ problem: EstimationProblem, options: StaggeredDidOptions) throws(EstimationFailure)
    -> EstimationResult
  {
    let panel = try PanelData.build(problem, covariates: options.covariates)
    let fit = try CallawaySantAnna.estimate(panel, options: Self.engineOptions(problem, options: options))
    return Self.result(fit, panel: panel, problem: problem, options: options)
  }

  /// The engine's options for a problem.
  static func engineOptions(_ problem: EstimationProblem, options: StaggeredDidOptions) -> CallawaySantAnna.Options {
    let control: CallawaySantAnna.ControlGroup =
      switch options.controlGroup {
      case .neverTreated: .neverTreated
      case .notYetTreated: .notYetTreated
      }
    let approach: CallawaySantAnna.Approach =
      switch options.approach {
      case .doublyRobust: .doublyRobust
      case .outcomeRegression: .outcomeRegression
      case .inverseProbability: .inverseProbability
      }
    let base: CallawaySantAnna.BasePeriod =
      switch options.basePeriod {
      case .varying: .varying
      case .universal: .universal
      }
    let bands = options.uniformBands && !problem.pointOnly
    return CallawaySantAnna.Options(
      controlGroup: control, approach: approach, basePeriod: base, anticipation: options.anticipation,
      covariates: options.covariates, confidenceLevel: problem.confidenceLevel,
      bootstrap: bands ? problem.common.bootstrapReplicates : nil, seed: problem.seed,
      streamLabel: "estimators:\(problem.estimatorName)",
      clusters: problem.common.cluster == nil ? nil : problem.clusterCodes)
  }

  static func result(
    _ fit: CallawaySantAnna.Result, panel: PanelData, problem: EstimationProblem, options: StaggeredDidOptions
  ) -> EstimationResult {
    let level = problem.confidenceLevel
    let chosen: CallawaySantAnna.Aggregate =
      switch options.aggregation {
      case .simple: fit.simple
      case .dynamic: fit.dynamic
      case .group: fit.group
      case .calendar: fit.calendar
      }
    var result = EstimationResult(value: chosen.value, n: fit.units * fit.periods.count)
    result.nTreated = fit.units - fit.neverTreatedUnits
    result.nControl = fit.neverTreatedUnits
    result.warnings = fit.warnings
    if let se = chosen.standardError {
      result.apply(
        .wald(estimate: chosen.value, standardError: se, level: level),
        method: "influence function, clustered by \(problem.common.cluster ?? "unit")")
    }
    func interval(_ value: Double, _ se: Double?, _ q: Double?) -> [Double]? {
      guard let se, let q, value.isFinite else { return nil }
      return [value - q * se, value + q * se]
    }
    let z = Normal.quantile(0.5 + level / 2)
    result.eventStudy = fit.dynamic.elements.map { e in
      EventStudyPoint(
        eventTime: Int(e.key.rounded()), value: e.value.finiteOrNil, standardError: e.standardError,
        confidenceInterval: interval(e.value, e.standardError, z),
        uniformBand: interval(e.value, e.standardError, fit.dynamic.uniformCriticalValue))
    }
    result.groupTime = fit.cells.map { c in
      GroupTimeEffect(
        cohort: c.cohort, time: c.time, basePeriod: c.basePeriod, value: c.value.finiteOrNil,
        standardError: c.standardError)
    }
    let componentName: ((Double) -> String)? =
      switch options.aggregation {
      case .group: { "cohort \(PanelData.format($0))" }
      case .calendar: { "period \(PanelData.format($0))" }
      case .simple, .dynamic: nil
      }
    if let componentName {
      result.components = chosen.elements.map { e in
        EffectComponent(
          name: componentName(e.key), value: e.value.finiteOrNil, standardError: e.standardError,
          confidenceInterval: interval(e.value, e.standardError, z))
      }
    }
    if let test = fit.preTest {
      result.preTrends = PreTrendTest(
        statistic: test.statistic, degreesOfFreedom: test.df, pValue: test.pValue, unavailable: nil)
      result.diagnostics.append(DiagnosticValue("pre-trend Wald statistic", value: test.statistic))
      result.diagnostics.append(DiagnosticValue("pre-trend degrees of freedom", value: Double(test.df)))
      result.diagnostics.append(DiagnosticValue("pre-trend p-value", value: test.pValue))
    } else {
      result.preTrends = PreTrendTest(
        statistic: nil, degreesOfFreedom: fit.preTestCells, pValue: nil,
        unavailable: fit.preTestCells == 0
          ? "no pre-treatment ATT(g,t) has a standard error (no cohort is observed before its adoption with a comparison)"
          : "the covariance of the pre-treatment ATT(g,t) is singular")
    }
    result.diagnostics.append(DiagnosticValue("units", value: Double(fit.units)))
    result.diagnostics.append(DiagnosticValue("periods", value: Double(fit.periods.count)))
    result.diagnostics.append(
      DiagnosticValue("cohorts", text: fit.cohorts.map(PanelData.format).joined(separator: ", ")))
    result.diagnostics.append(DiagnosticValue("aggregation", text: options.aggregation.rawValue))
    result.diagnostics.append(DiagnosticValue("control group", text: options.controlGroup.rawValue))
    result.diagnostics.append(DiagnosticValue("2x2 estimator", text: options.approach.rawValue))
    if let q = fit.dynamic.uniformCriticalValue {
      result.diagnostics.append(DiagnosticValue("uniform band critical value (event study)", value: q))
    }
    if !fit.droppedForBalance.isEmpty {
      result.diagnostics.append(
        DiagnosticValue(
          "units dropped to balance the panel", value: Double(fit.droppedForBalance.count), flagged: true))
    }
    if !fit.droppedAlreadyTreated.isEmpty {
      result.diagnostics.append(
        DiagnosticValue(
          "units treated in the first period (dropped)", value: Double(fit.droppedAlreadyTreated.count),
          flagged: true))
    }
    return result
  }
}
