import CausalGraph
import StudyModel

/// Reads a composed study document into a ``Study``, gathering every problem.
///
/// Reading checks shapes, types, enums, ranges and unknown keys; the
/// validation passes (`StudyReader+References.swift`) then check what refers
/// to what: graph nodes, data columns, estimator names, method parameters
/// that depend on each other. Nothing stops at the first problem.
final class StudyReader {
  let file: String
  /// The folder of the study file, against which relative paths resolve.
  let directory: String
  let environment: StudyEnvironment
  let sink = DiagnosticSink()
  private let lines: [Substring]

  init(file: String, source: String, environment: StudyEnvironment) {
    self.file = file
    self.directory = Paths.directory(of: file)
    self.environment = environment
    self.lines = source.split(separator: "\n", omittingEmptySubsequences: false)
  }

  var sourceLineCount: Int { lines.count }

  func sourceLine(_ number: Int) -> Substring {
    number >= 1 && number <= lines.count ? lines[number - 1] : ""
  }

  /// Reads the whole study; `nil` when any error was found.
  func read(_ root: YAMLNode) -> Study? {
    guard let top = MappingView(root, context: "the study", sink: sink) else { return nil }
    top.checkKeys(allowed: StudyFormat.keys.map(\.name), sink: sink)

    let version = top.required("version", sink: sink).flatMap { node -> Located<Int>? in
      guard let v = integer(node, "version", .atLeast(0)) else { return nil }
      guard v.value == StudyFormat.version else {
        sink.error(
          "unsupported study format version \(v.value); this Assay reads version \(StudyFormat.version)",
          at: node.range)
        return nil
      }
      return v
    }
    let name = top.required("name", sink: sink).flatMap { node -> Located<String>? in
      guard let n = self.name(node, "name") else { return nil }
      guard Patterns.isStudyName(n.value) else {
        sink.error(
          "study name '\(n.value)' must use only a-z, 0-9 and '-' (it names the report folder)",
          at: node.range, notes: [.init("for example: \(Patterns.slug(n.value))")])
        return nil
      }
      return n
    }
    let title = top["title"].flatMap { string($0, "title") }
    let description = top["description"].flatMap { string($0, "description") }
    let seed = top["seed"].flatMap { node -> Located<UInt64>? in
      integer(node, "seed", .closed(0, 9_007_199_254_740_991))?.map { UInt64($0) }
    }

    let data = top.required("data", sink: sink).flatMap(readData)
    let graph = top.required("graph", sink: sink).flatMap(readGraph)
    let estimand = top.required("estimand", sink: sink).flatMap(readEstimand)
    let estimatorEntries = top.required("estimators", sink: sink).flatMap(readEstimators)
    let estimators = estimatorEntries?.specs
    let refutations = readRefutations(top["refutations"], estimators: estimators ?? [])
    let expectations = top["expectations"].flatMap { readExpectations($0, names: estimatorEntries?.names ?? []) } ?? []
    let policies = readPolicies(top["policies"])
    let report = readReport(top["report"], studyName: name?.value)

    // Checks across sections, run on whatever could be read.
    var header: [String]?
    if let data, let graph {
      header = checkData(data, graph: graph)
    }
    if let graph, let estimand {
      checkEstimand(estimand, graph: graph)
    }
    if let estimators {
      checkEstimators(estimators, estimand: estimand, graph: graph, header: header, data: data)
    }
    if let refutations, let estimatorEntries {
      checkRefutations(
        refutations, estimators: estimatorEntries.specs, names: estimatorEntries.names,
        graph: graph, header: header, data: data)
    }

    if let data, let database = data.database, database.compute.value == .database {
      checkPushdown(
        database, data: data, estimand: estimand, estimators: estimators ?? [], refutations: refutations)
    }

    guard !sink.hasErrors, let version, let name, let data, let graph, let estimand,
      let estimators, let refutations, let policies, let report
    else { return nil }
    return Study(
      file: file, version: version, name: name,
      title: title ?? .defaulted(name.value), description: description,
      seed: seed ?? .defaulted(StudyDefaults.seed), data: data, graph: graph, estimand: estimand,
      estimators: estimators, refutations: refutations, expectations: expectations,
      policies: policies, report: report)
  }

  // MARK: - Sections

