extension TwoWayFixedEffects {
  /// de Chaisemartin & D'Haultfœuille (2020) Theorem 1 weights of the
  /// treated unit-periods, summarised (see ``TwoWayFixedEffects``).
  ///
  /// `ω_it = w_it D̃_it / Σ_{treated} w D̃`, with `D̃` the residual of the
  /// treatment on both fixed effects. Weights within `10⁻¹⁰` of 0 count as
  /// neither negative nor positive (R `TwoWayFEWeights`). `σ_fe = |β| / σ`,
  /// `σ² = M/(M−1) · Σ π (ω/π − Σ ω)²` with `π_it = w_it / Σ_{treated} w`;
  /// `nil` when every treated unit-period has the same weight (`σ ≤ 10⁻¹⁰`).
  static func chaisemartinWeights(
    _ panel: PanelData, residualized: [Double], weights w: [Double], beta: Double
  ) -> (negative: (count: Int, total: Int, sum: Double)?, cells: [CellWeight], sensitivity: Double?) {
    let treatedRows = (0..<panel.rowCount).filter { panel.treatment[$0] == 1 }
    guard !treatedRows.isEmpty else { return (nil, [], nil) }
    var denominator = 0.0
    var totalWeight = 0.0
    for r in treatedRows {
      denominator += w[r] * residualized[r]
      totalWeight += w[r]
    }
    var negativeCount = 0
    var negativeSum = 0.0
    var byCell: [Double: [Double: (weight: Double, count: Int)]] = [:]
    var omega: [Double] = []
    var share: [Double] = []
    for r in treatedRows {
      let weight = w[r] * residualized[r] / denominator
      omega.append(weight)
      share.append(w[r] / totalWeight)
      if weight < -1e-10 {
        negativeCount += 1
        negativeSum += weight
      }
      let cohort = panel.unitCohorts[panel.unitOfRow[r]] ?? .infinity
      let time = panel.periods[panel.periodOfRow[r]]
      let old = byCell[cohort, default: [:]][time] ?? (0, 0)
      byCell[cohort, default: [:]][time] = (old.weight + weight, old.count + 1)
    }
    var cells: [CellWeight] = []
    for cohort in byCell.keys.sorted() {
      let times = byCell[cohort] ?? [:]
      for time in times.keys.sorted() {
        let cell = times[time] ?? (0, 0)
        cells.append(CellWeight(cohort: cohort, time: time, weight: cell.weight, unitPeriods: cell.count))
      }
    }
    var sensitivity: Double? = nil
    let m = omega.count
    if m > 1 {
      var mean = 0.0
      for k in 0..<m { mean += omega[k] }
      var variance = 0.0
      for k in 0..<m {
        let deviation = omega[k] / share[k] - mean
        variance += share[k] * deviation * deviation
      }
      let sd = (variance * Double(m) / Double(m - 1)).squareRoot()
      // Equal weights (sd at rounding level): no heterogeneity can reverse β; R reports none.
      if sd > 1e-10 { sensitivity = abs(beta) / sd }
    }
    return ((negativeCount, m, negativeSum), cells, sensitivity)
  }
}
