import StudyModel

extension StudyReader {
  /// Under `compute: database`, refuses every method, check and setting that
  /// cannot be computed from aggregates in the database (``Pushdown``), each
  /// at the line that asks for it, with a note at `compute:`.
  func checkPushdown(
    _ database: DatabaseSpec, data: DataSpec, estimand: EstimandSpec?, estimators: [EstimatorSpec],
    refutations: RefutationSpec?
  ) {
    let note = Diagnostic.Note("compute: database is set here", at: database.compute.origin.range)
    let local = Diagnostic.Note("write `compute: local` to read the rows into memory and run it there")
    let methods = Pushdown.methods.map { "'\($0.rawValue)'" }.joined(separator: ", ")
    for estimator in estimators where !Pushdown.supports(estimator.method.value) {
      sink.error(
        "method '\(estimator.method.value.rawValue)' cannot be pushed down to the database (compute: database computes \(methods))",
        at: estimator.method.origin.range, notes: [note, local])
    }
    for estimator in estimators {
      checkPushdownTerms(estimator, treatment: estimand?.treatment.value, data: data, notes: [note, local])
      checkPushdownOptions(estimator, notes: [note, local])
    }
    if let weights = data.weights {
      sink.error(
        "'data.weights' is not pushed down to the database: under compute: database the rows are unweighted",
        at: weights.origin.range, notes: [note, local])
    }
    if let panel = data.panel {
      sink.error(
        "'data.panel' is not pushed down to the database", at: panel.origin.range, notes: [note, local])
    }
    if let estimand, data.declaredType(of: estimand.treatment.value) == .categorical {
      sink.error(
        "the treatment '\(estimand.treatment.value)' is declared categorical: under compute: database the treatment must be numeric",
        at: estimand.treatment.origin.range, notes: [note, local])
    }
    if let estimand, let first = estimand.effectModifiers.first {
      sink.error(
        "effect modifiers cannot be pushed down to the database (compute: database estimates the average effect only)",
        at: first.origin.range, notes: [note, local])
    }
    if data.missing.value == .drop {
      sink.error(
        "'missing: drop' is not pushed down to the database: under compute: database the rows must be complete",
        at: data.missing.origin.range,
        notes: [note, .init("select the complete rows in a query (`WHERE … IS NOT NULL`), or use compute: local")])
    }
    let checks = Pushdown.checks.map { "'\($0.rawValue)'" }.joined(separator: ", ")
    for check in refutations?.checks ?? [] {
      let kind = check.kind.value
      let targets = estimators.filter {
        (check.estimatorNames ?? estimators.map(\.name.value)).contains($0.name.value)
      }
      if !Pushdown.supports(kind) {
        sink.error(
          "check '\(kind.rawValue)' cannot be pushed down to the database (compute: database runs \(checks))",
          at: check.kind.origin.range, notes: [note, local])
      } else if kind.descriptor.scope == .estimate,
        case let others = targets.filter({
          Pushdown.supports($0.method.value) && !Pushdown.supports(kind, on: $0.method.value)
        }), let first = others.first
      {
        let methods = Pushdown.methods(for: kind).map { "'\($0.rawValue)'" }.joined(separator: ", ")
        let named = others.map { "'\($0.name.value)' (\($0.method.value.rawValue))" }.joined(separator: ", ")
        sink.error(
          "check '\(kind.rawValue)' cannot run on \(others.count == 1 ? "estimator" : "estimators") \(named) under compute: database: it is pushed down for \(methods) only",
          at: check.kind.origin.range,
          notes: [
            .init("'\(first.name.value)' is declared here", at: first.method.origin.range), note,
            .init("name the estimators it should check under the check's `estimators:`, or \(local.message)"),
          ])
      } else if [.bootstrap, .dataSubset].contains(check.kind.value),
        let clustered = estimators.first(where: {
          $0.common.cluster != nil && (check.estimatorNames ?? estimators.map(\.name.value)).contains($0.name.value)
        })
      {
        sink.error(
          "check '\(check.kind.value.rawValue)' on estimator '\(clustered.name.value)' would draw whole clusters (its 'cluster'), which is not pushed down to the database",
          at: check.kind.origin.range,
          notes: [
            .init("'cluster' is set here", at: clustered.params["cluster"]?.origin.range), note, local,
          ])
      } else if check.kind.value == .bootstrap, let noise = check.params["noise"], !noise.origin.isDefault,
        !(noise.value.stringList ?? []).isEmpty
      {
        sink.error(
          "the bootstrap check's 'noise' cannot be pushed down to the database", at: noise.origin.range,
          notes: [note, local])
      }
    }
  }

