import StudyModel

/// The gate: whether a run passes, from its checks and expectations.
///
/// A run fails when any check or expectation of severity `error` failed or
/// could not be computed (`--warn-error` treats `warn` as `error`). Checks
/// that do not apply never fail the gate; they are counted and reported.
/// Failures are listed worst first: severity error before warn, then in
/// study order.
public enum Gate {
  public static func fails(_ record: CheckRecord, warningsAsErrors: Bool) -> Bool {
    let severe = record.severity == .error || warningsAsErrors
    return severe && (record.verdict == .failed || record.verdict == .error)
  }

  public static func evaluate(
    estimates: [EstimateRecord], studyChecks: [CheckRecord], expectations: [CheckRecord], warningsAsErrors: Bool
  ) -> GateRecord {
    let all = estimates.flatMap(\.refutations) + studyChecks + expectations
    var failures: [GateFailure] = []
    var passed = 0
    var failed = 0
    var warned = 0
    var notApplicable = 0
    for record in all {
      switch record.verdict {
      case .passed: passed += 1
      case .notApplicable: notApplicable += 1
      case .failed, .error:
        if fails(record, warningsAsErrors: warningsAsErrors) { failed += 1 } else { warned += 1 }
        failures.append(
          GateFailure(
            check: record.check, estimator: record.estimator,
            severity: fails(record, warningsAsErrors: warningsAsErrors) ? .error : .warn, verdict: record.verdict,
            detail: record.detail, location: record.location))
      }
    }
    failures = failures.enumerated().sorted { a, b in
      (a.element.severity == .error ? 0 : 1, a.offset) < (b.element.severity == .error ? 0 : 1, b.offset)
    }.map(\.element)
    return GateRecord(
      verdict: failed > 0 ? .failed : .passed, failures: failures, passedCount: passed, failedCount: failed,
      warnedCount: warned, notApplicableCount: notApplicable)
  }
}
