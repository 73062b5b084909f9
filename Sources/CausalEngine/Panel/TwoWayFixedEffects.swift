import Foundation
import NumericKernels

/// The two-way fixed effects regression `Y_it = α_i + λ_t + β D_it + ε_it`
/// on a (possibly unbalanced, possibly weighted) panel, with a
/// cluster-robust standard error, and the diagnostics that say what `β`
/// averages under staggered adoption.
///
/// Estimate: by the within transformation and Frisch–Waugh–Lovell. Every
/// column is demeaned within unit (weighted means); `β̂` is the coefficient
/// of the demeaned treatment in the (weighted) least squares of the demeaned
/// outcome on it and the demeaned period indicators (all but the first
/// period), which is exact for any panel, balanced or not (no iteration).
/// `D̃` = the residual of `D` on both sets of fixed effects, `u` = the full
/// model's residual, so `β̂ = Σ w D̃ Y / Σ w D̃²`.
///
/// Standard error: cluster-robust (Liang & Zeger 1986), by unit unless other
/// clusters are given, with `fixest`'s default small-sample correction
/// (`ssc(K.adj = TRUE, K.fixef = "nonnested", G.adj = TRUE, t.df = "min")`):
///
///     V = (n − 1)/(n − K) · G/(G − 1) · Σ_g (Σ_{i∈g} w D̃ u)² / (Σ w D̃²)²,
///
/// `n` rows, `G` clusters, `K = 1 +` the sizes of the fixed effects not
/// nested in the clusters (the unit effects are nested in unit clusters, so
/// clustering by unit gives `K = 1 + T`; with neither nested,
/// `K = 1 + U + T − 1`). The t statistic has `G − 1` degrees of freedom.
///
/// Diagnostics (treatment effects heterogeneous across cohorts or over time
/// make `β` a weighted average with possibly negative weights):
/// - de Chaisemartin & D'Haultfœuille (2020, Theorem 1; R
///   `TwoWayFEWeights`, `type = "feTR"`): under parallel trends
///   `β = Σ_{treated (i,t)} ω_it Δ_it` with `ω_it = w_it D̃_it / Σ_{treated} w D̃`;
///   the weights sum to 1 and some can be negative (counted over treated
///   unit-periods, weights within `10⁻¹⁰` of 0 counted as 0, as the R
///   package). `sensitivity` is their `σ_fe = |β| / σ(ω/π)`, the smallest
///   standard deviation of the `Δ_it` compatible with `β` and an average
///   effect of 0 (`π_it = w_it / Σ_{treated} w`, `σ` with the `M/(M−1)`
///   correction, `M` treated unit-periods).
/// - Goodman-Bacon (2021, Theorem 1; R `bacondecomp`), for a balanced,
///   unweighted panel without always-treated units: `β` is the weighted
///   average of every 2×2 DiD between timing groups ("Treated vs Untreated",
///   "Earlier vs Later Treated", and "Later vs Earlier Treated", the one that
///   uses already-treated units as controls); see ``bacon(_:)``.
/// A warning is added when some treated unit-periods get negative weights or
/// already-treated units serve as controls.
///
/// Rows that are the only row of their unit or of their period
/// (fixed-effect singletons) are set aside first, in one step, as `fixest`
/// 0.14 does by default; they carry no information on `β` but would count in
/// `n`, `G` and `K`. The rows and a warning are reported.
///
/// Edge cases: a treatment collinear with the fixed effects (e.g. every unit
/// adopts in the same period, or the treatment never varies within units)
/// is refused; fewer than 2 clusters or `n ≤ K` are refused.
enum TwoWayFixedEffects {
  /// One 2×2 comparison of the Goodman-Bacon decomposition.
  struct BaconComponent: Sendable, Equatable {
    /// "Treated vs Untreated", "Earlier vs Later Treated" or "Later vs Earlier Treated".
    var type: String
    /// The cohort treated in this comparison.
    var treated: Double
    /// The comparison cohort; `nil` for never-treated units.
    var control: Double?
    /// The 2×2 DiD of period means.
    var estimate: Double
    /// Its weight in `β` (the weights sum to 1).
    var weight: Double
  }

  /// The de Chaisemartin & D'Haultfœuille weights of one treated (cohort, period) cell.
  struct CellWeight: Sendable, Equatable {
    var cohort: Double
    var time: Double
    /// The sum of the cell's unit-period weights.
    var weight: Double
    /// The number of treated unit-periods in the cell.
    var unitPeriods: Int
  }

