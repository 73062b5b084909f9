import Foundation
import NumericKernels
import StudyModel

/// `weak_instrument`: are the instruments strong enough for 2SLS? The
/// effective first-stage F of Montiel Olea & Pflueger (2013), robust to
/// heteroskedasticity, against its 5% critical value for a tolerated bias τ
/// (``InstrumentDiagnostics``).
///
/// Rule: fails when `F_eff` is below the critical value (the generalized one
/// by default; with one instrument both equal the χ²′ critical value, 23.1
/// for τ = 10%): the 2SLS bias may then exceed τ of the worst-case benchmark,
/// and the 2SLS interval cannot be trusted; the Anderson–Rubin set, reported
/// with the estimate, stays valid.
struct WeakInstrumentRefuter: Refuter {
  static let kind = CheckKind.weakInstrument

  func refute(_ context: RefutationContext) -> CheckRecord {
    let options = context.check.options(as: WeakInstrumentOptions.self)
    let rule =
      "fails when the effective F (Montiel Olea & Pflueger 2013, HC1) < its \(options.test.rawValue) critical value for τ = \(short(options.tau)) at the 5% level"
    guard let record = context.original.instrumental, let effectiveF = record.effectiveF else {
      return self.record(context, verdict: .error, rule: rule, detail: "the estimate has no first-stage diagnostics")
    }
    guard let critical = Self.criticalValue(record, tau: options.tau, generalized: options.test == .generalized)
    else {
      return self.record(context, verdict: .error, rule: rule, detail: "the critical value could not be computed")
    }
    let fails = effectiveF < critical
    var r = self.record(
      context, verdict: fails ? .failed : .passed, rule: rule,
      detail: fails
        ? "the instruments are weak: effective F = \(short(effectiveF)) < \(short(critical)); 2SLS may be biased by more than \(short(options.tau * 100))% of the benchmark, so rely on the Anderson–Rubin set"
        : "effective F = \(short(effectiveF)) ≥ \(short(critical)): the 2SLS bias is within \(short(options.tau * 100))% of the benchmark"
    )
    r.statistic = effectiveF
    r.statisticName = "effective F"
    r.threshold = critical
    r.values = [
      NamedValue("first-stage F", record.firstStageF), NamedValue("first-stage F (robust)", record.firstStageRobustF),
      NamedValue("Nagar bias bound B", record.nagarBiasBound),
    ]
    return r
  }

  /// The stored critical value at τ (validation allows only the four τ the record holds).
  static func criticalValue(_ record: InstrumentalVariableRecord, tau: Double, generalized: Bool) -> Double? {
    if let stored = record.criticalValues.first(where: { abs($0.tau - tau) < 1e-12 }) {
      return generalized ? stored.generalized : stored.simplified
    }
    return nil
  }
}
