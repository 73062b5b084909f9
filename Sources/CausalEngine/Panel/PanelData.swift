import NumericKernels
import Tabular

/// A long panel: rows keyed by (unit, period), with an absorbing 0/1
/// treatment, an outcome, optional covariates, sampling weights and cluster
/// ids.
///
/// Built from the analysis data by ``build(data:unit:time:treatment:outcome:covariates:weights:clusters:)``,
/// which keeps every row, in the data's order (panel row `r` is data row
/// `dataRows[r]`; as built, `dataRows[r] == r`), and refuses what a panel
/// cannot hold:
/// - a missing or non-finite unit, period, treatment, outcome, covariate or
///   weight (the missing-data policy runs before);
/// - a treatment other than 0 or 1;
/// - a weight that is not positive;
/// - two rows for the same (unit, period);
/// - a treatment that switches off (1 in a period, 0 in a later one): the
///   designs here assume adoption is absorbing.
///
/// Cohorts: a unit's cohort is the first period in which it is observed with
/// treatment 1 (Callaway & Sant'Anna 2021's `G`); a unit never observed
/// treated is never treated.
///
/// Unbalanced panels are accepted as they are: units may enter late, leave
/// early, or miss periods in between (``gaps``). Gaps are not errors, because
/// two-way fixed effects use every row as it is (as `fixest` does). Whether a
/// design accepts them is the design's choice: Callaway & Sant'Anna's
/// estimator uses ``balanced()`` (the units observed in every period, as R
/// `did` does by default) and records the units it drops; ``gapError()``
/// states the gaps as a located error for a caller that must refuse them.
/// A unit whose period before its first treated observation is missing has
/// an undetermined adoption period (``undeterminedAdoption``): its cohort is
/// then only an upper bound.
struct PanelData: Sendable {
  /// The unit column's name.
  let unitName: String
  /// The period column's name.
  let timeName: String
  /// The treatment column's name.
  let treatmentName: String
  /// The outcome column's name.
  let outcomeName: String
  /// Unit labels in unit order: numeric ids ascending (as R `did` sorts
  /// them), categorical levels in their level order.
  private(set) var unitLabels: [String]
  /// The sorted distinct periods.
  private(set) var periods: [Double]
  /// Per panel row: the 0-based row of the analysis data it came from.
  private(set) var dataRows: [Int]
  /// Per panel row: the unit's index in ``unitLabels``.
  private(set) var unitOfRow: [Int]
  /// Per panel row: the period's index in ``periods``.
  private(set) var periodOfRow: [Int]
  /// Per panel row: the outcome.
  private(set) var outcome: [Double]
  /// Per panel row: the treatment, 0 or 1.
  private(set) var treatment: [Double]
  /// Per panel row: the sampling weight (`nil` when unweighted).
  private(set) var weights: [Double]?
  /// Per panel row: the cluster id (`nil`: no clustering column given).
  private(set) var clusters: [Int]?
  /// The covariate names, in the order given.
  let covariateNames: [String]
  /// Per covariate, per panel row: its value.
  private(set) var covariates: [[Double]]
  /// Per unit: its cohort (first period observed with treatment 1), or `nil`
  /// when never treated.
  private(set) var unitCohorts: [Double?]
  /// Unit labels dropped by ``balanced()`` (units not observed in every
  /// period), in unit order; empty for a panel as built.
  private(set) var droppedForBalance: [String] = []
  /// Units missing a period between their first and last observed periods.
  private(set) var gaps: [PanelGap]
  /// Units whose adoption period is not determined by the data: the period
  /// before their first treated observation is missing.
  private(set) var undeterminedAdoption: [String]
  /// `cellRows[u * periods.count + p]`: the panel row of unit `u` in period
  /// `p`, or -1 when the unit is not observed then.
  private(set) var cellRows: [Int]

  /// The number of units.
  var unitCount: Int { unitLabels.count }
  /// The number of rows.
  var rowCount: Int { dataRows.count }
  /// Whether every unit is observed in every period.
  var isBalanced: Bool { rowCount == unitCount * periods.count }
  /// The cohorts (ascending) with their number of units; never-treated units
  /// are counted in ``neverTreatedUnits``.
  var cohorts: [(cohort: Double, units: Int)] {
    var count: [Double: Int] = [:]
    for case let g? in unitCohorts { count[g, default: 0] += 1 }
    return count.keys.sorted().map { (cohort: $0, units: count[$0] ?? 0) }
  }
  /// The number of units never observed treated.
  var neverTreatedUnits: Int { unitCohorts.filter { $0 == nil }.count }
  /// The number of rows with treatment 1.
  var treatedRows: Int { treatment.filter { $0 == 1 }.count }

