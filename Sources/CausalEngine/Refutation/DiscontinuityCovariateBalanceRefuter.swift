import Foundation
import NumericKernels
import StudyModel

/// `rd_covariate_balance`: pre-determined covariates must be continuous at
/// the cutoff (Lee 2008; Cattaneo, Idrobo & Titiunik 2020, §5.2).
///
/// Each covariate (the check's `covariates`, else the estimator's) is taken
/// as the outcome of a sharp RD at the true cutoff, with the estimator's
/// kernel, order, bandwidth rule and variance and its own data-driven
/// bandwidth (unless the estimator's is given), and without covariate
/// adjustment. Rule: fails when any covariate's p-value (the estimator's
/// inference row) is below alpha/m, m the number of covariates (Bonferroni).
struct DiscontinuityCovariateBalanceRefuter: Refuter {
  static let kind = CheckKind.discontinuityCovariateBalance

  func refute(_ context: RefutationContext) -> CheckRecord {
    let options = context.problem.options(as: RegressionDiscontinuityOptions.self)
    let checkOptions = context.check.options(as: DiscontinuityCovariateBalanceOptions.self)
    let alpha = context.alpha
    let covariates = checkOptions.covariates ?? options.covariates
    let m = Double(max(1, covariates.count))
    let rule =
      "fails when the \(options.inference.rawValue) p-value of any covariate's jump at the cutoff < alpha/m = \(short(alpha))/\(covariates.count) (Bonferroni)"
    guard !covariates.isEmpty else {
      return record(
        context, verdict: .error, rule: rule,
        detail: "no covariate to test: list pre-determined covariates in the check's 'covariates' (or the estimator's)")
    }
    let design: DiscontinuityDesign
    do {
      design = try DiscontinuityDesign(context.problem, options: options)
    } catch {
      return record(context, verdict: .error, rule: rule, detail: error.message)
    }
    var fits: [CheckFit] = []
    for name in covariates {
      guard context.problem.data.contains(name) else {
        return record(context, verdict: .error, rule: rule, detail: "no column '\(name)' in the analysis data")
      }
      guard context.problem.data.column(name).kind != .categorical else {
        return record(
          context, verdict: .error, rule: rule,
          detail: "'\(name)' is categorical: test each category as a 0/1 indicator column instead")
      }
      let sample = design.sample(outcome: context.problem.data.values(name), fuzzy: false, covariates: false)
      do {
        fits.append(
          try design.checkFit(
            sample, options: options, level: context.problem.confidenceLevel, label: name, at: nil,
            threshold: alpha / m))
      } catch {
        return record(context, verdict: .error, rule: rule, detail: "the fit for \(name) failed: \(error.message)")
      }
    }
    let failing = fits.filter { !$0.passed }
    let smallest = fits.compactMap(\.pValue).min() ?? .nan
    var r = record(
      context, verdict: failing.isEmpty ? .passed : .failed, rule: rule,
      detail: failing.isEmpty
        ? "no covariate jumps at the cutoff (\(fits.count) tested, smallest p = \(short(smallest)))"
        : "covariates jump at the cutoff: "
          + failing.map { "\($0.label) by \(short($0.estimate ?? .nan)) (p = \(short($0.pValue ?? .nan)))" }.joined(
            separator: "; ") + "; units on the two sides differ in more than the treatment")
    r.statistic = smallest
    r.statisticName = "smallest p-value"
    r.threshold = alpha / m
    r.pValue = smallest
    r.fits = fits
    return r
  }
}
