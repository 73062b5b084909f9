import Foundation
import NumericKernels
import StudyModel

/// `regression_discontinuity`: local-polynomial regression discontinuity,
/// sharp or fuzzy, as rdrobust estimates it (Calonico, Cattaneo & Titiunik
/// 2014; Calonico, Cattaneo & Farrell 2020; covariates: Calonico, Cattaneo,
/// Farrell & Titiunik 2019).
///
/// Estimand: the effect at the cutoff, `lim_{x↓c} E[Y | X = x] − lim_{x↑c}
/// E[Y | X = x]` oriented from the untreated to the treated side (sharp), or
/// that jump divided by the jump in the treatment (fuzzy: the effect for
/// compliers at the cutoff; Hahn, Todd & van der Klaauw 2001). Assumption:
/// the potential outcomes are continuous in the running variable at the
/// cutoff (and, when fuzzy, monotonicity). The design and the treated side
/// are decided from the data (``DiscontinuityDesign``).
///
/// `value` is the conventional local-polynomial estimate. With `inference:
/// robust` (the default) the standard error, interval and p-value are
/// rdrobust's Robust row: the bias-corrected estimate with the robust
/// standard error, so the interval is centred on the bias-corrected
/// estimate, not on `value`; with `conventional`, the conventional row. The
/// three rows, the bandwidths, the counts and the plot data are in the
/// record's `discontinuity` member. Bandwidths: ``DiscontinuityBandwidth``;
/// fit and variances: ``DiscontinuityFit``; plot: ``DiscontinuityPlotData``.
///
/// Reference implementation: Python rdrobust 2.1.1 (fixtures rdr_*,
/// weights_clusters), matched to 1e-8 relative with data-driven bandwidths.
struct RegressionDiscontinuityEstimator: Estimator {
  static let method = EstimatorMethod.regressionDiscontinuity

  func estimate(_ problem: EstimationProblem, options: RegressionDiscontinuityOptions) throws(EstimationFailure)
    -> EstimationResult
  {
    let design = try DiscontinuityDesign(problem, options: options)
    let sample = design.sample()
    let (fit, massPoints, selection) = try design.fit(sample)
    let rows = design.effectRows(fit)
    var result = EstimationResult(value: rows.conventional.estimate, n: sample.left.count + sample.right.count)
    result.warnings = design.warnings
    let level = problem.confidenceLevel
    result.deliveredEstimand =
      "the effect at the cutoff \(options.runningVariable) = \(JSONValue.format(options.cutoff))"
      + (design.design == .fuzzy ? " for compliers" : "")
    if problem.pointOnly { return result }

    let used = options.inference == .robust ? rows.robust : rows.conventional
    result.apply(
      Inference.wald(estimate: used.estimate, standardError: used.standardError, level: level),
      method: Self.uncertaintyMethod(options) + (problem.weightColumn.map { "; sampling weights (\($0))" } ?? ""))
    // Sides as the record names them: below (rdrobust's left) and above.
    func values(_ pair: SidePair<Double>) -> SideValues { SideValues(below: pair.left, above: pair.right) }
    func counts(_ pair: SidePair<Int>) -> SideCounts { SideCounts(below: pair.left, above: pair.right) }
    var firstStage: DiscontinuityFirstStage?
    if let stage = fit.firstStage {
      let sign = design.treatedSide == .below ? -1.0 : 1.0
      func oriented(_ row: DiscontinuityRow) -> DiscontinuityEstimate {
        DiscontinuityDesign.estimate(
          DiscontinuityRow(estimate: sign * row.estimate, standardError: row.standardError), level: level)
      }
      firstStage = DiscontinuityFirstStage(
        conventional: oriented(stage.conventional), biasCorrected: oriented(stage.biasCorrected),
        robust: oriented(stage.robust))
    }
    let plot = DiscontinuityPlotData.build(x: design.running, y: design.outcome, cutoff: options.cutoff)
    result.discontinuity = DiscontinuityRecord(
      runningVariable: options.runningVariable, cutoff: options.cutoff, design: design.design,
      treatedSide: design.treatedSide, treatedSideInferred: design.treatedSideInferred, treatedShare: design.share,
      kernel: options.kernel, order: options.order, biasOrder: options.order + 1, bandwidthSelection: selection,
      bandwidth: values(fit.h), biasBandwidth: values(fit.b), inference: options.inference,
      variance: options.standardErrors,
      conventional: DiscontinuityDesign.estimate(rows.conventional, level: level),
      biasCorrected: DiscontinuityDesign.estimate(rows.biasCorrected, level: level),
      robust: DiscontinuityDesign.estimate(rows.robust, level: level), firstStage: firstStage,
      observations: counts(fit.n), effectiveObservations: counts(fit.effectiveN), biasObservations: counts(fit.biasN),
      distinctValues: counts(fit.distinct), clusters: fit.clusters, massPointsAdjusted: massPoints,
      covariates: options.covariates, covariateCoefficients: fit.covariateCoefficients.map(\.finiteOrNil),
      limits: values(fit.limitsConventional),
      localPolynomial: SideCurves(
        below: fit.polynomial.left.map(\.finiteOrNil), above: fit.polynomial.right.map(\.finiteOrNil)),
      plot: plot.map { p in
        DiscontinuityPlotRecord(
          rule: p.massPoints ? "esmvpr" : "esmv", binCount: counts(p.binCount),
          bins: p.bins.map {
            DiscontinuityBinRecord(
              index: $0.index, lower: $0.lower, upper: $0.upper, meanX: $0.meanX, meanY: $0.meanY, n: $0.count)
          }, polynomialOrder: DiscontinuityPlotData.polynomialOrder,
          polynomial: SideCurves(
            below: p.polynomial.left.map(\.finiteOrNil), above: p.polynomial.right.map(\.finiteOrNil)))
      })
    result.diagnostics = Self.diagnostics(result.discontinuity)
    if design.design == .fuzzy, let stage = fit.firstStage {
      let f = pow(stage.conventional.estimate / stage.conventional.standardError, 2)
      if f < 10 {
        result.warnings.append(
          "the treatment's jump at the cutoff is weak (first-stage F = z² = \(JSONValue.format((f * 100).rounded() / 100)) < 10, Staiger & Stock 1997): the fuzzy ratio and its interval are unreliable"
        )
      }
    }
    return result
  }

