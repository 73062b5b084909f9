import Foundation
import NumericKernels
import StudyModel

/// `doubly_robust`: augmented inverse-probability weighting (AIPW) with
/// K-fold cross-fitting.
///
/// Nuisance models, each fitted on the other folds and predicted on the
/// held-out fold (Chernozhukov et al. 2018): outcome models μ₁, μ₀ fitted
/// separately in each arm (OLS, or logistic for a 0/1 outcome with
/// `outcome_model: auto`), and a logistic propensity e.
///
/// ATE: `τ̂ = mean φ_i`, `φ_i = μ₁ − μ₀ + D(Y − μ₁)/e − (1 − D)(Y − μ₀)/(1 − e)`,
/// SE `sd(φ)/√n` (Robins, Rotnitzky & Zhao 1994; influence function).
/// ATT: `τ̂ = Σ ψ̃_i / Σ D` with `ψ̃ = D(Y − μ₀) − (1 − D) e/(1 − e)(Y − μ₀)`,
/// SE `√(Σ (ψ̃_i − D_i τ̂)²) / Σ D` (the DoubleML "ATTE" score); ATC
/// symmetric. Consistent when either nuisance model is right.
struct DoublyRobustEstimator: Estimator {
  static let method = EstimatorMethod.doublyRobust

