import Foundation
import NumericKernels
import StudyModel

/// `rd_bandwidth_sensitivity`: the estimate over a grid of bandwidths
/// (Imbens & Lemieux 2008, §7.3; Cattaneo, Idrobo & Titiunik 2020, §5.5).
///
/// The effect is re-estimated at `h = m · h₀` for each multiplier m, h₀ the
/// estimator's bandwidth, with b = h (rdrobust's default for a given h) and
/// everything else as the estimator. Rule: fails when any re-estimate (the
/// conventional local-polynomial estimate, like the estimate itself) lies
/// outside the estimate's confidence interval.
struct DiscontinuityBandwidthSensitivityRefuter: Refuter {
  static let kind = CheckKind.discontinuityBandwidthSensitivity

  func refute(_ context: RefutationContext) -> CheckRecord {
    let options = context.problem.options(as: RegressionDiscontinuityOptions.self)
    let multipliers = context.check.options(as: DiscontinuityBandwidthSensitivityOptions.self).multipliers
    let rule = "fails when the estimate at any bandwidth m·h (b = h) lies outside the estimate's confidence interval"
    guard let h0 = context.original.discontinuity?.bandwidth.below,
      let interval = context.original.confidenceInterval, interval.count == 2
    else {
      return record(context, verdict: .error, rule: rule, detail: "the estimate has no bandwidth or no interval")
    }
    let design: DiscontinuityDesign
    do {
      design = try DiscontinuityDesign(context.problem, options: options)
    } catch {
      return record(context, verdict: .error, rule: rule, detail: error.message)
    }
    let sample = design.sample()
    var fits: [CheckFit] = []
    for m in multipliers {
      do {
        let (fit, _, _) = try design.fit(sample, h: m * h0, b: m * h0)
        let rows = design.effectRows(fit)
        let row = options.inference == .robust ? rows.robust : rows.conventional
        let estimate = DiscontinuityDesign.estimate(row, level: context.problem.confidenceLevel)
        let value = rows.conventional.estimate
        fits.append(
          CheckFit(
            label: "\(short(m)) × h", at: m * h0, bandwidth: m * h0, estimate: value.finiteOrNil,
            standardError: estimate.standardError, confidenceInterval: estimate.confidenceInterval,
            pValue: estimate.pValue, n: fit.effectiveN.left + fit.effectiveN.right,
            passed: value >= interval[0] && value <= interval[1]))
      } catch {
        return record(
          context, verdict: .error, rule: rule, detail: "the fit at h = \(short(m * h0)) failed: \(error.message)")
      }
    }
    let failing = fits.filter { !$0.passed }
    let values = fits.compactMap(\.estimate)
    var r = record(
      context, verdict: failing.isEmpty ? .passed : .failed, rule: rule,
      detail: failing.isEmpty
        ? "the estimate stays within [\(short(interval[0])), \(short(interval[1]))] from h = \(short((multipliers.min() ?? 1) * h0)) to \(short((multipliers.max() ?? 1) * h0)) (range \(short(values.min() ?? .nan)) to \(short(values.max() ?? .nan)))"
        : "the estimate leaves [\(short(interval[0])), \(short(interval[1]))] at "
          + failing.map { "h = \(short($0.at ?? .nan)): \(short($0.estimate ?? .nan))" }.joined(separator: "; "))
    r.statistic = Double(failing.count)
    r.statisticName = "bandwidths outside the interval"
    r.threshold = 0
    r.reference = context.original.value
    r.values = [NamedValue("interval lower", interval[0]), NamedValue("interval upper", interval[1])]
    r.fits = fits
    return r
  }
}
