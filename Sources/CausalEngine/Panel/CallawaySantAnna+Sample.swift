import NumericKernels

extension CallawaySantAnna {
  /// A balanced panel in wide form (units × periods), as the cells read it.
  struct Sample: Sendable {
    var labels: [String]
    var periods: [Double]
    /// `n × T`: column `p` is period `p`.
    var outcome: Matrix
    /// Per covariate, `n × T`.
    var covariates: [Matrix]
    /// Per unit: its sampling weight (1 when unweighted).
    var weights: [Double]
    var weighted: Bool
    /// Per unit: its cohort, `+∞` when never treated.
    var cohort: [Double]
    /// Per unit: its cluster id, or `nil` (clustered by unit).
    var clusters: [Int]?
    /// Units dropped as treated in the first period.
    var droppedAlreadyTreated: [String] = []

    var units: Int { labels.count }

    init(panel: PanelData, covariateColumns: [Int], clusters: [Int]?) {
      labels = panel.unitLabels
      periods = panel.periods
      outcome = panel.wide(panel.outcome)
      covariates = covariateColumns.map { panel.wide(panel.covariates[$0]) }
      weighted = panel.weights != nil
      if let w = panel.weights {
        weights = panel.wide(w).column(0)
      } else {
        weights = [Double](repeating: 1, count: panel.unitCount)
      }
      cohort = panel.unitCohorts.map { $0 ?? .infinity }
      self.clusters = clusters
    }

    /// Applies R `did`'s sample rules (see ``CallawaySantAnna``) and returns
    /// the cohorts to estimate.
    mutating func prepare(options: Options, warnings: inout [String]) throws(EstimationFailure) -> [Double] {
      let delta = Double(options.anticipation)
      var cohorts = Array(Set(cohort.filter(\.isFinite))).sorted()
      if !cohort.contains(.infinity) {
        guard options.controlGroup == .notYetTreated else {
          throw .invalidData(
            "no unit is never treated, so the never-treated comparison group is empty; use control_group: not_yet_treated"
          )
        }
        guard let last = cohorts.last else { throw .invalidData("no unit is ever treated") }
        let keep = periods.filter { $0 < last - delta }.count
        guard keep >= 2 else {
          throw .invalidData(
            "no unit is never treated, and fewer than two periods precede the last cohort (\(PanelData.format(last))): nothing can be compared"
          )
        }
        warnings.append(
          "no unit is never treated: as R did does, the periods from \(PanelData.format(last - delta)) on are dropped and the last cohort (\(PanelData.format(last))) serves only as a comparison group"
        )
        keepFirstPeriods(keep)
        cohorts.removeLast()
      }
      let first = periods[0]
      cohorts = cohorts.filter { $0 > first + delta }
      let alreadyTreated = cohort.filter { $0 <= first }.count
      if alreadyTreated > 0 {
        let keep = cohort.map { !$0.isFinite || cohorts.contains($0) }
        droppedAlreadyTreated = labels.indices.filter { !keep[$0] }.map { labels[$0] }
        warnings.append(
          "\(alreadyTreated) unit\(alreadyTreated == 1 ? " was" : "s were") already treated in the first period (\(PanelData.format(first))) and dropped, as R did does\(droppedAlreadyTreated.count > alreadyTreated ? "; so were the \(droppedAlreadyTreated.count - alreadyTreated) units of cohorts within the anticipation window" : "")"
        )
        keepUnits(keep)
      }
      guard !cohorts.isEmpty else {
        throw .invalidData(
          "no cohort can be estimated: every treated unit adopts in the first period\(delta > 0 ? " or within the anticipation window after it" : "")"
        )
      }
      // R did's small-group check: fewer units than covariates + 5.
      let required = options.covariates.count + 5
      var sizes: [Double: Int] = [:]
      for g in cohort { sizes[g, default: 0] += 1 }
      let small = sizes.keys.sorted().filter { (sizes[$0] ?? 0) < required }
      if !small.isEmpty {
        if small.contains(.infinity) && options.controlGroup == .neverTreated {
          throw .invalidData(
            "only \(sizes[.infinity] ?? 0) units are never treated (fewer than \(required)): the never-treated comparison group is too small; try control_group: not_yet_treated"
          )
        }
        let list = small.map { $0.isFinite ? PanelData.format($0) : "never treated" }.joined(separator: ", ")
        warnings.append("some cohorts have fewer than \(required) units: \(list)")
      }
      return cohorts
    }

    /// Keeps the units marked `true`.
    mutating func keepUnits(_ keep: [Bool]) {
      let rows = labels.indices.filter { keep[$0] }
      func subset(_ m: Matrix) -> Matrix {
        var out = Matrix(rows: rows.count, columns: m.columns)
        for j in 0..<m.columns {
          let column = m.column(j)
          out.setColumn(j, rows.map { column[$0] })
        }
        return out
      }
      labels = rows.map { labels[$0] }
      outcome = subset(outcome)
      covariates = covariates.map(subset)
      weights = rows.map { weights[$0] }
      cohort = rows.map { cohort[$0] }
      clusters = clusters.map { c in rows.map { c[$0] } }
    }

    /// Keeps the first `count` periods.
    mutating func keepFirstPeriods(_ count: Int) {
      func prefix(_ m: Matrix) -> Matrix {
        Matrix(rows: m.rows, columns: count, columnMajor: Array(m.columnMajorValues.prefix(m.rows * count)))
      }
      periods = Array(periods.prefix(count))
      outcome = prefix(outcome)
      covariates = covariates.map(prefix)
    }
  }
}
