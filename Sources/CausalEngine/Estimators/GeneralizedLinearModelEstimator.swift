import NumericKernels
import StudyModel

/// `generalized_linear_model`: a logit, probit, Poisson or Gaussian outcome
/// model; the effect is the average predicted contrast over the target units.
///
/// Model: `g(E[Y | T, W]) = β₀ + β_T T + γᵀW + Σ β_k T M_k`, fitted by IRLS.
///
/// Estimand (`scale`), with `m₁ = mean_S μ(t₁, W_i)` and `m₀ = mean_S μ(t₀, W_i)`
/// over the target units S:
/// - `difference`: `m₁ − m₀` (the risk difference for a binary outcome);
/// - `ratio`: `m₁ / m₀`;
/// - `odds_ratio`: `[m₁/(1 − m₁)] / [m₀/(1 − m₀)]` (binomial only).
///
/// Uncertainty: the delta method with the inverse Fisher information (times
/// the estimated dispersion for the Gaussian family), or a sandwich with
/// sampling weights (HC0) or clusters (CR1, see ``covariance(_:problem:)``);
/// weighted data give weighted MLE and weighted means over S; ratios get intervals
/// on the log scale, exponentiated, and their p-value tests a ratio of 1.
/// Covariates are treated as fixed (Stata `margins`).
///
/// Edge cases: separation and non-convergence follow the study's policies.
struct GeneralizedLinearModelEstimator: Estimator {
  static let method = EstimatorMethod.generalizedLinearModel

  func estimate(_ problem: EstimationProblem, options: GeneralizedLinearModelOptions) throws(EstimationFailure)
    -> EstimationResult
  {
    let family: GLMFamily =
      switch options.family {
      case .binomial: .binomial
      case .poisson: .poisson
      case .gaussian: .gaussian
      }
    let link: GLMLink =
      switch options.link {
      case .logit: .logit
      case .probit: .probit
      case .log: .log
      case .identity: .identity
      }
    let y = problem.data.values(problem.outcome)
    if family == .binomial, !y.allSatisfy({ $0 == 0 || $0 == 1 }) {
      throw .invalidData("family binomial needs a 0/1 outcome; '\(problem.outcome)' has other values")
    }
    if family == .poisson, !y.allSatisfy({ $0 >= 0 && $0 == $0.rounded() }) {
      throw .invalidData(
        "family poisson needs a count outcome (whole numbers >= 0); '\(problem.outcome)' has other values")
    }
    let design = ModelDesign.build(
      data: problem.data, treatment: problem.treatment, covariates: problem.adjustment,
      terms: problem.outcomeTerms, modifiers: problem.modifiers)
    if let undefined = design.undefinedValue { throw .invalidData(undefined) }
    let weights = problem.weights
    let fit = GLM.fit(
      design: design.matrix, response: y, family: family, link: link, weights: weights, columnNames: design.names)
    var warnings: [String] = []
    try GLMChecks.check(
      fit, problem: problem, model: "outcome", treatmentColumns: design.treatmentColumns, warnings: &warnings)

    let target = problem.targetRows()
    guard !target.isEmpty else {
      throw .invalidData("no units in the target population of the \(problem.effect.rawValue)")
    }
    // The design with the treatment set to t₁ and t₀: only the columns that involve it change.
    let x = design.matrix
    let x1 = design.treatmentColumnValues(at: problem.treatmentValue)
    let x0 = design.treatmentColumnValues(at: problem.controlValue)
    let (m1, g1) = Self.meanPrediction(
      x, setting: x1, rows: target, coefficients: fit.coefficients, link: link, weights: weights)
    let (m0, g0) = Self.meanPrediction(
      x, setting: x0, rows: target, coefficients: fit.coefficients, link: link, weights: weights)
    let scale = options.scale
    let (value, gradient) = Self.contrast(scale, m1: m1, m0: m0, g1: g1, g0: g0)
    var result = EstimationResult(value: value, n: y.count)
    result.warnings = warnings
    result.diagnostics = GLMChecks.diagnostics(fit)
    Counting.arms(problem, into: &result)
    if problem.pointOnly { return result }
    let (covariance, covarianceName) = Self.covariance(fit, problem: problem)
    let se = DeltaMethod.standardError(gradient: gradient, covariance: covariance)
    Self.apply(
      scale, value: value, standardError: options.standardErrors != .bootstrap ? se : nil,
      method: "delta method on the \(family) \(link) fit, \(covarianceName)", m1: m1, m0: m0,
      level: problem.confidenceLevel, to: &result)
    result.models = [
      ModelRecord(
        role: "outcome", kind: "\(family) \(link)", columns: design.names,
        coefficients: fit.coefficients.map(\.finiteOrNil),
        standardErrors: (0..<covariance.rows).map { covariance[$0, $0].squareRoot().finiteOrNil },
        referenceLevels: design.referenceLevels, formula: design.formula(response: problem.outcome))
    ]
    result.heterogeneity = design.modifierInteractions.map { modifier, columns in
      WaldTest.chiSquare(
        modifier: modifier, coefficients: fit.coefficients, covariance: covariance,
        columns: columns.filter { !fit.aliasedColumns.contains($0) })
    }
    if !problem.modifiers.isEmpty {
      for group in ModifierGroups.groups(problem: problem) {
        let (a, ga) = Self.meanPrediction(
          x, setting: x1, rows: group.rows, coefficients: fit.coefficients, link: link, weights: weights)
        let (b, gb) = Self.meanPrediction(
          x, setting: x0, rows: group.rows, coefficients: fit.coefficients, link: link, weights: weights)
        let inference = Inference.wald(
          estimate: a - b,
          standardError: DeltaMethod.standardError(gradient: zip(ga, gb).map { $0 - $1 }, covariance: covariance),
          level: problem.confidenceLevel)
        result.conditionalEffects.append(
          ConditionalEffect(
            modifier: group.modifier, level: group.label, n: group.rows.count, value: (a - b).finiteOrNil,
            standardError: inference.standardError, confidenceInterval: inference.interval))
      }
      if scale != .difference {
        result.warnings.append("conditional effects are reported as differences of mean predictions")
      }
    }
    return result
  }

