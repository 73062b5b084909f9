import NumericKernels
import StudyModel

/// Nearest-neighbour matching shared by propensity-score and distance
/// matching, with the definitions of R's `Matching` package (Sekhon 2011),
/// the reference implementation of Abadie & Imbens's estimators.
///
/// Distances are squared distances on a standardised scale (the score over
/// its standard deviation; the Mahalanobis form of the standardised
/// covariates). Each unit whose missing potential outcome the estimand
/// needs is matched to the `M` nearest units of the other arm, and to every
/// other unit within the tie tolerance (`tie_tolerance`, by default R
/// Matching's `distance.tolerance` of 1e-5) of the
/// M-th distance: near-ties share the weight, so the result does not depend
/// on the last bits of a distance or on the order of the data.
enum Matching {
  /// The matched units of each unit (empty when it is not a query or found no match).
  struct Matches {
    var sets: [[Int]]
    var unmatched: [Int]
  }

  /// Candidates in increasing distance: `nearest(unit, k)` returns at least
  /// the k nearest of the arm it searches (more on ties), with squared distances.
  typealias Search = (_ unit: Int, _ k: Int) -> (units: [Int], squaredDistances: [Double])

  /// The `m` nearest units and all within `tolerance` of the m-th
  /// distance, growing the search until the tolerance band is covered.
  static func withinTolerance(
    _ unit: Int, m: Int, available: Int, tolerance: Double, search: Search
  ) -> [Int] {
    guard available > 0 else { return [] }
    var k = min(m, available)
    while true {
      let found = search(unit, k)
      guard found.units.count >= min(m, available) else { return found.units }
      let limit = found.squaredDistances[min(m, found.units.count) - 1] + tolerance
      let inside = found.units.indices.filter { found.squaredDistances[$0] <= limit }
      if inside.count < found.units.count || found.units.count >= available {
        return inside.map { found.units[$0] }
      }
      k = min(available, k * 2 + 1)
    }
  }

  /// Matches every query with replacement; a caliper test may discard matches.
  static func withReplacement(
    unitCount: Int, queries: [Int], find: (Int) -> [Int], withinCaliper: (Int, Int) -> Bool
  ) -> Matches {
    var sets = [[Int]](repeating: [], count: unitCount)
    var unmatched: [Int] = []
    for i in queries {
      let found = find(i).filter { withinCaliper(i, $0) }
      if found.isEmpty { unmatched.append(i) } else { sets[i] = found }
    }
    return Matches(sets: sets, unmatched: unmatched)
  }

  /// Greedy matching without replacement: queries in the given order each
  /// take their `k` nearest still-unused candidates (ties by unit index).
  ///
  /// Complexity: O(q · m log m) for q queries and m candidates.
  static func withoutReplacement(
    unitCount: Int, queries: [Int], candidates: (Int) -> [Int], k: Int, distance: (Int, Int) -> Double,
    withinCaliper: (Int, Int) -> Bool
  ) -> Matches {
    var used = Set<Int>()
    var sets = [[Int]](repeating: [], count: unitCount)
    var unmatched: [Int] = []
    for i in queries {
      let available = candidates(i).filter { !used.contains($0) && withinCaliper(i, $0) }
      let chosen = available.sorted { (distance(i, $0), $0) < (distance(i, $1), $1) }.prefix(k)
      if chosen.isEmpty {
        unmatched.append(i)
      } else {
        sets[i] = Array(chosen)
        used.formUnion(chosen)
      }
    }
    return Matches(sets: sets, unmatched: unmatched)
  }

  /// The estimate, its variance, and the unit effects.
  struct Estimate {
    var value: Double
    var variance: Double?
    var matchedUnits: Int
    /// τ̂_i of each target unit (NaN elsewhere).
    var unitEffects: [Double]
    /// K_i: the weight of unit i as a match, Σ_l 1/#m(l) over the l that use it.
    var weights: [Double]
  }

  /// Imputes the missing potential outcome of each query unit and averages
  /// the unit effects over the matched target units.
  ///
  /// - Parameters:
  ///   - adjustment: the bias-correction term `μ̂(X_i) − μ̂(X_j)` of the
  ///     arm of match j, for unit i and match j (Abadie & Imbens 2011), or nil.
  ///   - sigma2: the conditional variance estimates σ̂²(X_i, D_i), or nil to
  ///     skip the variance.
  ///
  /// Variance (Abadie & Imbens 2006, as R's `Matching` computes the
  /// population variance), with `K_i = Σ_l 1/#m(l)` and `KK_i = Σ_l 1/#m(l)²`
  /// over the units l that use i as a match:
  /// - ATE: `[Σ_i σ̂²_i (K_i² + 2K_i − KK_i) + Σ_i (τ̂_i − τ̂)²] / N²`;
  /// - ATT: `[Σ_{controls} σ̂²_i (K_i² − KK_i) + Σ_{treated} (τ̂_i − τ̂)²] / N₁²`;
  /// - ATC: the ATT with the arms swapped.
  static func estimate(
    effect: EffectKind, indicator d: [Double], outcome y: [Double], matches: Matches,
    adjustment: ((Int, Int) -> Double)?, sigma2: [Double]?
  ) -> Estimate {
    let n = d.count
    var tau = [Double](repeating: .nan, count: n)
    var k = [Double](repeating: 0, count: n)
    var kk = [Double](repeating: 0, count: n)
    for i in 0..<n {
      let set = i < matches.sets.count ? matches.sets[i] : []
      guard !set.isEmpty else { continue }
      var imputed = 0.0
      for j in set { imputed += y[j] + (adjustment?(i, j) ?? 0) }
      imputed /= Double(set.count)
      tau[i] = d[i] == 1 ? y[i] - imputed : imputed - y[i]
      let w = 1 / Double(set.count)
      for j in set {
        k[j] += w
        kk[j] += w * w
      }
    }
    return summarize(effect: effect, indicator: d, unitEffects: tau, weights: k, squaredWeights: kk, sigma2: sigma2)
  }

