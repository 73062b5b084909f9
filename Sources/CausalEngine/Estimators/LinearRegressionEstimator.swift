import NumericKernels
import StudyModel

/// `linear_regression`: OLS of the outcome on treatment, adjustment set and
/// treatment × modifier interactions; the effect is the g-computation
/// contrast averaged over the target units.
///
/// Model: `Y = β₀ + β_T T + Σ γ_j W_j + Σ_k β_k T M_k + ε`, with `M_k` the
/// modifier design columns (one-hot for categorical modifiers).
///
/// Estimand: `(t₁ − t₀) (β_T + Σ_k β_k m̄_k^S)`, where `m̄_k^S` is the mean of
/// `M_k` over the target units S (all units, the treated, or the controls),
/// so that ATT and ATC differ from the ATE exactly when modifiers are present
/// (DoWhy silently returns the ATE for them).
///
/// Uncertainty: the delta method with the coefficient covariance chosen by
/// `se` (HC1 by default; MacKinnon & White 1985; cluster-robust as in
/// Cameron & Miller 2015), treating the covariates as fixed (as Stata's
/// `margins` does). Intervals use Student t on the residual degrees of
/// freedom (G − 1 for cluster-robust errors).
///
/// Edge cases: an aliased treatment column is always fatal; other aliased
/// columns follow `policies.rank_deficiency`.
struct LinearRegressionEstimator: Estimator {
  static let method = EstimatorMethod.linearRegression

  func estimate(_ problem: EstimationProblem, options: LinearRegressionOptions) throws(EstimationFailure)
    -> EstimationResult
  {
    let design = ModelDesign.build(
      data: problem.data, treatment: problem.treatment, covariates: problem.adjustment,
      terms: problem.outcomeTerms, modifiers: problem.modifiers)
    let y = problem.data.values(problem.outcome)
    let fit = LeastSquares.fit(design: design.matrix, response: y, columnNames: design.names)
    var warnings: [String] = []
    guard let tColumn = design.treatmentColumn, !fit.aliasedColumns.contains(tColumn) else {
      throw .numerical(
        "the treatment '\(problem.treatment)' is collinear with the adjustment set: its effect cannot be separated")
    }
    if fit.isRankDeficient {
      try PolicyEnforcement.enforce(
        problem.policies.rankDeficiency, problem: "rank_deficiency",
        "the outcome model is rank deficient: aliased columns \(fit.aliasedColumnNames.joined(separator: ", ")) have no estimate",
        warnings: &warnings)
    }
    let target = problem.targetRows()
    guard !target.isEmpty else {
      throw .invalidData("no units in the target population of the \(problem.effect.rawValue)")
    }
    let gradient = Self.gradient(design: design, rows: target, contrast: problem.contrast)
    let value = zip(gradient, fit.coefficients).reduce(0.0) { $1.0 == 0 ? $0 : $0 + $1.0 * $1.1 }
    var result = EstimationResult(value: value, n: y.count)
    let t = problem.data.values(problem.treatment)
    if problem.data.isBinary(problem.treatment) {
      result.nTreated = t.filter { $0 == 1 }.count
      result.nControl = t.count - result.nTreated!
    }
    result.warnings = warnings
    result.diagnostics = Self.diagnostics(fit)
    if problem.pointOnly { return result }

    let kind = try Self.covarianceKind(options, data: problem.data)
    let covariance = fit.covariance(kind)
    let se = DeltaMethod.standardError(gradient: gradient, covariance: covariance)
    let df = Double(fit.degreesOfFreedom(kind))
    result.apply(
      .wald(estimate: value, standardError: se, level: problem.confidenceLevel, degreesOfFreedom: df),
      method: "delta method on OLS coefficients, \(Self.describe(kind)) covariance, Student t with \(Int(df)) df")
    result.models = [
      ModelRecord(
        role: "outcome", kind: "OLS", columns: design.names, coefficients: fit.coefficients.map(\.finiteOrNil),
        standardErrors: fit.standardErrors(kind).map(\.finiteOrNil), referenceLevels: design.referenceLevels)
    ]
    result.conditionalEffects = Self.conditionalEffects(
      problem: problem, design: design, coefficients: fit.coefficients, covariance: covariance, df: df)
    return result
  }

