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

  func estimate(_ problem: EstimationProblem, options: PropensityScoreMatchingOptions) throws(EstimationFailure)
    -> EstimationResult
  {
    // A categorical treatment with more levels: the units at the two compared levels.
    let problem = problem.restrictedToContrastLevels()
    let d = try TreatmentIndicator.values(problem)
    let model = try PropensityModel.fit(problem, indicator: d)
    return try matched(
      problem, options: options, indicator: d, outcome: problem.data.values(problem.outcome), scores: model.scores,
      warnings: model.warnings, model: model)
  }

  /// The matching estimate from the propensity scores of the units
  /// (`indicator`, `outcome` and `scores` row by row). `model` is the fitted
  /// propensity model, needed for everything but a point estimate
  /// (`problem.pointOnly`); ``PropensityRefitter`` passes scores it fitted
  /// itself and no model.
  func matched(
    _ problem: EstimationProblem, options: PropensityScoreMatchingOptions, indicator d: [Double], outcome y: [Double],
    scores: [Double], warnings: [String], model: PropensityModel?
  ) throws(EstimationFailure) -> EstimationResult {
    let useLogit = options.scale == .logit
    // The logits are read on the logit scale and by a caliper only (one logarithm per unit otherwise spent).
    let logits = useLogit || options.caliper.width != nil ? scores.map { Foundation.log($0 / (1 - $0)) } : []
    let score = useLogit ? logits : scores
    let k = options.neighbors
    let tolerance = options.tieTolerance
    let replacement = options.replacement
    let treated = d.indices.filter { d[$0] == 1 }
    let controls = d.indices.filter { d[$0] == 0 }

    var caliperWidth: Double?
    if let c = options.caliper.width {
      let mean = logits.reduce(0, +) / Double(logits.count)
      let sd = (logits.reduce(0.0) { $0 + ($1 - mean) * ($1 - mean) } / Double(logits.count - 1)).squareRoot()
      caliperWidth = c * sd
    }
    // Matching's scale: the score divided by its standard deviation.
    let scale = Self.standardDeviation(score)
    let z = score.map { $0 / (scale > 0 ? scale : 1) }
    let lines = [ScoreLine(scores: z, subset: controls), ScoreLine(scores: z, subset: treated)]
    let outcomes = lines.map { RunSums($0.units.map { y[$0] }) }
    func arm(_ i: Int) -> Int { d[i] == 1 ? 1 : 0 }
    // Where each position's score falls on the other arm's line (one merge per line): the searches start there.
    let crossBounds = (0..<2).map { lines[1 - $0].lowerBounds(of: lines[$0]) }
    /// The matches with replacement of the unit at position p of arm a's line: a run of the other
    /// arm's line, inside the caliper. `near` is the run found for the previous position (queries in
    /// score order: the run's ends have moved little), where the searches for its ends start.
    func matchRun(arm a: Int, position p: Int, caliper: Bool = true, near previous: inout ClosedRange<Int>?)
      -> ClosedRange<Int>?
    {
      let other = 1 - a
      guard
        let run = lines[other].matchRange(
          lines[a].scores[p], m: k, tolerance: tolerance, hint: crossBounds[a][p], runHint: previous)
      else { return nil }
      previous = run
      guard caliper, let w = caliperWidth else { return run }
      let i = lines[a].units[p]
      return lines[other].restrict(run, key: logits, low: logits[i] - w, high: logits[i] + w)
    }

    let queries = Matching.queries(effect: problem.effect, indicator: d)
    let sigma2 =
      problem.pointOnly
      ? nil
      : Matching.conditionalVariances(
        lines: lines, outcome: y, tolerance: tolerance, caliper: caliperWidth.map { (logits, $0) })
    let estimate: Matching.Estimate
    let unmatched: [Int]
    let balanceWeights: [Double]
    if replacement {
      // τ̂_i from the run's mean; K and KK by difference arrays over each line's positions.
      // A point estimate (a refuter's refit) needs only the unit effects, not K, KK or the balance weights.
      let weighing = !problem.pointOnly
      var tau = [Double](repeating: .nan, count: d.count)
      var kDiff = weighing ? lines.map { [Double](repeating: 0, count: $0.count + 1) } : []
      var kkDiff = kDiff
      var useDiff = weighing ? lines.map { [Int](repeating: 0, count: $0.count + 1) } : []
      var missing: [Int] = []
      // Queries in score order, arm by arm: the searches move forward along the other line, and
      // scores and outcomes are read in line order.
      for a in 0..<2 where Matching.queriesArm(effect: problem.effect, arm: Double(a)) {
        var previous: ClosedRange<Int>? = nil
        for p in 0..<lines[a].count {
          let i = lines[a].units[p]
          guard let run = matchRun(arm: a, position: p, near: &previous) else {
            missing.append(i)
            continue
          }
          let other = 1 - a
          let imputed = outcomes[other].mean(run)
          let own = outcomes[a].values[p]
          tau[i] = a == 1 ? own - imputed : imputed - own
          guard weighing else { continue }
          let w = 1 / Double(run.count)
          kDiff[other][run.lowerBound] += w
          kDiff[other][run.upperBound + 1] -= w
          kkDiff[other][run.lowerBound] += w * w
          kkDiff[other][run.upperBound + 1] -= w * w
          useDiff[other][run.lowerBound] += 1
          useDiff[other][run.upperBound + 1] -= 1
        }
      }
      var kWeights = [Double](repeating: 0, count: weighing ? d.count : 0)
      var kkWeights = kWeights
      for a in 0..<2 where weighing {
        var k = 0.0
        var kk = 0.0
        var uses = 0
        for p in 0..<lines[a].count {
          k += kDiff[a][p]
          kk += kkDiff[a][p]
          uses += useDiff[a][p]
          // Exactly 0 for units no one uses (the running sums may leave rounding residue).
          if uses > 0 {
            kWeights[lines[a].units[p]] = k
            kkWeights[lines[a].units[p]] = kk
          }
        }
      }
      estimate = Matching.summarize(
        effect: problem.effect, indicator: d, unitEffects: tau, weights: kWeights, squaredWeights: kkWeights,
        sigma2: sigma2)
      unmatched = missing.sorted()
      balanceWeights = weighing ? d.indices.map { (tau[$0].isNaN ? 0 : 1) + kWeights[$0] } : []
    } else {
      let ordered = queries.sorted { (-scores[$0], $0) < (-scores[$1], $1) }
      let matches = Self.greedyWithoutReplacement(
        queries: ordered, lines: lines, z: z, indicator: d, k: k, logits: logits, caliperWidth: caliperWidth)
      estimate = Matching.estimate(
        effect: problem.effect, indicator: d, outcome: y, matches: matches, adjustment: nil, sigma2: sigma2)
      unmatched = matches.unmatched
      balanceWeights = MatchingWeights.weights(matches: matches, indicator: d)
    }
    guard unmatched.count < queries.count else {
      throw .invalidData("no unit found a match inside the caliper")
    }
    var result = EstimationResult(value: estimate.value, n: d.count)
    result.nTreated = treated.count
    result.nControl = controls.count
    result.warnings = warnings
    if !unmatched.isEmpty {
      result.warnings.append(
        "\(unmatched.count) units found no match inside the caliper and are excluded: the estimate is for the matched units"
      )
    }
    if problem.pointOnly { return result }
    guard let model else { preconditionFailure("PropensityScoreMatchingEstimator.matched: no model for a full result") }
    result.diagnostics =
      model.diagnostics() + [
        DiagnosticValue("unmatched units", value: Double(unmatched.count), flagged: !unmatched.isEmpty),
        DiagnosticValue("matched units", value: Double(estimate.matchedUnits)),
      ]
    if let caliperWidth {
      result.diagnostics.append(DiagnosticValue("caliper width (logit scale)", value: caliperWidth))
    }
    result.models = [model.record(problem)]
    result.propensityHistogram = model.histogram()
    result.balance = Balance.rows(design: model.design, indicator: d, weights: balanceWeights)
    if options.standardErrors == .bootstrap {
      result.warnings.append(
        "the bootstrap is not valid for matching with replacement (Abadie & Imbens 2008); prefer se: abadie_imbens")
    } else if var variance = estimate.variance {
      var method = "Abadie & Imbens (2006) matching variance, propensity score treated as known"
      // The correction for the estimated score applies to matching with
      // replacement on the score itself, without a caliper.
      if replacement, !useLogit, caliperWidth == nil, unmatched.isEmpty, model.fit.aliasedColumns.isEmpty {
        // H_i: unit i and its nearest same-arm unit(s) in |e_i − e_j|, exact ties kept: a run of its line.
        // Found in line order, so that the searches walk each line once.
        var groups = [ClosedRange<Int>](repeating: 0...0, count: d.count)
        for line in lines {
          for (p, unit) in line.units.enumerated() {
            groups[unit] = line.matchRange(line.scores[p], m: 1, tolerance: 0, skip: p, hint: p) ?? p...p
          }
        }
        let covariances = (0..<2).map { RunCovariances(line: lines[$0], x: model.design.matrix, y: y) }
        let inputs = AbadieImbens2016.Inputs(
          x: model.design.matrix, indicator: d, scores: model.scores, outcome: y,
          covariance: model.fit.covariance,
          weightedGroupCovariance: { weights in
            // Every unit lies on its own arm's line, and H_i is a run of that line.
            var total = [Double](repeating: 0, count: model.design.matrix.columns)
            for a in 0..<2 {
              let units = lines[a].units
              let sums = covariances[a].weightedSums(runs: units.map { groups[$0] }, weights: units.map { weights[$0] })
              for j in total.indices { total[j] += sums[j] }
            }
            return total
          })
        switch problem.effect {
        case .averageTreatmentEffect:
          variance -= AbadieImbens2016.ateCorrection(inputs)
        case .averageTreatmentEffectOnTreated, .averageTreatmentEffectOnControls:
          let swapped = problem.effect == .averageTreatmentEffectOnControls
          // Ŷ of the unit's own arm: the mean over H_i without i; of the other arm: its propensity matches.
          let ownMeans = d.indices.map { i in
            let run = groups[i]
            return run.count > 1 ? (outcomes[arm(i)].sum(run) - y[i]) / Double(run.count - 1) : y[i]
          }
          var matchMeans = y
          for a in 0..<2 {
            var previous: ClosedRange<Int>? = nil
            for p in 0..<lines[a].count {
              if let run = matchRun(arm: a, position: p, caliper: false, near: &previous) {
                matchMeans[lines[a].units[p]] = outcomes[1 - a].mean(run)
              }
            }
          }
          let covariateMeans = Self.covariateMatchMeans(model.design, indicator: d, outcome: y, tolerance: tolerance)
          var swappedInputs = inputs
          if swapped {
            swappedInputs.indicator = d.map { 1 - $0 }
            swappedInputs.scores = model.scores.map { 1 - $0 }
          }
          variance += AbadieImbens2016.attCorrection(
            swappedInputs, effect: swapped ? -estimate.value : estimate.value, ownMeans: ownMeans,
            matchMeans: matchMeans, covariateMeans: covariateMeans)
        }
        method = "Abadie & Imbens (2016) variance for matching on the estimated propensity score"
      } else {
        result.warnings.append(
          "the standard error treats the propensity score as known (Abadie & Imbens 2006): the 2016 correction applies only to matching with replacement on the score without a caliper"
        )
      }
      result.apply(
        .wald(estimate: estimate.value, standardError: max(0, variance).squareRoot(), level: problem.confidenceLevel),
        method: method)
    }
    return result
  }

  /// Greedy matching without replacement on the score line: queries in the
  /// given order each take their `k` nearest still-unused units of the other
  /// arm, by (distance, unit index), inside the caliper.
  ///
  /// Used units are skipped with path-compressed "next free" pointers on
  /// each line, and the nearest free unit of an equal-score block is its
  /// smallest unit index, so each query costs O(k α(n)) after a binary
  /// search. Equivalent to ``Matching/withoutReplacement`` with every unit
  /// of the other arm as a candidate.
  static func greedyWithoutReplacement(
    queries: [Int], lines: [ScoreLine], z: [Double], indicator d: [Double], k: Int, logits: [Double],
    caliperWidth: Double?
  ) -> Matching.Matches {
    var sets = [[Int]](repeating: [], count: d.count)
    var unmatched: [Int] = []
    // freeLeft[a][p + 1]: the largest free position ≤ p (−1 if none); freeRight[a][p]: the smallest free ≥ p.
    var freeLeft = lines.map { Array(-1..<$0.count) }
    var freeRight = lines.map { Array(0...$0.count) }
    // blockStart[a][p]: the first position with the same score as p.
    let blockStart = lines.map { line -> [Int] in
      var starts = [Int](repeating: 0, count: line.count)
      for p in 1..<max(1, line.count) { starts[p] = line.scores[p] == line.scores[p - 1] ? starts[p - 1] : p }
      return starts
    }
    func findLeft(_ a: Int, _ p: Int) -> Int {
      var root = p
      while root >= 0 && freeLeft[a][root + 1] != root { root = freeLeft[a][root + 1] }
      var q = p
      while q >= 0 && freeLeft[a][q + 1] != root {
        let next = freeLeft[a][q + 1]
        freeLeft[a][q + 1] = root
        q = next
      }
      return root
    }
    func findRight(_ a: Int, _ p: Int) -> Int {
      var root = p
      while root < lines[a].count && freeRight[a][root] != root { root = freeRight[a][root] }
      var q = p
      while q < lines[a].count && freeRight[a][q] != root {
        let next = freeRight[a][q]
        freeRight[a][q] = root
        q = next
      }
      return root
    }
    for i in queries {
      let a = d[i] == 1 ? 0 : 1
      let line = lines[a]
      let start = line.lowerBound(z[i])
      func inside(_ p: Int) -> Bool {
        guard let w = caliperWidth else { return true }
        return abs(logits[i] - logits[line.units[p]]) <= w
      }
      var chosen: [Int] = []
      while chosen.count < k {
        // The nearest free unit on each side; on the left, the smallest unit index of its equal-score block.
        var left = findLeft(a, start - 1)
        if left >= 0 { left = findRight(a, blockStart[a][left]) }
        if left >= 0 && !inside(left) { left = -1 }
        var right = findRight(a, start)
        if right < line.count && !inside(right) { right = line.count }
        let dl = left >= 0 ? abs(z[i] - line.scores[left]) : .infinity
        let dr = right < line.count ? abs(z[i] - line.scores[right]) : .infinity
        if dl == .infinity && dr == .infinity { break }
        let takeLeft = dl < dr || (dl == dr && line.units[left] < line.units[right])
        let p = takeLeft ? left : right
        chosen.append(line.units[p])
        freeLeft[a][p + 1] = p - 1
        freeRight[a][p] = p + 1
      }
      if chosen.isEmpty { unmatched.append(i) } else { sets[i] = chosen }
    }
    return Matching.Matches(sets: sets, unmatched: unmatched)
  }

  /// The mean outcome of each unit's nearest unit(s) of the other arm by
  /// standardised Euclidean distance on the propensity model's covariates
  /// (R Matching `Weight = 1`), ties within the tolerance averaged.
  static func covariateMatchMeans(_ design: ModelDesign, indicator d: [Double], outcome y: [Double], tolerance: Double)
    -> [Double]
  {
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
    var point = [Double](repeating: 0, count: x.columns)
    return d.indices.map { i in
      let other = d[i] == 1 ? 0 : 1
      for c in 0..<x.columns { point[c] = x[i, c] }
      let query = point
      let found = Matching.withinTolerance(i, m: 1, available: arms[other].count, tolerance: tolerance) { _, k in
        let found = trees[other].nearest(to: query, k: k)
        return (found.indices.map { arms[other][$0] }, found.distances.map { $0 * $0 })
      }
      return found.isEmpty ? y[i] : found.reduce(0.0) { $0 + y[$1] } / Double(found.count)
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
