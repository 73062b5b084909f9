import CausalGraph
import StudyModel

extension StudyReader {
  // MARK: - Data

  /// Checks the data file and its header against the graph and the column
  /// declarations. Reads the header only.
  ///
  /// - Returns: the header, when it could be read.
  func checkData(_ data: DataSpec, graph: GraphSpec) -> [String]? {
    if let database = data.database { return checkDatabase(data, database, graph: graph) }
    let pathRange = data.path.origin.range
    guard checkFileExists(data, what: "data file") else { return nil }
    let header: [String]
    switch environment.readHeader(data.resolvedPath, data.delimiter.value) {
    case .success(let names):
      header = names
    case .failure(let problem):
      let at = problem.line.map {
        SourceRange(file: data.resolvedPath, line: $0, column: problem.column ?? 1)
      }
      sink.error(
        "cannot read the header of '\(data.path.value)': \(problem.message)", at: at ?? pathRange,
        notes: problem.notes.map { .init($0) }
          + (at == nil ? [] : [.init("the data file is named here", at: pathRange)]))
      return nil
    }
    checkColumns(header, of: data, graph: graph, source: "'\(data.path.value)'")
    if let key = data.rowKey, !header.contains(key.value) {
      sink.error(
        "row_key '\(key.value)' is not a column of '\(data.path.value)'", at: key.origin.range,
        notes: DiagnosticSink.suggestion(for: key.value, in: header))
    }
    return header
  }

  /// Checks a database source: an SQLite file must exist and its table or
  /// query must prepare (its columns are then checked like a header); a
  /// PostgreSQL source is not contacted before the run.
  ///
  /// - Returns: the columns, when they could be read.
  func checkDatabase(_ data: DataSpec, _ database: DatabaseSpec, graph: GraphSpec) -> [String]? {
    guard database.engine == .sqlite, checkFileExists(data, what: "SQLite file"),
      let readColumns = environment.readSQLiteColumns
    else { return nil }
    let source = database.relationKey == "table" ? "table '\(database.relationText)'" : "the query's result"
    let header: [String]
    switch readColumns(data.resolvedPath, database.relation.value) {
    case .success(let names):
      header = names
    case .failure(let problem):
      sink.error(
        "cannot read \(source) from '\(data.path.value)': \(problem.message)", at: database.relation.origin.range,
        notes: problem.notes.map { .init($0) } + [.init("the SQLite file is named here", at: data.path.origin.range)])
      return nil
    }
    if !header.contains(database.rowKey.value) {
      sink.error(
        "row_key '\(database.rowKey.value)' is not a column of \(source)", at: database.rowKey.origin.range,
        notes: DiagnosticSink.suggestion(for: database.rowKey.value, in: header))
    }
    checkColumns(header, of: data, graph: graph, source: "\(source) of '\(data.path.value)'")
    return header
  }

  /// Whether the file of `data.path` exists; an error with hints otherwise.
  func checkFileExists(_ data: DataSpec, what: String) -> Bool {
    let pathRange = data.path.origin.range
    guard environment.fileExists(data.resolvedPath) else {
      var notes: [Diagnostic.Note] = [.init("paths are relative to the study file; looked for '\(data.resolvedPath)'")]
      // A path written relative to the current folder instead of the study's.
      let written = data.path.value
      let studyFolder = Paths.directory(of: file)
      if !written.hasPrefix("/"), studyFolder != ".", environment.fileExists(written) {
        let prefix = studyFolder + "/"
        notes.append(
          .init(
            written.hasPrefix(prefix)
              ? "'\(written)' exists relative to the current folder; from the study's folder it is '\(written.dropFirst(prefix.count))'"
              : "'\(written)' exists relative to the current folder; write the path relative to the study's folder '\(studyFolder)'"
          ))
      }
      sink.error("\(what) '\(data.path.value)' not found", at: pathRange, notes: notes)
      return false
    }
    return true
  }

  /// Every observed graph node and every declared column must be a column of
  /// the source (`source` names it in messages).
  func checkColumns(_ header: [String], of data: DataSpec, graph: GraphSpec, source: String) {
    let columns = Set(header)
    let g = graph.graph
    for node in g.observedNodes where !columns.contains(g.names[node]) {
      var notes = DiagnosticSink.suggestion(for: g.names[node], in: header)
      notes.append(.init("mark it [latent] (or list it under 'latent') if it is not measured"))
      sink.error(
        "graph node '\(g.names[node])' has no column in \(source)",
        at: graph.nodeOrigins[node].range, notes: notes)
    }
    for declaration in data.columns where !columns.contains(declaration.name.value) {
      sink.error(
        "declared column '\(declaration.name.value)' is not in \(source)",
        at: declaration.name.origin.range,
        notes: DiagnosticSink.suggestion(for: declaration.name.value, in: header))
    }
  }

  // MARK: - Estimand