  func readData(_ node: YAMLNode) -> DataSpec? {
    guard let view = MappingView(node, context: "'data'", sink: sink) else { return nil }
    view.checkKeys(allowed: StudyFormat.dataKeys.map(\.name), sink: sink)
    let source = readDataSource(view)
    let path = source?.path
    let sha = view["sha256"].flatMap { node -> Located<String>? in
      guard let s = string(node, "sha256") else { return nil }
      guard Patterns.isSHA256(s.value) else {
        sink.error(
          "'sha256' must be 64 hexadecimal digits, found \(s.value.unicodeScalars.count) characters '\(s.value)'",
          at: node.range, notes: [.init("compute it with: sha256sum <data file>")])
        return nil
      }
      return s.map { $0.lowercased() }
    }
    let missing =
      view["missing"].flatMap { choice($0, "missing", MissingPolicy.self) } ?? .defaulted(StudyDefaults.missing)
    var missingValues: Located<[String]> = .defaulted(StudyDefaults.missingValues)
    if let node = view["missing_values"] {
      if case .sequence(let items) = node.content {
        var texts: [String] = []
        for item in items {
          if let s = item.scalar, s.coreValue != .null {
            texts.append(s.text)
          } else {
            sink.error(
              "'missing_values' must list strings (write \"\" for an empty field), found \(item.kindDescription)",
              at: item.range)
          }
        }
        missingValues = Located(texts, origin: origin(node))
      } else {
        sink.error("'missing_values' must be a list of strings, found \(node.kindDescription)", at: node.range)
      }
    }
    var delimiter: Located<Delimiter>
    if view.contains("delimiter"), source?.database != nil {
      sink.error(
        "'delimiter' applies to a data file ('path'), not to a database source", at: view.keyNode("delimiter")?.range,
        notes: [.init("a database returns typed columns; remove 'delimiter'")])
      delimiter = .defaulted(.comma)
    } else if let node = view["delimiter"], let d = choice(node, "delimiter", Delimiter.self) {
      delimiter = d
    } else {
      delimiter = .defaulted(path.map { $0.value.lowercased().hasSuffix(".tsv") ? .tab : .comma } ?? .comma)
    }
    var columns: [ColumnDeclaration] = []
    if let node = view["columns"], let columnsView = MappingView(node, context: "'data.columns'", sink: sink) {
      for pair in columnsView.pairs {
        guard let key = pair.key.scalar?.text else { continue }
        if let type = choice(pair.value, "columns.\(key)", ColumnType.self) {
          columns.append(ColumnDeclaration(name: Located(key, origin: origin(pair.key)), type: type))
        }
      }
    }
    let weights = view["weights"].flatMap { name($0, "weights") }
    let panel = view["panel"].flatMap(readPanel)
    guard let source, let path else { return nil }
    return DataSpec(
      path: path,
      resolvedPath: source.database?.engine == .postgresql ? path.value : Paths.resolve(path.value, against: directory),
      sha256: sha, missing: missing, missingValues: missingValues, delimiter: delimiter, columns: columns,
      database: source.database, rowKey: source.rowKey, weights: weights, panel: panel)
  }

