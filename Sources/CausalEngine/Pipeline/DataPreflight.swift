import StudyModel
import Tabular

/// Checks of the loaded data against what the study declares and asks for,
/// before anything is estimated: `assay validate` (with the data) and the
/// start of `assay run` report them, each located at the study line, with the
/// data row as a note.
///
/// Errors (the study cannot be computed as written):
/// - fewer than two rows (after dropping missing values): nothing else is checked;
/// - the treatment contrast does not resolve (``TreatmentContrast``): levels
///   that are not in the data, a numeric treatment with more than two values
///   that is not declared `continuous`;
/// - a method that cannot compare two levels of a many-level categorical
///   treatment;
/// - a constant treatment or outcome;
/// - a categorical outcome (its level codes are not measurements);
/// - variables that terms or effect modifiers add to a back-door model
///   that make its adjustment set invalid (a mediator, a collider), see
///   ``StudyRunner/termOutsideModel(_:graph:)``; a term outside its function's domain
///   (`log` of a value ≤ 0, `sqrt` of a value < 0), a `C(x, ref = l)` whose
///   level `l` does not occur, `poly(x, k)` or `ns(x, df)` with too few
///   distinct values for the basis;
/// - a categorical graph variable with a different level in every row (an
///   identifier: one indicator per row saturates every model);
/// - a sampling weight that is not positive;
/// - `data.panel` keys that do not identify the rows, a treatment that is
///   not 0/1 or switches off, and gaps (a unit missing a period between two
///   it is observed in), each with the rows involved.
///
/// Warnings (computed as written, but probably not what was meant):
/// - a constant graph variable (its coefficient is aliased);
/// - a whole-number graph variable whose values are distinct in every row
///   and nearly consecutive (at least 20 rows, range < 2n): it looks like a
///   row identifier;
/// - `C(x)` of a variable with more than 50 distinct values.
public enum DataPreflight {
  /// Rows below which "distinct in every row" says nothing about identifiers.
  static let identifierMinimumRows = 20
  /// Distinct values above which `C(x)` is probably a mistake.
  static let manyLevels = 50

  public static func check(_ study: Study, data loaded: LoadedTable) -> [Diagnostic] {
    check(study, data: loaded, identification: IdentificationBridge.identify(study))
  }