  func checkEstimand(_ estimand: EstimandSpec, graph: GraphSpec) {
    let g = graph.graph
    func checkNode(_ name: Located<String>, role: String) -> Int? {
      guard let node = g.node(named: name.value) else {
        sink.error(
          "\(role) '\(name.value)' is not a node of the graph", at: name.origin.range,
          notes: DiagnosticSink.suggestion(for: name.value, in: g.names))
        return nil
      }
      if g.isLatent[node] {
        sink.error(
          "\(role) '\(name.value)' is latent; the \(role) must be observed", at: name.origin.range,
          notes: [.init("declared latent here", at: graph.latentOrigin(of: node).range)])
        return nil
      }
      return node
    }
    let treatment = checkNode(estimand.treatment, role: "treatment")
    let outcome = checkNode(estimand.outcome, role: "outcome")
    if estimand.treatment.value == estimand.outcome.value {
      sink.error(
        "treatment and outcome are the same variable '\(estimand.treatment.value)'",
        at: estimand.outcome.origin.range)
    }
    if estimand.treatmentValue.value == estimand.controlValue.value {
      sink.error(
        "treatment_value and control_value are both \(estimand.treatmentValue.value.formatted): the contrast is empty",
        at: (estimand.treatmentValue.origin.range ?? estimand.controlValue.origin.range))
    }
    var seen: Set<String> = []
    for modifier in estimand.effectModifiers {
      if !seen.insert(modifier.value).inserted {
        sink.warning("effect modifier '\(modifier.value)' is listed twice", at: modifier.origin.range)
        continue
      }
      guard checkNode(modifier, role: "effect modifier") != nil else { continue }
      if modifier.value == estimand.treatment.value || modifier.value == estimand.outcome.value {
        sink.error(
          "effect modifier '\(modifier.value)' is the \(modifier.value == estimand.treatment.value ? "treatment" : "outcome")",
          at: modifier.origin.range)
      }
    }
    if let treatment, let outcome, treatment != outcome {
      if !hasDirectedPath(g, from: treatment, to: outcome) {
        sink.warning(
          "the graph has no directed path from '\(estimand.treatment.value)' to '\(estimand.outcome.value)': the effect is zero by assumption",
          at: estimand.outcome.origin.range)
      }
    }
    // dagitty's [exposure]/[outcome] marks should agree with the estimand.
    if graph.format.value == .dagitty, let document = try? DagittyParser.parse(graph.text.value) {
      for exposure in document.exposures where document.graph.names[exposure] != estimand.treatment.value {
        sink.warning(
          "the graph marks '\(document.graph.names[exposure])' as [exposure] but the treatment is '\(estimand.treatment.value)'",
          at: graph.nodeOrigins[exposure].range)
      }
      for marked in document.outcomes where document.graph.names[marked] != estimand.outcome.value {
        sink.warning(
          "the graph marks '\(document.graph.names[marked])' as [outcome] but the outcome is '\(estimand.outcome.value)'",
          at: graph.nodeOrigins[marked].range)
      }
    }
  }

  private func hasDirectedPath(_ g: MixedGraph, from: Int, to: Int) -> Bool {
    var seen = [Bool](repeating: false, count: g.count)
    var stack = [from]
    while let v = stack.popLast() {
      if v == to { return true }
      if seen[v] { continue }
      seen[v] = true
      stack.append(contentsOf: g.children[v])
    }
    return false
  }

  // MARK: - Estimators

  /// The names a column parameter may take: the data header when it could be
  /// read, otherwise the graph's nodes.
  private func columnUniverse(header: [String]?, graph: GraphSpec?) -> [String]? {
    header ?? graph?.graph.names
  }

  private func checkColumns(_ entry: ParameterSet.Entry, owner: String, universe: [String]?) {
    let value = entry.value
    guard let universe, !value.origin.isDefault else { return }
    let names: [String] = value.value.stringValue.map { [$0] } ?? value.value.stringList ?? []
    let known = Set(universe)
    for (index, name) in names.enumerated() where !known.contains(name) {
      sink.error(
        "\(owner): '\(entry.name)' names unknown column '\(name)'", at: entry.origin(ofItem: index).range,
        notes: DiagnosticSink.suggestion(for: name, in: universe))
    }
  }