  /// The source keys of `data:`: exactly one of `path`, `sqlite` and
  /// `postgres`; a database source with exactly one of `table` and `query`,
  /// and `row_key` (optional for a file); `compute` only for PostgreSQL.
  /// Every problem is located.
  func readDataSource(_ view: MappingView) -> (
    path: Located<String>?, database: DatabaseSpec?, rowKey: Located<String>?
  )? {
    let sourceKeys = ["path", "sqlite", "postgres"].filter { view.contains($0) }
    guard let sourceKey = sourceKeys.first else {
      sink.error(
        "'data' needs a source: 'path' (a CSV or TSV file), 'sqlite' (an SQLite file) or 'postgres' (an environment variable naming a PostgreSQL connection)",
        at: view.startRange)
      return nil
    }
    for extra in sourceKeys.dropFirst() {
      sink.error(
        "'data' names two sources, '\(sourceKey)' and '\(extra)'; a study reads exactly one",
        at: view.keyNode(extra)?.range,
        notes: [.init("the first source is named here", at: view.keyNode(sourceKey)?.range)])
    }
    if sourceKeys.count > 1 { return nil }
    let relationKeys = ["table", "query"].filter { view.contains($0) }
    if sourceKey == "path" {
      for key in relationKeys + ["compute"] where view.contains(key) {
        sink.error(
          "'\(key)' applies to a database source ('sqlite' or 'postgres'), not to a data file",
          at: view.keyNode(key)?.range,
          notes: [.init("a data file is read whole, in file order")])
      }
      return (view["path"].flatMap { name($0, "path") }, nil, view["row_key"].flatMap { name($0, "row_key") })
    }
    let path: Located<String>? = view[sourceKey].flatMap { node in
      guard let value = name(node, sourceKey) else { return nil }
      // The value of `postgres` might be a connection string written in
      // place of a variable's name: never echo it (it may hold a password).
      if sourceKey == "postgres", !Patterns.isEnvironmentVariable(value.value) {
        sink.error(
          "'postgres' must be the NAME of an environment variable (letters, digits and '_'), not a connection string",
          at: node.range,
          notes: [
            .init(
              "write e.g. `postgres: ASSAY_PG_URL` and set ASSAY_PG_URL to the libpq connection string where the study runs; keep passwords out of study files"
            )
          ])
        return nil
      }
      return value
    }
    var relation: Located<DatabaseSpec.Relation>?
    if relationKeys.isEmpty {
      sink.error(
        "a database source needs 'table' (a table to read) or 'query' (a SELECT statement)", at: view.startRange)
    } else if relationKeys.count == 2 {
      sink.error(
        "'data' has both 'table' and 'query'; write one of them", at: view.keyNode("query")?.range,
        notes: [.init("'table' is here", at: view.keyNode("table")?.range)])
    } else if relationKeys == ["table"], let node = view["table"], let table = name(node, "table") {
      if Patterns.isTableName(table.value) {
        relation = table.map { .table($0) }
      } else {
        sink.error(
          "'table' must be a table name, optionally schema-qualified (letters, digits, '_' and '$'; parts separated by '.'), found '\(table.value)'",
          at: node.range, notes: [.init("to read anything else, write a SELECT statement under 'query'")])
      }
    } else if let node = view["query"], let query = name(node, "query") {
      relation = query.map { .query($0) }
    }
    var rowKey: Located<String>?
    if let node = view["row_key"] {
      rowKey = name(node, "row_key")
    } else {
      sink.error(
        "a database source needs 'row_key': the integer column that orders and identifies its rows",
        at: view.startRange,
        notes: [.init("rows are read in this order, so that the data's SHA-256 and every simulation are reproducible")])
    }
    let compute = view["compute"].flatMap { choice($0, "compute", ComputeMode.self) } ?? .defaulted(.local)
    if sourceKey == "sqlite", compute.value == .database {
      sink.error(
        "'compute: database' needs a PostgreSQL source; an SQLite file is read into memory (compute: local)",
        at: compute.origin.range)
    }
    guard let path, let relation, let rowKey else { return nil }
    let database = DatabaseSpec(
      engine: sourceKey == "sqlite" ? .sqlite : .postgresql, relation: relation, rowKey: rowKey, compute: compute)
    return (path, database, rowKey)
  }

  func readPanel(_ node: YAMLNode) -> PanelSpec? {
    guard let view = MappingView(node, context: "'data.panel'", sink: sink) else { return nil }
    view.checkKeys(allowed: StudyFormat.panelKeys.map(\.name), sink: sink)
    let unit = view.required("unit", sink: sink).flatMap { name($0, "unit") }
    let time = view.required("time", sink: sink).flatMap { name($0, "time") }
    guard let unit, let time else { return nil }
    if unit.value == time.value {
      sink.error(
        "'data.panel' needs two columns: unit and time are both '\(unit.value)'", at: time.origin.range,
        notes: [.init("the unit is named here", at: unit.origin.range)])
      return nil
    }
    return PanelSpec(unit: unit, time: time, origin: origin(node))
  }