  /// The panel of `data`, or every problem that prevents one.
  ///
  /// - Parameters:
  ///   - unit: the unit key column (numeric or categorical).
  ///   - time: the period column (numeric; periods are its distinct values; a text column is refused).
  ///   - treatment: 0/1, absorbing.
  ///   - covariates: columns kept per row (designs decide how to use them).
  ///   - weights: one sampling weight per data row (positive), or `nil`.
  ///   - clusters: one cluster id per data row, or `nil`.
  static func build(
    data: AnalysisData, unit: String, time: String, treatment: String, outcome: String, covariates: [String],
    weights: [Double]?, clusters: [Int]? = nil
  ) -> Result<PanelData, PanelError> {
    let n = data.rowCount
    if let weights { precondition(weights.count == n, "PanelData.build: \(weights.count) weights for \(n) rows") }
    if let clusters {
      precondition(clusters.count == n, "PanelData.build: \(clusters.count) cluster ids for \(n) rows")
    }
    let unitColumn = data.column(unit)
    let keys = unitColumn.values
    let times = data.values(time)
    let d = data.values(treatment)
    let y = data.values(outcome)
    let x = covariates.map { data.values($0) }
    var problems: [PanelError] = []
    // Periods are ordered by value: text periods have no order Assay could trust.
    let timeColumn = data.column(time)
    if timeColumn.kind == .categorical {
      return .failure(
        PanelError(
          message:
            "the period column '\(time)' is text (first value '\(timeColumn.levels.first ?? "")'); periods must be numbers that sort in time order (a year, or a running period index)",
          rows: []))
    }

    func requireFinite(_ name: String, _ role: String, _ values: [Double]) {
      let bad = values.indices.filter { !values[$0].isFinite }
      guard !bad.isEmpty else { return }
      problems.append(
        PanelError(
          message:
            "the \(role) column '\(name)' has \(bad.count) missing or non-finite value\(bad.count == 1 ? "" : "s")",
          rows: bad))
    }
    requireFinite(unit, "unit", keys)
    requireFinite(time, "period", times)
    requireFinite(treatment, "treatment", d)
    requireFinite(outcome, "outcome", y)
    for (k, name) in covariates.enumerated() { requireFinite(name, "covariate", x[k]) }
    let notBinary = d.indices.filter { d[$0].isFinite && d[$0] != 0 && d[$0] != 1 }
    if let first = notBinary.first {
      problems.append(
        PanelError(
          message:
            "the treatment '\(treatment)' must be 0 or 1 in every row; \(notBinary.count) row\(notBinary.count == 1 ? " has" : "s have") another value (first: \(format(d[first])))",
          rows: notBinary))
    }
    if let weights {
      let bad = weights.indices.filter { !(weights[$0] > 0 && weights[$0].isFinite) }
      if !bad.isEmpty {
        problems.append(
          PanelError(
            message:
              "sampling weights must be positive and finite; \(bad.count) row\(bad.count == 1 ? " is" : "s are") not",
            rows: bad))
      }
    }
    // Without usable keys no cell can be located: stop here.
    if !problems.isEmpty && (keys.contains { !$0.isFinite } || times.contains { !$0.isFinite }) {
      return .failure(combine(problems))
    }

    let unitKeys = Array(Set(keys)).sorted()
    let periods = Array(Set(times)).sorted()
    var unitIndex: [Double: Int] = [:]
    for (k, key) in unitKeys.enumerated() { unitIndex[key] = k }
    var periodIndex: [Double: Int] = [:]
    for (k, t) in periods.enumerated() { periodIndex[t] = k }
    let labels = unitKeys.map { key -> String in
      if unitColumn.kind == .categorical, key >= 0, Int(key) < unitColumn.levels.count {
        return unitColumn.levels[Int(key)]
      }
      return format(key)
    }
    let unitOfRow = keys.map { unitIndex[$0] ?? 0 }
    let periodOfRow = times.map { periodIndex[$0] ?? 0 }
    let nT = periods.count
    var cellRows = [Int](repeating: -1, count: unitKeys.count * nT)
    var duplicates: [(first: Int, second: Int)] = []
    for r in 0..<n {
      let cell = unitOfRow[r] * nT + periodOfRow[r]
      if cellRows[cell] >= 0 {
        duplicates.append((cellRows[cell], r))
      } else {
        cellRows[cell] = r
      }
    }
    if let first = duplicates.first {
      let u = labels[unitOfRow[first.second]]
      let t = format(times[first.second])
      problems.append(
        PanelError(
          message:
            "\(duplicates.count) row\(duplicates.count == 1 ? " repeats" : "s repeat") a (unit, period) pair already seen: unit \(u) has more than one row in period \(t) ('\(unit)', '\(time)' must identify the rows)",
          rows: duplicates.flatMap { [$0.first, $0.second] }))
    }

    // Absorbing treatment: once observed 1, never observed 0 later.
    var switchOffs: [(unit: Int, on: Int, off: Int)] = []
    var cohorts = [Double?](repeating: nil, count: unitKeys.count)
    var gaps: [PanelGap] = []
    var undetermined: [String] = []
    for u in 0..<unitKeys.count {
      var firstOn: Int? = nil
      var firstObserved: Int? = nil
      var lastObserved = -1
      var switched = false
      for p in 0..<nT {
        let r = cellRows[u * nT + p]
        guard r >= 0 else { continue }
        if firstObserved == nil { firstObserved = p }
        lastObserved = p
        guard d[r] == 0 || d[r] == 1 else { continue }
        if d[r] == 1, firstOn == nil { firstOn = p }
        if d[r] == 0, let on = firstOn, !switched {
          switchOffs.append((u, cellRows[u * nT + on], r))
          switched = true
        }
      }
      if let on = firstOn {
        cohorts[u] = periods[on]
        if on > 0 && cellRows[u * nT + on - 1] < 0 { undetermined.append(labels[u]) }
      }
      if let start = firstObserved {
        let missing = (start...lastObserved).filter { cellRows[u * nT + $0] < 0 }
        if !missing.isEmpty {
          let rows = (0..<nT).compactMap { p in cellRows[u * nT + p] >= 0 ? cellRows[u * nT + p] : nil }
          gaps.append(PanelGap(unit: labels[u], missingPeriods: missing.map { periods[$0] }, rows: rows))
        }
      }
    }
    if let first = switchOffs.first {
      problems.append(
        PanelError(
          message:
            "the treatment '\(treatment)' switches off in \(switchOffs.count) unit\(switchOffs.count == 1 ? "" : "s"): unit \(labels[first.unit]) is 1 in period \(format(times[first.on])) and 0 in period \(format(times[first.off])); adoption must be absorbing (once 1, 1 in every later period)",
          rows: switchOffs.prefix(5).flatMap { [$0.on, $0.off] }))
    }
    if !problems.isEmpty { return .failure(combine(problems)) }

    return .success(
      PanelData(
        unitName: unit, timeName: time, treatmentName: treatment, outcomeName: outcome, unitLabels: labels,
        periods: periods, dataRows: Array(0..<n), unitOfRow: unitOfRow, periodOfRow: periodOfRow, outcome: y,
        treatment: d, weights: weights, clusters: clusters, covariateNames: covariates, covariates: x,
        unitCohorts: cohorts, gaps: gaps, undeterminedAdoption: undetermined, cellRows: cellRows))
  }

