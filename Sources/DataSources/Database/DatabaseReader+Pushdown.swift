import CausalEngine
import StudyModel
import Tabular

extension DatabaseReader {
  /// Opens a `compute: database` source: the provenance scan streams every
  /// row once through the column rules and the SHA-256 (keeping none of
  /// them: memory does not grow with the rows), checks the pin, and
  /// summarises the columns; the estimates then come from aggregate queries
  /// on the same connection (``PostgresAggregates``).
  static func openPushdown(_ study: Study, _ database: DatabaseSpec, connectionString: String?) throws(DataLoadError)
    -> PushdownData
  {
    let stream = try streamPostgres(study, database, connectionString: connectionString, keepsRows: false)
    let sink = stream.sink
    let sha256 = sink.hasher.finish()
    let summary: TableSummary
    do throws(CSVError) {
      summary = try sink.builder.finishSummary(sha256: sha256, byteCount: sink.hasher.byteCount)
    } catch {
      throw DataLoadError(
        [stream.context.valueDiagnostic(error, key: error.line.flatMap { sink.builder.rowKey(ofRow: $0) })])
    }
    try StudyDataLoader.checkPin(study, sha256: sha256, what: "the result set's")
    var provenance = stream.record
    provenance.sha256 = sha256
    let record = dataRecord(study, summary: summary, provenance: provenance)
    let e = study.estimand
    let treatment = summary.columns.first { $0.name == e.treatment.value }
    let levels = summary.armValues ?? []
    let counts = summary.armValueCounts ?? []
    let layout = PushdownLayout(
      kinds: Dictionary(uniqueKeysWithValues: summary.columns.map { ($0.name, $0.kind) }),
      levels: Dictionary(uniqueKeysWithValues: summary.columns.map { ($0.name, $0.levels) }),
      rows: summary.rowsUsed,
      arms: summary.arms.count == 2
        ? PushdownLayout.Arms(
          treated: summary.arms.first { $0.treated }?.count ?? 0,
          control: summary.arms.first { !$0.treated }?.count ?? 0)
        : nil,
      treatment: PushdownLayout.TreatmentSummary(
        levels: levels.count == 2 ? levels : [], mean: treatment?.mean ?? .nan,
        standardDeviation: treatment?.standardDeviation ?? .nan,
        highShare: levels.count == 2 && counts.count == 2 ? Double(counts[1]) / Double(max(1, summary.rowsUsed)) : 0))
    let source = PostgresAggregates(
      connection: stream.connection, from: stream.statement.from, rowKey: database.rowKey.value,
      classes: stream.classes)
    return PushdownData(source: source, layout: layout, record: record)
  }

  /// The data record of a summarised source, as `DataSummary` makes it from
  /// a table: the columns with their roles and statistics, and the arms of a
  /// binary treatment (both arms present).
  static func dataRecord(_ study: Study, summary: TableSummary, provenance: DatabaseRecord) -> DataRecord {
    let e = study.estimand
    let columns = summary.columns.map { c -> ColumnRecord in
      var roles: [VariableRole] = []
      if c.name == e.treatment.value { roles.append(.treatment) }
      if c.name == e.outcome.value { roles.append(.outcome) }
      if e.effectModifiers.contains(where: { $0.value == c.name }) { roles.append(.modifier) }
      let type: ColumnType =
        switch c.kind {
        case .binary: .binary
        case .integer: .integer
        case .continuous: .continuous
        case .categorical: .categorical
        }
      let numeric = c.kind != .categorical
      var record = ColumnRecord(
        name: c.name, type: type, declared: study.data.declaredType(of: c.name) != nil, roles: roles,
        mean: numeric && c.mean.isFinite ? c.mean : nil,
        standardDeviation: numeric && c.standardDeviation.isFinite ? c.standardDeviation : nil,
        minimum: numeric ? c.minimum : nil, maximum: numeric ? c.maximum : nil, levels: c.levels)
      record.typeEvidence = summary.evidence[c.name].map {
        TypeEvidence(valuesSeen: $0.values, rowsSeen: $0.rows, reason: $0.reason)
      }
      return record
    }
    var arms: [ArmSummary] = []
    if summary.arms.count == 2 {
      arms = summary.arms.sorted { $0.treated && !$1.treated }.map {
        ArmSummary(arm: $0.treated ? .treated : .control, count: $0.count, means: $0.means)
      }
    }
    return DataRecord(
      path: study.data.resolvedPath, sha256: summary.sha256, bytes: summary.byteCount, rowsRead: summary.rowsRead,
      rowsUsed: summary.rowsUsed, rowsDropped: summary.rowsDropped, droppedByColumn: summary.droppedByColumn,
      firstDroppedLines: summary.firstDroppedLines, missingPolicy: study.data.missing.value, columns: columns,
      arms: arms, database: provenance)
  }
}