  func readEstimand(_ node: YAMLNode) -> EstimandSpec? {
    guard let view = MappingView(node, context: "'estimand'", sink: sink) else { return nil }
    view.checkKeys(allowed: StudyFormat.estimandKeys.map(\.name), sink: sink)
    let treatment = view.required("treatment", sink: sink).flatMap { name($0, "treatment") }
    let outcome = view.required("outcome", sink: sink).flatMap { name($0, "outcome") }
    let effect = view["effect"].flatMap { choice($0, "effect", EffectKind.self) }
    let treatmentValue = view["treatment_value"].flatMap { treatmentLevel($0, "treatment_value") }
    let controlValue = view["control_value"].flatMap { treatmentLevel($0, "control_value") }
    let modifiers = view["effect_modifiers"].flatMap { names($0, "effect_modifiers") } ?? []
    let identification = view["identification"].flatMap {
      choice($0, "identification", IdentificationStrategy.self)
    }
    var adjustment: Located<AdjustmentChoice> = .defaulted(StudyDefaults.adjustment)
    if let node = view["adjustment"] {
      if case .sequence = node.content {
        if let list = names(node, "adjustment") {
          adjustment = Located(.explicit(list.map(\.value)), origin: origin(node))
        }
      } else if let word = word(node, "adjustment", among: AdjustmentChoice.words) {
        let choice: AdjustmentChoice =
          switch word.value {
          case "optimal": .optimal
          case "all": .all
          default: .minimal
          }
        adjustment = Located(choice, origin: word.origin)
      }
    }
    guard let treatment, let outcome else { return nil }
    return EstimandSpec(
      treatment: treatment, outcome: outcome,
      effect: effect ?? .defaulted(StudyDefaults.effect),
      treatmentValue: treatmentValue ?? .defaulted(StudyDefaults.treatmentValue),
      controlValue: controlValue ?? .defaulted(StudyDefaults.controlValue),
      effectModifiers: modifiers, identification: identification ?? .defaulted(StudyDefaults.identification),
      adjustment: adjustment, origin: origin(node))
  }

  /// Reads `estimators:`.
  ///
  /// - Returns: the entries that could be read, and the names of every entry
  ///   that has one (for reference checks, even when its method is wrong).
  func readEstimators(_ node: YAMLNode) -> (specs: [EstimatorSpec], names: [String])? {
    guard case .sequence(let items) = node.content else {
      sink.error("'estimators' must be a list of estimators, found \(node.kindDescription)", at: node.range)
      return nil
    }
    if items.isEmpty {
      sink.error("'estimators' must list at least one estimator", at: node.range)
      return nil
    }
    var result: [EstimatorSpec] = []
    var names: [String] = []
    var seen: [String: SourceRange] = [:]
    for (index, item) in items.enumerated() {
      guard let view = MappingView(item, context: "estimators item \(index + 1)", sink: sink) else { continue }
      let name = view.required("name", sink: sink).flatMap { node -> Located<String>? in
        guard let n = self.name(node, "name") else { return nil }
        guard Patterns.isEstimatorName(n.value) else {
          sink.error(
            "estimator name '\(n.value)' may use letters, digits, '_', '.' and '-' only",
            at: node.range)
          return nil
        }
        return n
      }
      let label = name.map { "estimator '\($0.value)'" } ?? "estimators item \(index + 1)"
      if let name { names.append(name.value) }
      if let name, let range = name.origin.range {
        if let first = seen[name.value] {
          sink.error(
            "duplicate estimator name '\(name.value)'", at: range,
            notes: [.init("first used here", at: first)])
        } else {
          seen[name.value] = range
        }
      }
      let method = view.required("method", sink: sink).flatMap(readMethod)
      let methodParameters = method.map { $0.value.descriptor.parameters }
      let allParameterNames = Set(EstimatorMethod.allCases.flatMap { $0.descriptor.parameters.map(\.name) })
      view.checkKeys(allowed: StudyFormat.estimatorKeys.map(\.name), sink: sink) { key in
        allParameterNames.contains(key) ? "method parameters go under 'params:'" : nil
      }
      var paramsView: MappingView?
      if let paramsNode = view["params"] {
        paramsView = MappingView(paramsNode, context: "the params of \(label)", sink: sink)
      }
      guard let name, let method, let methodParameters else { continue }
      let params = parameterSet(
        paramsView, reserved: [], descriptors: methodParameters, owner: label, at: view.startRange)
      if let spec = EstimatorSpec(name: name, method: method, params: params, origin: origin(item)) {
        result.append(spec)
      }
    }
    return (result, names)
  }

