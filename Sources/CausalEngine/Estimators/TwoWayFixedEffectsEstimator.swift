import Foundation
import NumericKernels
import StudyModel

/// `two_way_fixed_effects`: the coefficient of the treatment in
/// `Y_it = α_i + λ_t + β D_it + ε_it` (``TwoWayFixedEffects``).
///
/// Estimand: with a common adoption date and effects constant over time,
/// the ATT; under staggered adoption with effects that vary across cohorts
/// or over time, `β` is a weighted average of cohort-period effects with
/// possibly negative weights (de Chaisemartin & D'Haultfœuille 2020), and of
/// 2×2 comparisons some of which use already-treated units as controls
/// (Goodman-Bacon 2021). Both diagnostics are recorded (the decomposition as
/// ``EstimationResult/bacon``, the negative weights as diagnostics) and
/// produce warnings when they apply; `staggered_did` is the estimator for
/// that design.
///
/// Inference: cluster-robust, by unit unless `params.cluster` names
/// another column, with fixest's small-sample correction and a t
/// distribution on `G − 1` degrees of freedom; `se: bootstrap` resamples
/// whole units (or clusters). Sampling weights (`data.weights`) give
/// weighted least squares.
struct TwoWayFixedEffectsEstimator: Estimator {
  static let method = EstimatorMethod.twoWayFixedEffects

  func estimate(_ problem: EstimationProblem, options: TwoWayFixedEffectsOptions) throws(EstimationFailure)
    -> EstimationResult
  {
    let panel = try PanelData.build(problem, covariates: [])
    let codes = problem.common.cluster == nil ? nil : problem.clusterCodes
    let fit = try TwoWayFixedEffects.estimate(panel, clusters: codes.map { c in panel.dataRows.map { c[$0] } })
    var result = EstimationResult(value: fit.value, n: fit.n)
    let treatedUnits = panel.unitCohorts.filter { $0 != nil }.count
    result.nTreated = treatedUnits
    result.nControl = panel.unitCount - treatedUnits
    result.warnings = fit.warnings
    if problem.pointOnly { return result }
    result.apply(
      .wald(
        estimate: fit.value, standardError: fit.standardError, level: problem.confidenceLevel,
        degreesOfFreedom: Double(fit.degreesOfFreedom)),
      method:
        "cluster-robust by \(problem.common.cluster ?? problem.panel?.unit ?? "unit") (CR1, fixest's small-sample correction, t with G - 1 df)"
    )
    result.pValue = fit.pValue
    result.models = [
      ModelRecord(
        role: "outcome", kind: "two-way fixed effects (within transformation)", columns: [problem.treatment],
        coefficients: [fit.value], standardErrors: [fit.standardError],
        formula:
          "\(problem.outcome) ~ \(problem.treatment) | \(problem.panel?.unit ?? "unit") + \(problem.panel?.time ?? "time")"
      )
    ]
    result.bacon = (fit.bacon ?? []).map { c in
      BaconComponent(
        comparison: Self.comparison(c.type), treated: c.treated, control: c.control, estimate: c.estimate.finiteOrNil,
        weight: c.weight)
    }
    result.diagnostics = [
      DiagnosticValue("clusters", value: Double(fit.clusters)),
      DiagnosticValue("small-sample factor", value: fit.smallSampleFactor),
    ]
    if let negative = fit.negativeWeights {
      result.diagnostics.append(
        DiagnosticValue("treated unit-periods", value: Double(negative.total)))
      result.diagnostics.append(
        DiagnosticValue("negative weights", value: Double(negative.count), flagged: negative.count > 0))
      result.diagnostics.append(
        DiagnosticValue(
          "share of negative weights", value: negative.total > 0 ? Double(negative.count) / Double(negative.total) : 0,
          flagged: negative.count > 0))
      result.diagnostics.append(DiagnosticValue("sum of negative weights", value: negative.sum))
    }
    if let sensitivity = fit.sensitivity {
      result.diagnostics.append(DiagnosticValue("sigma_fe (de Chaisemartin & D'Haultfoeuille)", value: sensitivity))
    }
    if let note = fit.baconNote {
      result.diagnostics.append(DiagnosticValue("Goodman-Bacon decomposition", text: note))
    }
    let forbidden = result.bacon.filter {
      $0.comparison == Self.comparison(TwoWayFixedEffects.BaconType.laterVersusEarlier)
    }
    .reduce(0) { $0 + $1.weight }
    if !result.bacon.isEmpty {
      result.diagnostics.append(
        DiagnosticValue("weight of already-treated controls", value: forbidden, flagged: forbidden > 0))
    }
    if !fit.setAside.isEmpty {
      result.diagnostics.append(
        DiagnosticValue("singleton rows set aside", value: Double(fit.setAside.count), flagged: true))
    }
    return result
  }

  /// The record's words for a comparison of the decomposition.
  static func comparison(_ type: String) -> String {
    switch type {
    case TwoWayFixedEffects.BaconType.treatedVersusUntreated: "treated vs never treated"
    case TwoWayFixedEffects.BaconType.earlierVersusLater: "earlier vs later treated"
    case TwoWayFixedEffects.BaconType.laterVersusEarlier: "later vs earlier treated"
    default: type
    }
  }
}
