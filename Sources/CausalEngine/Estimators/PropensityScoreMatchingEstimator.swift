import Foundation
import NumericKernels
import StudyModel

/// `propensity_score_matching`: nearest-neighbour matching on the estimated
/// propensity score (or its logit).
///
/// Each unit whose counterfactual the estimand needs is matched to its
/// `neighbors` nearest units of the other arm (ties kept); with replacement
/// by default. Without replacement, units are matched greedily in order of
/// decreasing propensity score (ties by row), each taking the nearest
/// unused units. ATT = mean over matched treated of `Y − Ŷ(0)`; ATC likewise
/// for controls; ATE = mean over all matched units of `Ŷ(1) − Ŷ(0)`, which
/// equals DoWhy's `(n₁ ATT + n₀ ATC)/n` when every unit is matched.
///
/// Caliper: in standard deviations of the logit propensity score (Austin
/// 2011 recommends 0.2), applied on the logit scale whatever `scale` the
/// matching uses; units without a match inside it are counted, reported and
/// excluded.
///
/// Distances and near-ties follow R's `Matching` (see ``Matching``).
///
/// Uncertainty: the Abadie & Imbens (2006) variance for matching estimators
/// (see `Matching.estimate`), corrected for the estimated propensity score
/// by Abadie & Imbens (2016) when matching with replacement on the score
/// without a caliper (``AbadieImbens2016``); otherwise the score is treated
/// as known and the record says so;
/// `se: bootstrap` is available but the bootstrap is not valid for matching
/// with replacement (Abadie & Imbens 2008), which the record notes.
struct PropensityScoreMatchingEstimator: Estimator {
  static let method = EstimatorMethod.propensityScoreMatching

  func estimate(_ problem: EstimationProblem) throws(EstimationFailure) -> EstimationResult {
    let d = try TreatmentIndicator.values(problem)
    let model = try PropensityModel.fit(problem, indicator: d)
    let logits = model.scores.map { Foundation.log($0 / (1 - $0)) }
    let useLogit = problem.params.string("scale") == "logit"
    let score = useLogit ? logits : model.scores
    let k = problem.params.int("neighbors") ?? 1
    let tolerance = problem.params.double("tie_tolerance") ?? Matching.distanceTolerance
    let replacement = problem.params.bool("replacement") ?? true
    let y = problem.data.values(problem.outcome)
    let treated = d.indices.filter { d[$0] == 1 }
    let controls = d.indices.filter { d[$0] == 0 }

    var caliperWidth: Double?
    if let c = problem.params.double("caliper") {
      let mean = logits.reduce(0, +) / Double(logits.count)
      let sd = (logits.reduce(0.0) { $0 + ($1 - mean) * ($1 - mean) } / Double(logits.count - 1)).squareRoot()
      caliperWidth = c * sd
    }
    let within: (Int, Int) -> Bool = { i, j in
      guard let w = caliperWidth else { return true }
      return abs(logits[i] - logits[j]) <= w
    }
    // Matching's scale: the score divided by its standard deviation.
    let scale = Self.standardDeviation(score)
    let z = score.map { $0 / (scale > 0 ? scale : 1) }
    let byArm = [SortedNeighbors(scores: z, subset: controls), SortedNeighbors(scores: z, subset: treated)]
    let armSize = [controls.count, treated.count]
    func search(_ arm: Int, excluding: Int?) -> Matching.Search {
      { i, k in
        let found = byArm[arm].nearest(to: z[i], k: k, excluding: excluding)
        return (found.indices, found.distances.map { $0 * $0 })
      }
    }
    let queries = Matching.queries(effect: problem.effect, indicator: d)
    let matches: Matching.Matches
    if replacement {
      matches = Matching.withReplacement(
        unitCount: d.count, queries: queries,
        find: { i in
          let other = d[i] == 1 ? 0 : 1
          return Matching.withinTolerance(i, m: k, available: armSize[other], tolerance: tolerance, search: search(other, excluding: nil))
        },
        withinCaliper: within)
    } else {
      let ordered = queries.sorted { (-model.scores[$0], $0) < (-model.scores[$1], $1) }
      matches = Matching.withoutReplacement(
        unitCount: d.count, queries: ordered, candidates: { d[$0] == 1 ? controls : treated }, k: k,
        distance: { abs(z[$0] - z[$1]) }, withinCaliper: within)
    }
    guard matches.unmatched.count < queries.count else {
      throw .invalidData("no unit found a match inside the caliper")
    }
    let sigma2 = problem.pointOnly
      ? nil : Matching.conditionalVariancesOnLine(score: z, indicator: d, outcome: y, tolerance: tolerance)
    let estimate = Matching.estimate(
      effect: problem.effect, indicator: d, outcome: y, matches: matches, adjustment: nil, sigma2: sigma2)
    var result = EstimationResult(value: estimate.value, n: d.count)
    result.nTreated = treated.count
    result.nControl = controls.count
    result.warnings = model.warnings
    if !matches.unmatched.isEmpty {
      result.warnings.append("\(matches.unmatched.count) units found no match inside the caliper and are excluded: the estimate is for the matched units")
    }
    if problem.pointOnly { return result }
    result.diagnostics = model.diagnostics() + [
      DiagnosticValue("unmatched units", value: Double(matches.unmatched.count), flagged: !matches.unmatched.isEmpty),
      DiagnosticValue("matched units", value: Double(estimate.matchedUnits)),
    ]
    if let caliperWidth { result.diagnostics.append(DiagnosticValue("caliper width (logit scale)", value: caliperWidth)) }
    result.models = [model.record()]
    result.propensityHistogram = model.histogram()
    result.balance = Balance.rows(design: model.design, indicator: d, weights: MatchingWeights.weights(matches: matches, indicator: d))
    if problem.params.string("se") == "bootstrap" {
      result.warnings.append("the bootstrap is not valid for matching with replacement (Abadie & Imbens 2008); prefer se: abadie_imbens")
      try Bootstrap.apply(to: &result, problem: problem, estimator: self)
    } else if var variance = estimate.variance {
      var method = "Abadie & Imbens (2006) matching variance, propensity score treated as known"
      // The correction for the estimated score applies to matching with
      // replacement on the score itself, without a caliper.
      if replacement, !useLogit, caliperWidth == nil, matches.unmatched.isEmpty, model.fit.aliasedColumns.isEmpty {
        // H_i: the nearest same-arm unit(s) in |e_i − e_j|, exact ties kept.
        let nearestSameArm = d.indices.map { i in
          byArm[d[i] == 1 ? 1 : 0].nearest(to: z[i], k: 1, excluding: i).indices
        }
        let inputs = AbadieImbens2016.Inputs(
          x: model.design.matrix, indicator: d, scores: model.scores, outcome: y,
          covariance: model.fit.covariance, sameArm: nearestSameArm)
        switch problem.effect {
        case .averageTreatmentEffect:
          variance -= AbadieImbens2016.ateCorrection(inputs)
        case .averageTreatmentEffectOnTreated, .averageTreatmentEffectOnControls:
          let swapped = problem.effect == .averageTreatmentEffectOnControls
          let allMatches = d.indices.map { i in
            let other = d[i] == 1 ? 0 : 1
            return Matching.withinTolerance(i, m: k, available: armSize[other], tolerance: tolerance, search: search(other, excluding: nil))
          }
          let covariateMatches = Self.covariateMatches(model.design, indicator: d, tolerance: tolerance)
          var swappedInputs = inputs
          if swapped {
            swappedInputs.indicator = d.map { 1 - $0 }
            swappedInputs.scores = model.scores.map { 1 - $0 }
          }
          variance += AbadieImbens2016.attCorrection(
            swappedInputs, effect: swapped ? -estimate.value : estimate.value, matches: allMatches,
            covariateMatches: covariateMatches)
        }
        method = "Abadie & Imbens (2016) variance for matching on the estimated propensity score"
      } else {
        result.warnings.append("the standard error treats the propensity score as known (Abadie & Imbens 2006): the 2016 correction applies only to matching with replacement on the score without a caliper")
      }
      result.apply(
        .wald(estimate: estimate.value, standardError: max(0, variance).squareRoot(), level: problem.confidenceLevel),
        method: method)
    }
    return result
  }

