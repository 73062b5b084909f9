import NumericKernels
import StudyModel

/// Re-estimation of a `doubly_robust` (cross-fitted AIPW) estimate for the
/// refuters' simulations without copying the data.
///
/// The full re-estimate deals the m resampled rows (positions j, each a copy
/// of original row r(j)) into K folds and fits, for each fold f, the
/// propensity model and the two outcome models on the positions outside f.
/// Every one of those sums is a sum over original rows weighted by how many
/// positions outside f copy them, so:
/// - the folds of the m positions are dealt as the full path deals them
///   (``EstimationProblem/crossFittingFolds(_:rowCount:seed:estimatorName:)``);
/// - fold f's propensity model is the logistic fit on the one shared design
///   with prior weights `cᵢ − c_{i,f}` (c the row's count, `c_{i,f}` its
///   copies in f), started at the full fit's coefficients as full re-estimates
///   are (a placebo's at the intercept-only model), by the chord method
///   (``LogisticRefit``) with the K folds' models in lockstep, each fold's
///   information at the start the sum of the other folds' Gram matrices over
///   the positions (one pass over the positions for all folds); when it
///   declines, `GLM.fit` stopping at 1e-5 standard-error steps
///   (``PropensityRefitter/tolerance``);
/// - the outcome models come from one pass over the positions: the Gram
///   matrix `XᵀX`, `Xᵀy` of each (fold, arm) over the rows the positions copy
///   (`Kernels.gram(_:rows:response:)`, no copy), fold f's training system the
///   sum over the other folds, solved by Cholesky after equilibration
///   (declining when a pivot falls below 1e-10 of its diagonal, where QR
///   might find the model rank deficient);
/// - the predictions are the fits' values for every row (the propensity
///   model's fitted means, `Xβ` by contiguous column passes), read at the
///   fold's positions;
/// - the scores `φ_j` are then summed over the positions in the full path's
///   order, each with its fold's predictions.
///
/// Equal to the full re-estimate up to rounding (the sums run in another
/// order, Cholesky replaces QR, and IRLS stops within about 1e-10 standard
/// errors of the optimum either way), within 1e-8 of the estimate's scale
/// (tested at several sizes). Applies to a two-level treatment with a linear
/// outcome model, without sampling weights, clusters, a panel or given folds;
/// declines (the full re-estimate then applies the study's policies) when a
/// fit is not clean: propensity aliasing, separation or no convergence, an
/// arm with fewer than two training rows, an ill-conditioned outcome system,
/// or a cross-fitted score within 1e-10 of 0 or 1.
struct DoublyRobustRefitter: WeightedRefitter {
  let propensityDesign: Matrix
  let propensityNames: [String]
  /// The outcome models' design (the propensity design itself when the two models have the same terms).
  let outcomeDesign: Matrix
  /// Whether ``outcomeDesign`` is the propensity design.
  let sharedDesign: Bool
  let indicator: [Double]
  let outcome: [Double]
  let folds: Int
  let effect: EffectKind
  let seed: UInt64
  let estimatorName: String
  let treatmentValue: Double
  let controlValue: Double
  let start: [Double]?
  /// The propensity design's intercept column, if it has one.
  let intercept: Int?
  /// `μᵢ(1 − μᵢ)` at the warm start (``LogisticRefit/startWeights(design:coefficients:)``).
  let startWeights: [Double]?

  var rowCount: Int { propensityDesign.rows }
  var needsRows: Bool { true }

