import NumericKernels
import StudyModel

/// A logistic regression under `compute: database`: `GLM.fit`'s IRLS for the
/// binomial family and logit link, unweighted and unpenalised, each pass an
/// aggregate query (``AggregateSource/logisticPass(_:response:coefficients:)``),
/// so no row leaves the database.
///
/// The iterations are `GLM.fit`'s, step for step: pass 0 at R's starting
/// means `μ = (y + ½)/2` decides the rank (`GLM.aliasingByCholesky`, a
/// pivot at most 1e-11 of its diagonal); each next `β = (Σ w aaᵀ)⁻¹ Σ w z a`
/// is solved by `GLM.solvePenalised` (Cholesky after equilibration); a step
/// that raises the deviance beyond a relative 1e-12 of rounding is halved,
/// up to 30 times; convergence when every coefficient moved by at most 1e-10
/// standard errors with no halving, at most 100 solves. The covariance is
/// the inverse Fisher information at the estimate. The database sums in its
/// own order, so the two agree to rounding, not bit for bit (tested to 1e-9).
///
/// Refused (an error, whatever the policies say), because the sums cannot
/// settle them as the in-memory fit does from the rows:
/// - a rank-deficient design (in memory: aliased columns named and dropped);
/// - a fit that does not converge, or that leaves some fitted probability
///   within 1e-8 of 0 or 1: in memory both start Konis' (2007) linear
///   program over the rows to look for separation.
struct PushdownLogistic: Sendable {
  let columns: [DesignExpression]
  let names: [String]
  let referenceLevels: [String]
  /// The model in R's notation, `response ~ rhs` (``ModelDesign``'s `formula`).
  let formula: String
  let coefficients: [Double]
  /// The inverse Fisher information at the estimate.
  let covariance: Matrix
  let iterations: Int
  let deviance: Double

  static let maxIterations = 100
  /// `GLM.fit`'s convergence criterion, in standard errors.
  static let tolerance = 1e-10

  /// Fits `response ~ columns` (`model` names it in messages: "outcome",
  /// "propensity").
  init(
    columns: [DesignExpression], names: [String], referenceLevels: [String], formula: String,
    response: DesignExpression, model: String, source: any AggregateSource
  ) throws(EstimationFailure) {
    self.columns = columns
    self.names = names
    self.referenceLevels = referenceLevels
    self.formula = formula
    let p = columns.count
    func pass(_ beta: [Double]?) throws(EstimationFailure) -> LogisticPass {
      do throws(AggregateFailure) {
        return try source.logisticPass(columns, response: response, coefficients: beta)
      } catch {
        throw .invalidData(error.message)
      }
    }
    let local = "write `compute: local` to fit it in memory"
    let start = try pass(nil)
    let estimable = GLM.aliasingByCholesky(start.information)
    guard estimable.count == p else {
      let aliased = (0..<p).filter { !estimable.contains($0) }.map { names[$0] }
      throw .numerical(
        "the \(model) model is rank deficient (aliased columns \(aliased.joined(separator: ", "))); under compute: database aliased columns cannot be dropped: remove the collinear adjustment variables or terms, or \(local)"
      )
    }
    let noPenalty = [Double](repeating: 0, count: p)
    guard let first = GLM.solvePenalised(start.information, start.working, noPenalty) else {
      throw .numerical("the \(model) model's information matrix cannot be solved")
    }
    var beta = first.solution
    var iterations = 1
    var current = try pass(beta)
    var converged = false
    func descends(_ next: LogisticPass) -> Bool {
      next.deviance <= current.deviance + 1e-12 * (abs(current.deviance) + 1)
    }
    while iterations < Self.maxIterations {
      guard let step = GLM.solvePenalised(current.information, current.working, noPenalty) else { break }
      iterations += 1
      var next = step.solution
      var moved = 0.0
      for k in 0..<p {
        let se = step.inverseDiagonal[k].squareRoot()
        moved = max(moved, abs(next[k] - beta[k]) / (se > 0 ? se : 1))
      }
      var nextPass = try pass(next)
      var halvings = 0
      while !descends(nextPass) && halvings < 30 {
        for k in 0..<p { next[k] = 0.5 * (next[k] + beta[k]) }
        nextPass = try pass(next)
        halvings += 1
      }
      // No descent even for a tiny step: stay at β (`current` is its pass).
      guard descends(nextPass) else { break }
      beta = next
      current = nextPass
      if moved <= Self.tolerance && halvings == 0 {
        converged = true
        break
      }
    }
    let separation =
      "the in-memory fit would look for separation by a linear program over the rows, which compute: database cannot do: \(local)"
    guard converged else {
      throw .numerical(
        "the \(model) model did not converge in \(iterations) iterations (separation is a likely cause); \(separation)")
    }
    guard current.extreme == 0 else {
      throw .numerical(
        "the \(model) model gives \(current.extreme) unit\(current.extreme == 1 ? "" : "s") a fitted probability within 1e-8 of 0 or 1 (a sign of separation); \(separation)"
      )
    }
    coefficients = beta
    covariance = current.information.inverse() ?? Matrix(rows: p, columns: p, repeating: .nan)
    self.iterations = iterations
    deviance = current.deviance
  }