  /// A method name, by its own name or one of DoWhy's (with a note).
  func readMethod(_ node: YAMLNode) -> Located<EstimatorMethod>? {
    guard let text = name(node, "method") else { return nil }
    if let method = EstimatorMethod(rawValue: text.value) { return Located(method, origin: text.origin) }
    if let method = Aliases.methods[text.value] {
      sink.note(
        "'\(text.value)' is DoWhy's name; Assay calls this method '\(method.rawValue)'",
        at: node.range)
      return Located(method, origin: text.origin)
    }
    let candidates = EstimatorMethod.allCases.map(\.rawValue)
    var notes: [Diagnostic.Note]
    if let nickname = Suggestions.methodNicknames[text.value.lowercased()] {
      notes = [.init("did you mean '\(nickname)'? ('\(text.value)' can name the estimator: `name: \(text.value)`)")]
    } else {
      notes = DiagnosticSink.suggestion(for: text.value, in: candidates + Aliases.methods.keys.sorted())
    }
    if notes.isEmpty { notes = [.init("methods: " + candidates.joined(separator: ", "))] }
    sink.error("unknown estimator method '\(text.value)'", at: node.range, notes: notes)
    return nil
  }

  func readRefutations(_ node: YAMLNode?, estimators: [EstimatorSpec]) -> RefutationSpec? {
    let defaults = RefutationSpec.defaults
    guard let node else { return defaults }
    guard let view = MappingView(node, context: "'refutations'", sink: sink) else { return nil }
    view.checkKeys(allowed: StudyFormat.refutationKeys.map(\.name), sink: sink)
    let alpha = view["alpha"].flatMap { number($0, "alpha", .open(0, 1)) } ?? defaults.alpha
    let simulations =
      view["simulations"].flatMap { integer($0, "simulations", .closed(1, 100_000)) }
      ?? defaults.simulations
    var checks: [CheckSpec] = []
    if let checksNode = view["checks"] {
      guard case .sequence(let items) = checksNode.content else {
        sink.error("'checks' must be a list of checks, found \(checksNode.kindDescription)", at: checksNode.range)
        return nil
      }
      for (index, item) in items.enumerated() {
        if let check = readCheck(item, index: index, alpha: alpha, simulations: simulations) {
          checks.append(check)
        }
      }
    }
    // Checks that could not be read were reported; the others are still
    // checked against the estimators and the data.
    return RefutationSpec(alpha: alpha, simulations: simulations, checks: checks)
  }

  func readCheck(_ item: YAMLNode, index: Int, alpha: Located<Double>, simulations: Located<Int>) -> CheckSpec? {
    guard let first = MappingView(item, context: "checks item \(index + 1)", sink: sink) else { return nil }
    var view = first
    guard let kindNode = first.required("check", sink: sink), let text = name(kindNode, "check") else {
      return nil
    }
    var kind: CheckKind
    if let k = CheckKind(rawValue: text.value) {
      kind = k
    } else if let k = Aliases.checks[text.value] {
      sink.note("'\(text.value)' is DoWhy's name; Assay calls this check '\(k.rawValue)'", at: kindNode.range)
      kind = k
    } else {
      let candidates = CheckKind.allCases.map(\.rawValue)
      var notes = DiagnosticSink.suggestion(for: text.value, in: candidates + Aliases.checks.keys.sorted())
      if notes.isEmpty { notes = [.init("checks: " + candidates.joined(separator: ", "))] }
      sink.error("unknown check '\(text.value)'", at: kindNode.range, notes: notes)
      return nil
    }
    view = MappingView(item, context: "check '\(kind.rawValue)'", sink: sink) ?? first
    let descriptor = kind.descriptor
    let inherited: [String: Located<ParameterValue>] = [
      "alpha": alpha.map(ParameterValue.number),
      "simulations": simulations.map(ParameterValue.integer),
    ]
    let params = parameterSet(
      view, reserved: ["check"], descriptors: descriptor.parameters, inherited: inherited,
      owner: "check '\(kind.rawValue)'", at: view.startRange)
    return CheckSpec(kind: Located(kind, origin: text.origin), params: params, origin: origin(item))
  }

