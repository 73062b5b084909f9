extension Study {
  /// Every value of the study as resolved, in format order, defaults marked:
  /// the provenance block of a run record.
  public var resolvedSettings: [ResolvedSetting] {
    var out: [ResolvedSetting] = []
    func add<T>(_ key: String, _ value: Located<T>, _ text: String? = nil) {
      out.append(ResolvedSetting(key: key, value: text ?? "\(value.value)", isDefault: value.origin.isDefault))
    }
    add("version", version)
    add("name", name)
    add("title", title)
    add("seed", seed)
    if let database = data.database {
      add("data.\(database.sourceKey)", data.path)
      add("data.\(database.relationKey)", database.relation, database.relationText)
      add("data.row_key", database.rowKey)
      add("data.compute", database.compute, database.compute.value.rawValue)
    } else {
      add("data.path", data.path)
      if let key = data.rowKey { add("data.row_key", key) }
    }
    if let sha = data.sha256 { add("data.sha256", sha) }
    add("data.missing", data.missing, data.missing.value.rawValue)
    add(
      "data.missing_values", data.missingValues,
      "[" + data.missingValues.value.map { "\"\($0)\"" }.joined(separator: ", ") + "]")
    if data.database == nil { add("data.delimiter", data.delimiter, data.delimiter.value.rawValue) }
    for c in data.columns { add("data.columns.\(c.name.value)", c.type, c.type.value.rawValue) }
    add("graph.\(graph.format.value.rawValue)", graph.text)
    add("estimand.treatment", estimand.treatment)
    add("estimand.outcome", estimand.outcome)
    add("estimand.effect", estimand.effect, estimand.effect.value.rawValue)
    add("estimand.treatment_value", estimand.treatmentValue, estimand.treatmentValue.value.description)
    add("estimand.control_value", estimand.controlValue, estimand.controlValue.value.description)
    out.append(
      ResolvedSetting(
        key: "estimand.effect_modifiers",
        value: "[" + estimand.effectModifiers.map(\.value).joined(separator: ", ") + "]",
        isDefault: estimand.effectModifiers.isEmpty))
    add("estimand.identification", estimand.identification, estimand.identification.value.rawValue)
    add("estimand.adjustment", estimand.adjustment, estimand.adjustment.value.description)
    for e in estimators {
      add("estimators.\(e.name.value).method", e.method, e.method.value.rawValue)
      for p in e.params.entries { add("estimators.\(e.name.value).\(p.name)", p.value, p.value.value.description) }
    }
    add("refutations.alpha", refutations.alpha, JSONValue.format(refutations.alpha.value))
    add("refutations.simulations", refutations.simulations)
    for (i, c) in refutations.checks.enumerated() {
      let prefix = "refutations.checks[\(i + 1)].\(c.kind.value.rawValue)"
      for p in c.params.entries { add("\(prefix).\(p.name)", p.value, p.value.value.description) }
    }
    for (i, x) in expectations.enumerated() {
      add("expectations[\(i + 1)].estimator", x.estimator)
      if let s = x.sign { add("expectations[\(i + 1)].sign", s, s.value.rawValue) }
      if let s = x.significant { add("expectations[\(i + 1)].significant", s) }
      if let b = x.between {
        add(
          "expectations[\(i + 1)].value.between", b,
          "[\(JSONValue.format(b.value[0])), \(JSONValue.format(b.value[1]))]")
      }
      add("expectations[\(i + 1)].severity", x.severity, x.severity.value.rawValue)
    }
    add("policies.rank_deficiency", policies.rankDeficiency, policies.rankDeficiency.value.rawValue)
    add("policies.separation", policies.separation, policies.separation.value.rawValue)
    add("policies.non_convergence", policies.nonConvergence, policies.nonConvergence.value.rawValue)
    add("policies.positivity", policies.positivity, policies.positivity.value.rawValue)
    add("report.formats", report.formats, "[" + report.formats.value.map(\.rawValue).joined(separator: ", ") + "]")
    add("report.directory", report.directory)
    return out
  }

  /// The causal question in words: "the average effect on re78 of setting
  /// treat from 0 to 1, among all units".
  public var question: String {
    let e = estimand
    let kind: String
    switch e.effect.value {
    case .averageTreatmentEffect: kind = "the average effect"
    case .averageTreatmentEffectOnTreated: kind = "the average effect on the treated"
    case .averageTreatmentEffectOnControls: kind = "the average effect on the controls"
    }
    let setting =
      "on \(e.outcome.value) of setting \(e.treatment.value) from \(e.controlValue.value) to \(e.treatmentValue.value)"
    if let population = discontinuityPopulation { return "the effect \(setting), \(population)" }
    return "\(kind) \(setting), among \(e.effect.value.population)"
  }

  /// The first regression_discontinuity estimator's name and options.
  public var discontinuityEstimator: (name: String, options: RegressionDiscontinuityOptions)? {
    for spec in estimators {
      if let options = spec.options as? RegressionDiscontinuityOptions { return (spec.name.value, options) }
    }
    return nil
  }

  /// "at the cutoff lagdemvoteshare = 0.5 (for compliers, if the design is
  /// fuzzy)" when every estimator is a regression discontinuity at that
  /// cutoff: the units the effect is about.
  public var discontinuityPopulation: String? {
    guard let (_, options) = discontinuityEstimator,
      estimators.allSatisfy({
        ($0.options as? RegressionDiscontinuityOptions).map {
          $0.runningVariable == options.runningVariable && $0.cutoff == options.cutoff
        } ?? false
      })
    else { return nil }
    return
      "at the cutoff \(options.runningVariable) = \(JSONValue.format(options.cutoff)) (for compliers, if the design is fuzzy)"
  }
}