  /// Each unit's nearest unit(s) of the other arm by standardised Euclidean
  /// distance on the propensity model's covariates (R Matching `Weight = 1`),
  /// ties within the tolerance kept.
  static func covariateMatches(_ design: ModelDesign, indicator d: [Double], tolerance: Double) -> [[Int]] {
    let columns = (0..<design.matrix.columns).filter { $0 != design.interceptColumn }
    let x = Matrix(columns: columns.map { design.matrix.column($0) })
    var scale = Matrix(rows: x.columns, columns: x.columns)
    for j in 0..<x.columns {
      let sd = standardDeviation(x.column(j))
      scale[j, j] = sd > 0 ? 1 / sd : 1
    }
    let arms = [d.indices.filter { d[$0] == 0 }, d.indices.filter { d[$0] == 1 }]
    let trees = arms.map { units in
      KDTree(points: Matrix(columns: (0..<x.columns).map { j in units.map { x[$0, j] } }), transform: scale)
    }
    return d.indices.map { i in
      let other = d[i] == 1 ? 0 : 1
      let point = (0..<x.columns).map { x[i, $0] }
      return Matching.withinTolerance(i, m: 1, available: arms[other].count, tolerance: tolerance) { _, k in
        let found = trees[other].nearest(to: point, k: k)
        return (found.indices.map { arms[other][$0] }, found.distances.map { $0 * $0 })
      }
    }
  }
}

/// The weights matching implies for balance checks: each target unit 1, each
/// matched unit the sum of 1/#matches over the units that use it.
enum MatchingWeights {
  static func weights(matches: Matching.Matches, indicator d: [Double]) -> [Double] {
    var w = [Double](repeating: 0, count: d.count)
    for (i, set) in matches.sets.enumerated() where !set.isEmpty {
      w[i] += 1
      for j in set { w[j] += 1 / Double(set.count) }
    }
    return w
  }
}

extension PropensityScoreMatchingEstimator {
  static func standardDeviation(_ v: [Double]) -> Double {
    let m = v.reduce(0, +) / Double(v.count)
    return (v.reduce(0.0) { $0 + ($1 - m) * ($1 - m) } / Double(max(1, v.count - 1))).squareRoot()
  }
}
