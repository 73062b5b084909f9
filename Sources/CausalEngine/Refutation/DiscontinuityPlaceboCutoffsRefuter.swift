import Foundation
import NumericKernels
import StudyModel

/// `rd_placebo_cutoffs`: the outcome's jump at false cutoffs, where there
/// should be none (Imbens & Lemieux 2008, §7.2; Cattaneo, Idrobo & Titiunik
/// 2020, §5.3).
///
/// Each false cutoff c′ (by default the median of the running variable on
/// each side of the true cutoff c) is tested with the units on its own side of
/// c only, so the true jump cannot leak in: a sharp RD of the outcome at c′
/// with the estimator's kernel, order, bandwidth rule, variance and covariates
/// (its own data-driven bandwidth unless the estimator's is given).
/// Rule: fails when any placebo's p-value (the estimator's inference row:
/// robust or conventional) is below alpha/m, m the number of cutoffs
/// (Bonferroni).
struct DiscontinuityPlaceboCutoffsRefuter: Refuter {
  static let kind = CheckKind.discontinuityPlaceboCutoffs

  func refute(_ context: RefutationContext) -> CheckRecord {
    let options = context.problem.options(as: RegressionDiscontinuityOptions.self)
    let checkOptions = context.check.options(as: DiscontinuityPlaceboCutoffsOptions.self)
    let alpha = context.alpha
    let design: DiscontinuityDesign
    do {
      design = try DiscontinuityDesign(context.problem, options: options)
    } catch {
      return record(context, verdict: .error, rule: "", detail: error.message)
    }
    let c = options.cutoff
    let x = design.running
    let below = x.indices.filter { x[$0] < c }
    let above = x.indices.filter { x[$0] >= c }
    let cutoffs = checkOptions.cutoffs ?? [Self.median(below.map { x[$0] }), Self.median(above.map { x[$0] })]
    let m = Double(cutoffs.count)
    let rule =
      "fails when the \(options.inference.rawValue) p-value of the outcome's jump at any false cutoff < alpha/m = \(short(alpha))/\(cutoffs.count) (Bonferroni), each cutoff tested on its own side of \(short(c))"
    var fits: [CheckFit] = []
    for placebo in cutoffs {
      guard placebo != c else {
        return record(context, verdict: .error, rule: rule, detail: "\(short(placebo)) is the true cutoff")
      }
      let rows = placebo < c ? below : above
      let label = "\(short(placebo)) (\(placebo < c ? "below" : "above") the cutoff)"
      let sample = design.sample(fuzzy: false, cutoff: placebo, rows: rows)
      guard sample.left.count > 0, sample.right.count > 0 else {
        return record(
          context, verdict: .error, rule: rule,
          detail: "no unit on one side of the false cutoff \(short(placebo)) within its side of the true cutoff")
      }
      do {
        fits.append(
          try design.checkFit(
            sample, options: options, level: context.problem.confidenceLevel, label: label, at: placebo,
            threshold: alpha / m))
      } catch {
        return record(
          context, verdict: .error, rule: rule,
          detail: "the fit at the false cutoff \(short(placebo)) failed: \(error.message)")
      }
    }
    let failing = fits.filter { !$0.passed }
    let smallest = fits.compactMap(\.pValue).min() ?? .nan
    var r = record(
      context, verdict: failing.isEmpty ? .passed : .failed, rule: rule,
      detail: failing.isEmpty
        ? "no jump at \(fits.count) false cutoff\(fits.count == 1 ? "" : "s") (smallest p = \(short(smallest)))"
        : "the outcome jumps at "
          + failing.map { "\($0.label): \(short($0.estimate ?? .nan)), p = \(short($0.pValue ?? .nan))" }.joined(
            separator: "; "))
    r.statistic = smallest
    r.statisticName = "smallest p-value"
    r.threshold = alpha / m
    r.pValue = smallest
    r.fits = fits
    return r
  }

  /// The median (mean of the two middle values for an even count), as numpy.
  static func median(_ values: [Double]) -> Double {
    let s = values.sorted()
    let k = s.count
    guard k > 0 else { return .nan }
    return k % 2 == 1 ? s[k / 2] : (s[k / 2 - 1] + s[k / 2]) / 2
  }
}
