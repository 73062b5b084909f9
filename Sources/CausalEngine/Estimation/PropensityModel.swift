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

  static func fit(_ problem: EstimationProblem, indicator d: [Double], rows: [Int]? = nil) throws(EstimationFailure)
    -> PropensityModel
  {
    let design = ModelDesign.build(
      data: problem.data, treatment: nil, covariates: problem.adjustment, terms: problem.propensityTerms)
    let ridge = problem.params.string("penalty") == "ridge" ? (problem.params.double("ridge_strength") ?? 1) : 0
    let fit = GLM.fit(
      design: design.matrix, response: d, family: .binomial, link: .logit, ridge: ridge, columnNames: design.names)
    var warnings: [String] = []
    try GLMChecks.check(fit, problem: problem, model: "propensity", treatmentColumn: nil, warnings: &warnings)
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

  func record() -> ModelRecord {
    ModelRecord(
      role: "propensity", kind: fit.ridge > 0 ? "logistic (ridge \(JSONValue.format(fit.ridge)))" : "logistic",
      columns: design.names, coefficients: fit.coefficients.map(\.finiteOrNil),
      standardErrors: fit.standardErrors.map(\.finiteOrNil), referenceLevels: design.referenceLevels)
  }
}

/// Standardised mean differences of covariates between arms.
enum Balance {
  /// SMD of each design column (intercept excluded): the difference of the
  /// (weighted) arm means divided by the pooled unweighted standard deviation
  /// `sqrt((s₁² + s₀²)/2)` (Austin 2009), before and after weighting.
  static func rows(design: ModelDesign, indicator d: [Double], weights: [Double]?) -> [BalanceRow] {
    var rows: [BalanceRow] = []
    for j in 0..<design.matrix.columns where j != design.interceptColumn {
      let x = design.matrix.column(j)
      let (m1, v1) = moments(x, d, arm: 1, weights: nil)
      let (m0, v0) = moments(x, d, arm: 0, weights: nil)
      let pooled = ((v1 + v0) / 2).squareRoot()
      guard pooled > 0 else { continue }
      var after: Double?
      if let weights {
        let (w1, _) = moments(x, d, arm: 1, weights: weights)
        let (w0, _) = moments(x, d, arm: 0, weights: weights)
        after = ((w1 - w0) / pooled).finiteOrNil
      }
      rows.append(BalanceRow(covariate: design.names[j], before: ((m1 - m0) / pooled).finiteOrNil, after: after))
    }
    return rows
  }

  static func moments(_ x: [Double], _ d: [Double], arm: Double, weights: [Double]?) -> (mean: Double, variance: Double) {
    var sw = 0.0, sx = 0.0, n = 0.0
    for i in x.indices where d[i] == arm {
      let w = weights?[i] ?? 1
      sw += w
      sx += w * x[i]
      n += 1
    }
    let mean = sx / sw
    var ss = 0.0
    for i in x.indices where d[i] == arm { ss += (x[i] - mean) * (x[i] - mean) }
    return (mean, n > 1 ? ss / (n - 1) : 0)
  }
}