  static func check(_ study: Study, data loaded: LoadedTable, identification: IdentificationOutcome) -> [Diagnostic] {
    let rowCount = loaded.table.rowCount
    if rowCount < 2 {
      let dropped =
        loaded.rowsDropped > 0 ? " (\(loaded.rowsRead) read, \(loaded.rowsDropped) dropped for missing values)" : ""
      return [
        .error(
          "the data have \(rowCount) row\(rowCount == 1 ? "" : "s")\(dropped): no effect can be estimated from \(rowCount == 0 ? "no rows" : "one row")",
          at: study.data.path.origin.range)
      ]
    }
    var diagnostics: [Diagnostic] = []
    let data = AnalysisData(table: loaded.table)
    let e = study.estimand
    let rows = Rows(loaded: loaded)
    let graph = study.graph

    for (name, origin) in [(e.treatment.value, e.treatment.origin), (e.outcome.value, e.outcome.origin)]
    where data.contains(name) {
      if let value = constantValue(data.column(name)) {
        diagnostics.append(
          .error(
            "'\(name)' takes the same value (\(value)) in every one of the \(loaded.table.rowCount) rows analysed: there is no effect to estimate",
            at: origin.range))
      }
    }

    // Types are never guessed: a categorical outcome's level codes are not measurements.
    // (A treatment with a third value is refused by the reader when the value is text among
    // numbers, and by ``TreatmentContrast`` when it is a number not declared.)
    if data.contains(e.outcome.value), data.column(e.outcome.value).kind == .categorical {
      let column = data.column(e.outcome.value)
      diagnostics.append(
        .error(
          "the outcome '\(e.outcome.value)' is categorical (\(column.levels.count) level\(column.levels.count == 1 ? "" : "s"): \(levelList(column))): every method here estimates a difference in means of a numeric outcome",
          at: e.outcome.origin.range,
          notes: [
            .init("recode it as numbers (0/1 for a binary outcome) in the data; its level codes are not measurements")
          ]))
    }

    if let weights = study.data.weights, data.contains(weights.value) {
      let w = data.values(weights.value)
      if let i = w.firstIndex(where: { !($0 > 0) || !$0.isFinite }) {
        let count = w.filter { !($0 > 0) || !$0.isFinite }.count
        diagnostics.append(
          .error(
            "sampling weights must be positive: \(rows.name(i)) has \(weights.value) = \(JSONValue.format(w[i]))\(count > 1 ? " (\(count) rows in all)" : "")",
            at: weights.origin.range,
            notes: [.init("leave such rows out of the data: a weight of 0 is not a sampled unit")]))
      }
    }

    let contrast: TreatmentContrast?
    switch TreatmentContrast.resolve(study, data: data) {
    case .success(let resolved): contrast = resolved
    case .failure(let error):
      contrast = nil
      // A constant treatment is reported above; its contrast cannot resolve either.
      if !diagnostics.containsErrors {
        diagnostics.append(.error(error.message, at: error.location, notes: error.notes.map { .init($0) }))
      }
    }

    // Graph variables: constants and identifiers.
    let roles = Set([e.treatment.value, e.outcome.value])
    for node in graph.graph.observedNodes {
      let name = graph.graph.names[node]
      guard data.contains(name), !roles.contains(name) else { continue }
      let column = data.column(name)
      let at = graph.origin(of: name).range
      if let value = constantValue(column) {
        diagnostics.append(
          .warning(
            "'\(name)' takes the same value (\(value)) in every row analysed: it cannot confound anything here, and its coefficient is aliased",
            at: at))
      } else if let identifier = identifierKind(column) {
        let message =
          "'\(name)' has a different value in every one of the \(column.values.count) rows analysed: it looks like a row identifier, not a variable"
        switch identifier {
        case .categorical:
          diagnostics.append(
            .error(
              message, at: at,
              notes: [
                .init(
                  "as a categorical variable it gets one indicator per row, which saturates every model: remove it from the graph"
                )
              ]))
        case .whole:
          diagnostics.append(
            .warning(message, at: at, notes: [.init("if it is an identifier, remove it from the graph")]))
        }
      }
    }

    // A long panel: keys that identify the rows, an absorbing treatment, no gaps.
    if let keys = study.data.panel,
      [keys.unit.value, keys.time.value, e.treatment.value, e.outcome.value].allSatisfy(data.contains)
    {
      let built = PanelData.build(
        data: data, unit: keys.unit.value, time: keys.time.value, treatment: e.treatment.value,
        outcome: e.outcome.value, covariates: [], weights: nil)
      switch built {
      case .failure(let error):
        for problem in error.all {
          diagnostics.append(
            .error(
              "the data are not a panel of \(keys.unit.value) by \(keys.time.value): \(problem.message)",
              at: keys.origin.range, notes: panelRows(problem.rows, rows: rows)))
        }
      case .success(let panel):
        if let gap = panel.gapError() {
          diagnostics.append(
            .error(
              "the panel has gaps: \(gap.message)", at: keys.origin.range,
              notes: panelRows(gap.rows, rows: rows)
                + [
                  .init(
                    "a unit observed before and after a period must be observed in it; leave out units with gaps, or fill them"
                  )
                ]))
        }
      }
    }

    // Estimators: categorical treatments and terms.
    for spec in study.estimators {
      let descriptor = spec.method.value.descriptor
      if let contrast, case .categorical(let levels) = contrast.kind, descriptor.categoricalTreatment == nil {
        let able = EstimatorMethod.allCases.filter { $0.descriptor.categoricalTreatment != nil }.map(\.rawValue)
        diagnostics.append(
          .error(
            "method '\(spec.method.value.rawValue)' cannot compare two levels of '\(e.treatment.value)', a categorical treatment with \(levels) levels",
            at: spec.method.origin.range, notes: [.init("methods that can: \(able.joined(separator: ", "))")]))
      }
      if let contrast,
        case .success(let problem) = StudyRunner.resolveProblem(
          for: spec, study: study, data: data, contrast: contrast, identification: identification, threads: 1),
        let outside = StudyRunner.modelVariableProblem(problem, graph: graph.graph)
      {
        diagnostics.append(
          .error(
            "estimator '\(spec.name.value)': \(outside.message)",
            at: location(of: outside, spec: spec, study: study) ?? spec.origin.range,
            notes: [
              .init(
                outside.term == nil
                  ? "effects per level of a variable the treatment affects are not causal effects; choose a modifier measured before the treatment"
                  : "remove the term, or use variables the graph allows (`assay identify` lists the valid adjustment sets)"
              )
            ]))
      }
      for entry in spec.params.entries where entry.name.hasSuffix("terms") {
        for (index, text) in (entry.value.value.stringList ?? []).enumerated() {
          guard case .success(let terms) = ModelTerm.parse(text) else { continue }
          let at = entry.origin(ofItem: index).range
          for term in terms {
            for factor in term.factors where data.contains(factor.variable) {
              if let problem = domainProblem(factor, column: data.column(factor.variable), rows: rows) {
                diagnostics.append(
                  Diagnostic(
                    problem.severity, "estimator '\(spec.name.value)': term '\(text)': \(problem.message)", at: at,
                    notes: problem.notes.map { .init($0) }))
              }
            }
          }
        }
      }
    }
    return dedupe(diagnostics)
  }