  /// The estimate, its inference and the diagnostics.
  struct Result: Sendable {
    /// `β̂`.
    var value: Double
    /// The cluster-robust standard error (fixest's small-sample correction).
    var standardError: Double
    /// `G − 1`.
    var degreesOfFreedom: Int
    /// `G`.
    var clusters: Int
    /// The number of rows.
    var n: Int
    /// fixest's `K` (see ``TwoWayFixedEffects``).
    var k: Int
    /// `(n − 1)/(n − K) · G/(G − 1)`.
    var smallSampleFactor: Double
    /// Two-sided, from Student's t with `G − 1` degrees of freedom.
    var pValue: Double
    /// The data rows set aside as fixed-effect singletons (see ``TwoWayFixedEffects``).
    var setAside: [Int]
    /// The Goodman-Bacon decomposition, when the panel allows it.
    var bacon: [BaconComponent]?
    /// Why ``bacon`` is `nil`, when it is.
    var baconNote: String?
    /// Treated unit-periods with a negative weight, all treated
    /// unit-periods, and the sum of the negative weights.
    var negativeWeights: (count: Int, total: Int, sum: Double)?
    /// The weights by treated (cohort, period) cell.
    var cellWeights: [CellWeight]
    /// de Chaisemartin & D'Haultfœuille's `σ_fe`.
    var sensitivity: Double?
    var warnings: [String]
  }

  /// Estimates `β` with its standard error and diagnostics.
  ///
  /// - Parameters:
  ///   - clusters: one cluster id per panel row (as built: per data row);
  ///     `nil` clusters by unit.
  ///   - weights: one sampling weight per panel row; `nil` uses the panel's
  ///     weights (none when it has none).
  static func estimate(
    _ input: PanelData, clusters inputClusters: [Int]? = nil, weights inputWeights: [Double]? = nil
  ) throws(EstimationFailure) -> Result {
    if let inputClusters {
      precondition(
        inputClusters.count == input.rowCount,
        "TwoWayFixedEffects: \(inputClusters.count) cluster ids for \(input.rowCount) rows")
    }
    if let inputWeights {
      precondition(
        inputWeights.count == input.rowCount,
        "TwoWayFixedEffects: \(inputWeights.count) weights for \(input.rowCount) rows")
    }
    var warnings: [String] = []
    // Fixed-effect singletons (a unit or a period with one row), removed in one step as fixest does.
    var unitRows = [Int](repeating: 0, count: input.unitCount)
    var periodRows = [Int](repeating: 0, count: input.periods.count)
    for r in 0..<input.rowCount {
      unitRows[input.unitOfRow[r]] += 1
      periodRows[input.periodOfRow[r]] += 1
    }
    let kept = (0..<input.rowCount).filter {
      unitRows[input.unitOfRow[$0]] > 1 && periodRows[input.periodOfRow[$0]] > 1
    }
    let singletons = (0..<input.rowCount).filter {
      unitRows[input.unitOfRow[$0]] == 1 || periodRows[input.periodOfRow[$0]] == 1
    }
    let panel = singletons.isEmpty ? input : input.keepingRows(kept)
    let clusters = inputClusters.map { c in singletons.isEmpty ? c : kept.map { c[$0] } }
    let weights = inputWeights.map { w in singletons.isEmpty ? w : kept.map { w[$0] } }
    if !singletons.isEmpty {
      warnings.append(
        "\(singletons.count) row\(singletons.count == 1 ? " is" : "s are") the only row of \(singletons.count == 1 ? "its" : "their") unit or period and \(singletons.count == 1 ? "was" : "were") set aside (fixed-effect singletons, as fixest does): such a row carries no information on the coefficient"
      )
    }
    let n = panel.rowCount
    let nU = panel.unitCount
    let nT = panel.periods.count
    let w = weights ?? panel.weights ?? [Double](repeating: 1, count: n)
    guard nT >= 2 else { throw .invalidData("two-way fixed effects need at least two periods") }
    let fe = within(panel, weights: w)
    let fit = LeastSquares.fit(design: fe.design, response: fe.outcome, weights: w)
    guard !fit.aliasedColumns.contains(0), let beta = fit.coefficients.first, beta.isFinite else {
      throw .invalidData(
        "the treatment '\(panel.treatmentName)' is collinear with the unit and period fixed effects (for example, every treated unit adopts in the same period and no unit stays untreated, or the treatment never changes within a unit)"
      )
    }
    let periodColumns = Matrix(
      rows: n, columns: nT - 1, columnMajor: Array(fe.design.columnMajorValues.dropFirst(n)))
    let residualized = LeastSquares.fit(design: periodColumns, response: fe.design.column(0), weights: w).residuals
    let residuals = fit.residuals

    // Clusters and fixest's K.
    let ids = clusters ?? panel.unitOfRow
    var clusterIndex: [Int: Int] = [:]
    for id in ids.sorted() where clusterIndex[id] == nil { clusterIndex[id] = clusterIndex.count }
    let g = clusterIndex.count
    guard g >= 2 else { throw .invalidData("a cluster-robust standard error needs at least 2 clusters") }
    let unitsNested = nested(panel.unitOfRow, in: ids)
    let periodsNested = nested(panel.periodOfRow, in: ids)
    let k = 1 + (unitsNested ? 0 : nU) + (periodsNested ? 0 : nT) - (!unitsNested && !periodsNested ? 1 : 0)
    guard n > k else { throw .invalidData("two-way fixed effects need more rows (\(n)) than parameters (\(k))") }
    var scores = [Double](repeating: 0, count: g)
    var denominator = 0.0
    for r in 0..<n {
      scores[clusterIndex[ids[r]] ?? 0] += w[r] * residualized[r] * residuals[r]
      denominator += w[r] * residualized[r] * residualized[r]
    }
    let meat = Kernels.dot(scores, scores)
    let factor = Double(n - 1) / Double(n - k) * Double(g) / Double(g - 1)
    let standardError = (meat / (denominator * denominator) * factor).squareRoot()
    let t = beta / standardError
    let pValue = 2 * StudentT(degreesOfFreedom: Double(g - 1)).survival(abs(t))

    let weightsDiagnostic = chaisemartinWeights(panel, residualized: residualized, weights: w, beta: beta)
    if let negative = weightsDiagnostic.negative, negative.count > 0 {
      let share = Double(negative.count) / Double(negative.total)
      warnings.append(
        String(
          format:
            "%d of %d treated unit-periods (%.1f%%) get negative weights (sum %.4f) in the two-way fixed effects coefficient (de Chaisemartin & D'Haultfœuille 2020): with effects that differ across cohorts or over time, it is not a convex average of them and can have the wrong sign",
          negative.count, negative.total, share * 100, negative.sum))
    }
    var baconComponents: [BaconComponent]? = nil
    var baconNote: String? = nil
    switch baconDecomposition(panel, weighted: weights != nil || panel.weights != nil) {
    case .success(let components):
      baconComponents = components
      let forbidden = components.filter { $0.type == BaconType.laterVersusEarlier }.reduce(0) { $0 + $1.weight }
      if forbidden > 0 {
        warnings.append(
          String(
            format:
              "%.1f%% of the two-way fixed effects weight comes from comparisons that use already-treated units as controls ('Later vs Earlier Treated', Goodman-Bacon 2021): with effects that change over time these comparisons are biased",
            forbidden * 100))
      }
    case .failure(let note):
      baconNote = note.message
    }
    return Result(
      value: beta, standardError: standardError, degreesOfFreedom: g - 1, clusters: g, n: n, k: k,
      smallSampleFactor: factor, pValue: pValue, setAside: singletons.map { input.dataRows[$0] },
      bacon: baconComponents,
      baconNote: baconNote,
      negativeWeights: weightsDiagnostic.negative, cellWeights: weightsDiagnostic.cells,
      sensitivity: weightsDiagnostic.sensitivity, warnings: warnings)
  }

