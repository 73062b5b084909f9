import NumericKernels
import StudyModel

/// `mediation`: natural direct and indirect effects by the regression
/// approach of VanderWeele & Vansteelandt (2009) and VanderWeele (2015).
///
/// Models: `M = β₀ + β₁T + β₂ᵀC + e` (OLS) and
/// `Y = θ₀ + θ₁T + θ₂M + θ₃TM + θ₄ᵀC + ε` (OLS; θ₃ = 0 with
/// `interaction: false`), C the adjustment set, evaluated at the covariate
/// means c̄:
/// - `NDE = (θ₁ + θ₃(β₀ + β₁t₀ + β₂ᵀc̄))(t₁ − t₀)`,
/// - `NIE = (θ₂β₁ + θ₃β₁t₁)(t₁ − t₀)`,
/// - total effect `= NDE + NIE` (the reported estimate).
/// Assumes no unmeasured treatment-outcome, mediator-outcome or
/// treatment-mediator confounding given C, and no mediator-outcome
/// confounder affected by T. Standard errors by the delta method with the
/// two models' classical covariances, taken as independent (as the
/// authors' SAS/SPSS macros and R's regmedint do). One mediator.
struct MediationEstimator: Estimator {
  static let method = EstimatorMethod.mediation

  func estimate(_ problem: EstimationProblem, options: MediationOptions) throws(EstimationFailure) -> EstimationResult {
    let mediators = options.mediators ?? problem.mediators
    guard mediators.count == 1 else {
      throw .notApplicable(
        mediators.isEmpty
          ? "no mediator: the graph identifies none and 'mediators' is not set"
          : "the regression approach to mediation takes one mediator; \(mediators.count) were given")
    }
    let mediator = mediators[0]
    let interaction = options.interaction
    let t = problem.data.values(problem.treatment)
    let m = problem.data.values(mediator)
    let y = problem.data.values(problem.outcome)
    let covariates = ModelDesign.build(
      data: problem.data, treatment: nil, covariates: problem.adjustment, terms: [], intercept: false)
    let c = (0..<covariates.matrix.columns).map { covariates.matrix.column($0) }
    let ones = [Double](repeating: 1, count: t.count)
    let mediatorFit = LeastSquares.fit(design: Matrix(columns: [ones, t] + c), response: m)
    var outcomeColumns = [ones, t, m]
    if interaction { outcomeColumns.append(zip(t, m).map { $0 * $1 }) }
    let outcomeFit = LeastSquares.fit(design: Matrix(columns: outcomeColumns + c), response: y)
    guard !mediatorFit.isRankDeficient, !outcomeFit.isRankDeficient else {
      throw .numerical(
        "a mediation model is rank deficient: aliased \((mediatorFit.aliasedColumnNames + outcomeFit.aliasedColumnNames).joined(separator: ", "))"
      )
    }
    let cMeans = c.map { $0.reduce(0, +) / Double($0.count) }
    let beta = mediatorFit.coefficients
    let theta = outcomeFit.coefficients
    let t0 = problem.controlValue
    let t1 = problem.treatmentValue
    let delta = problem.contrast
    let theta3 = interaction ? theta[3] : 0
    let mediatorAtControl = beta[0] + beta[1] * t0 + zip(beta.dropFirst(2), cMeans).reduce(0.0) { $0 + $1.0 * $1.1 }
    let nde = (theta[1] + theta3 * mediatorAtControl) * delta
    let nie = (theta[2] * beta[1] + theta3 * beta[1] * t1) * delta
    var result = EstimationResult(value: nde + nie, n: t.count)
    Counting.arms(problem, into: &result)
    if problem.pointOnly { return result }
    // Gradients over (β, θ), block-diagonal classical covariance.
    let kb = beta.count
    let kt = theta.count
    var v = Matrix(rows: kb + kt, columns: kb + kt)
    let vb = mediatorFit.covariance(.classical)
    let vt = outcomeFit.covariance(.classical)
    for a in 0..<kb { for b in 0..<kb { v[a, b] = vb[a, b] } }
    for a in 0..<kt { for b in 0..<kt { v[kb + a, kb + b] = vt[a, b] } }
    var gNDE = [Double](repeating: 0, count: kb + kt)
    var gNIE = gNDE
    gNDE[kb + 1] = delta
    if interaction {
      gNDE[kb + 3] = mediatorAtControl * delta
      gNDE[0] = theta3 * delta
      gNDE[1] = theta3 * t0 * delta
      for j in 0..<cMeans.count { gNDE[2 + j] = theta3 * cMeans[j] * delta }
      gNIE[kb + 3] = beta[1] * t1 * delta
    }
    gNIE[1] = (theta[2] + theta3 * t1) * delta
    gNIE[kb + 2] = beta[1] * delta
    let gTotal = zip(gNDE, gNIE).map { $0 + $1 }
    let level = problem.confidenceLevel
    func component(_ name: String, _ value: Double, _ g: [Double]) -> EffectComponent {
      let inference = Inference.wald(
        estimate: value, standardError: DeltaMethod.standardError(gradient: g, covariance: v), level: level)
      return EffectComponent(
        name: name, value: value.finiteOrNil, standardError: inference.standardError,
        confidenceInterval: inference.interval)
    }
    result.components = [
      component("natural direct effect", nde, gNDE),
      component("natural indirect effect", nie, gNIE),
      EffectComponent(
        name: "proportion mediated", value: ((nie / (nde + nie)).finiteOrNil), standardError: nil,
        confidenceInterval: nil),
    ]
    let covariateTerms = covariates.formula.isEmpty ? [] : [covariates.formula]
    result.models = [
      ModelRecord(
        role: "mediator", kind: "OLS", columns: ["(Intercept)", problem.treatment] + covariates.names,
        coefficients: beta.map(\.finiteOrNil),
        standardErrors: mediatorFit.standardErrors(.classical).map(\.finiteOrNil),
        referenceLevels: covariates.referenceLevels,
        formula: "\(mediator) ~ " + ([problem.treatment] + covariateTerms).joined(separator: " + ")
      ),
      ModelRecord(
        role: "outcome", kind: "OLS",
        columns: ["(Intercept)", problem.treatment, mediator]
          + (interaction ? ["\(problem.treatment):\(mediator)"] : []) + covariates.names,
        coefficients: theta.map(\.finiteOrNil),
        standardErrors: outcomeFit.standardErrors(.classical).map(\.finiteOrNil),
        referenceLevels: covariates.referenceLevels,
        formula: "\(problem.outcome) ~ "
          + ([problem.treatment, mediator] + (interaction ? ["\(problem.treatment):\(mediator)"] : []) + covariateTerms)
          .joined(separator: " + ")
      ),
    ]
    if options.standardErrors != .bootstrap {
      let se = DeltaMethod.standardError(gradient: gTotal, covariance: v)
      result.apply(
        .wald(estimate: result.value, standardError: se, level: level),
        method: "delta method with the models' classical covariances (VanderWeele & Vansteelandt 2009)")
    }
    return result
  }
}