  /// `GLMChecks.diagnostics` of a converged fit without aliased columns.
  func diagnostics(prefix: String = "") -> [DiagnosticValue] {
    [
      DiagnosticValue(prefix + "iterations", value: Double(iterations)),
      DiagnosticValue(prefix + "converged", value: 1, text: "yes (1)", flagged: false),
      DiagnosticValue(prefix + "rank", value: Double(columns.count)),
      DiagnosticValue(prefix + "deviance", value: deviance.finiteOrNil),
    ]
  }

  /// The fitted model's record, with model-based standard errors.
  func record(role: String, kind: String) -> ModelRecord {
    ModelRecord(
      role: role, kind: kind, columns: names, coefficients: coefficients.map(\.finiteOrNil),
      standardErrors: (0..<covariance.rows).map { covariance[$0, $0].squareRoot().finiteOrNil },
      referenceLevels: referenceLevels, formula: formula)
  }

  /// `generalized_linear_model` (family binomial, logit link, `se: delta`;
  /// validation refuses anything else) under `compute: database`, as
  /// ``GeneralizedLinearModelEstimator`` computes it: the averaged predicted
  /// contrast over the target units S (all, treated, controls),
  /// `m_t = mean_S μ(a_t)` with the treatment column set to t, on the
  /// `scale` asked (difference, ratio, odds ratio), and its delta-method
  /// standard error with the gradients `mean_S μ(1 − μ) a_t` and the inverse
  /// Fisher information; ratios get intervals on the log scale.
  ///
  /// Queries: one per IRLS pass (typically 6–8), then one for both mean
  /// predictions (`Σ μ`, `Σ μ(1 − μ) a` for each contrast value).
  static func estimate(
    _ problem: EstimationProblem, options: GeneralizedLinearModelOptions, layout: PushdownLayout,
    source: any AggregateSource
  ) throws(EstimationFailure) -> EstimationResult {
    guard options.family == .binomial, options.link == .logit, options.standardErrors == .delta else {
      throw .notApplicable(
        "under compute: database generalized_linear_model is a logistic regression (family binomial, link logit, se delta)"
      )
    }
    guard layout.kinds[problem.outcome] == .binary else {
      throw .invalidData(
        "family binomial needs a 0/1 outcome; under compute: database '\(problem.outcome)' must be a binary column (every value 0 or 1)"
      )
    }
    let design = try layout.design(
      treatment: problem.treatment, covariates: problem.adjustment, terms: problem.outcomeTerms)
    let fit = try PushdownLogistic(
      columns: design.columns, names: design.names, referenceLevels: design.referenceLevels,
      formula: "\(problem.outcome) ~ \(design.formula)", response: .column(problem.outcome), model: "outcome",
      source: source)
    let treatmentColumn = 1
    func setting(_ t: Double) -> [DesignExpression] {
      var columns = design.columns
      columns[treatmentColumn] = .constant(t)
      return columns
    }
    let filter: DesignExpression? =
      switch problem.effect {
      case .averageTreatmentEffect: nil
      case .averageTreatmentEffectOnTreated: .equals(problem.treatment, problem.treatmentValue)
      case .averageTreatmentEffectOnControls: .equals(problem.treatment, problem.controlValue)
      }
    let means: (count: Double, sums: [Double], gradients: [[Double]])
    do throws(AggregateFailure) {
      means = try source.logisticMeans(
        [setting(problem.treatmentValue), setting(problem.controlValue)], coefficients: fit.coefficients,
        filter: filter)
    } catch {
      throw .invalidData(error.message)
    }
    guard means.count > 0 else {
      throw .invalidData("no units in the target population of the \(problem.effect.rawValue)")
    }
    let m1 = means.sums[0] / means.count
    let m0 = means.sums[1] / means.count
    let g1 = means.gradients[0].map { $0 / means.count }
    let g0 = means.gradients[1].map { $0 / means.count }
    let (value, gradient) = GeneralizedLinearModelEstimator.contrast(options.scale, m1: m1, m0: m0, g1: g1, g0: g0)
    var result = EstimationResult(value: value, n: layout.rows)
    result.diagnostics = fit.diagnostics()
    if let arms = layout.arms {
      result.nTreated = arms.treated
      result.nControl = arms.control
    }
    if problem.pointOnly { return result }
    let se = DeltaMethod.standardError(gradient: gradient, covariance: fit.covariance)
    GeneralizedLinearModelEstimator.apply(
      options.scale, value: value, standardError: se,
      method: "delta method on the binomial logit fit, inverse Fisher information (sums computed in the database)",
      m1: m1, m0: m0, level: problem.confidenceLevel, to: &result)
    result.models = [fit.record(role: "outcome", kind: "binomial logit")]
    return result
  }
}
