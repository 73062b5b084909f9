import StudyModel

extension DiscontinuityDesign {
  /// One test of an RD check (a covariate at the cutoff, the outcome at a
  /// false cutoff): `sample` fitted with the estimator's rules and its own
  /// data-driven bandwidth (unless the estimator's is fixed), reported with
  /// the estimator's inference row; the test passes when that p-value is at
  /// least `threshold` (alpha/m under Bonferroni). The estimate shown is the
  /// conventional one, as rdrobust prints it.
  func checkFit(
    _ sample: DiscontinuitySample, options: RegressionDiscontinuityOptions, level: Double, label: String,
    at point: Double?, threshold: Double
  ) throws(EstimationFailure) -> CheckFit {
    let given: Double? = if case .fixed(let h) = options.bandwidth { h } else { nil }
    let (fit, _, _) = try self.fit(sample, h: given)
    let row = options.inference == .robust ? fit.rows.robust : fit.rows.conventional
    let estimate = Self.estimate(row, level: level)
    return CheckFit(
      label: label, at: point, bandwidth: fit.h.left, estimate: fit.rows.conventional.estimate.finiteOrNil,
      standardError: estimate.standardError, confidenceInterval: estimate.confidenceInterval,
      pValue: estimate.pValue, n: fit.effectiveN.left + fit.effectiveN.right,
      passed: (estimate.pValue ?? 0) >= threshold)
  }
}