  /// The panel of the units observed in every period (R `did`'s
  /// `BMisc::makeBalancedPanel`), with the dropped units' labels in
  /// ``droppedForBalance``; `self` when already balanced.
  ///
  /// An empty panel (no unit observed in every period) is returned as such;
  /// the designs refuse it.
  func balanced() -> PanelData {
    if isBalanced { return self }
    let nT = periods.count
    let complete = (0..<unitCount).map { u in (0..<nT).allSatisfy { cellRows[u * nT + $0] >= 0 } }
    var out = keepingRows((0..<rowCount).filter { complete[unitOfRow[$0]] })
    out.droppedForBalance = droppedForBalance + (0..<unitCount).filter { !complete[$0] }.map { unitLabels[$0] }
    return out
  }

  /// The panel of the given rows (ascending panel-row indices): units and
  /// periods left without a row disappear; cohorts stay those of the full
  /// panel (a unit's adoption does not change because rows are set aside).
  func keepingRows(_ rows: [Int]) -> PanelData {
    let nT = periods.count
    var unitUsed = [Bool](repeating: false, count: unitCount)
    var periodUsed = [Bool](repeating: false, count: nT)
    for r in rows {
      unitUsed[unitOfRow[r]] = true
      periodUsed[periodOfRow[r]] = true
    }
    var unitIndex = [Int](repeating: -1, count: unitCount)
    var labels: [String] = []
    var cohorts: [Double?] = []
    for u in 0..<unitCount where unitUsed[u] {
      unitIndex[u] = labels.count
      labels.append(unitLabels[u])
      cohorts.append(unitCohorts[u])
    }
    var periodIndex = [Int](repeating: -1, count: nT)
    var kept: [Double] = []
    for p in 0..<nT where periodUsed[p] {
      periodIndex[p] = kept.count
      kept.append(periods[p])
    }
    let newUnit = rows.map { unitIndex[unitOfRow[$0]] }
    let newPeriod = rows.map { periodIndex[periodOfRow[$0]] }
    var cells = [Int](repeating: -1, count: labels.count * kept.count)
    for k in rows.indices { cells[newUnit[k] * kept.count + newPeriod[k]] = k }
    let keptLabels = Set(labels)
    var out = PanelData(
      unitName: unitName, timeName: timeName, treatmentName: treatmentName, outcomeName: outcomeName,
      unitLabels: labels, periods: kept, dataRows: rows.map { dataRows[$0] }, unitOfRow: newUnit,
      periodOfRow: newPeriod, outcome: rows.map { outcome[$0] }, treatment: rows.map { treatment[$0] },
      weights: weights.map { w in rows.map { w[$0] } }, clusters: clusters.map { c in rows.map { c[$0] } },
      covariateNames: covariateNames, covariates: covariates.map { x in rows.map { x[$0] } }, unitCohorts: cohorts,
      gaps: [], undeterminedAdoption: undeterminedAdoption.filter { keptLabels.contains($0) }, cellRows: cells)
    out.droppedForBalance = droppedForBalance
    // Gaps of the kept units, against the kept periods.
    for u in 0..<labels.count {
      let observed = (0..<kept.count).filter { cells[u * kept.count + $0] >= 0 }
      guard let first = observed.first, let last = observed.last else { continue }
      let missing = (first...last).filter { cells[u * kept.count + $0] < 0 }
      if !missing.isEmpty {
        out.gaps.append(
          PanelGap(
            unit: labels[u], missingPeriods: missing.map { kept[$0] },
            rows: observed.map { out.dataRows[cells[u * kept.count + $0]] }))
      }
    }
    return out
  }

