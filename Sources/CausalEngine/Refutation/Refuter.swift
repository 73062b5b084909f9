import StudyModel

/// A check applied to one estimate.
public protocol Refuter: Sendable {
  static var kind: CheckKind { get }
  func refute(_ context: RefutationContext) -> CheckRecord
}

extension Refuter {
  /// A record with the check's identity filled in and the given verdict.
  func record(
    _ context: RefutationContext, verdict: Verdict, rule: String, detail: String
  ) -> CheckRecord {
    CheckRecord(
      check: .check(Self.kind), estimator: context.problem.estimatorName, verdict: verdict,
      severity: context.check.severity, summary: Self.kind.descriptor.summary, rule: rule, detail: detail,
      location: context.check.origin.range)
  }

  /// The record of a check whose simulations mostly failed.
  func failedSimulations(_ context: RefutationContext, rule: String, failures: Int, messages: [String]) -> CheckRecord {
    record(
      context, verdict: .error, rule: rule,
      detail: "\(failures) of \(context.simulations) re-estimates failed"
        + (messages.isEmpty ? "" : ": " + messages.joined(separator: "; ")))
  }
}
