import NumericKernels
import StudyModel

/// `linear_regression`: OLS of the outcome on the treatment, the adjustment
/// set, the effect modifiers with their treatment interactions, and the
/// study's terms; the effect is the g-computation (standardisation) contrast
/// averaged over the target units.
///
/// Model (``ModelDesign``): `Y = xᵀβ + ε`, with `x` the design row: the
/// treatment (dummy-coded when categorical), the covariates, each modifier's
/// main effect and its interaction with the treatment, and the extra terms
/// (which may involve the treatment: `t:x`, `t^2`).
///
/// Estimand: `mean_S [x_i(t₁) − x_i(t₀)]ᵀ β` over the target units S (all
/// units, those at treatment_value, or those at control_value), every column
/// that involves the treatment re-evaluated at each level. Without treatment
/// terms or modifiers this is `(t₁ − t₀) β_T`; with them, ATT and ATC differ
/// from the ATE exactly as the model says (DoWhy silently returns the ATE).
/// Conditional effects: the same contrast averaged over each modifier level
/// or bin (``ModifierGroups``). Heterogeneity: per modifier, the Wald
/// chi-square test that its treatment interactions are all 0.
///
/// Sampling weights (`data.weights`): weighted least squares, and weighted
/// means over S, `g = Σ_S w_i [x_i(t₁) − x_i(t₀)] / Σ_S w_i`; the HC0/HC1 and
/// cluster covariances then hold `w_i² e_i²` (Stata's `[pweight]`).
///
/// Uncertainty: the contrast is linear in β, so the delta method is exact:
/// `SE = √(gᵀ V g)` with `g = mean_S [x_i(t₁) − x_i(t₀)]` and V the
/// coefficient covariance chosen by `se` (HC1 by default; MacKinnon & White
/// 1985; cluster-robust as in Cameron & Miller 2015), covariates treated as
/// fixed (as Stata's `margins`). Intervals use Student t on the residual
/// degrees of freedom (G − 1 for cluster-robust errors).
///
/// Edge cases: an aliased treatment column is always fatal; other aliased
/// columns follow `policies.rank_deficiency`; a transform undefined on the
/// data (`log` of a value ≤ 0) is invalid data.
struct LinearRegressionEstimator: Estimator {
  static let method = EstimatorMethod.linearRegression

  func estimate(_ problem: EstimationProblem, options: LinearRegressionOptions) throws(EstimationFailure)
    -> EstimationResult
  {
    let design = ModelDesign.build(
      data: problem.data, treatment: problem.treatment, covariates: problem.adjustment,
      terms: problem.outcomeTerms, modifiers: problem.modifiers)
    if let undefined = design.undefinedValue { throw .invalidData(undefined) }
    let y = problem.data.values(problem.outcome)
    let weights = problem.weights
    let fit = LeastSquares.fit(design: design.matrix, response: y, weights: weights, columnNames: design.names)
    var warnings: [String] = []
    guard !design.treatmentColumns.isEmpty, !design.treatmentColumns.allSatisfy(fit.aliasedColumns.contains),
      design.treatmentColumn.map({ !fit.aliasedColumns.contains($0) }) ?? true
    else {
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
    let gradient = design.contrastGradient(
      rows: target, treated: problem.treatmentValue, control: problem.controlValue, weights: weights)
    let value = Self.dot(gradient, fit.coefficients)
    var result = EstimationResult(value: value, n: y.count)
    Counting.arms(problem, into: &result)
    result.warnings = warnings
    result.diagnostics = Self.diagnostics(fit)
    if problem.pointOnly { return result }

    let kind = try Self.covarianceKind(options, problem: problem)
    let covariance = fit.covariance(kind)
    let se = DeltaMethod.standardError(gradient: gradient, covariance: covariance)
    let df = Double(fit.degreesOfFreedom(kind))
    result.apply(
      .wald(estimate: value, standardError: se, level: problem.confidenceLevel, degreesOfFreedom: df),
      method: "delta method on OLS coefficients, \(Self.describe(kind)) covariance, Student t with \(Int(df)) df")
    result.models = [
      ModelRecord(
        role: "outcome", kind: "OLS", columns: design.names, coefficients: fit.coefficients.map(\.finiteOrNil),
        standardErrors: fit.standardErrors(kind).map(\.finiteOrNil), referenceLevels: design.referenceLevels,
        formula: design.formula(response: problem.outcome))
    ]
    for group in ModifierGroups.groups(problem: problem) {
      let g = design.contrastGradient(
        rows: group.rows, treated: problem.treatmentValue, control: problem.controlValue, weights: weights)
      let effect = Self.dot(g, fit.coefficients)
      let inference = Inference.wald(
        estimate: effect, standardError: DeltaMethod.standardError(gradient: g, covariance: covariance),
        level: problem.confidenceLevel, degreesOfFreedom: df)
      result.conditionalEffects.append(
        ConditionalEffect(
          modifier: group.modifier, level: group.label, n: group.rows.count, value: effect.finiteOrNil,
          standardError: inference.standardError, confidenceInterval: inference.interval))
    }
    result.heterogeneity = design.modifierInteractions.map { modifier, columns in
      WaldTest.chiSquare(
        modifier: modifier, coefficients: fit.coefficients, covariance: covariance,
        columns: columns.filter { !fit.aliasedColumns.contains($0) })
    }
    return result
  }

  /// `Σ g_j β_j` over the columns with a non-zero weight (aliased columns,
  /// whose coefficient is NaN, have weight 0 unless the contrast needs them).
  static func dot(_ g: [Double], _ beta: [Double]) -> Double {
    zip(g, beta).reduce(0.0) { $1.0 == 0 ? $0 : $0 + $1.0 * $1.1 }
  }

  /// The coefficient covariance `se` asks for.
  static func covarianceKind(_ options: LinearRegressionOptions, problem: EstimationProblem) throws(EstimationFailure)
    -> CovarianceKind
  {
    switch options.standardErrors {
    case .classical: return .classical
    case .hc0: return .hc0
    case .hc2: return .hc2
    case .hc3: return .hc3
    case .cluster:
      guard let codes = problem.clusterCodes else {
        throw .invalidData("se: cluster needs a 'cluster' column")
      }
      return .cluster(codes)
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
