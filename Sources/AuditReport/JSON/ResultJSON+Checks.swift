import StudyModel

// Checks: CheckRecord and its payloads.

extension CheckRecord: ResultJSONCodable {
  var resultJSON: JSONNode {
    .object([
      "check": .string(check),
      "estimator": .string(estimator),
      "verdict": .string(verdict.rawValue),
      "severity": .string(severity.rawValue),
      "summary": .string(summary),
      "rule": .string(rule),
      "detail": .string(detail),
      "statistic": .double(statistic),
      "statistic_name": .string(statisticName),
      "threshold": .double(threshold),
      "reference": .double(reference),
      "p_value": .double(pValue),
      "values": values.resultJSON,
      "simulated": .doubles(simulated),
      "sensitivity": sensitivity.resultJSON,
      "tests": tests.resultJSON,
      "grid": grid.resultJSON,
      "location": location.resultJSON,
      "seconds": .double(seconds),
    ])
  }

  static func decode(_ r: JSONObjectReader) throws(ResultJSONError) -> CheckRecord {
    CheckRecord(
      check: try r.string("check"), estimator: try r.optionalString("estimator"), verdict: try r.word("verdict"),
      severity: try r.word("severity"), summary: try r.string("summary"), rule: try r.string("rule"),
      detail: try r.string("detail"), statistic: try r.optionalDouble("statistic"),
      statisticName: try r.optionalString("statistic_name"), threshold: try r.optionalDouble("threshold"),
      reference: try r.optionalDouble("reference"), pValue: try r.optionalDouble("p_value"),
      values: try r.values("values"), simulated: try r.doubles("simulated"),
      sensitivity: try r.optionalValue("sensitivity"), tests: try r.values("tests"), grid: try r.values("grid"),
      location: try r.optionalValue("location"), seconds: try r.optionalDouble("seconds"))
  }
}

extension NamedValue: ResultJSONCodable {
  var resultJSON: JSONNode { .object(["name": .string(name), "value": .double(value)]) }

  static func decode(_ r: JSONObjectReader) throws(ResultJSONError) -> NamedValue {
    NamedValue(try r.string("name"), try r.optionalDouble("value"))
  }
}

extension SensitivityRecord: ResultJSONCodable {
  var resultJSON: JSONNode {
    .object([
      "partial_r2_treatment_outcome": .double(partialR2TreatmentOutcome),
      "robustness_value": .double(robustnessValue),
      "robustness_value_alpha": .double(robustnessValueAlpha),
      "q": .double(q),
      "alpha": .double(alpha),
      "degrees_of_freedom": .integer(degreesOfFreedom),
      "benchmarks": benchmarks.resultJSON,
      "contour": .object([
        "treatment_r2": .doubles(contour.treatmentR2),
        "outcome_r2": .doubles(contour.outcomeR2),
        "values": .array(contour.values.map { JSONNode.doubles($0) }),
      ]),
    ])
  }

  static func decode(_ r: JSONObjectReader) throws(ResultJSONError) -> SensitivityRecord {
    let c = try JSONObjectReader(try r.required("contour"), path: r.path + "/contour")
    var values: [[Double]] = []
    for (node, at) in try c.items("values") {
      guard case .array(let row) = node else { throw ResultJSONError(path: at, message: "expected an array") }
      var numbers: [Double] = []
      for (i, cell) in row.enumerated() {
        numbers.append(cell == .null ? .nan : try JSONObjectReader.double(cell, at: at + "/" + String(i)))
      }
      values.append(numbers)
    }
    return SensitivityRecord(
      partialR2TreatmentOutcome: try r.double("partial_r2_treatment_outcome"),
      robustnessValue: try r.double("robustness_value"), robustnessValueAlpha: try r.double("robustness_value_alpha"),
      q: try r.double("q"), alpha: try r.double("alpha"), degreesOfFreedom: try r.int("degrees_of_freedom"),
      benchmarks: try r.values("benchmarks"),
      contour: SensitivityContour(treatmentR2: try c.doubles("treatment_r2"), outcomeR2: try c.doubles("outcome_r2"), values: values))
  }
}

extension SensitivityBenchmark: ResultJSONCodable {
  var resultJSON: JSONNode {
    .object([
      "covariate": .string(covariate),
      "multiplier": .double(multiplier),
      "partial_r2_treatment": .double(partialR2Treatment),
      "partial_r2_outcome": .double(partialR2Outcome),
      "adjusted_estimate": .double(adjustedEstimate),
      "adjusted_std_error": .double(adjustedStandardError),
      "adjusted_lower": .double(adjustedLower),
      "adjusted_upper": .double(adjustedUpper),
    ])
  }

  static func decode(_ r: JSONObjectReader) throws(ResultJSONError) -> SensitivityBenchmark {
    SensitivityBenchmark(
      covariate: try r.string("covariate"), multiplier: try r.double("multiplier"),
      partialR2Treatment: try r.double("partial_r2_treatment"), partialR2Outcome: try r.double("partial_r2_outcome"),
      adjustedEstimate: try r.double("adjusted_estimate"), adjustedStandardError: try r.double("adjusted_std_error"),
      adjustedLower: try r.double("adjusted_lower"), adjustedUpper: try r.double("adjusted_upper"))
  }
}

extension IndependenceTestRecord: ResultJSONCodable {
  var resultJSON: JSONNode {
    .object([
      "statement": statement.resultJSON,
      "test": .string(test.rawValue),
      "statistic": .double(statistic),
      "degrees_of_freedom": .double(degreesOfFreedom),
      "p_value": .double(pValue),
      "adjusted_p_value": .double(adjustedPValue),
      "rejected": .bool(rejected),
    ])
  }

  static func decode(_ r: JSONObjectReader) throws(ResultJSONError) -> IndependenceTestRecord {
    IndependenceTestRecord(
      statement: try r.value("statement"), test: try r.word("test"), statistic: try r.optionalDouble("statistic"),
      degreesOfFreedom: try r.optionalDouble("degrees_of_freedom"), pValue: try r.optionalDouble("p_value"),
      adjustedPValue: try r.optionalDouble("adjusted_p_value"), rejected: try r.bool("rejected"))
  }
}

extension GridPoint: ResultJSONCodable {
  var resultJSON: JSONNode {
    .object([
      "treatment_strength": .double(treatmentStrength),
      "outcome_strength": .double(outcomeStrength),
      "estimate": .double(estimate),
    ])
  }

  static func decode(_ r: JSONObjectReader) throws(ResultJSONError) -> GridPoint {
    GridPoint(
      treatmentStrength: try r.double("treatment_strength"), outcomeStrength: try r.double("outcome_strength"),
      estimate: try r.optionalDouble("estimate"))
  }
}
