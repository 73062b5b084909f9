import Foundation
import NumericKernels
import StudyModel

/// The propensity score `e(W) = P(D = 1 | W)` by logistic regression on the
/// adjustment set (and `propensity_terms`), unpenalised unless the estimator
/// asks for a ridge penalty.
///
/// Separation, non-convergence and rank deficiency follow the study's
/// policies. Scores within 1e-10 of 0 or 1 are a positivity violation,
/// reported under `policies.positivity`: an inverse weight of 1e10 makes any
/// weighted estimate meaningless.
struct PropensityModel: Sendable {
  var scores: [Double]
  var fit: GLMFit
  var design: ModelDesign
  var indicator: [Double]
  var warnings: [String]

  static let positivityTolerance = 1e-10

  static func fit(
    _ problem: EstimationProblem, indicator d: [Double], rows: [Int]? = nil
  ) throws(EstimationFailure) -> PropensityModel {
    let design = ModelDesign.build(
      data: problem.data, treatment: nil, covariates: problem.adjustment, terms: problem.propensityTerms)
    try design.requireDefined()
    let fit = GLM.fit(
      design: design.matrix, response: d, family: .binomial, link: .logit, weights: problem.weights,
      ridge: problem.propensityPenalty.ridgeStrength,
      columnNames: design.names, start: problem.propensityStart(names: design.names))
    var warnings: [String] = []
    try GLMChecks.check(fit, problem: problem, model: "propensity", warnings: &warnings)
    let scores = fit.fittedMeans
    let extreme = scores.filter { $0 < positivityTolerance || $0 > 1 - positivityTolerance }.count
    if extreme > 0 {
      try PolicyEnforcement.enforce(
        problem.policies.positivity, problem: "positivity",
        "\(extreme) unit\(extreme == 1 ? " has" : "s have") a propensity score within 1e-10 of 0 or 1: the arms do not overlap there",
        warnings: &warnings)
    }
    return PropensityModel(scores: scores, fit: fit, design: design, indicator: d, warnings: warnings)
  }

  /// Diagnostics: propensity range per arm and units outside [0.01, 0.99].
  func diagnostics() -> [DiagnosticValue] {
    var treated: [Double] = []
    var control: [Double] = []
    for i in scores.indices { if indicator[i] == 1 { treated.append(scores[i]) } else { control.append(scores[i]) } }
    let outside = scores.filter { $0 < 0.01 || $0 > 0.99 }.count
    return [
      DiagnosticValue("propensity min (treated)", value: treated.min()),
      DiagnosticValue("propensity max (treated)", value: treated.max()),
      DiagnosticValue("propensity min (control)", value: control.min()),
      DiagnosticValue("propensity max (control)", value: control.max()),
      DiagnosticValue("units with propensity outside [0.01, 0.99]", value: Double(outside), flagged: outside > 0),
    ] + GLMChecks.diagnostics(fit, prefix: "propensity model ")
  }

  /// Twenty equal-width bins on [0, 1], counted per arm.
  func histogram(bins: Int = 20) -> Histogram {
    var treated = [Int](repeating: 0, count: bins)
    var control = [Int](repeating: 0, count: bins)
    for i in scores.indices {
      let b = min(bins - 1, max(0, Int(scores[i] * Double(bins))))
      if indicator[i] == 1 { treated[b] += 1 } else { control[b] += 1 }
    }
    return Histogram(edges: (0...bins).map { Double($0) / Double(bins) }, treated: treated, control: control)
  }

  /// The fitted model, `treatment ~ covariates`, with its coefficients and
  /// standard errors; for two levels of a many-level categorical treatment,
  /// `I(treatment == level) ~ covariates` on the units at the two levels.
  func record(_ problem: EstimationProblem) -> ModelRecord {
    let response = problem.restriction?.indicator ?? problem.treatment
    let role = problem.restriction.map { "propensity (\($0.units))" } ?? "propensity"
    return design.record(
      role: role, kind: fit.ridge > 0 ? "logistic (ridge \(JSONValue.format(fit.ridge)))" : "logistic",
      response: response, glm: fit)
  }
}

/// Standardised mean differences of covariates between arms.
enum Balance {
  /// SMD of each design column (intercept excluded): the difference of the
  /// (weighted) arm means divided by the pooled unweighted standard deviation
  /// `sqrt((s₁² + s₀²)/2)` (Austin 2009), before and after weighting.
  static func rows(design: ModelDesign, indicator d: [Double], weights: [Double]?) -> [BalanceRow] {
    var rows: [BalanceRow] = []
    let n = design.matrix.rows
    for j in 0..<design.matrix.columns where j != design.interceptColumn {
      // Two passes over the column: per-arm sums (plain and weighted), then per-arm squares about the plain means.
      var count = [0.0, 0.0]
      var sum = [0.0, 0.0]
      var weightSum = [0.0, 0.0]
      var weighted = [0.0, 0.0]
      var squares = [0.0, 0.0]
      design.matrix.withUnsafeBufferPointer { mb in
        let x = mb.baseAddress! + j * n
        for i in 0..<n {
          let arm = d[i] == 1 ? 1 : 0
          count[arm] += 1
          sum[arm] += x[i]
          if let weights {
            weightSum[arm] += weights[i]
            weighted[arm] += weights[i] * x[i]
          }
        }
        let means = [sum[0] / count[0], sum[1] / count[1]]
        for i in 0..<n {
          let arm = d[i] == 1 ? 1 : 0
          squares[arm] += (x[i] - means[arm]) * (x[i] - means[arm])
        }
      }
      let m1 = sum[1] / count[1]
      let m0 = sum[0] / count[0]
      let v1 = count[1] > 1 ? squares[1] / (count[1] - 1) : 0
      let v0 = count[0] > 1 ? squares[0] / (count[0] - 1) : 0
      let pooled = ((v1 + v0) / 2).squareRoot()
      guard pooled > 0 else { continue }
      var after: Double?
      if weights != nil {
        after = ((weighted[1] / weightSum[1] - weighted[0] / weightSum[0]) / pooled).finiteOrNil
      }
      rows.append(BalanceRow(covariate: design.names[j], before: ((m1 - m0) / pooled).finiteOrNil, after: after))
    }
    return rows
  }
}