  /// The gradient of the averaged contrast with respect to the coefficients.
  static func gradient(design: ModelDesign, rows: [Int], contrast: Double) -> [Double] {
    var g = [Double](repeating: 0, count: design.matrix.columns)
    g[design.treatmentColumn!] = contrast
    for (k, column) in design.interactionColumns.enumerated() {
      let m = design.modifierColumns[k]
      let mean = rows.reduce(0.0) { $0 + m[$1] } / Double(rows.count)
      g[column] = contrast * mean
    }
    return g
  }

  /// Effects within each level (categorical) or quantile bin (continuous) of each modifier.
  static func conditionalEffects(
    problem: EstimationProblem, design: ModelDesign, coefficients: [Double], covariance: Matrix, df: Double
  ) -> [ConditionalEffect] {
    var effects: [ConditionalEffect] = []
    for group in ModifierGroups.groups(problem: problem) {
      let g = gradient(design: design, rows: group.rows, contrast: problem.contrast)
      let value = zip(g, coefficients).reduce(0.0) { $1.0 == 0 ? $0 : $0 + $1.0 * $1.1 }
      let se = DeltaMethod.standardError(gradient: g, covariance: covariance)
      let inference = Inference.wald(
        estimate: value, standardError: se, level: problem.confidenceLevel, degreesOfFreedom: df)
      effects.append(
        ConditionalEffect(
          modifier: group.modifier, level: group.label, n: group.rows.count, value: value.finiteOrNil,
          standardError: inference.standardError, confidenceInterval: inference.interval))
    }
    return effects
  }

  /// The coefficient covariance `se` asks for.
  static func covarianceKind(_ options: LinearRegressionOptions, data: AnalysisData) throws(EstimationFailure)
    -> CovarianceKind
  {
    switch options.standardErrors {
    case .classical: return .classical
    case .hc0: return .hc0
    case .hc2: return .hc2
    case .hc3: return .hc3
    case .cluster:
      guard let name = options.cluster else {
        throw .invalidData("se: cluster needs a 'cluster' column")
      }
      return .cluster(ClusterIdentifiers.codes(data.values(name)))
    default: return .hc1
    }
  }

  static func describe(_ kind: CovarianceKind) -> String {
    switch kind {
    case .classical: "classical"
    case .hc0: "HC0 sandwich"
    case .hc1: "HC1 sandwich"
    case .hc2: "HC2 sandwich"
    case .hc3: "HC3 sandwich"
    case .cluster(let ids): "cluster-robust (\(Set(ids).count) clusters)"
    }
  }

  static func diagnostics(_ fit: LeastSquaresFit) -> [DiagnosticValue] {
    var d = [
      DiagnosticValue("rank", value: Double(fit.rank)),
      DiagnosticValue("columns", value: Double(fit.coefficients.count)),
      DiagnosticValue("condition number", value: fit.conditionNumber.finiteOrNil, flagged: fit.conditionNumber > 1e10),
      DiagnosticValue("R squared", value: fit.rSquared.finiteOrNil),
      DiagnosticValue("residual df", value: Double(fit.residualDegreesOfFreedom)),
    ]
    if fit.isRankDeficient {
      d.append(DiagnosticValue("aliased columns", text: fit.aliasedColumnNames.joined(separator: ", "), flagged: true))
    }
    return d
  }
}

extension Double {
  /// `self`, or `nil` when not finite (records hold no NaN).
  var finiteOrNil: Double? { isFinite ? self : nil }
}

/// Integer cluster codes for a cluster column, in order of first appearance.
enum ClusterIdentifiers {
  static func codes(_ values: [Double]) -> [Int] {
    var seen: [Double: Int] = [:]
    return values.map { v in
      if let code = seen[v] { return code }
      let code = seen.count
      seen[v] = code
      return code
    }
  }
}
