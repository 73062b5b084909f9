import NumericKernels
import StudyModel

/// `estimator_agreement`: the estimators must agree.
///
/// Fails when their confidence intervals share no point
/// (`max lower > min upper`), or, with `max_relative_spread`, when
/// `(max − min)/|median|` of the estimates exceeds it. Estimators without
/// an interval, or that failed, are listed and left out.
enum EstimatorAgreementCheck {
  static func run(_ check: CheckSpec, estimates: [EstimateRecord]) -> CheckRecord {
    let names = check.estimatorNames ?? estimates.map(\.name)
    let maximumSpread = check.options(as: EstimatorAgreementOptions.self).maxRelativeSpread
    let rule =
      "fails when the confidence intervals share no point"
      + (maximumSpread.map { " or when (max - min)/|median| > \(short($0))" } ?? "")
    let chosen = estimates.filter { names.contains($0.name) }
    let usable = chosen.filter { $0.value != nil && $0.confidenceInterval != nil }
    let left = chosen.filter { $0.value == nil || $0.confidenceInterval == nil }.map(\.name)
    func record(_ verdict: Verdict, _ detail: String) -> CheckRecord {
      CheckRecord(
        check: .check(.estimatorAgreement), estimator: nil, verdict: verdict, severity: check.severity,
        summary: CheckKind.estimatorAgreement.descriptor.summary, rule: rule, detail: detail,
        location: check.origin.range)
    }
    guard usable.count >= 2 else {
      return record(
        .notApplicable,
        "fewer than two estimates with intervals to compare"
          + (left.isEmpty ? "" : " (without: \(left.joined(separator: ", ")))"))
    }
    let lower = usable.map { $0.confidenceInterval![0] }.max()!
    let upper = usable.map { $0.confidenceInterval![1] }.min()!
    let values = usable.map { $0.value! }
    let median = SimulationTest.median(values)
    let spread = (values.max()! - values.min()!) / abs(median)
    let disjoint = lower > upper
    let tooWide = maximumSpread.map { spread > $0 } ?? false
    var detail =
      disjoint
      ? "the intervals share no point: the largest lower limit \(short(lower)) exceeds the smallest upper limit \(short(upper))"
      : "every interval contains [\(short(lower)), \(short(upper))]"
    detail += "; relative spread \(short(spread))"
    if !left.isEmpty { detail += "; left out (no interval): \(left.joined(separator: ", "))" }
    var r = record(disjoint || tooWide ? .failed : .passed, detail)
    r.statistic = spread.finiteOrNil
    r.statisticName = "relative spread"
    r.threshold = maximumSpread
    r.values = [NamedValue("largest lower limit", lower), NamedValue("smallest upper limit", upper)]
    r.simulated = values
    return r
  }
}

/// The study's `expectations`, gated like checks.
enum ExpectationCheck {
  static func run(_ expectation: ExpectationSpec, estimates: [EstimateRecord]) -> [CheckRecord] {
    let targets =
      expectation.estimator.value == "all"
      ? estimates : estimates.filter { $0.name == expectation.estimator.value }
    return targets.map { estimate in
      var rules: [String] = []
      var failures: [String] = []
      let ci = estimate.confidenceInterval
      if let sign = expectation.sign?.value {
        switch sign {
        case .positive:
          rules.append("the interval lies above 0")
          if !(ci.map { $0[0] > 0 } ?? false) { failures.append("the interval does not lie above 0") }
        case .negative:
          rules.append("the interval lies below 0")
          if !(ci.map { $0[1] < 0 } ?? false) { failures.append("the interval does not lie below 0") }
        case .zero:
          rules.append("the interval contains 0")
          if !(ci.map { $0[0] <= 0 && $0[1] >= 0 } ?? false) { failures.append("the interval excludes 0") }
        }
      }
      if let significant = expectation.significant?.value {
        let excludes = ci.map { $0[0] > 0 || $0[1] < 0 } ?? false
        rules.append(significant ? "the interval excludes 0" : "the interval contains 0")
        if excludes != significant {
          failures.append(significant ? "the estimate is not significant" : "the estimate is significant")
        }
      }
      if let between = expectation.between?.value {
        rules.append("the estimate lies in [\(short(between[0])), \(short(between[1]))]")
        if !(estimate.value.map { $0 >= between[0] && $0 <= between[1] } ?? false) {
          failures.append(
            "the estimate \(estimate.value.map(short) ?? "(none)") lies outside [\(short(between[0])), \(short(between[1]))]"
          )
        }
      }
      let verdict: Verdict = estimate.status == .error ? .error : (failures.isEmpty ? .passed : .failed)
      let interval = ci.map { "[\(short($0[0])), \(short($0[1]))]" } ?? "(none)"
      let detail =
        estimate.status == .error
        ? "the estimator failed: \(estimate.failure ?? "")"
        : (failures.isEmpty ? "as expected" : failures.joined(separator: "; "))
          + " (estimate \(estimate.value.map(short) ?? "(none)"), interval \(interval))"
      return CheckRecord(
        check: .expectation, estimator: estimate.name, verdict: verdict, severity: expectation.severity.value,
        summary: "The study expects: " + rules.joined(separator: ", ") + ".",
        rule: "fails unless " + rules.joined(separator: " and "), detail: detail,
        statistic: estimate.value, statisticName: "estimate", location: expectation.origin.range)
    }
  }
}
