import StudyModel
import Tabular

extension DatabaseReader {
  /// The columns a run reads from a source, in the source's order.
  struct Plan {
    /// The analysis columns (what the CSV reader would load), in source order.
    let loaded: [String]
    /// The result set's columns: the row key, then `loaded` without it.
    let resultColumns: [String]

    func sink(options: CSVOptions, keepsRows: Bool = true) -> ResultSetSink {
      var options = options
      options.columns = nil
      let builder = TableBuilder(columns: loaded, options: options, keepsRows: keepsRows)
      let target = resultColumns.map { loaded.firstIndex(of: $0) ?? -1 }
      return ResultSetSink(columns: resultColumns, target: target, builder: builder)
    }
  }

  /// A study's database source, for locating what goes wrong.
  struct Context {
    let study: Study
    let database: DatabaseSpec

    /// The source in messages: `table 'nsw' of 'nsw.db'`, `the query's result`.
    var sourceName: String {
      let relation =
        database.relationKey == "table" ? "table '\(database.relationText)'" : "the result of the query"
      return database.engine == .sqlite ? "\(relation) of '\(study.data.path.value)'" : relation
    }

    var relationRange: SourceRange? { database.relation.origin.range }

    /// A problem of the connection or the file, at `sqlite:` or `postgres:`.
    func sourceDiagnostic(_ message: String, _ notes: [String]) -> Diagnostic {
      .error(message, at: study.data.path.origin.range, notes: notes.map { Diagnostic.Note($0) })
    }

    /// A problem of the data, at `table:` or `query:`.
    func relationDiagnostic(_ message: String, _ notes: [String]) -> Diagnostic {
      .error(message, at: relationRange, notes: notes.map { Diagnostic.Note($0) })
    }

    func rowKeyDiagnostic(_ message: String, _ notes: [String]) -> Diagnostic {
      .error(message, at: database.rowKey.origin.range, notes: notes.map { Diagnostic.Note($0) })
    }

    /// SQL the database refused, at `table:` or `query:`, in the database's words.
    func sqlDiagnostic(_ error: DatabaseError, statement: String, engine: String) -> Diagnostic {
      var notes = error.notes.map { Diagnostic.Note($0) }
      if let position = error.position {
        let characters = Array(statement)
        let at = min(max(position - 1, 0), characters.count)
        let before = String(characters[max(0, at - 30)..<at])
        let after = String(characters[at..<min(characters.count, at + 30)])
        notes.append(.init("at character \(position) of the statement: …\(before)⟨here⟩\(after)…"))
      }
      notes.append(.init("the statement sent: \(statement)"))
      if error.connectionLost {
        notes.append(.init("the connection was lost; nothing was analysed and no report was written"))
      }
      return .error("\(engine): \(error.message)", at: relationRange, notes: notes)
    }

    /// A value the column rules refuse, or a bad row key.
    func diagnostic(_ problem: ResultSetSink.Problem) -> Diagnostic {
      switch problem {
      case .key(let message, _):
        return rowKeyDiagnostic(message, [])
      case .value(let error, let key):
        return valueDiagnostic(error, key: key)
      }
    }

    func valueDiagnostic(_ error: CSVError, key: Int64?) -> Diagnostic {
      var position = ""
      if let row = error.line, error.kind != .missingValues {
        position = "row \(row)" + (key.map { " (\(database.rowKey.value) = \($0))" } ?? "") + ", "
      }
      var diagnostic = Diagnostic.error(
        position + (error.columnName.map { "column '\($0)': " } ?? "") + error.message
          + (error.kind == .missingValues ? " in \(sourceName)" : ""),
        at: relationRange,
        notes: error.notes.map { Diagnostic.Note($0) })
      if error.kind == .missingValues {
        diagnostic.notes.append(
          .init(
            "rows are counted from 1 in \(database.rowKey.value) order"))
        diagnostic.notes.append(
          .init(
            "to analyse the complete rows instead, write `missing: drop` under `data:` (the report counts the rows dropped)",
            at: study.data.missing.origin.range))
      }
      if let name = error.columnName, let declaration = study.data.columns.first(where: { $0.name.value == name }) {
        diagnostic.notes.append(.init("the column's type is declared here", at: declaration.type.origin.range))
      }
      return diagnostic
    }

