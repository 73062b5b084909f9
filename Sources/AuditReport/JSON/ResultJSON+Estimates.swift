import StudyModel

// Estimates: EstimateRecord and the values it holds.

extension EstimateRecord: ResultJSONCodable {
  var resultJSON: JSONNode {
    .object([
      "name": .string(name),
      "method": .string(method.rawValue),
      "effect": .string(effect.rawValue),
      "treatment_value": .double(treatmentValue),
      "control_value": .double(controlValue),
      "strategy": .string(strategy),
      "adjustment_set": .strings(adjustmentSet),
      "instruments": .strings(instruments),
      "mediators": .strings(mediators),
      "status": .string(status.rawValue),
      "failure": .string(failure),
      "value": .double(value),
      "std_error": .double(standardError),
      "ci": .doubles(confidenceInterval),
      "confidence_level": .double(confidenceLevel),
      "p_value": .double(pValue),
      "uncertainty": uncertainty.resultJSON,
      "n": .integer(n),
      "n_treated": .integer(nTreated),
      "n_control": .integer(nControl),
      "models": models.resultJSON,
      "diagnostics": diagnostics.resultJSON,
      "warnings": .strings(warnings),
      "conditional_effects": conditionalEffects.resultJSON,
      "balance": balance.resultJSON,
      "propensity_histogram": propensityHistogram.resultJSON,
      "components": components.resultJSON,
      "refutations": refutations.resultJSON,
      "verdict": .string(verdict.rawValue),
      "location": location.resultJSON,
    ])
  }

  static func decode(_ r: JSONObjectReader) throws(ResultJSONError) -> EstimateRecord {
    EstimateRecord(
      name: try r.string("name"), method: try r.word("method"), effect: try r.word("effect"),
      treatmentValue: try r.double("treatment_value"), controlValue: try r.double("control_value"),
      strategy: try r.string("strategy"), adjustmentSet: try r.strings("adjustment_set"),
      instruments: try r.strings("instruments"), mediators: try r.strings("mediators"), status: try r.word("status"),
      failure: try r.optionalString("failure"), value: try r.optionalDouble("value"),
      standardError: try r.optionalDouble("std_error"), confidenceInterval: try r.optionalDoubles("ci"),
      confidenceLevel: try r.double("confidence_level"), pValue: try r.optionalDouble("p_value"),
      uncertainty: try r.optionalValue("uncertainty"), n: try r.int("n"), nTreated: try r.optionalInt("n_treated"),
      nControl: try r.optionalInt("n_control"), models: try r.values("models"), diagnostics: try r.values("diagnostics"),
      warnings: try r.strings("warnings"), conditionalEffects: try r.values("conditional_effects"),
      balance: try r.values("balance"), propensityHistogram: try r.optionalValue("propensity_histogram"),
      components: try r.values("components"), refutations: try r.values("refutations"), verdict: try r.word("verdict"),
      location: try r.optionalValue("location"))
  }
}

extension UncertaintyRecord: ResultJSONCodable {
  var resultJSON: JSONNode {
    .object([
      "kind": .string(kind),
      "method": .string(method),
      "replicates": .integer(replicates),
      "interval": .string(interval),
      "seed": .integer(seed),
    ])
  }

  static func decode(_ r: JSONObjectReader) throws(ResultJSONError) -> UncertaintyRecord {
    UncertaintyRecord(
      kind: try r.string("kind"), method: try r.string("method"), replicates: try r.optionalInt("replicates"),
      interval: try r.optionalString("interval"), seed: try r.optionalUInt64("seed"))
  }
}

extension ModelRecord: ResultJSONCodable {
  var resultJSON: JSONNode {
    .object([
      "role": .string(role),
      "kind": .string(kind),
      "columns": .strings(columns),
      "coefficients": .optionalDoubles(coefficients),
      "std_errors": .optionalDoubles(standardErrors),
      "reference_levels": .strings(referenceLevels),
    ])
  }

  static func decode(_ r: JSONObjectReader) throws(ResultJSONError) -> ModelRecord {
    ModelRecord(
      role: try r.string("role"), kind: try r.string("kind"), columns: try r.strings("columns"),
      coefficients: try r.doublesOrNull("coefficients"), standardErrors: try r.doublesOrNull("std_errors"),
      referenceLevels: try r.strings("reference_levels"))
  }
}

extension DiagnosticValue: ResultJSONCodable {
  var resultJSON: JSONNode {
    .object(["name": .string(name), "value": .double(value), "text": .string(text), "flagged": .bool(flagged)])
  }

  static func decode(_ r: JSONObjectReader) throws(ResultJSONError) -> DiagnosticValue {
    DiagnosticValue(
      try r.string("name"), value: try r.optionalDouble("value"), text: try r.optionalString("text"),
      flagged: try r.bool("flagged"))
  }
}

extension ConditionalEffect: ResultJSONCodable {
  var resultJSON: JSONNode {
    .object([
      "modifier": .string(modifier),
      "level": .string(level),
      "n": .integer(n),
      "value": .double(value),
      "std_error": .double(standardError),
      "ci": .doubles(confidenceInterval),
    ])
  }

  static func decode(_ r: JSONObjectReader) throws(ResultJSONError) -> ConditionalEffect {
    ConditionalEffect(
      modifier: try r.string("modifier"), level: try r.string("level"), n: try r.int("n"),
      value: try r.optionalDouble("value"), standardError: try r.optionalDouble("std_error"),
      confidenceInterval: try r.optionalDoubles("ci"))
  }
}

extension BalanceRow: ResultJSONCodable {
  var resultJSON: JSONNode {
    .object(["covariate": .string(covariate), "before": .double(before), "after": .double(after)])
  }

  static func decode(_ r: JSONObjectReader) throws(ResultJSONError) -> BalanceRow {
    BalanceRow(covariate: try r.string("covariate"), before: try r.optionalDouble("before"), after: try r.optionalDouble("after"))
  }
}

extension Histogram: ResultJSONCodable {
  var resultJSON: JSONNode {
    .object([
      "edges": .doubles(edges),
      "treated": .array(treated.map { JSONNode.integer($0) }),
      "control": .array(control.map { JSONNode.integer($0) }),
    ])
  }

  static func decode(_ r: JSONObjectReader) throws(ResultJSONError) -> Histogram {
    Histogram(edges: try r.doubles("edges"), treated: try r.ints("treated"), control: try r.ints("control"))
  }
}

extension EffectComponent: ResultJSONCodable {
  var resultJSON: JSONNode {
    .object([
      "name": .string(name),
      "value": .double(value),
      "std_error": .double(standardError),
      "ci": .doubles(confidenceInterval),
    ])
  }

  static func decode(_ r: JSONObjectReader) throws(ResultJSONError) -> EffectComponent {
    EffectComponent(
      name: try r.string("name"), value: try r.optionalDouble("value"), standardError: try r.optionalDouble("std_error"),
      confidenceInterval: try r.optionalDoubles("ci"))
  }
}