  /// The estimate and its Abadie & Imbens (2006) variance (see
  /// ``estimate(effect:indicator:outcome:matches:adjustment:sigma2:)``) from
  /// the unit effects τ̂_i (NaN for units without matches), `K_i` and `KK_i`.
  static func summarize(
    effect: EffectKind, indicator d: [Double], unitEffects tau: [Double], weights k: [Double],
    squaredWeights kk: [Double], sigma2: [Double]?
  ) -> Estimate {
    let n = d.count
    var count = 0
    var sum = 0.0
    for i in 0..<n where !tau[i].isNaN {
      sum += tau[i]
      count += 1
    }
    let value = sum / Double(count)
    guard let sigma2 else {
      return Estimate(value: value, variance: nil, matchedUnits: count, unitEffects: tau, weights: k)
    }
    var total = 0.0
    for i in 0..<n where !tau[i].isNaN { total += (tau[i] - value) * (tau[i] - value) }
    switch effect {
    case .averageTreatmentEffect:
      for i in 0..<n { total += (k[i] * k[i] + 2 * k[i] - kk[i]) * sigma2[i] }
    case .averageTreatmentEffectOnTreated:
      for i in 0..<n where d[i] == 0 { total += (k[i] * k[i] - kk[i]) * sigma2[i] }
    case .averageTreatmentEffectOnControls:
      for i in 0..<n where d[i] == 1 { total += (k[i] * k[i] - kk[i]) * sigma2[i] }
    }
    let c = Double(count)
    return Estimate(value: value, variance: total / (c * c), matchedUnits: count, unitEffects: tau, weights: k)
  }

  /// σ̂²(X_i, D_i): the sample variance (n − 1) of Y over unit i and its
  /// nearest unit(s) of its own arm, ties within the tolerance included —
  /// the heteroskedastic estimator of Abadie & Imbens (2006, eq. 14) with
  /// J = 1, as `Matching`'s `Var.calc = 1`.
  static func conditionalVariances(outcome y: [Double], sameArm: (Int) -> [Int]) -> [Double] {
    y.indices.map { i in
      let group = [i] + sameArm(i)
      guard group.count > 1 else { return 0 }
      let mean = group.reduce(0.0) { $0 + y[$1] } / Double(group.count)
      return group.reduce(0.0) { $0 + (y[$1] - mean) * (y[$1] - mean) } / Double(group.count - 1)
    }
  }

  /// σ̂²(X_i, D_i) as ``conditionalVariances(outcome:sameArm:)`` computes
  /// it, for matching on one score: the group of unit i is a run of its
  /// arm's ``ScoreLine`` (its nearest same-arm unit and the near-ties, with
  /// i itself), found in O(log n), and its variance comes from ``RunSums``.
  ///
  /// - Parameter caliper: a key non-decreasing in the score and a width:
  ///   only units within the width of unit i's key join its group (as
  ///   `Matching` applies the caliper to this step too).
  static func conditionalVariancesOnLine(
    score z: [Double], indicator d: [Double], outcome y: [Double], tolerance: Double,
    caliper: (key: [Double], width: Double)? = nil
  ) -> [Double] {
    let lines = [0.0, 1.0].map { arm in ScoreLine(scores: z, subset: z.indices.filter { d[$0] == arm }) }
    return conditionalVariances(lines: lines, outcome: y, tolerance: tolerance, caliper: caliper)
  }

  /// ``conditionalVariancesOnLine(score:indicator:outcome:tolerance:caliper:)`` on
  /// lines already built, one per arm.
  static func conditionalVariances(
    lines: [ScoreLine], outcome y: [Double], tolerance: Double, caliper: (key: [Double], width: Double)?
  ) -> [Double] {
    var sigma2 = [Double](repeating: 0, count: y.count)
    for line in lines {
      let sums = RunSums(line.units.map { y[$0] }, squares: true)
      for p in 0..<line.count {
        guard var run = line.matchRange(line.scores[p], m: 1, tolerance: tolerance, skip: p, hint: p) else { continue }
        if let caliper {
          let key = caliper.key[line.units[p]]
          run = line.restrict(run, key: caliper.key, low: key - caliper.width, high: key + caliper.width) ?? p...p
        }
        sigma2[line.units[p]] = sums.variance(run)
      }
    }
    return sigma2
  }

  /// Units whose outcome must be imputed for `effect`.
  static func queries(effect: EffectKind, indicator d: [Double]) -> [Int] {
    d.indices.filter { queriesArm(effect: effect, arm: d[$0]) }
  }

  /// Whether the units of `arm` (1 treated, 0 control) have their outcome imputed for `effect`.
  static func queriesArm(effect: EffectKind, arm: Double) -> Bool {
    switch effect {
    case .averageTreatmentEffect: true
    case .averageTreatmentEffectOnTreated: arm == 1
    case .averageTreatmentEffectOnControls: arm == 0
    }
  }
}
