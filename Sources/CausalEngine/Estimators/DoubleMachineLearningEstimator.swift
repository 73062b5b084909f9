import NumericKernels
import StudyModel

/// `double_ml`: the partially linear model `Y = θ T + g(W) + ε`,
/// `T = m(W) + v`, by double/debiased machine learning (Chernozhukov et al.
/// 2018) with K-fold cross-fitting.
///
/// Nuisance functions ℓ(W) = E[Y | W] and m(W) = E[T | W], each fitted on
/// the other folds by `model` (lasso or ridge with the penalty chosen by
/// 5-fold cross-validation inside the training folds, or OLS) on the
/// adjustment set and `terms`. With residuals ỹ = Y − ℓ̂(W), t̃ = T − m̂(W):
/// `θ̂ = Σ t̃ ỹ / Σ t̃²` (the "partialling-out" score), and the effect of the
/// contrast is `θ̂ (t₁ − t₀)`. Standard error from the orthogonal score
/// `ψ = (ỹ − θ̂ t̃) t̃`: `σ̂² = mean(ψ²) / mean(t̃²)²`, `SE = σ̂/√n` (as the
/// DoubleML package reports it). Assumes a constant effect: it delivers the
/// ATE only.
struct DoubleMachineLearningEstimator: Estimator {
  static let method = EstimatorMethod.doubleMachineLearning

  func estimate(_ problem: EstimationProblem, options: DoubleMachineLearningOptions) throws(EstimationFailure)
    -> EstimationResult
  {
    let y = problem.data.values(problem.outcome)
    let t = problem.data.values(problem.treatment)
    let k = options.folds
    let folds = problem.crossFittingFolds(k)
    let model = options.model
    let design = ModelDesign.build(
      data: problem.data, treatment: nil, covariates: problem.adjustment, terms: problem.outcomeTerms, intercept: false)
    try design.requireDefined()
    let x = design.matrix
    let sample = problem.weights
    var yHat = [Double](repeating: .nan, count: y.count)
    var tHat = yHat
    var warnings: [String] = []
    for fold in 0..<k {
      let train = folds.indices.filter { folds[$0] != fold }
      let test = folds.indices.filter { folds[$0] == fold }
      guard !test.isEmpty else { continue }
      for (target, output) in [(y, 0), (t, 1)] {
        var rng = Xoshiro256StarStar.stream(
          seed: problem.seed, label: "dml-inner:" + problem.estimatorName, index: fold)
        let shuffled = Sampling.permutation(train.count, using: &rng)
        var inner = [Int](repeating: 0, count: train.count)
        for (position, index) in shuffled.enumerated() { inner[index] = position % 5 }
        let predictions = try Self.fitAndPredict(
          x: x, response: target, train: train, test: test, model: model, innerFolds: inner, weights: sample,
          warnings: &warnings)
        for (i, v) in zip(test, predictions) {
          if output == 0 { yHat[i] = v } else { tHat[i] = v }
        }
      }
    }
    let yResidual = zip(y, yHat).map { $0 - $1 }
    let tResidual = zip(t, tHat).map { $0 - $1 }
    let w = sample ?? [Double](repeating: 1, count: y.count)
    let stt = y.indices.reduce(0.0) { $0 + w[$1] * tResidual[$1] * tResidual[$1] }
    guard stt > 0 else {
      throw .numerical("the treatment is fully explained by the adjustment set: no residual variation remains")
    }
    let theta = y.indices.reduce(0.0) { $0 + w[$1] * tResidual[$1] * yResidual[$1] } / stt
    var result = EstimationResult(value: theta * problem.contrast, n: y.count)
    result.warnings = warnings
    Counting.arms(problem, into: &result)
    if problem.pointOnly { return result }
    let n = Double(y.count)
    let j = stt / n
    // SE = √(Σ w²ψ²) / Σ w t̃² (= √(mean ψ²/J²/n) unweighted), or by clusters √(G/(G − 1) Σ_g (Σ w ψ)²) / Σ w t̃².
    let psi = y.indices.map { w[$0] * (yResidual[$0] - theta * tResidual[$0]) * tResidual[$0] }
    let se =
      DoublyRobustEstimator.spread(psi, clusters: problem.clusterCodes, rowFactor: false) / stt
      * abs(problem.contrast)
    result.diagnostics = [
      DiagnosticValue("folds", value: Double(k)),
      DiagnosticValue("nuisance model", text: model.rawValue),
      DiagnosticValue("residual treatment variance", value: j),
    ]
    result.models =
      [
        ModelRecord(
          role: "final stage: residualised outcome on residualised treatment", kind: "OLS through the origin",
          columns: ["\(problem.treatment) residual"], coefficients: [theta.finiteOrNil],
          standardErrors: [(se / abs(problem.contrast)).finiteOrNil],
          formula:
            "(\(problem.outcome) - E[\(problem.outcome)|W]) ~ (\(problem.treatment) - E[\(problem.treatment)|W]) - 1")
      ]
      + [(y, problem.outcome), (t, problem.treatment)].map { target, name in
        Self.nuisanceRecord(problem, design: design, response: target, name: name, model: model, folds: k)
      }
    if options.standardErrors != .bootstrap {
      result.apply(
        .wald(estimate: result.value, standardError: se, level: problem.confidenceLevel),
        method: "orthogonal score of the partially linear model (Chernozhukov et al. 2018)")
    }
    return result
  }