  func checkEstimators(
    _ estimators: [EstimatorSpec], estimand: EstimandSpec?, graph: GraphSpec?, header: [String]?,
    data: DataSpec?
  ) {
    let universe = columnUniverse(header: header, graph: graph)
    let treatmentType = estimand.flatMap { data?.declaredType(of: $0.treatment.value) }
    for estimator in estimators {
      let method = estimator.method.value
      let descriptor = method.descriptor
      let owner = "estimator '\(estimator.name.value)'"
      if let estimand, !descriptor.effects.contains(estimand.effect.value) {
        let effect = estimand.effect
        sink.error(
          "method '\(method.rawValue)' cannot estimate the '\(effect.value.rawValue)' (\(effect.value.population)); it estimates "
            + descriptor.effects.map { "'\($0.rawValue)'" }.joined(separator: " or "),
          at: estimator.method.origin.range,
          notes: [
            .init(
              effect.origin.isDefault ? "the effect is 'ate' by default" : "the effect is set here",
              at: effect.origin.range)
          ])
      }
      if descriptor.needsBinaryTreatment, let treatmentType, treatmentType != .binary {
        let others = EstimatorMethod.allCases
          .filter { !$0.descriptor.needsBinaryTreatment && $0.descriptor.requirement == .adjustmentSet }
          .map { "'\($0.rawValue)'" }.joined(separator: ", ")
        sink.error(
          "method '\(method.rawValue)' needs a binary treatment, but '\(estimand!.treatment.value)' is declared \(treatmentType.rawValue)",
          at: estimator.method.origin.range,
          notes: [.init("back-door methods for a treatment of any type: \(others)")])
      }
      for entry in estimator.params.entries {
        guard let parameter = descriptor.parameter(entry.name) else { continue }
        switch parameter.type {
        case .column, .columns:
          checkColumns(entry, owner: owner, universe: universe)
        case .texts where entry.name.hasSuffix("terms"):
          checkTerms(entry, owner: owner, universe: universe)
        default:
          break
        }
      }
      if let estimand, !estimand.effectModifiers.isEmpty, !descriptor.computesConditionalEffects {
        let able = EstimatorMethod.allCases.filter(\.descriptor.computesConditionalEffects).map(\.rawValue)
        sink.warning(
          "\(owner): method '\(method.rawValue)' does not compute conditional effects; the effect modifiers are ignored by it",
          at: estimator.method.origin.range,
          notes: [.init(able.joined(separator: " and ") + " report effects per modifier level")])
      }
      var validation = OptionsValidation(
        params: estimator.params, owner: owner, estimand: estimand, estimatorNames: estimators.map(\.name.value),
        entryRange: estimator.origin.range)
      estimator.options.validate(&validation)
      sink.add(validation.diagnostics)
    }
  }

  private func checkTerms(_ entry: ParameterSet.Entry, owner: String, universe: [String]?) {
    for (index, text) in (entry.value.value.stringList ?? []).enumerated() {
      let at = entry.origin(ofItem: index).range
      switch ModelTerm.parse(text) {
      case .failure(let error):
        sink.error("\(owner): \(error.message)", at: at)
      case .success(let term):
        guard let universe else { continue }
        for variable in term.variables where !universe.contains(variable) {
          sink.error(
            "\(owner): term '\(text)' uses unknown column '\(variable)'", at: at,
            notes: DiagnosticSink.suggestion(for: variable, in: universe))
        }
      }
    }
  }

  // MARK: - Checks

  func checkRefutations(
    _ refutations: RefutationSpec, estimators: [EstimatorSpec], names: [String], graph: GraphSpec?,
    header: [String]?
  ) {
    let universe = columnUniverse(header: header, graph: graph)
    for check in refutations.checks {
      let descriptor = check.kind.value.descriptor
      let label = "check '\(check.kind.value.rawValue)'"
      if let entry = check.params.entry("estimators"), !entry.value.origin.isDefault {
        let listed = entry.value
        let selected = listed.value.stringList ?? []
        if selected.isEmpty {
          sink.error("\(label): 'estimators' lists no estimator", at: listed.origin.range)
        }
        var seen: Set<String> = []
        for (index, name) in selected.enumerated() {
          let at = entry.origin(ofItem: index).range
          if !seen.insert(name).inserted {
            sink.warning("\(label): estimator '\(name)' is listed twice", at: at)
          }
          guard names.contains(name) else {
            sink.error(
              "\(label) names unknown estimator '\(name)'", at: at,
              notes: DiagnosticSink.suggestion(for: name, in: names))
            continue
          }
          guard let estimator = estimators.first(where: { $0.name.value == name }) else { continue }
          if descriptor.scope == .estimate, !descriptor.applies(to: estimator.method.value) {
            sink.warning(
              "\(label) does not apply to '\(name)' (\(estimator.method.value.rawValue)); it will be reported as not applicable",
              at: at)
          }
        }
      } else if descriptor.scope == .estimate,
        !estimators.contains(where: { descriptor.applies(to: $0.method.value) })
      {
        sink.warning(
          "\(label) applies to none of this study's estimators; it will be reported as not applicable",
          at: check.kind.origin.range)
      }
      for entry in check.params.entries {
        guard let parameter = descriptor.parameter(entry.name), entry.name != "estimators" else { continue }
        if case .columns = parameter.type {
          checkColumns(entry, owner: label, universe: universe)
        }
      }
      var validation = OptionsValidation(
        params: check.params, owner: label, estimand: nil, estimatorNames: names, entryRange: check.kind.origin.range)
      check.options.validate(&validation)
      sink.add(validation.diagnostics)
    }
  }
}