  /// The coefficients' covariance and its name: the inverse Fisher
  /// information (times the dispersion) for unweighted, unclustered data;
  /// with sampling weights the HC0 sandwich `A⁻¹ (Σ w²(y − μ)² μ′²/V² x xᵀ) A⁻¹`
  /// (no n/(n − 1) factor, as statsmodels; survey::svyglm's factor is in the
  /// fixture's alternatives); with clusters the CR1 sandwich `G/(G − 1)`.
  static func covariance(_ fit: GLMFit, problem: EstimationProblem) -> (Matrix, String) {
    if let clusters = problem.clusterCodes {
      let g = Set(clusters).count
      return (fit.clusterCovariance(clusters), "cluster-robust (CR1) sandwich covariance, \(g) clusters")
    }
    if problem.weightColumn != nil { return (fit.robustCovariance(), "HC0 sandwich covariance (sampling weights)") }
    return (fit.covariance, "inverse Fisher information")
  }

  /// The effect on `scale` from the mean predictions `m1`, `m0` and their
  /// gradients with respect to β: the difference `m1 − m0`, the ratio
  /// `m1/m0` or the odds ratio, with the gradient of the difference, of the
  /// log ratio, or of the log odds ratio (ratios get their intervals on the
  /// log scale).
  static func contrast(
    _ scale: GeneralizedLinearModelOptions.Scale, m1: Double, m0: Double, g1: [Double], g0: [Double]
  ) -> (value: Double, gradient: [Double]) {
    switch scale {
    case .ratio:
      (m1 / m0, zip(g1, g0).map { $0 / m1 - $1 / m0 })
    case .oddsRatio:
      ((m1 / (1 - m1)) / (m0 / (1 - m0)), zip(g1, g0).map { $0 / (m1 * (1 - m1)) - $1 / (m0 * (1 - m0)) })
    case .difference:
      (m1 - m0, zip(g1, g0).map { $0 - $1 })
    }
  }

  /// Puts the effect's interval into `result` (Wald for the difference; for
  /// ratios, Wald on the log scale with `standardError` that of the log),
  /// unless `standardError` is nil (another method gives the interval), and
  /// the two mean predictions as its components.
  static func apply(
    _ scale: GeneralizedLinearModelOptions.Scale, value: Double, standardError se: Double?, method: String,
    m1: Double, m0: Double, level: Double, to result: inout EstimationResult
  ) {
    if let se {
      if scale == .difference {
        result.apply(.wald(estimate: value, standardError: se, level: level), method: method)
      } else {
        result.apply(
          .ratio(value, logStandardError: se, level: level), method: method + ", interval on the log scale")
      }
    }
    result.components = [
      EffectComponent(
        name: "mean outcome under treatment", value: m1.finiteOrNil, standardError: nil, confidenceInterval: nil),
      EffectComponent(
        name: "mean outcome under control", value: m0.finiteOrNil, standardError: nil, confidenceInterval: nil),
    ]
  }

