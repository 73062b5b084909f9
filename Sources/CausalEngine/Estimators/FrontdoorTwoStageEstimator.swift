import NumericKernels
import StudyModel

/// `frontdoor_two_stage`: front-door estimation (Pearl 2009, §3.3.2).
///
/// Linear (default): stage 1 regresses each mediator `M_k` on `[1, T]`;
/// stage 2 regresses Y on `[1, M_1..M_q, T]` (T blocks the back-door path
/// from the mediators to Y). The effect is `(t₁ − t₀) Σ_k a_k b_k`, with
/// `a_k` the effect of T on `M_k` and `b_k` that of `M_k` on Y. Standard
/// error by the delta method on the stacked sandwich covariance of both
/// stages (captures their correlation; the Sobel formula, which ignores it,
/// is reported as a diagnostic).
///
/// Binary treatment and one binary mediator: the front-door formula by
/// g-computation, `Σ_m [P(m | t₁) − P(m | t₀)] Σ_{t'} E[Y | m, t'] P(t')`,
/// from cell frequencies and means, with a bootstrap standard error.
struct FrontdoorTwoStageEstimator: Estimator {
  static let method = EstimatorMethod.frontdoorTwoStage

  func estimate(_ problem: EstimationProblem, options: FrontdoorTwoStageOptions) throws(EstimationFailure)
    -> EstimationResult
  {
    let mediators = options.mediators ?? problem.mediators
    guard !mediators.isEmpty else {
      throw .notApplicable("no front-door mediators: the graph identifies none and 'mediators' is not set")
    }
    let y = problem.data.values(problem.outcome)
    let t = problem.data.values(problem.treatment)
    let n = y.count
    let ones = [Double](repeating: 1, count: n)
    if mediators.count == 1, problem.data.isBinary(mediators[0]), problem.data.isBinary(problem.treatment) {
      return try binaryFormula(problem, mediator: mediators[0])
    }
    var models: [(design: Matrix, response: [Double])] = mediators.map { m in
      (Matrix(columns: [ones, t]), problem.data.values(m))
    }
    models.append((Matrix(columns: [ones] + mediators.map { problem.data.values($0) } + [t]), y))
    let stacked = StackedRegressions(models)
    let q = mediators.count
    var value = 0.0
    var gradient = [Double](repeating: 0, count: stacked.covariance.rows)
    var sobel = 0.0
    for k in 0..<q {
      let a = stacked.coefficient(k, 1)
      let b = stacked.coefficient(q, 1 + k)
      value += a * b
      gradient[stacked.index(k, 1)] = b * problem.contrast
      gradient[stacked.index(q, 1 + k)] = a * problem.contrast
      let va = stacked.fits[k].covariance(.hc0)[1, 1]
      let vb = stacked.fits[q].covariance(.hc0)[1 + k, 1 + k]
      sobel += b * b * va + a * a * vb
    }
    var result = EstimationResult(value: value * problem.contrast, n: n)
    Counting.arms(problem, into: &result)
    if problem.pointOnly { return result }
    result.models =
      (0..<q).map { k in
        ModelRecord(
          role: "stage 1: \(mediators[k]) (HC0 standard errors)", kind: "OLS",
          columns: ["(Intercept)", problem.treatment],
          coefficients: stacked.fits[k].coefficients.map(\.finiteOrNil),
          standardErrors: stacked.fits[k].standardErrors(.hc0).map(\.finiteOrNil),
          formula: "\(mediators[k]) ~ \(problem.treatment)")
      } + [
        ModelRecord(
          role: "stage 2: outcome (HC0 standard errors)", kind: "OLS",
          columns: ["(Intercept)"] + mediators + [problem.treatment],
          coefficients: stacked.fits[q].coefficients.map(\.finiteOrNil),
          standardErrors: stacked.fits[q].standardErrors(.hc0).map(\.finiteOrNil),
          formula: "\(problem.outcome) ~ \((mediators + [problem.treatment]).joined(separator: " + "))")
      ]
    result.diagnostics = [
      DiagnosticValue(
        "Sobel standard error (ignores stage correlation)",
        value: (sobel.squareRoot() * abs(problem.contrast)).finiteOrNil)
    ]
    if options.standardErrors != .bootstrap {
      let se = DeltaMethod.standardError(gradient: gradient, covariance: stacked.covariance)
      result.apply(
        .wald(estimate: result.value, standardError: se, level: problem.confidenceLevel),
        method: "delta method on the stacked HC0 sandwich of both stages")
    }
    return result
  }

  private func binaryFormula(_ problem: EstimationProblem, mediator: String) throws(EstimationFailure)
    -> EstimationResult
  {
    let value = try Self.frontdoorFormula(problem, mediator: mediator)
    var result = EstimationResult(value: value, n: problem.data.rowCount)
    Counting.arms(problem, into: &result)
    result.diagnostics = [
      DiagnosticValue("form", text: "front-door formula by g-computation (binary treatment and mediator)")
    ]
    // No analytic variance: the standard error comes from the bootstrap
    // (MethodEstimator re-estimates this formula on each resample).
    result.needsBootstrap = true
    return result
  }

  /// `Σ_m [P(m|t₁) − P(m|t₀)] Σ_{t'} E[Y | m, t'] P(t')` from cell frequencies.
  static func frontdoorFormula(_ problem: EstimationProblem, mediator: String) throws(EstimationFailure) -> Double {
    let d = try TreatmentIndicator.values(problem)
    let m = problem.data.values(mediator)
    let y = problem.data.values(problem.outcome)
    let n = Double(d.count)
    var total = 0.0
    for mv in [0.0, 1.0] {
      var inner = 0.0
      for tv in [0.0, 1.0] {
        let cell = d.indices.filter { d[$0] == tv && m[$0] == mv }
        guard !cell.isEmpty else {
          throw .invalidData(
            "no units with \(problem.treatment) = \(tv == 1 ? "treated" : "control") and \(mediator) = \(Int(mv)): the front-door formula needs every cell"
          )
        }
        let meanY = cell.reduce(0.0) { $0 + y[$1] } / Double(cell.count)
        let pt = Double(d.filter { $0 == tv }.count) / n
        inner += meanY * pt
      }
      let treated = d.indices.filter { d[$0] == 1 }
      let control = d.indices.filter { d[$0] == 0 }
      let p1 = Double(treated.filter { m[$0] == mv }.count) / Double(treated.count)
      let p0 = Double(control.filter { m[$0] == mv }.count) / Double(control.count)
      total += (p1 - p0) * inner
    }
    return total
  }
}