  /// Where the study writes what a ``StudyRunner/ModelVariableProblem`` is about: the term, or the effect modifier.
  static func location(
    of problem: StudyRunner.ModelVariableProblem, spec: EstimatorSpec, study: Study
  ) -> SourceRange? {
    guard problem.term != nil else {
      return study.estimand.effectModifiers.first { $0.value == problem.variable }?.origin.range
    }
    for entry in spec.params.entries where entry.name.hasSuffix("terms") {
      for (index, text) in (entry.value.value.stringList ?? []).enumerated() {
        guard case .success(let terms) = ModelTerm.parse(text),
          terms.contains(where: { $0.variables.contains(problem.variable) })
        else { continue }
        return entry.origin(ofItem: index).range
      }
    }
    return nil
  }

  /// A note naming the data rows of a panel problem.
  static func panelRows(_ indices: [Int], rows: Rows) -> [Diagnostic.Note] {
    guard let first = indices.first else { return [] }
    let more = indices.count > 1 ? " (and \(indices.dropFirst().map { "\($0 + 1)" }.joined(separator: ", ")))" : ""
    return [.init("first at \(rows.name(first))\(more)")]
  }

  /// The same finding for two estimators is reported once per place.
  static func dedupe(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
    var seen = Set<Diagnostic>()
    return diagnostics.filter { seen.insert($0).inserted }
  }

  /// A categorical column's levels for a message: at most eight, escaped.
  static func levelList(_ column: DataColumn) -> String {
    column.levels.prefix(8).map { "'\(CSVError.excerpt($0, limit: 40))'" }.joined(separator: ", ")
      + (column.levels.count > 8 ? ", ..." : "")
  }

  /// The value, as written, when the column is constant over its non-missing values.
  static func constantValue(_ column: DataColumn) -> String? {
    guard let first = column.values.first(where: { !$0.isNaN }) else { return nil }
    guard column.values.allSatisfy({ $0.isNaN || $0 == first }) else { return nil }
    return column.kind == .categorical ? column.levels[Int(first)] : JSONValue.format(first)
  }

  enum IdentifierKind { case categorical, whole }