    /// The columns to read, or every column the study needs that the source lacks.
    func plan(available: [String]) throws(DataLoadError) -> Plan {
      let have = Set(available)
      let used = StudyColumns.used(study)
      var diagnostics: [Diagnostic] = []
      let g = study.graph.graph
      var reported: Set<String> = []
      for node in g.observedNodes where !have.contains(g.names[node]) {
        let name = g.names[node]
        reported.insert(name)
        var notes = Self.suggestion(name, available)
        notes.append(.init("mark it [latent] (or list it under 'latent') if it is not measured"))
        diagnostics.append(
          .error(
            "graph node '\(name)' has no column in \(sourceName)", at: study.graph.nodeOrigins[node].range,
            notes: notes))
      }
      for declaration in study.data.columns where !have.contains(declaration.name.value) {
        reported.insert(declaration.name.value)
        diagnostics.append(
          .error(
            "declared column '\(declaration.name.value)' is not in \(sourceName)", at: declaration.name.origin.range,
            notes: Self.suggestion(declaration.name.value, available)))
      }
      for name in used where !have.contains(name) && !reported.contains(name) {
        diagnostics.append(
          .error(
            "column '\(name)', which the study uses, is not in \(sourceName)",
            at: origin(ofColumn: name) ?? relationRange,
            notes: Self.suggestion(name, available)))
      }
      if !have.contains(database.rowKey.value) {
        diagnostics.append(
          rowKeyDiagnostic(
            "row_key '\(database.rowKey.value)' is not a column of \(sourceName)",
            Self.suggestion(database.rowKey.value, available).map(\.message)))
      }
      if !diagnostics.isEmpty {
        diagnostics[0].notes.append(
          .init("\(sourceName) has the columns: \(available.joined(separator: ", "))", at: relationRange))
        throw DataLoadError(diagnostics)
      }
      let wanted = Set(used)
      let loaded = available.filter { wanted.contains($0) }
      let result = [database.rowKey.value] + loaded.filter { $0 != database.rowKey.value }
      return Plan(loaded: loaded, resultColumns: result)
    }

    /// Where an estimator's or a check's parameter names `column`.
    func origin(ofColumn column: String) -> SourceRange? {
      let keyed = [study.data.weights, study.data.panel?.unit, study.data.panel?.time].compactMap { $0 }
      if let key = keyed.first(where: { $0.value == column }) { return key.origin.range }
      let entries =
        study.estimators.flatMap(\.params.entries) + study.refutations.checks.flatMap(\.params.entries)
      for entry in entries {
        if entry.value.value.stringValue == column { return entry.value.origin.range }
        if let list = entry.value.value.stringList, let i = list.firstIndex(of: column) {
          return entry.origin(ofItem: i).range
        }
      }
      return nil
    }

    static func suggestion(_ name: String, _ candidates: [String]) -> [Diagnostic.Note] {
      let lower = name.lowercased()
      if let match = candidates.first(where: { $0.lowercased() == lower }) {
        return [.init("did you mean '\(match)'? (names are case-sensitive)")]
      }
      return []
    }

    /// The table from the sink, checked against the pin, with its provenance.
    func finish(_ sink: ResultSetSink, record: DatabaseRecord) throws(DataLoadError) -> StudyData {
      let sha256 = sink.hasher.finish()
      let table: LoadedTable
      do throws(CSVError) {
        table = try sink.builder.finish(sha256: sha256, byteCount: sink.hasher.byteCount)
      } catch {
        throw DataLoadError([valueDiagnostic(error, key: error.line.flatMap { sink.builder.rowKey(ofRow: $0) })])
      }
      var record = record
      record.sha256 = sha256
      try StudyDataLoader.checkPin(study, sha256: sha256, what: "the result set's")
      return StudyData(table: table, database: record)
    }
  }
}
