import NumericKernels
import StudyModel

extension DoublyRobustEstimator {
  /// AIPW for two levels `a` (treatment_value) and `b` (control_value) of a
  /// categorical treatment with more levels, with the generalised propensity
  /// score: each fold's multinomial logit of every level, and the outcome
  /// models of arms `a` and `b`, fitted on the other folds.
  ///
  /// ATE: `τ̂ = mean φ_i`, `φ_i = μ_a − μ_b + 1[T=a](Y − μ_a)/p_a − 1[T=b](Y − μ_b)/p_b`
  /// (Cattaneo 2010's efficient influence function for multi-valued
  /// treatments), SE `sd(φ)/√n` (divisor n − 1). The ATT and ATC for several
  /// levels are not defined here and are refused.
  func categoricalEstimate(
    _ problem: EstimationProblem, options: DoublyRobustOptions, levels: Int
  ) throws(EstimationFailure) -> EstimationResult {
    guard problem.effect == .averageTreatmentEffect else {
      throw .invalidData(
        "doubly_robust estimates the ate for a treatment with \(levels) levels; the \(problem.effect.rawValue) is not defined here"
      )
    }
    guard problem.weightColumn == nil, problem.clusterColumn == nil else {
      throw .invalidData(
        "sampling weights and clusters are not supported for a treatment with \(levels) levels; compare two levels of a two-level treatment, or drop the weights and clusters"
      )
    }
    let y = problem.data.values(problem.outcome)
    let classes = problem.data.values(problem.treatment).map { Int($0) }
    let a = Int(problem.treatmentValue)
    let b = Int(problem.controlValue)
    let k = options.folds
    let folds = problem.crossFittingFolds(k)
    let binaryOutcome = y.allSatisfy { $0 == 0 || $0 == 1 }
    let logistic = options.outcomeModel == .logistic || (options.outcomeModel == .auto && binaryOutcome)
    if logistic && !binaryOutcome { throw .invalidData("outcome_model: logistic needs a 0/1 outcome") }
    let outcomeDesign = ModelDesign.build(
      data: problem.data, treatment: nil, covariates: problem.adjustment, terms: problem.outcomeTerms)
    let propensityDesign = ModelDesign.build(
      data: problem.data, treatment: nil, covariates: problem.adjustment, terms: problem.propensityTerms)
    if let undefined = outcomeDesign.undefinedValue ?? propensityDesign.undefinedValue {
      throw .invalidData(undefined)
    }
    let n = y.count
    var muA = [Double](repeating: .nan, count: n)
    var muB = muA
    var pA = muA
    var pB = muA
    var warnings: [String] = []
    for fold in 0..<k {
      let train = folds.indices.filter { folds[$0] != fold }
      let test = folds.indices.filter { folds[$0] == fold }
      guard !test.isEmpty else { continue }
      let gps = MultinomialLogit.fit(
        design: CrossFitting.rows(propensityDesign.matrix, train), response: train.map { classes[$0] },
        classes: levels)
      if !gps.converged {
        try PolicyEnforcement.enforce(
          problem.policies.nonConvergence, problem: "non_convergence",
          "the multinomial propensity model (fold \(fold + 1)) did not converge", warnings: &warnings)
      }
      let predicted = gps.predict(CrossFitting.rows(propensityDesign.matrix, test))
      for (r, i) in test.enumerated() {
        pA[i] = predicted[r][a]
        pB[i] = predicted[r][b]
      }
      for (arm, target) in [(a, 0), (b, 1)] {
        let rows = train.filter { classes[$0] == arm }
        guard rows.count > 1 else {
          throw .invalidData(
            "fold \(fold + 1) has fewer than two units at a compared level to train on; use fewer folds")
        }
        let x = CrossFitting.rows(outcomeDesign.matrix, rows)
        let coefficients: [Double]
        if logistic {
          let fit = GLM.fit(
            design: x, response: rows.map { y[$0] }, family: .binomial, link: .logit, columnNames: outcomeDesign.names)
          try GLMChecks.check(fit, problem: problem, model: "outcome (fold \(fold + 1))", warnings: &warnings)
          coefficients = fit.coefficients
        } else {
          coefficients = LeastSquares.fit(design: x, response: rows.map { y[$0] }).coefficients
        }
        for i in test {
          let value = CrossFitting.predict(
            outcomeDesign.matrix, row: i, coefficients: coefficients, link: logistic ? .logit : .identity)
          if target == 0 { muA[i] = value } else { muB[i] = value }
        }
      }
    }
    var phi = [Double](repeating: 0, count: n)
    for i in 0..<n {
      phi[i] =
        muA[i] - muB[i] + (classes[i] == a ? (y[i] - muA[i]) / pA[i] : 0)
        - (classes[i] == b ? (y[i] - muB[i]) / pB[i] : 0)
    }
    let value = phi.reduce(0, +) / Double(n)
    var result = EstimationResult(value: value, n: n)
    result.nTreated = classes.filter { $0 == a }.count
    result.nControl = classes.filter { $0 == b }.count
    result.warnings = warnings
    if problem.pointOnly { return result }
    result.diagnostics = [
      DiagnosticValue("folds", value: Double(k)),
      DiagnosticValue("treatment levels", value: Double(levels)),
      DiagnosticValue("cross-fitted propensity of the treated level, min", value: pA.min()),
      DiagnosticValue("cross-fitted propensity of the control level, min", value: pB.min()),
    ]
    let names = problem.data.column(problem.treatment).levels
    let propensity = MultinomialLogit.fit(design: propensityDesign.matrix, response: classes, classes: levels)
    result.models =
      PropensityScoreWeightingEstimator.multinomialRecords(
        propensity, design: propensityDesign, treatment: problem.treatment, levels: names,
        note: Self.readingNote(folds: k))
      + Self.outcomeRecords(
        problem, design: outcomeDesign, logistic: logistic, folds: k,
        arms: [
          (names[a], classes.indices.filter { classes[$0] == a }),
          (names[b], classes.indices.filter { classes[$0] == b }),
        ])
    if options.standardErrors == .influence {
      let ss = phi.reduce(0.0) { $0 + ($1 - value) * ($1 - value) }
      let se = (ss / Double(n - 1)).squareRoot() / Double(n).squareRoot()
      result.apply(
        .wald(estimate: value, standardError: se, level: problem.confidenceLevel),
        method: "efficient influence function of the multi-valued treatment (Cattaneo 2010)")
    }
    return result
  }
}