  func estimate(_ problem: EstimationProblem, options: DoublyRobustOptions) throws(EstimationFailure)
    -> EstimationResult
  {
    let column = problem.data.column(problem.treatment)
    if column.kind == .categorical, column.levels.count > 2 {
      return try categoricalEstimate(problem, options: options, levels: column.levels.count)
    }
    let d = try TreatmentIndicator.values(problem)
    let y = problem.data.values(problem.outcome)
    let sample = problem.weights
    let k = options.folds
    let folds = problem.crossFittingFolds(k)
    let binaryOutcome = y.allSatisfy { $0 == 0 || $0 == 1 }
    let outcomeModel = options.outcomeModel
    let logistic = outcomeModel == .logistic || (outcomeModel == .auto && binaryOutcome)
    if logistic && !binaryOutcome {
      throw .invalidData("outcome_model: logistic needs a 0/1 outcome")
    }
    let outcomeDesign = ModelDesign.build(
      data: problem.data, treatment: nil, covariates: problem.adjustment, terms: problem.outcomeTerms)
    let propensityDesign = ModelDesign.build(
      data: problem.data, treatment: nil, covariates: problem.adjustment, terms: problem.propensityTerms)
    try outcomeDesign.requireDefined()
    try propensityDesign.requireDefined()
    var mu1 = [Double](repeating: .nan, count: d.count)
    var mu0 = mu1
    var e = mu1
    var warnings: [String] = []
    for fold in 0..<k {
      let train = folds.indices.filter { folds[$0] != fold }
      let test = folds.indices.filter { folds[$0] == fold }
      guard !test.isEmpty else { continue }
      let xTrain = CrossFitting.rows(propensityDesign.matrix, train)
      let ps = GLM.fit(
        design: xTrain, response: train.map { d[$0] }, family: .binomial, link: .logit,
        weights: sample.map { w in train.map { w[$0] } }, columnNames: propensityDesign.names,
        start: problem.propensityStart(names: propensityDesign.names))
      try GLMChecks.check(
        ps, problem: problem, model: "propensity (fold \(fold + 1))", warnings: &warnings)
      for i in test {
        e[i] = CrossFitting.predict(propensityDesign.matrix, row: i, coefficients: ps.coefficients, link: .logit)
      }
      for arm in [0.0, 1.0] {
        let rows = train.filter { d[$0] == arm }
        guard rows.count > 1 else {
          throw .invalidData(
            "fold \(fold + 1) has fewer than two \(arm == 1 ? "treated" : "control") units to train on; use fewer folds"
          )
        }
        let x = CrossFitting.rows(outcomeDesign.matrix, rows)
        let coefficients: [Double]
        if logistic {
          let fit = GLM.fit(
            design: x, response: rows.map { y[$0] }, family: .binomial, link: .logit,
            weights: sample.map { w in rows.map { w[$0] } }, columnNames: outcomeDesign.names)
          try GLMChecks.check(
            fit, problem: problem, model: "outcome (fold \(fold + 1))", warnings: &warnings)
          coefficients = fit.coefficients
        } else {
          let fit = LeastSquares.fit(
            design: x, response: rows.map { y[$0] }, weights: sample.map { w in rows.map { w[$0] } },
            columnNames: outcomeDesign.names)
          if fit.isRankDeficient {
            try PolicyEnforcement.enforce(
              problem.policies.rankDeficiency, problem: "rank_deficiency",
              "the outcome model (fold \(fold + 1)) is rank deficient: aliased \(fit.aliasedColumnNames.joined(separator: ", "))",
              warnings: &warnings)
          }
          coefficients = fit.coefficients
        }
        for i in test {
          let value = CrossFitting.predict(
            outcomeDesign.matrix, row: i, coefficients: coefficients, link: logistic ? .logit : .identity)
          if arm == 1 { mu1[i] = value } else { mu0[i] = value }
        }
      }
    }
    let extreme = e.filter { $0 < PropensityModel.positivityTolerance || $0 > 1 - PropensityModel.positivityTolerance }
      .count
    if extreme > 0 {
      try PolicyEnforcement.enforce(
        problem.policies.positivity, problem: "positivity",
        "\(extreme) units have cross-fitted propensity scores within 1e-10 of 0 or 1", warnings: &warnings)
    }
    let w = sample ?? [Double](repeating: 1, count: d.count)
    let clusters = problem.clusterCodes
    let value: Double
    let se: Double
    switch problem.effect {
    case .averageTreatmentEffect:
      var phi = [Double](repeating: 0, count: d.count)
      for i in d.indices {
        phi[i] = mu1[i] - mu0[i] + d[i] * (y[i] - mu1[i]) / e[i] - (1 - d[i]) * (y[i] - mu0[i]) / (1 - e[i])
      }
      let total = w.reduce(0, +)
      value = d.indices.reduce(0.0) { $0 + w[$1] * phi[$1] } / total
      let centred = d.indices.map { w[$0] * (phi[$0] - value) }
      se = Self.spread(centred, clusters: clusters, rowFactor: true) / total
    case .averageTreatmentEffectOnTreated:
      var score = [Double](repeating: 0, count: d.count)
      for i in d.indices { score[i] = d[i] * (y[i] - mu0[i]) - (1 - d[i]) * e[i] / (1 - e[i]) * (y[i] - mu0[i]) }
      let treated = d.indices.reduce(0.0) { $0 + w[$1] * d[$1] }
      value = d.indices.reduce(0.0) { $0 + w[$1] * score[$1] } / treated
      let psi = d.indices.map { w[$0] * (score[$0] - d[$0] * value) }
      se = Self.spread(psi, clusters: clusters, rowFactor: false) / treated
    case .averageTreatmentEffectOnControls:
      var score = [Double](repeating: 0, count: d.count)
      for i in d.indices { score[i] = d[i] * (1 - e[i]) / e[i] * (y[i] - mu1[i]) - (1 - d[i]) * (y[i] - mu1[i]) }
      let controls = d.indices.reduce(0.0) { $0 + w[$1] * (1 - d[$1]) }
      value = d.indices.reduce(0.0) { $0 + w[$1] * score[$1] } / controls
      let psi = d.indices.map { w[$0] * (score[$0] - (1 - d[$0]) * value) }
      se = Self.spread(psi, clusters: clusters, rowFactor: false) / controls
    }
    var result = EstimationResult(value: value, n: d.count)
    result.nTreated = Int(d.reduce(0, +))
    result.nControl = d.count - result.nTreated!
    result.warnings = warnings
    if problem.pointOnly { return result }
    result.diagnostics = [
      DiagnosticValue("folds", value: Double(k)),
      DiagnosticValue("cross-fitted propensity min", value: e.min()),
      DiagnosticValue("cross-fitted propensity max", value: e.max()),
      DiagnosticValue(
        "units with propensity outside [0.01, 0.99]", value: Double(e.filter { $0 < 0.01 || $0 > 0.99 }.count)),
    ]
    let propensity = GLM.fit(
      design: propensityDesign.matrix, response: d, family: .binomial, link: .logit, weights: sample,
      columnNames: propensityDesign.names)
    result.models =
      [
        propensityDesign.record(
          role: "propensity (\(Self.readingNote(folds: k)))", kind: "logistic", response: problem.treatment,
          glm: propensity)
      ]
      + Self.outcomeRecords(
        problem, design: outcomeDesign, logistic: logistic, folds: k,
        arms: [("treated", d.indices.filter { d[$0] == 1 }), ("control", d.indices.filter { d[$0] == 0 })])
    if options.standardErrors != .bootstrap {
      result.apply(
        .wald(estimate: value, standardError: se, level: problem.confidenceLevel),
        method: "influence function of the cross-fitted AIPW estimator")
    }
    return result
  }
}

