import StudyModel
import Tabular

/// The data section of a run record: what was read, dropped and used.
enum DataSummary {
  /// - Parameter levels: the treated and control values (or level codes)
  ///   as resolved against the data; `nil` when they could not be, and then
  ///   no arm is summarised.
  static func record(study: Study, loaded: LoadedTable, data: AnalysisData, levels: (Double, Double)?) -> DataRecord {
    let e = study.estimand
    let roles: (String) -> [VariableRole] = { name in
      var r: [VariableRole] = []
      if name == e.treatment.value { r.append(.treatment) }
      if name == e.outcome.value { r.append(.outcome) }
      if e.effectModifiers.contains(where: { $0.value == name }) { r.append(.modifier) }
      if study.discontinuityEstimator?.options.runningVariable == name { r.append(.runningVariable) }
      return r
    }
    let columns = data.table.columns.map { c -> ColumnRecord in
      let v = c.values
      let n = Double(v.count)
      let mean = v.reduce(0, +) / n
      let sd = v.count > 1 ? (v.reduce(0.0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)).squareRoot() : 0
      let type: ColumnType
      switch c.kind {
      case .binary: type = .binary
      case .integer: type = .integer
      case .continuous: type = .continuous
      case .categorical: type = .categorical
      }
      let numeric = c.kind != .categorical
      return ColumnRecord(
        name: c.name, type: type, declared: study.data.declaredType(of: c.name) != nil, roles: roles(c.name),
        mean: numeric ? mean.finiteOrNil : nil, standardDeviation: numeric ? sd.finiteOrNil : nil,
        minimum: numeric ? v.min() : nil, maximum: numeric ? v.max() : nil, levels: c.levels)
    }
    var arms: [ArmSummary] = []
    if data.contains(e.treatment.value), let (treated, control) = levels {
      let t = data.values(e.treatment.value)
      let levels: [(ArmSummary.Arm, Double)] = [(.treated, treated), (.control, control)]
      for (label, value) in levels {
        let rows = t.indices.filter { t[$0] == value }
        guard !rows.isEmpty, rows.count < t.count || label == .treated else { continue }
        var means: [String: Double] = [:]
        for c in data.table.columns where c.kind != .categorical {
          means[c.name] = rows.reduce(0.0) { $0 + c.values[$1] } / Double(rows.count)
        }
        arms.append(ArmSummary(arm: label, count: rows.count, means: means))
      }
      if arms.count < 2 { arms = [] }
    }
    var record = DataRecord(
      path: study.data.resolvedPath, sha256: loaded.sha256, bytes: loaded.byteCount, rowsRead: loaded.rowsRead,
      rowsUsed: loaded.table.rowCount, rowsDropped: loaded.rowsDropped, droppedByColumn: loaded.droppedByColumn,
      firstDroppedLines: loaded.firstDroppedLines, missingPolicy: study.data.missing.value, columns: columns, arms: arms
    )
    record.panel = panelRecord(study: study, data: data)
    return record
  }

  /// The panel's shape as read (every row; estimators that balance it say what they drop).
  static func panelRecord(study: Study, data: AnalysisData) -> PanelRecord? {
    let e = study.estimand
    guard let keys = study.data.panel,
      [keys.unit.value, keys.time.value, e.treatment.value, e.outcome.value].allSatisfy(data.contains),
      case .success(let panel) = PanelData.build(
        data: data, unit: keys.unit.value, time: keys.time.value, treatment: e.treatment.value,
        outcome: e.outcome.value, covariates: [], weights: nil)
    else { return nil }
    let balanced = panel.balanced()
    return PanelRecord(
      unit: keys.unit.value, time: keys.time.value, units: panel.unitCount, periods: panel.periods,
      balanced: panel.isBalanced,
      cohorts: panel.cohorts.map { PanelRecord.CohortSize(cohort: $0.cohort, units: $0.units) },
      neverTreated: panel.neverTreatedUnits, droppedUnits: balanced.droppedForBalance.count,
      droppedExamples: Array(balanced.droppedForBalance.prefix(5)))
  }
}