  /// The mean prediction over `rows` and its gradient with respect to β:
  /// `mean_i g⁻¹(x_iᵀβ)` and `mean_i (dμ/dη)_i x_i`, both weighted means
  /// (`Σ w_i · / Σ w_i`) when `weights` are given.
  ///
  /// `setting` replaces columns of `x` (by index) with other values, as
  /// ``ModelDesign/treatmentColumnValues(at:)`` gives them: the design with
  /// the treatment set to a value, without a copy of the whole matrix.
  static func meanPrediction(
    _ x: Matrix, setting: [Int: [Double]] = [:], rows: [Int], coefficients: [Double], link: GLMLink,
    weights: [Double]? = nil
  ) -> (Double, [Double]) {
    let beta = coefficients.map { $0.isFinite ? $0 : 0 }
    let replaced = (0..<x.columns).map { setting[$0] }
    var row = [Double](repeating: 0, count: x.columns)
    var mean = 0.0
    var total = 0.0
    var gradient = [Double](repeating: 0, count: x.columns)
    for i in rows {
      for j in 0..<x.columns { row[j] = replaced[j]?[i] ?? x[i, j] }
      var eta = 0.0
      for j in 0..<x.columns { eta += row[j] * beta[j] }
      let (mu, _, d) = link.inverse(eta)
      let w = weights?[i] ?? 1
      mean += w * mu
      total += w
      for j in 0..<x.columns { gradient[j] += w * d * row[j] }
    }
    return (mean / total, gradient.map { $0 / total })
  }
}

/// Checks of a GLM fit against the study's policies, shared by the
/// estimators that fit one.
enum GLMChecks {
  static func check(
    _ fit: GLMFit, problem: EstimationProblem, model: String, treatmentColumns: [Int] = [],
    warnings: inout [String]
  ) throws(EstimationFailure) {
    if !treatmentColumns.isEmpty, treatmentColumns.allSatisfy(fit.aliasedColumns.contains) {
      throw .numerical("the treatment is collinear with the adjustment set in the \(model) model")
    }
    if !fit.aliasedColumns.isEmpty {
      try PolicyEnforcement.enforce(
        problem.policies.rankDeficiency, problem: "rank_deficiency",
        "the \(model) model is rank deficient: aliased columns \(fit.aliasedColumnNames.joined(separator: ", "))",
        warnings: &warnings)
    }
    if let separation = fit.separation {
      let names = separation.columns.map { fit.columnNames[$0] }.joined(separator: ", ")
      let kind: String
      switch separation {
      case .complete: kind = "complete separation"
      case .quasiComplete(_, let units): kind = "quasi-complete separation (\(units) units perfectly predicted)"
      }
      try PolicyEnforcement.enforce(
        problem.policies.separation, problem: "separation",
        "the \(model) model shows \(kind)" + (names.isEmpty ? "" : " by \(names)"), warnings: &warnings)
    }
    if !fit.converged {
      try PolicyEnforcement.enforce(
        problem.policies.nonConvergence, problem: "non_convergence",
        "the \(model) model did not converge in \(fit.iterations) iterations", warnings: &warnings)
    }
  }

  static func diagnostics(_ fit: GLMFit, prefix: String = "") -> [DiagnosticValue] {
    var d = [
      DiagnosticValue(prefix + "iterations", value: Double(fit.iterations)),
      DiagnosticValue(
        prefix + "converged", value: fit.converged ? 1 : 0,
        text: fit.converged ? "yes (1)" : "no (0): the iterations stopped before the deviance settled",
        flagged: !fit.converged),
      DiagnosticValue(prefix + "rank", value: Double(fit.rank)),
      DiagnosticValue(prefix + "deviance", value: fit.deviance.finiteOrNil),
    ]
    if !fit.aliasedColumns.isEmpty {
      d.append(
        DiagnosticValue(prefix + "aliased columns", text: fit.aliasedColumnNames.joined(separator: ", "), flagged: true)
      )
    }
    if let s = fit.separation {
      d.append(DiagnosticValue(prefix + "separation", text: "\(s)", flagged: true))
    }
    return d
  }
}

/// Arm counts for a binary treatment.
enum Counting {
  /// Units at treatment_value and at control_value, for a binary or
  /// categorical treatment (a continuous one has no arms).
  static func arms(_ problem: EstimationProblem, into result: inout EstimationResult) {
    let categorical = problem.data.column(problem.treatment).kind == .categorical
    guard categorical || problem.data.isBinary(problem.treatment) else { return }
    let t = problem.data.values(problem.treatment)
    result.nTreated = t.reduce(0) { $0 + ($1 == problem.treatmentValue ? 1 : 0) }
    result.nControl = t.reduce(0) { $0 + ($1 == problem.controlValue ? 1 : 0) }
  }
}