  /// The gaps (units missing a period between their first and last) as a
  /// located error, or `nil` when there are none.
  func gapError() -> PanelError? {
    guard let first = gaps.first else { return nil }
    let missing = first.missingPeriods.map(PanelData.format).joined(separator: ", ")
    return PanelError(
      message:
        "\(gaps.count) unit\(gaps.count == 1 ? " is" : "s are") missing a period between \(gaps.count == 1 ? "its" : "their") first and last: unit \(first.unit) has no row for period\(first.missingPeriods.count == 1 ? "" : "s") \(missing)",
      rows: first.rows)
  }

  /// The problem, if any, with a per-row column that must be constant within
  /// each unit (unit-level sampling weights or cluster ids): the rows of the
  /// first unit where it varies.
  func unitConstancyError(_ values: [Double], name: String) -> PanelError? {
    precondition(values.count == rowCount, "unitConstancyError: \(values.count) values for \(rowCount) rows")
    var first = [Double?](repeating: nil, count: unitCount)
    var varying: [Int] = []
    for r in 0..<rowCount {
      let u = unitOfRow[r]
      if let v = first[u] {
        if v != values[r] { varying.append(u) }
      } else {
        first[u] = values[r]
      }
    }
    guard let u = varying.first else { return nil }
    let units = Set(varying).count
    return PanelError(
      message:
        "\(name) must be constant within each unit; it varies within \(units) unit\(units == 1 ? "" : "s") (first: unit \(unitLabels[u]))",
      rows: (0..<rowCount).filter { unitOfRow[$0] == u }.map { dataRows[$0] })
  }

  /// A units × periods matrix of a per-row column (balanced panels only).
  ///
  /// Column `p` holds period `p` for every unit, contiguously.
  func wide(_ values: [Double]) -> Matrix {
    precondition(isBalanced, "PanelData.wide: the panel is not balanced")
    precondition(values.count == rowCount, "PanelData.wide: \(values.count) values for \(rowCount) rows")
    let nU = unitCount
    var m = Matrix(rows: nU, columns: periods.count)
    m.withUnsafeMutableBufferPointer { b in
      for r in 0..<rowCount { b[periodOfRow[r] * nU + unitOfRow[r]] = values[r] }
    }
    return m
  }

  /// A number as the study writes it: integers without a decimal point.
  static func format(_ value: Double) -> String {
    if value == value.rounded() && abs(value) < 1e15 { return String(Int(value)) }
    return "\(value)"
  }

  private static func combine(_ problems: [PanelError]) -> PanelError {
    var first = problems[0]
    first.additional = Array(problems.dropFirst())
    return first
  }
}

/// A unit missing periods between its first and last observed periods.
struct PanelGap: Sendable, Equatable {
  /// The unit's label.
  var unit: String
  /// The periods it misses, ascending.
  var missingPeriods: [Double]
  /// The 0-based data rows of the unit.
  var rows: [Int]
}
