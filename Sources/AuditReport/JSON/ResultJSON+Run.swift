import StudyModel

// The run as a whole: RunRecord, StudyRecord, errors, warnings, the gate, source ranges.

extension RunRecord: ResultJSONCodable {
  var resultJSON: JSONNode {
    .object([
      "schema_version": .integer(schemaVersion),
      "study": study.resultJSON,
      "status": .string(status.rawValue),
      "error": error.resultJSON,
      "data": data.resultJSON,
      "identification": identification.resultJSON,
      "estimates": estimates.resultJSON,
      "study_checks": studyChecks.resultJSON,
      "expectations": expectations.resultJSON,
      "gate": gate.resultJSON,
      "warnings": warnings.resultJSON,
      "provenance": provenance.resultJSON,
    ])
  }

  static func decode(_ r: JSONObjectReader) throws(ResultJSONError) -> RunRecord {
    RunRecord(
      schemaVersion: try r.int("schema_version"), study: try r.value("study"), status: try r.word("status"),
      error: try r.optionalValue("error"), data: try r.optionalValue("data"),
      identification: try r.optionalValue("identification"), estimates: try r.values("estimates"),
      studyChecks: try r.values("study_checks"), expectations: try r.values("expectations"), gate: try r.value("gate"),
      warnings: try r.values("warnings"), provenance: try r.value("provenance"))
  }
}

extension StudyRecord: ResultJSONCodable {
  var resultJSON: JSONNode {
    .object([
      "name": .string(name),
      "title": .string(title),
      "description": .string(description),
      "file": .string(file),
      "treatment": .string(treatment),
      "outcome": .string(outcome),
      "effect": .string(effect.rawValue),
      "treatment_value": .double(treatmentValue),
      "control_value": .double(controlValue),
      "effect_modifiers": .strings(effectModifiers),
      "question": .string(question),
    ])
  }

  static func decode(_ r: JSONObjectReader) throws(ResultJSONError) -> StudyRecord {
    StudyRecord(
      name: try r.string("name"), title: try r.string("title"), description: try r.optionalString("description"),
      file: try r.string("file"), treatment: try r.string("treatment"), outcome: try r.string("outcome"),
      effect: try r.word("effect"), treatmentValue: try r.double("treatment_value"),
      controlValue: try r.double("control_value"), effectModifiers: try r.strings("effect_modifiers"),
      question: try r.string("question"))
  }
}

extension RunError: ResultJSONCodable {
  var resultJSON: JSONNode {
    .object([
      "kind": .string(kind.rawValue),
      "message": .string(message),
      "location": location.resultJSON,
      "notes": .strings(notes),
    ])
  }

  static func decode(_ r: JSONObjectReader) throws(ResultJSONError) -> RunError {
    RunError(
      kind: try r.word("kind"), message: try r.string("message"), location: try r.optionalValue("location"),
      notes: try r.strings("notes"))
  }
}

extension RunWarning: ResultJSONCodable {
  var resultJSON: JSONNode {
    .object([
      "message": .string(message),
      "subject": .string(subject),
      "location": location.resultJSON,
    ])
  }

  static func decode(_ r: JSONObjectReader) throws(ResultJSONError) -> RunWarning {
    RunWarning(try r.string("message"), subject: try r.optionalString("subject"), location: try r.optionalValue("location"))
  }
}

extension SourceRange: ResultJSONCodable {
  var resultJSON: JSONNode {
    .object([
      "file": .string(file),
      "start": .object(["line": .integer(start.line), "column": .integer(start.column)]),
      "end": .object(["line": .integer(end.line), "column": .integer(end.column)]),
    ])
  }

  static func decode(_ r: JSONObjectReader) throws(ResultJSONError) -> SourceRange {
    let start = try JSONObjectReader(try r.required("start"), path: r.path + "/start")
    let end = try JSONObjectReader(try r.required("end"), path: r.path + "/end")
    let from = SourcePosition(line: try start.int("line"), column: try start.int("column"))
    let to = SourcePosition(line: try end.int("line"), column: try end.int("column"))
    guard from <= to else { throw r.fail("end", "a range must not end before it starts") }
    return SourceRange(file: try r.string("file"), start: from, end: to)
  }
}

extension GateRecord: ResultJSONCodable {
  var resultJSON: JSONNode {
    .object([
      "verdict": .string(verdict.rawValue),
      "failures": failures.resultJSON,
      "passed_count": .integer(passedCount),
      "failed_count": .integer(failedCount),
      "warned_count": .integer(warnedCount),
      "not_applicable_count": .integer(notApplicableCount),
    ])
  }

  static func decode(_ r: JSONObjectReader) throws(ResultJSONError) -> GateRecord {
    GateRecord(
      verdict: try r.word("verdict"), failures: try r.values("failures"), passedCount: try r.int("passed_count"),
      failedCount: try r.int("failed_count"), warnedCount: try r.int("warned_count"),
      notApplicableCount: try r.int("not_applicable_count"))
  }
}

extension GateFailure: ResultJSONCodable {
  var resultJSON: JSONNode {
    .object([
      "check": .string(check),
      "estimator": .string(estimator),
      "severity": .string(severity.rawValue),
      "sentence": .string(sentence),
      "location": location.resultJSON,
    ])
  }

  static func decode(_ r: JSONObjectReader) throws(ResultJSONError) -> GateFailure {
    GateFailure(
      check: try r.string("check"), estimator: try r.optionalString("estimator"), severity: try r.word("severity"),
      sentence: try r.string("sentence"), location: try r.optionalValue("location"))
  }
}