  /// Whether a column looks like a row identifier (see the type's documentation).
  static func identifierKind(_ column: DataColumn) -> IdentifierKind? {
    let n = column.values.count
    guard n >= identifierMinimumRows else { return nil }
    if column.kind == .categorical { return column.levels.count == n ? .categorical : nil }
    guard column.values.allSatisfy({ $0.isFinite && $0.rounded() == $0 }) else { return nil }
    // Every value distinct: stop at the first repeat (a binary column stops at its third row).
    var distinct = Set<Double>(minimumCapacity: min(n, 1 << 16))
    var low = Double.infinity
    var high = -Double.infinity
    for v in column.values {
      guard distinct.insert(v).inserted else { return nil }
      low = min(low, v)
      high = max(high, v)
    }
    return high - low < Double(2 * n) ? .whole : nil
  }

  /// How the checks name a row of the analysed data.
  struct Rows {
    var dropped: Int

    init(loaded: LoadedTable) { dropped = loaded.rowsDropped }

    func name(_ index: Int) -> String {
      dropped > 0 ? "row \(index + 1) of the rows kept after `missing: drop`" : "data row \(index + 1)"
    }
  }

  struct DomainProblem {
    var severity: Diagnostic.Severity = .error
    var message: String
    var notes: [String] = []
  }

  /// Why a factor cannot be evaluated on its column, or `nil`.
  static func domainProblem(_ factor: ModelTerm.Factor, column: DataColumn, rows: Rows) -> DomainProblem? {
    let values = column.values
    // The distinct values, counted only by the factors that need them.
    var distinct: Set<Double> { Set(values.filter { !$0.isNaN }) }
    func firstRow(_ bad: (Double) -> Bool) -> Int? { values.firstIndex { !$0.isNaN && bad($0) } }
    if column.kind == .categorical, !factor.acceptsCategoricalColumn {
      return DomainProblem(
        message: "\(factor) needs a numeric column, and '\(factor.variable)' is categorical",
        notes: ["write C(\(factor.variable)) for one indicator per level"])
    }
    switch factor {
    case .log(let v):
      guard let i = firstRow({ $0 <= 0 }) else { return nil }
      let count = values.filter { !$0.isNaN && $0 <= 0 }.count
      return DomainProblem(
        message:
          "log(\(v)) is undefined where \(v) ≤ 0: \(rows.name(i)) has \(v) = \(JSONValue.format(values[i]))\(count > 1 ? " (\(count) rows in all)" : "")",
        notes: ["use sqrt(\(v)), poly(\(v), k) or ns(\(v), df) for a variable with zeros, or transform it in the data"])
    case .squareRoot(let v):
      guard let i = firstRow({ $0 < 0 }) else { return nil }
      return DomainProblem(
        message: "sqrt(\(v)) is undefined where \(v) < 0: \(rows.name(i)) has \(v) = \(JSONValue.format(values[i]))")
    case .polynomial(let v, let k):
      let count = distinct.count
      guard count <= k else { return nil }
      return DomainProblem(
        message:
          "poly(\(v), \(k)) needs more than \(k) distinct values of \(v), which takes \(count) in the rows analysed",
        notes: ["use a lower degree, or C(\(v)) for one indicator per value"])
    case .naturalSpline(let v, let df):
      let count = distinct.count
      guard count <= df else { return nil }
      return DomainProblem(
        message:
          "ns(\(v), \(df)) needs more than \(df) distinct values of \(v), which takes \(count) in the rows analysed",
        notes: ["use fewer degrees of freedom, or C(\(v)) for one indicator per value"])
    case .categorical(let v, let reference):
      let levels =
        column.kind == .categorical
        ? column.levels : distinct.sorted().map(JSONValue.format)
      if let reference, !levels.contains(where: { $0 == reference || (Double($0) ?? .nan) == Double(reference) }) {
        return DomainProblem(
          message: "'\(reference)' is not a level of \(v) in the rows analysed",
          notes: ["its levels: " + levels.prefix(20).joined(separator: ", ") + (levels.count > 20 ? ", ..." : "")])
      }
      guard column.kind != .categorical, levels.count > manyLevels else { return nil }
      return DomainProblem(
        severity: .warning,
        message: "C(\(v)) makes one indicator per value, and \(v) takes \(levels.count) distinct values",
        notes: ["for a smooth function of \(v) use ns(\(v), df) or poly(\(v), k)"])
    case .variable, .power:
      return nil
    }
  }
}
