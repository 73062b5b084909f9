import NumericKernels
import StudyModel

/// `distance_matching`: nearest-neighbour matching on the Mahalanobis
/// distance of the adjustment set, optionally exact on some columns, with
/// the optional bias correction of Abadie & Imbens (2011).
///
/// Distance: `(x_i − x_j)ᵀ S⁻¹ (x_i − x_j)` with S the covariance (divisor N)
/// of the adjustment set's design columns (one-hot for categorical
/// variables) over all units, as R's `Matching` with `Weight = 2`; found
/// with a k-d tree after whitening; near-ties as ``Matching``. `exact` columns must be equal between a unit and its matches
/// (units with no exact partner in the other arm are unmatched and reported).
///
/// Bias correction: `Ŷ_i(0) = mean_j (Y_j + μ̂₀(X_i) − μ̂₀(X_j))` with `μ̂₀` an
/// OLS fit of Y on `[1, X]` among the controls used as matches, weighted by
/// how often each is used (and symmetrically), as `Matching` does.
/// Uncertainty: Abadie & Imbens (2006) variance (see `Matching.estimate`).
struct DistanceMatchingEstimator: Estimator {
  static let method = EstimatorMethod.distanceMatching

  func estimate(_ problem: EstimationProblem, options: DistanceMatchingOptions) throws(EstimationFailure)
    -> EstimationResult
  {
    // A categorical treatment with more levels: the units at the two compared levels.
    let problem = problem.restrictedToContrastLevels()
    let d = try TreatmentIndicator.values(problem)
    guard !problem.adjustment.isEmpty else {
      throw .notApplicable("distance matching needs an adjustment set; the adjustment set is empty")
    }
    let design = ModelDesign.build(
      data: problem.data, treatment: nil, covariates: problem.adjustment, terms: [], intercept: false)
    let x = design.matrix
    let y = problem.data.values(problem.outcome)
    let k = options.neighbors
    let tolerance = options.tieTolerance
    let replacement = options.replacement
    // Mahalanobis distance with the covariance divisor N, as R's Matching
    // (Weight = 2) on standardised covariates.
    let covariance = Self.covariance(x, divisor: Double(x.rows))
    let whitening = KDTree.mahalanobisWhitening(covariance)
    let exactColumns = options.exact
    let exactKey: [[Double]] = (0..<d.count).map { i in exactColumns.map { problem.data.values($0)[i] } }
    var groups: [[Double]: [Int]] = [:]
    for i in d.indices { groups[exactKey[i] + [d[i]], default: []].append(i) }
    var trees: [[Double]: KDTree] = [:]
    for (key, units) in groups { trees[key] = KDTree(points: Self.rows(x, units), transform: whitening) }
    func point(_ i: Int) -> [Double] { (0..<x.columns).map { x[i, $0] } }
    func search(arm: Double, excludingSelf: Bool) -> Matching.Search {
      { i, k in
        let key = exactKey[i] + [arm]
        guard let tree = trees[key], let units = groups[key] else { return ([], []) }
        let local = excludingSelf ? units.firstIndex(of: i) : nil
        let found = tree.nearest(to: point(i), k: k, excluding: local)
        return (found.indices.map { units[$0] }, found.distances.map { $0 * $0 })
      }
    }
    func available(_ i: Int, arm: Double) -> Int { groups[exactKey[i] + [arm]]?.count ?? 0 }
    let queries = Matching.queries(effect: problem.effect, indicator: d)
    let matches: Matching.Matches
    if replacement {
      matches = Matching.withReplacement(
        unitCount: d.count, queries: queries,
        find: { i in
          Matching.withinTolerance(
            i, m: k, available: available(i, arm: 1 - d[i]), tolerance: tolerance,
            search: search(arm: 1 - d[i], excludingSelf: false))
        },
        withinCaliper: { _, _ in true })
    } else {
      let inverse = covariance.inverse() ?? Matrix.identity(x.columns)
      matches = Matching.withoutReplacement(
        unitCount: d.count, queries: queries,
        candidates: { i in groups[exactKey[i] + [1 - d[i]]] ?? [] }, k: k,
        distance: { Self.mahalanobis(x, $0, $1, inverse) }, withinCaliper: { _, _ in true })
    }
    guard matches.unmatched.count < queries.count else {
      throw .invalidData("no unit found an exact match in the other arm")
    }
    var adjustment: ((Int, Int) -> Double)?
    var biasModels: [ModelRecord] = []
    let covariateDesign = design
    var warnings: [String] = []
    if options.biasCorrection {
      // Abadie & Imbens (2011) as Matching: per arm, an OLS of Y on [1, X]
      // among the units used as matches, weighted by how often they are used.
      let weights = Matching.estimate(
        effect: problem.effect, indicator: d, outcome: y, matches: matches, adjustment: nil, sigma2: nil
      ).weights
      var fits: [[Double]] = []
      for arm in [0.0, 1.0] {
        let units = d.indices.filter { d[$0] == arm && weights[$0] > 0 }
        guard units.count > x.columns else {
          fits.append([Double](repeating: 0, count: x.columns + 1))
          continue
        }
        let design = Matrix(
          columns: [[Double](repeating: 1, count: units.count)] + (0..<x.columns).map { j in units.map { x[$0, j] } })
        let fit = LeastSquares.fit(design: design, response: units.map { y[$0] }, weights: units.map { weights[$0] })
        biasModels.append(
          ModelRecord(
            role:
              "bias correction, \(arm == 1 ? "treated" : "control") arm (weighted by how often each unit is a match)",
            kind: "weighted OLS", columns: ["(Intercept)"] + covariateDesign.names,
            coefficients: fit.coefficients.map(\.finiteOrNil), referenceLevels: covariateDesign.referenceLevels,
            formula: "\(problem.outcome) ~ \(covariateDesign.formula)"))
        if fit.isRankDeficient {
          warnings.append(
            "the bias-correction regression in the \(arm == 1 ? "treated" : "control") arm is rank deficient; aliased terms are left out of the correction"
          )
        }
        fits.append(fit.coefficients.map { $0.isFinite ? $0 : 0 })
      }
      adjustment = { i, j in
        let beta = fits[Int(d[j])]
        var diff = 0.0
        for c in 0..<x.columns { diff += beta[c + 1] * (x[i, c] - x[j, c]) }
        return diff
      }
    }
    var sigma2: [Double]?
    if !problem.pointOnly {
      sigma2 = Matching.conditionalVariances(outcome: y) { i in
        Matching.withinTolerance(
          i, m: 1, available: available(i, arm: d[i]) - 1, tolerance: tolerance,
          search: search(arm: d[i], excludingSelf: true))
      }
    }
    let estimate = Matching.estimate(
      effect: problem.effect, indicator: d, outcome: y, matches: matches, adjustment: adjustment, sigma2: sigma2)
    var result = EstimationResult(value: estimate.value, n: d.count)
    result.nTreated = Int(d.reduce(0, +))
    result.nControl = d.count - result.nTreated!
    result.warnings = warnings
    if !matches.unmatched.isEmpty {
      result.warnings.append(
        "\(matches.unmatched.count) units found no exact match and are excluded: the estimate is for the matched units")
    }
    if problem.pointOnly { return result }
    result.diagnostics = [
      DiagnosticValue("unmatched units", value: Double(matches.unmatched.count), flagged: !matches.unmatched.isEmpty),
      DiagnosticValue("matched units", value: Double(estimate.matchedUnits)),
      DiagnosticValue("covariates", text: design.names.joined(separator: ", ")),
    ]
    result.models =
      [
        ModelRecord(
          role: "distance (not a fitted model: the columns weighed by the inverse of their covariance)",
          kind: "Mahalanobis", columns: design.names, referenceLevels: design.referenceLevels)
      ] + biasModels
    result.balance = Balance.rows(
      design: design, indicator: d, weights: MatchingWeights.weights(matches: matches, indicator: d))
    if options.standardErrors == .bootstrap {
      result.warnings.append(
        "the bootstrap is not valid for matching with replacement (Abadie & Imbens 2008); prefer se: abadie_imbens")
    } else if let variance = estimate.variance {
      result.apply(
        .wald(estimate: estimate.value, standardError: variance.squareRoot(), level: problem.confidenceLevel),
        method: "Abadie & Imbens (2006) matching variance"
          + (adjustment == nil ? "" : ", bias-corrected (Abadie & Imbens 2011)"))
    }
    return result
  }

  /// The covariance of the columns of `x` with the given divisor.
  static func covariance(_ x: Matrix, divisor: Double) -> Matrix {
    let n = Double(x.rows)
    let means = (0..<x.columns).map { j in x.column(j).reduce(0, +) / n }
    var c = Matrix(rows: x.columns, columns: x.columns)
    for a in 0..<x.columns {
      for b in a..<x.columns {
        var s = 0.0
        for i in 0..<x.rows { s += (x[i, a] - means[a]) * (x[i, b] - means[b]) }
        c[a, b] = s / divisor
        c[b, a] = c[a, b]
      }
    }
    return c
  }

  static func rows(_ x: Matrix, _ units: [Int]) -> Matrix {
    Matrix(columns: (0..<x.columns).map { j in units.map { x[$0, j] } })
  }

  static func mahalanobis(_ x: Matrix, _ i: Int, _ j: Int, _ inverse: Matrix) -> Double {
    let diff = (0..<x.columns).map { x[i, $0] - x[j, $0] }
    var s = 0.0
    for a in diff.indices { for b in diff.indices { s += diff[a] * inverse[a, b] * diff[b] } }
    return s.squareRoot()
  }
}