  /// "robust bias-corrected (rdrobust), nearest-neighbour variance, …".
  static func uncertaintyMethod(_ options: RegressionDiscontinuityOptions) -> String {
    let variance: String
    switch options.standardErrors {
    case .hc0, .hc1, .hc2, .hc3: variance = options.standardErrors.rawValue.uppercased() + " plug-in residuals"
    case .cluster: variance = "cluster-robust CR1 (\(options.cluster ?? ""))"
    default: variance = "nearest-neighbour residuals (3 neighbours)"
    }
    let row =
      options.inference == .robust
      ? "robust bias-corrected interval (Calonico, Cattaneo & Titiunik 2014), centred on the bias-corrected estimate"
      : "conventional local-polynomial interval"
    return "\(row); \(variance); normal quantiles"
  }

  static func diagnostics(_ record: DiscontinuityRecord?) -> [DiagnosticValue] {
    guard let record else { return [] }
    var d = [
      DiagnosticValue(
        "design",
        text: record.design.rawValue + " (treated side: \(record.treatedSide.rawValue)"
          + (record.treatedSideInferred ? ", decided from the data)" : ", as the study says)")),
      DiagnosticValue("bandwidth h", value: record.bandwidth.below, text: record.bandwidthSelection),
      DiagnosticValue("bias bandwidth b", value: record.biasBandwidth.below, text: record.bandwidthSelection),
      DiagnosticValue("units within h (below)", value: Double(record.effectiveObservations.below)),
      DiagnosticValue("units within h (above)", value: Double(record.effectiveObservations.above)),
      DiagnosticValue("bias-corrected estimate", value: record.biasCorrected.estimate),
      DiagnosticValue("conventional standard error", value: record.conventional.standardError),
      DiagnosticValue("robust standard error", value: record.robust.standardError),
    ]
    if let stage = record.firstStage {
      d.append(DiagnosticValue("first stage (jump in treatment)", value: stage.conventional.estimate))
    }
    if record.massPointsAdjusted {
      d.append(DiagnosticValue("mass points", text: "at least 20% repeated running-variable values on a side"))
    }
    return d
  }
}