  init?(_ problem: EstimationProblem, start coefficients: [String: Double]?) {
    guard problem.method == .doublyRobust, problem.clusterColumn == nil, problem.panel == nil, problem.folds == nil,
      problem.restriction == nil, problem.weightColumn == nil,
      let options = problem.options as? DoublyRobustOptions
    else { return nil }
    let column = problem.data.column(problem.treatment)
    if column.kind == .categorical, column.levels.count > 2 { return nil }
    guard let d = try? TreatmentIndicator.values(problem) else { return nil }
    let y = problem.data.values(problem.outcome)
    let binaryOutcome = y.allSatisfy { $0 == 0 || $0 == 1 }
    // A logistic outcome model (asked for, or chosen for a 0/1 outcome) is refitted in full.
    guard options.outcomeModel == .linear || (options.outcomeModel == .auto && !binaryOutcome) else { return nil }
    let propensity = ModelDesign.build(
      data: problem.data, treatment: nil, covariates: problem.adjustment, terms: problem.propensityTerms)
    guard propensity.undefinedValue == nil else { return nil }
    sharedDesign = problem.outcomeTerms.isEmpty && problem.propensityTerms.isEmpty
    if sharedDesign {
      outcomeDesign = propensity.matrix
    } else {
      let built = ModelDesign.build(
        data: problem.data, treatment: nil, covariates: problem.adjustment, terms: problem.outcomeTerms)
      guard built.undefinedValue == nil else { return nil }
      outcomeDesign = built.matrix
    }
    propensityDesign = propensity.matrix
    propensityNames = propensity.names
    indicator = d
    outcome = y
    folds = options.folds
    effect = problem.effect
    seed = problem.seed
    estimatorName = problem.estimatorName
    treatmentValue = problem.treatmentValue
    controlValue = problem.controlValue
    let start = coefficients.map { c in propensity.names.map { c[$0] ?? 0 } }
    self.start = start
    intercept = propensity.interceptColumn
    startWeights = start.map { LogisticRefit.startWeights(design: propensity.matrix, coefficients: $0) }
  }

  func level(_ value: Double) -> Double? {
    value == treatmentValue ? 1 : value == controlValue ? 0 : nil
  }