  func readExpectations(_ node: YAMLNode, names: [String]) -> [ExpectationSpec]? {
    guard case .sequence(let items) = node.content else {
      sink.error("'expectations' must be a list, found \(node.kindDescription)", at: node.range)
      return nil
    }
    var result: [ExpectationSpec] = []
    for (index, item) in items.enumerated() {
      guard let view = MappingView(item, context: "expectations item \(index + 1)", sink: sink) else { continue }
      view.checkKeys(allowed: StudyFormat.expectationKeys.map(\.name), sink: sink)
      let estimator = view.required("estimator", sink: sink).flatMap { name($0, "estimator") }
      if let estimator, estimator.value != "all", !names.isEmpty, !names.contains(estimator.value) {
        var notes = DiagnosticSink.suggestion(for: estimator.value, in: names)
        notes.append(.init("write an estimator's name, or all"))
        sink.error(
          "expectation names unknown estimator '\(estimator.value)'", at: estimator.origin.range,
          notes: notes)
      }
      let sign = view["sign"].flatMap { choice($0, "sign", ExpectationSpec.Sign.self) }
      let significant = view["significant"].flatMap { bool($0, "significant") }
      var between: Located<[Double]>?
      if let valueNode = view["value"], let valueView = MappingView(valueNode, context: "'value'", sink: sink) {
        valueView.checkKeys(allowed: ["between"], sink: sink)
        if let b = valueView.required("between", sink: sink), let bounds = numbers(b, "between", .any, count: 2) {
          if bounds.value[0] > bounds.value[1] {
            sink.error(
              "'between' must be [low, high] with low <= high, found [\(bounds.value[0].formatted), \(bounds.value[1].formatted)]",
              at: b.range)
          } else {
            between = bounds
          }
        }
      }
      let severity =
        view["severity"].flatMap { choice($0, "severity", CheckSeverity.self) }
        ?? .defaulted(StudyDefaults.expectationSeverity)
      if sign == nil, significant == nil, between == nil, !view.contains("sign"), !view.contains("significant"),
        !view.contains("value")
      {
        sink.error("an expectation needs at least one of 'sign', 'significant' or 'value'", at: view.startRange)
      }
      guard let estimator else { continue }
      result.append(
        ExpectationSpec(
          estimator: estimator, sign: sign, significant: significant, between: between, severity: severity,
          origin: origin(item)))
    }
    return result
  }

  func readPolicies(_ node: YAMLNode?) -> PolicySpec? {
    var policy = StudyDefaults.policies
    guard let node else { return policy }
    guard let view = MappingView(node, context: "'policies'", sink: sink) else { return nil }
    view.checkKeys(allowed: StudyFormat.policyKeys.map(\.name), sink: sink)
    if let v = view["rank_deficiency"].flatMap({ choice($0, "rank_deficiency", ProblemPolicy.self) }) {
      policy.rankDeficiency = v
    }
    if let v = view["separation"].flatMap({ choice($0, "separation", ProblemPolicy.self) }) {
      policy.separation = v
    }
    if let v = view["non_convergence"].flatMap({ choice($0, "non_convergence", ProblemPolicy.self) }) {
      policy.nonConvergence = v
    }
    if let v = view["positivity"].flatMap({ choice($0, "positivity", ProblemPolicy.self) }) {
      policy.positivity = v
    }
    return policy
  }

  func readReport(_ node: YAMLNode?, studyName: String?) -> ReportSpec? {
    let defaultDirectory = Paths.defaultReportDirectory(forStudyIn: directory, name: studyName ?? "study")
    var formats: Located<[ReportFormat]> = .defaulted(StudyDefaults.reportFormats)
    var directoryText: Located<String> = .defaulted(defaultDirectory)
    if let node {
      guard let view = MappingView(node, context: "'report'", sink: sink) else { return nil }
      view.checkKeys(allowed: StudyFormat.reportKeys.map(\.name), sink: sink)
      if let f = view["formats"] {
        if case .sequence(let items) = f.content, !items.isEmpty {
          var list: [ReportFormat] = []
          for item in items {
            guard let format = choice(item, "formats", ReportFormat.self) else { continue }
            if list.contains(format.value) {
              sink.warning("report format '\(format.value.rawValue)' is listed twice", at: item.range)
            } else {
              list.append(format.value)
            }
          }
          formats = Located(list, origin: origin(f))
        } else {
          sink.error(
            "'formats' must be a non-empty list of "
              + ReportFormat.allCases.map(\.rawValue).joined(separator: ", ") + "; found \(f.kindDescription)",
            at: f.range)
        }
      }
      if let d = view["directory"], let text = name(d, "directory") {
        directoryText = text
      }
    }
    let resolved =
      directoryText.origin.isDefault
      ? directoryText.value : Paths.resolve(directoryText.value, against: directory)
    return ReportSpec(formats: formats, directory: directoryText, resolvedDirectory: resolved)
  }
}

extension Double {
  /// The shortest text that round-trips, integers without a fraction.
  var formatted: String { JSONValue.format(self) }
}