  /// The within-unit demeaned outcome and design `[D, 1{t = 2}, …, 1{t = T}]`.
  static func within(_ panel: PanelData, weights w: [Double]) -> (outcome: [Double], design: Matrix) {
    let n = panel.rowCount
    let nU = panel.unitCount
    let nT = panel.periods.count
    var total = [Double](repeating: 0, count: nU)
    var sumY = [Double](repeating: 0, count: nU)
    var sumD = [Double](repeating: 0, count: nU)
    var periodShare = [Double](repeating: 0, count: nU * nT)
    for r in 0..<n {
      let u = panel.unitOfRow[r]
      total[u] += w[r]
      sumY[u] += w[r] * panel.outcome[r]
      sumD[u] += w[r] * panel.treatment[r]
      periodShare[u * nT + panel.periodOfRow[r]] += w[r]
    }
    for u in 0..<nU {
      for p in 0..<nT { periodShare[u * nT + p] /= total[u] }
    }
    var outcome = [Double](repeating: 0, count: n)
    var design = Matrix(rows: n, columns: nT)
    design.withUnsafeMutableBufferPointer { b in
      for r in 0..<n {
        let u = panel.unitOfRow[r]
        outcome[r] = panel.outcome[r] - sumY[u] / total[u]
        b[r] = panel.treatment[r] - sumD[u] / total[u]
        for p in 1..<nT {
          b[p * n + r] = (panel.periodOfRow[r] == p ? 1 : 0) - periodShare[u * nT + p]
        }
      }
    }
    return (outcome, design)
  }

  /// Whether every level of `levels` falls in a single cluster.
  static func nested(_ levels: [Int], in clusters: [Int]) -> Bool {
    var seen: [Int: Int] = [:]
    for r in levels.indices {
      if let c = seen[levels[r]] {
        if c != clusters[r] { return false }
      } else {
        seen[levels[r]] = clusters[r]
      }
    }
    return true
  }
}