  /// A nuisance model fitted on all rows, for the report (the estimate uses
  /// the cross-fitted fits): OLS with HC1 standard errors, or the lasso or
  /// ridge with its penalty chosen by seeded 5-fold cross-validation on all
  /// rows (penalised coefficients, no standard errors).
  static func nuisanceRecord(
    _ problem: EstimationProblem, design: ModelDesign, response: [Double], name: String,
    model: DoubleMachineLearningOptions.Model, folds: Int
  ) -> ModelRecord {
    let role = "nuisance E[\(name)|W] (fitted on all rows for reading; the estimate uses \(folds) cross-fitted fits)"
    let formula = design.formula.isEmpty ? "\(name) ~ 1" : "\(name) ~ \(design.formula)"
    let names = ["(Intercept)"] + design.names
    switch model {
    case .ols:
      let x = Matrix(
        columns: [[Double](repeating: 1, count: response.count)]
          + (0..<design.matrix.columns).map { design.matrix.column($0) })
      let fit = LeastSquares.fit(design: x, response: response, weights: problem.weights, columnNames: names)
      return ModelRecord(
        role: role, kind: "OLS", columns: names, coefficients: fit.coefficients.map(\.finiteOrNil),
        standardErrors: fit.standardErrors(.hc1).map(\.finiteOrNil), referenceLevels: design.referenceLevels,
        formula: formula)
    case .lasso, .ridge:
      var rng = Xoshiro256StarStar.stream(seed: problem.seed, label: "dml-display:" + problem.estimatorName, index: 0)
      let shuffled = Sampling.permutation(response.count, using: &rng)
      var inner = [Int](repeating: 0, count: response.count)
      for (position, index) in shuffled.enumerated() { inner[index] = position % 5 }
      let fit = PenalizedRegression.fitCrossValidated(
        x: design.matrix, y: response, penalty: model == .ridge ? .ridge : .lasso, folds: inner)
      return ModelRecord(
        role: role, kind: "\(model.rawValue) (penalty \(JSONValue.format(fit.penalty)))", columns: names,
        coefficients: ([fit.intercept] + fit.coefficients).map(\.finiteOrNil), referenceLevels: design.referenceLevels,
        formula: formula)
    }
  }

  static func fitAndPredict(
    x: Matrix, response: [Double], train: [Int], test: [Int], model: DoubleMachineLearningOptions.Model,
    innerFolds: [Int], weights: [Double]? = nil,
    warnings: inout [String]
  ) throws(EstimationFailure) -> [Double] {
    let xTrain = CrossFitting.rows(x, train)
    let yTrain = train.map { response[$0] }
    switch model {
    case .ols:
      let design = Matrix(
        columns: [[Double](repeating: 1, count: train.count)] + (0..<x.columns).map { xTrain.column($0) })
      let fit = LeastSquares.fit(design: design, response: yTrain, weights: weights.map { w in train.map { w[$0] } })
      let beta = fit.coefficients.map { $0.isFinite ? $0 : 0 }
      return test.map { i in beta[0] + (0..<x.columns).reduce(0.0) { $0 + beta[$1 + 1] * x[i, $1] } }
    case .lasso, .ridge:
      // Inner 5-fold cross-validation for the penalty, on seeded folds.
      let fit = PenalizedRegression.fitCrossValidated(
        x: xTrain, y: yTrain, penalty: model == .ridge ? .ridge : .lasso, folds: innerFolds)
      return test.map { fit.predict(x, row: $0) }
    }
  }
}
