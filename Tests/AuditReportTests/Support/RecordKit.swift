import StudyModel
import TestSupport

/// Helpers for writing run records by hand in tests.
///
/// The engine that fills records is written separately; these helpers keep
/// hand-made records consistent (the gate is derived from the checks, as the
/// engine derives it) and their simulated values repeatable on every platform
/// (only integer arithmetic and IEEE addition and multiplication, no libm).
enum RecordKit {
  /// `count` draws of an approximately normal variable: the Irwin-Hall sum of
  /// 12 uniforms minus 6, scaled; rounded to `decimals` decimals.
  static func normals(_ count: Int, mean: Double, sd: Double, seed: UInt64, decimals: Int = 2) -> [Double] {
    var generator = SplitMix64(seed: seed)
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    return (0..<count).map { _ in
      var sum = 0.0
      for _ in 0..<12 { sum += Double(generator.next() >> 11) * 0x1p-53 }
      return ((mean + sd * (sum - 6)) * scale).rounded() / scale
    }
  }

  /// A one-point location on `line` of the study file.
  static func at(_ file: String, _ line: Int, _ column: Int = 7) -> SourceRange {
    SourceRange(file: file, line: line, column: column)
  }

  /// The gate's verdict on a set of checks, as the engine computes it: failures
  /// (verdict failed or error) with severity error first, one sentence each.
  static func gate(_ estimates: [EstimateRecord], _ studyChecks: [CheckRecord], _ expectations: [CheckRecord])
    -> GateRecord
  {
    let all = estimates.flatMap(\.refutations) + studyChecks + expectations
    let failing = all.filter { $0.verdict == .failed || $0.verdict == .error }
    let ordered = failing.filter { $0.severity == .error } + failing.filter { $0.severity == .warn }
    let failures = ordered.map {
      GateFailure(
        check: $0.check, estimator: $0.estimator, severity: $0.severity, verdict: $0.verdict, detail: $0.detail,
        location: $0.location)
    }
    let failed = all.filter(failsGate).count
    return GateRecord(
      verdict: failed > 0 || estimates.contains { $0.status == .error } ? .failed : .passed, failures: failures,
      passedCount: all.filter { $0.verdict == .passed }.count, failedCount: failed,
      warnedCount: all.filter { $0.severity == .warn && ($0.verdict == .failed || $0.verdict == .error) }.count,
      notApplicableCount: all.filter { $0.verdict == .notApplicable }.count)
  }

  /// The estimate with its verdict set from its refutations.
  static func judged(_ estimate: EstimateRecord) -> EstimateRecord {
    var copy = estimate
    copy.verdict = estimate.refutations.contains(where: failsGate) ? .failed : .passed
    return copy
  }

  /// Whether a check fails the gate: failed (or errored) with severity error.
  static func failsGate(_ check: CheckRecord) -> Bool {
    check.severity == .error && (check.verdict == .failed || check.verdict == .error)
  }

  /// A resolved setting.
  static func setting(_ key: String, _ value: String, default isDefault: Bool = false) -> ResolvedSetting {
    ResolvedSetting(key: key, value: value, isDefault: isDefault)
  }

  /// Graph nodes from `name: roles` pairs; names in `latent` are latent.
  static func nodes(_ pairs: [(String, [String])], latent: Set<String> = []) -> [GraphRecord.Node] {
    pairs.map { pair in
      GraphRecord.Node(
        name: pair.0, latent: latent.contains(pair.0),
        roles: pair.1.map { role in
          guard let known = VariableRole(rawValue: role) else { preconditionFailure("no role '\(role)'") }
          return known
        })
    }
  }

  /// Directed edges from `a -> b` texts and bidirected ones from `a <-> b`.
  static func edges(_ texts: [String]) -> [GraphRecord.Edge] {
    texts.map { text in
      if text.contains("<->") {
        let parts = text.split(separator: " ").map(String.init)
        return GraphRecord.Edge(from: parts[0], to: parts[2], kind: .bidirected)
      }
      let parts = text.split(separator: " ").map(String.init)
      return GraphRecord.Edge(from: parts[0], to: parts[2], kind: .directed)
    }
  }
}
