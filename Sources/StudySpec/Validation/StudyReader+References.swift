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
    let keyed: [(String, Located<String>)] =
      [
        data.weights.map { ("weights", $0) }, data.panel.map { ("panel.unit", $0.unit) },
        data.panel.map { ("panel.time", $0.time) },
      ]
      .compactMap { $0 }
    for (key, column) in keyed where !columns.contains(column.value) {
      sink.error(
        "'data.\(key)' names '\(column.value)', which is not a column of \(source)",
        at: column.origin.range, notes: DiagnosticSink.suggestion(for: column.value, in: header))
    }
    if let weights = data.weights, let type = data.declaredType(of: weights.value), type == .categorical {
      sink.error(
        "'data.weights' names '\(weights.value)', declared categorical: weights are numbers", at: weights.origin.range)
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
        "treatment_value and control_value are both \(estimand.treatmentValue.value): the contrast is empty",
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
    // A PostgreSQL source is not contacted before the run: its columns are checked when it is read.
    let universe =
      data?.database?.engine == .postgresql && header == nil ? nil : columnUniverse(header: header, graph: graph)
    let treatmentType = estimand.flatMap { data?.declaredType(of: $0.treatment.value) }
    if let panel = data?.panel {
      let panelMethods = EstimatorMethod.allCases.filter(\.descriptor.isPanelMethod)
      for estimator in estimators where !estimator.method.value.descriptor.isPanelMethod {
        sink.error(
          "estimator '\(estimator.name.value)': method '\(estimator.method.value.rawValue)' does not use the panel's structure, and the data are a panel",
          at: estimator.method.origin.range,
          notes: [
            .init("the panel is declared here", at: panel.origin.range),
            .init(
              panelMethods.isEmpty
                ? "no panel method is available yet"
                : "panel methods: " + panelMethods.map(\.rawValue).joined(separator: ", ")),
          ])
      }
    }
    checkParallelTrends(estimators, estimand: estimand, data: data)
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
      if descriptor.needsBinaryTreatment, let treatmentType, treatmentType != .binary,
        treatmentType != .categorical || descriptor.categoricalTreatment == nil
      {
        let others = EstimatorMethod.allCases
          .filter { !$0.descriptor.needsBinaryTreatment && $0.descriptor.requirement == .adjustmentSet }
          .map { "'\($0.rawValue)'" }.joined(separator: ", ")
        let kind = descriptor.categoricalTreatment == nil ? "a binary" : "a binary or categorical"
        sink.error(
          "method '\(method.rawValue)' needs \(kind) treatment, but '\(estimand!.treatment.value)' is declared \(treatmentType.rawValue)",
          at: estimator.method.origin.range,
          notes: [.init("back-door methods for a treatment of any type: \(others)")])
      }
      for entry in estimator.params.entries {
        guard let parameter = descriptor.parameter(entry.name) else { continue }
        switch parameter.type {
        case .column, .columns:
          checkColumns(entry, owner: owner, universe: universe)
        case .texts where entry.name.hasSuffix("terms"):
          checkTerms(entry, owner: owner, universe: universe, graph: graph, estimand: estimand, descriptor: descriptor)
        default:
          break
        }
      }
      if let estimand, let first = estimand.effectModifiers.first, !descriptor.computesConditionalEffects {
        let able = EstimatorMethod.allCases.filter(\.descriptor.computesConditionalEffects).map(\.rawValue)
        sink.error(
          "\(owner): method '\(method.rawValue)' cannot compute effects per effect modifier, and the study names effect modifiers",
          at: estimator.method.origin.range,
          notes: [
            .init(
              "\(able.joined(separator: " and ")) report the effect per level of each modifier with a test that it varies; use one of them, or limit this study to them",
              at: first.origin.range)
          ])
      }
      if let weights = data?.weights, !descriptor.takesWeights {
        let able = EstimatorMethod.allCases.filter(\.descriptor.takesWeights).map(\.rawValue)
        sink.error(
          "\(owner): method '\(method.rawValue)' does not take sampling weights, and the data have them",
          at: estimator.method.origin.range,
          notes: [
            .init("the weights are named here", at: weights.origin.range),
            .init("methods that take them: " + able.joined(separator: ", ")),
          ])
      }
      if let entry = estimator.params.entry(CommonEstimatorOptions.cluster.name), !descriptor.takesClusters {
        let able = EstimatorMethod.allCases.filter(\.descriptor.takesClusters).map(\.rawValue)
        sink.error(
          "\(owner): method '\(method.rawValue)' has no cluster-robust standard error",
          at: entry.value.origin.range, notes: [.init("methods that have one: " + able.joined(separator: ", "))])
      }
      var validation = OptionsValidation(
        params: estimator.params, owner: owner, estimand: estimand, estimatorNames: estimators.map(\.name.value),
        entryRange: estimator.origin.range)
      validation.sampleWeights = data?.weights != nil
      estimator.options.validate(&validation)
      sink.add(validation.diagnostics)
    }
  }

  /// The terms of one of `terms`, `outcome_terms`, `propensity_terms`: they
  /// parse, name known columns, never the outcome; the treatment only in an
  /// outcome model that standardises over it; and the method fits a model
  /// that takes them (a term is never silently left out).
  private func checkTerms(
    _ entry: ParameterSet.Entry, owner: String, universe: [String]?, graph: GraphSpec?, estimand: EstimandSpec?,
    descriptor: EstimatorDescriptor
  ) {
    let texts = entry.value.value.stringList ?? []
    let models: Set<EstimatorDescriptor.ModelKind> =
      switch entry.name {
      case "outcome_terms": [.outcome]
      case "propensity_terms": [.propensity]
      default: [.outcome, .propensity]
      }
    if !texts.isEmpty, descriptor.models.isDisjoint(with: models) {
      let takers = EstimatorMethod.allCases.filter { !$0.descriptor.models.isDisjoint(with: models) }
      sink.error(
        "\(owner): method '\(descriptor.method.rawValue)' fits no model that takes '\(entry.name)'; its terms would be ignored",
        at: entry.value.origin.range,
        notes: [.init("methods that take them: " + takers.map(\.rawValue).joined(separator: ", "))])
      return
    }
    for (index, text) in texts.enumerated() {
      let at = entry.origin(ofItem: index).range
      let terms: [ModelTerm]
      switch ModelTerm.parse(text) {
      case .failure(let error):
        sink.error("\(owner): \(error.message)", at: at)
        continue
      case .success(let parsed):
        terms = parsed
      }
      let variables = Array(Set(terms.flatMap(\.variables))).sorted()
      if let universe {
        for variable in variables where !universe.contains(variable) {
          sink.error(
            "\(owner): term '\(text)' uses unknown column '\(variable)'", at: at,
            notes: DiagnosticSink.suggestion(for: variable, in: universe))
        }
      }
      if let graph {
        let g = graph.graph
        let observed = Set(g.observedNodes.map { g.names[$0] })
        for variable in variables where universe?.contains(variable) ?? true && !observed.contains(variable) {
          sink.error(
            "\(owner): term '\(text)' uses '\(variable)', which is not an observed variable of the graph", at: at,
            notes: [
              .init(
                "a model contains only the graph's variables, so that identification accounts for every one: add '\(variable)' to the graph with its edges, or remove the term"
              )
            ])
        }
      }
      guard let estimand else { continue }
      if variables.contains(estimand.outcome.value) {
        sink.error(
          "\(owner): term '\(text)' uses the outcome '\(estimand.outcome.value)'; a model term cannot contain the outcome",
          at: at)
      }
      guard variables.contains(estimand.treatment.value) else { continue }
      let treatment = estimand.treatment.value
      if descriptor.models.contains(.propensity), models.contains(.propensity) {
        sink.error(
          "\(owner): term '\(text)' involves the treatment '\(treatment)', and the treatment never enters a propensity model",
          at: at,
          notes: [
            .init(
              entry.name == "terms"
                ? "write it under outcome_terms of a method that standardises over it (linear_regression, generalized_linear_model)"
                : "a propensity model predicts the treatment; it cannot contain it")
          ])
      } else if !descriptor.acceptsTreatmentTerms {
        let able = EstimatorMethod.allCases.filter(\.descriptor.acceptsTreatmentTerms).map(\.rawValue)
        sink.error(
          "\(owner): term '\(text)' involves the treatment '\(treatment)'; method '\(descriptor.method.rawValue)' cannot standardise over it",
          at: at,
          notes: [.init("\(able.joined(separator: " and ")) compute the effect by standardisation over such terms")])
      }
    }
  }

  // MARK: - Checks

  func checkRefutations(
    _ refutations: RefutationSpec, estimators: [EstimatorSpec], names: [String], graph: GraphSpec?,
    header: [String]?, data: DataSpec? = nil
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
      if check.kind.value == .weakInstrument {
        checkWeakInstrumentDesign(check, label: label, estimators: estimators, data: data)
      }
      var validation = OptionsValidation(
        params: check.params, owner: label, estimand: nil, estimatorNames: names, entryRange: check.kind.origin.range)
      check.options.validate(&validation)
      sink.add(validation.diagnostics)
    }
  }

  /// Panel methods need a panel, and a panel study is identified by
  /// parallel trends: a panel method without `data.panel`, `parallel_trends`
  /// without a panel, and a graph criterion on a panel are refused.
  func checkParallelTrends(_ estimators: [EstimatorSpec], estimand: EstimandSpec?, data: DataSpec?) {
    let panel = data?.panel
    if panel == nil {
      for estimator in estimators where estimator.method.value.descriptor.isPanelMethod {
        sink.error(
          "estimator '\(estimator.name.value)': method '\(estimator.method.value.rawValue)' needs a long panel, and the data declare none",
          at: estimator.method.origin.range,
          notes: [.init("declare the panel's keys under data: `panel: {unit: COLUMN, time: COLUMN}`")])
      }
    }
    guard let estimand else { return }
    let identification = estimand.identification
    switch identification.value {
    case .parallelTrends where panel == nil:
      sink.error(
        "identification 'parallel_trends' needs a long panel (data.panel) and a panel method",
        at: identification.origin.range,
        notes: [
          .init(
            "panel methods: "
              + EstimatorMethod.allCases.filter(\.descriptor.isPanelMethod).map(\.rawValue).joined(separator: ", "))
        ])
    case .backdoor, .frontdoor, .instrumentalVariable, .generalIdentification:
      if let panel {
        sink.error(
          "identification '\(identification.value.rawValue)' is a graph criterion, and the data are a panel analysed by difference-in-differences",
          at: identification.origin.range,
          notes: [
            .init("the panel is declared here", at: panel.origin.range),
            .init("write `identification: parallel_trends` (or leave it out)"),
          ])
      }
    default:
      break
    }
  }

  /// `weak_instrument` reads the effective F, which is derived for
  /// independent, unweighted observations: an instrumental-variable estimate
  /// with sampling weights or clusters has none, so the check is refused.
  private func checkWeakInstrumentDesign(
    _ check: CheckSpec, label: String, estimators: [EstimatorSpec], data: DataSpec?
  ) {
    let listed = check.params.entry("estimators").flatMap {
      $0.value.origin.isDefault ? nil : $0.value.value.stringList
    }
    for estimator in estimators where estimator.method.value == .instrumentalVariable {
      if let listed, !listed.contains(estimator.name.value) { continue }
      var reasons: [Diagnostic.Note] = []
      if let weights = data?.weights {
        reasons.append(.init("the data have sampling weights", at: weights.origin.range))
      }
      if let entry = estimator.params.entry(CommonEstimatorOptions.cluster.name) {
        reasons.append(.init("'\(estimator.name.value)' has clusters", at: entry.value.origin.range))
      }
      guard !reasons.isEmpty else { continue }
      sink.error(
        "\(label): the effective F of Montiel Olea & Pflueger is derived for independent, unweighted observations; Assay does not compute it for '\(estimator.name.value)'",
        at: check.kind.origin.range,
        notes: reasons + [
          .init(
            "the estimate still reports its first-stage F with the design's robust covariance (first_stage_robust_f)")
        ])
    }
  }
}