  func estimate(counts: [Double]?, rows: [Int]?, indicator d: [Double], start: [Double]?) -> Double? {
    let n = rowCount
    let m = rows?.count ?? n
    let k = folds
    func row(_ j: Int) -> Int { rows?[j] ?? j }
    let fold = EstimationProblem.crossFittingFolds(k, rowCount: m, seed: seed, estimatorName: estimatorName)
    // The rows each (fold, arm) holds, by listing: the outcome Grams, and the size of every training arm;
    // and the positions of each fold.
    var listings = [[Int]](repeating: [], count: 2 * k)
    var positions = [[Int]](repeating: [], count: k)
    for j in 0..<m {
      let r = row(j)
      listings[2 * fold[j] + (d[r] == 1 ? 1 : 0)].append(r)
      positions[fold[j]].append(j)
    }
    let grams = listings.map { Kernels.gram(outcomeDesign, rows: $0, response: outcome) }
    // The propensity information of each (fold, arm) at the start (``LogisticRefit``): weighted by
    // μ(1 − μ) at the warm start; unweighted for a placebo (times p̄(1 − p̄) per fold below).
    // A placebo's parts are the outcome Grams' when the two models share their design.
    let warm = start != nil && start == self.start && startWeights != nil
    let informationParts: [Matrix]? =
      if warm {
        listings.map { Kernels.gram(propensityDesign, rows: $0, weights: startWeights, response: nil).xtx }
      } else if start == nil {
        sharedDesign
          ? grams.map(\.xtx) : listings.map { Kernels.gram(propensityDesign, rows: $0, response: nil).xtx }
      } else {
        nil
      }
    let p = outcomeDesign.columns
    var mu1 = [Double](repeating: .nan, count: m)
    var mu0 = mu1
    var e = mu1
    // Per fold, both arms' outcome coefficients (fold f, arm a at (2f + a)p).
    var armCoefficients = [Double](repeating: 0, count: 2 * k * p)
    let base = counts ?? [Double](repeating: 1, count: n)
    // Fold f's propensity model: every counted row, less its copies in f; the folds' chord refits in lockstep.
    let training = (0..<k).map { f in
      var trainCounts = base
      for j in positions[f] { trainCounts[row(j)] -= 1 }
      return trainCounts
    }
    let chord = LogisticRefit.fittedMeans(
      design: propensityDesign,
      models: (0..<k).map { f in
        positions[f].isEmpty
          ? nil : chordModel(training[f], indicator: d, start: start, fold: f, parts: informationParts)
      })
    for f in 0..<k {
      guard !positions[f].isEmpty else { continue }
      let trainCounts = training[f]
      let scores: [Double]
      if let fitted = chord[f] {
        scores = fitted
      } else {
        let ps = GLM.fit(
          design: propensityDesign, response: d, family: .binomial, link: .logit, weights: trainCounts,
          columnNames: propensityNames, tolerance: PropensityRefitter.tolerance, start: start)
        guard ps.converged, ps.separation == nil, ps.aliasedColumns.isEmpty else { return nil }
        scores = ps.fittedMeans
      }
      // Each arm's outcome model from the other folds' Grams.
      var coefficients: [[Double]] = []
      for arm in 0..<2 {
        var xtx = Matrix(rows: p, columns: p)
        var xty = [Double](repeating: 0, count: p)
        var size = 0
        for g in 0..<k where g != f {
          let part = grams[2 * g + arm]
          size += listings[2 * g + arm].count
          xtx += part.xtx
          for a in 0..<p { xty[a] += part.xty[a] }
        }
        guard size > 1, let beta = OLSRefitter.solve(xtx, xty) else { return nil }
        coefficients.append(beta)
      }
      for arm in 0..<2 {
        armCoefficients.replaceSubrange(((2 * f + arm) * p)..<((2 * f + arm + 1) * p), with: coefficients[arm])
      }
      // The propensity: the fit's own fitted means, read at the fold's positions.
      for j in positions[f] { e[j] = scores[row(j)] }
    }
    // The outcome models' predictions at each position, from its fold's models, in one pass: each
    // sum takes its terms in column order, skipping zero coefficients, from 0, as `Matrix.multiplied(by:)`
    // does, so the values are those of predicting every row and reading the fold's positions.
    outcomeDesign.withUnsafeBufferPointer { xb in
      armCoefficients.withUnsafeBufferPointer { cb in
        guard let xp = xb.baseAddress, let cp = cb.baseAddress else { return }
        for j in 0..<m {
          let r = row(j)
          let b0 = cp + 2 * fold[j] * p
          let b1 = b0 + p
          var s0 = 0.0
          var s1 = 0.0
          for c in 0..<p {
            let x = xp[c * n + r]
            if b0[c] != 0 { s0 += b0[c] * x }
            if b1[c] != 0 { s1 += b1[c] * x }
          }
          mu0[j] = s0
          mu1[j] = s1
        }
      }
    }
    let tolerance = PropensityModel.positivityTolerance
    for j in 0..<m where !(e[j] >= tolerance && e[j] <= 1 - tolerance) { return nil }
    // The scores over the positions, in the full path's order (its sums with unit weights).
    var sum = 0.0
    var denominator = 0.0
    for j in 0..<m {
      let r = row(j)
      let t = d[r]
      let y = outcome[r]
      switch effect {
      case .averageTreatmentEffect:
        sum += 1 * (mu1[j] - mu0[j] + t * (y - mu1[j]) / e[j] - (1 - t) * (y - mu0[j]) / (1 - e[j]))
        denominator += 1
      case .averageTreatmentEffectOnTreated:
        sum += 1 * (t * (y - mu0[j]) - (1 - t) * e[j] / (1 - e[j]) * (y - mu0[j]))
        denominator += 1 * t
      case .averageTreatmentEffectOnControls:
        sum += 1 * (t * (1 - e[j]) / e[j] * (y - mu1[j]) - (1 - t) * (y - mu1[j]))
        denominator += 1 * (1 - t)
      }
    }
    let value = sum / denominator
    return value.isFinite ? value : nil
  }

  /// Fold `f`'s propensity model for the chord method (``LogisticRefit``),
  /// its information the sum of the other folds' parts (both arms): at the
  /// warm start, or `p̄(1 − p̄)` times the plain Gram matrix at a placebo's
  /// intercept-only start; nil when it declines.
  func chordModel(_ trainCounts: [Double], indicator d: [Double], start: [Double]?, fold f: Int, parts: [Matrix]?)
    -> LogisticChord.Model?
  {
    guard let parts else { return nil }
    let p = propensityDesign.columns
    var information = Matrix(rows: p, columns: p)
    for (index, part) in parts.enumerated() where index / 2 != f { information += part }
    if let start {
      return LogisticRefit.model(
        design: propensityDesign, indicator: d, prior: trainCounts, start: start, information: information)
    }
    guard
      let null = LogisticRefit.nullStart(columns: p, intercept: intercept, indicator: d, weights: trainCounts)
    else { return nil }
    return LogisticRefit.model(
      design: propensityDesign, indicator: d, prior: trainCounts, start: null.coefficients,
      information: information.scaled(by: null.share * (1 - null.share)))
  }
}