extension DoublyRobustEstimator {
  /// `√(Σ_i u_i²)` (times `√(n/(n − 1))` with `rowFactor`, the ATE's
  /// sd-with-divisor-n−1 convention), or with clusters
  /// `√(G/(G − 1) Σ_g (Σ_{i∈g} u_i)²)`: the influence-function variance of a
  /// weighted mean, by row or by cluster (survey::svymean's and vcovCL's
  /// conventions; see the weights_clusters fixture).
  static func spread(_ u: [Double], clusters: [Int]?, rowFactor: Bool) -> Double {
    guard let clusters else {
      let n = Double(u.count)
      let sum = u.reduce(0.0) { $0 + $1 * $1 }
      return (rowFactor ? sum * n / (n - 1) : sum).squareRoot()
    }
    let g = (clusters.max() ?? -1) + 1
    var sums = [Double](repeating: 0, count: g)
    for (i, c) in clusters.enumerated() { sums[c] += u[i] }
    return (Double(g) / Double(g - 1) * sums.reduce(0.0) { $0 + $1 * $1 }).squareRoot()
  }

  /// How the report reads a nuisance model fitted on all rows.
  static func readingNote(folds: Int) -> String {
    "fitted on all rows for reading; the estimate uses \(folds) cross-fitted fits"
  }

  /// The outcome model of each arm fitted on all the arm's rows, for the
  /// report (the estimate itself uses the cross-fitted fits): OLS with HC1
  /// standard errors, or logistic with model-based ones.
  static func outcomeRecords(
    _ problem: EstimationProblem, design: ModelDesign, logistic: Bool, folds: Int, arms: [(String, [Int])]
  ) -> [ModelRecord] {
    let y = problem.data.values(problem.outcome)
    let sample = problem.weights
    return arms.map { label, rows in
      let x = CrossFitting.rows(design.matrix, rows)
      let response = rows.map { y[$0] }
      let weights = sample.map { w in rows.map { w[$0] } }
      let role = "outcome, \(label) arm (\(readingNote(folds: folds)))"
      if logistic {
        let fit = GLM.fit(
          design: x, response: response, family: .binomial, link: .logit, weights: weights, columnNames: design.names)
        return design.record(role: role, kind: "logistic", response: problem.outcome, glm: fit)
      }
      let fit = LeastSquares.fit(design: x, response: response, weights: weights, columnNames: design.names)
      return design.record(role: role, response: problem.outcome, leastSquares: fit)
    }
  }
}

/// Helpers for cross-fitted nuisance models.
enum CrossFitting {
  static func rows(_ x: Matrix, _ rows: [Int]) -> Matrix {
    Matrix(columns: (0..<x.columns).map { j in rows.map { x[$0, j] } })
  }

  /// `g⁻¹(x_iᵀβ)`, aliased (NaN) coefficients counted as zero.
  static func predict(_ x: Matrix, row i: Int, coefficients: [Double], link: GLMLink) -> Double {
    var eta = 0.0
    for j in 0..<x.columns where coefficients[j].isFinite { eta += x[i, j] * coefficients[j] }
    return link.inverse(eta).mean
  }
}