  /// Under `compute: database` a method's options that the database cannot
  /// honour are refused at the option: `generalized_linear_model` is a
  /// logistic regression (family binomial, link logit, `se: delta`);
  /// `propensity_score_stratification` needs `se: stratified` (its
  /// bootstrap refits the propensity model on resamples, which is not
  /// pushed down); neither takes a `cluster`.
  func checkPushdownOptions(_ estimator: EstimatorSpec, notes: [Diagnostic.Note]) {
    let method = estimator.method.value
    /// `message` receives the option as written, with "(the default)" when it was not.
    func refuse(_ key: String, _ message: (String) -> String) {
      let entry = estimator.params[key]
      let range = entry.flatMap { $0.origin.isDefault ? nil : $0.origin.range } ?? estimator.method.origin.range
      let value = entry.map { "\($0.value)" } ?? ""
      sink.error(
        message("'\(key): \(value)'" + (entry?.origin.isDefault == true ? " (the default)" : "")), at: range,
        notes: notes)
    }
    switch method {
    case .generalizedLinearModel:
      let options = estimator.options(as: GeneralizedLinearModelOptions.self)
      let logistic = "under compute: database generalized_linear_model is a logistic regression"
      if options.family != .binomial {
        refuse("family") { "\(logistic): \($0) is not pushed down (only 'binomial')" }
      }
      if options.family == .binomial, options.link != .logit {
        refuse("link") { "\(logistic): \($0) is not pushed down (only 'logit')" }
      }
      if options.standardErrors != .delta {
        refuse("se") { "\(logistic) with delta-method standard errors: \($0) is not pushed down" }
      }
    case .propensityScoreStratification:
      let options = estimator.options(as: PropensityScoreStratificationOptions.self)
      if options.standardErrors != .stratified {
        refuse("se") {
          "\($0) is not pushed down to the database: under compute: database propensity_score_stratification needs `se: stratified` (its bootstrap refits the propensity model on resamples)"
        }
      }
    default:
      break
    }
    if method != .linearRegression, estimator.common.cluster != nil {
      refuse("cluster") {
        "\($0) is not pushed down to the database for \(method.rawValue): under compute: database only linear_regression has cluster-robust standard errors"
      }
    }
  }

  /// Under `compute: database` a model's extra terms are products of powers
  /// of numeric variables other than the treatment (the expressions the
  /// database evaluates, ``DesignExpression``); anything else is refused at
  /// the term.
  func checkPushdownTerms(
    _ estimator: EstimatorSpec, treatment: String?, data: DataSpec, notes: [Diagnostic.Note]
  ) {
    for key in ["terms", "outcome_terms", "propensity_terms"] {
      guard let entry = estimator.params.entry(key), let texts = entry.value.value.stringList else { continue }
      for (index, text) in texts.enumerated() {
        guard case .success(let terms) = ModelTerm.parse(text) else { continue }
        for term in terms {
          for factor in term.factors {
            let problem: String?
            switch factor {
            case .variable(let v), .power(let v, _):
              problem =
                v == treatment
                ? "involves the treatment (under compute: database the treatment enters linearly and alone)"
                : data.declaredType(of: v) == .categorical
                  ? "has the categorical variable '\(v)' (under compute: database terms take numeric variables)" : nil
            default:
              problem = "uses '\(factor)' (under compute: database terms are products of powers of numeric variables)"
            }
            if let problem {
              sink.error(
                "the term '\(term)' of '\(key)' \(problem)", at: entry.origin(ofItem: index).range, notes: notes)
            }
          }
        }
      }
    }
  }
}
