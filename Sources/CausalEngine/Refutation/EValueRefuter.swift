import Foundation
import NumericKernels
import StudyModel

/// `e_value`: the E-values of VanderWeele & Ding (2017) for the estimate and
/// the confidence limit nearer the null.
///
/// For a risk ratio RR ≥ 1, `E = RR + √(RR(RR − 1))` (for RR < 1 use 1/RR).
/// For the interval, the limit nearer 1 is used; an interval containing 1
/// gives E = 1. Conversions to a risk ratio (`conversion: auto` picks by
/// outcome and scale):
/// - continuous outcome (`standardized_difference`): `d = estimate/sd(Y)`,
///   `RR ≈ exp(0.91 d)`, interval `exp(0.91 d ± 1.78 se/sd(Y))`
///   (VanderWeele & Ding 2017, from Chinn 2000);
/// - odds ratio (GLM `scale: odds_ratio`): `RR ≈ OR` for a rare outcome
///   (prevalence < 15%), else `√OR`;
/// - risk ratio (GLM `scale: ratio`): used as is;
/// - a risk difference on a 0/1 outcome: `RR = (p₀ + RD)/p₀` with p₀ the
///   control arm's outcome mean, interval from the RD limits likewise.
/// Fails when the E-value of the confidence limit is below `min`.
struct EValueRefuter: Refuter {
  static let kind = CheckKind.eValue

  func refute(_ context: RefutationContext) -> CheckRecord {
    let problem = context.problem
    let options = context.check.options(as: EValueOptions.self)
    let minimum = options.minimum
    let rule = "fails when the E-value of the confidence limit nearer the null < \(short(minimum))"
    let estimate = context.original.value
    guard let interval = context.original.confidenceInterval, let se = context.original.standardError else {
      return record(context, verdict: .notApplicable, rule: rule, detail: "the estimate has no confidence interval")
    }
    let y = problem.data.values(problem.outcome)
    let binaryOutcome = problem.data.isBinary(problem.outcome)
    let scale = (problem.options as? GeneralizedLinearModelOptions)?.scale ?? .difference
    let conversion: Conversion
    switch options.conversion {
    case .riskRatio: conversion = .riskRatio
    case .oddsRatio: conversion = .oddsRatio
    case .standardizedDifference: conversion = .standardizedDifference
    case .auto:
      switch (scale, binaryOutcome) {
      case (.oddsRatio, _): conversion = .oddsRatio
      case (.ratio, _): conversion = .riskRatio
      case (_, true): conversion = .riskDifference
      default: conversion = .standardizedDifference
      }
    }
    let rr: Double
    var limits: [Double]
    switch conversion {
    case .riskRatio:
      rr = estimate
      limits = interval
    case .oddsRatio:
      let prevalence = y.reduce(0, +) / Double(y.count)
      let rare = prevalence < 0.15
      rr = rare ? estimate : estimate.squareRoot()
      limits = rare ? interval : interval.map { $0.squareRoot() }
    case .riskDifference:
      let t = problem.data.values(problem.treatment)
      let controls = t.indices.filter { t[$0] == problem.controlValue }
      let p0 = controls.reduce(0.0) { $0 + y[$1] } / Double(controls.count)
      guard p0 > 0 else {
        return record(
          context, verdict: .notApplicable, rule: rule, detail: "the control arm's outcome mean is 0: no risk ratio")
      }
      rr = (p0 + estimate) / p0
      limits = interval.map { (p0 + $0) / p0 }
    case .standardizedDifference:
      let mean = y.reduce(0, +) / Double(y.count)
      let sdY = (y.reduce(0.0) { $0 + ($1 - mean) * ($1 - mean) } / Double(y.count - 1)).squareRoot()
      (rr, limits) = Self.riskRatio(standardizedDifference: estimate / sdY, standardError: se / sdY)
    }
    guard rr > 0, limits.allSatisfy({ $0 > 0 }) else {
      return record(
        context, verdict: .notApplicable, rule: rule,
        detail: "the risk ratio is not positive after conversion (\(conversion.rawValue))")
    }
    let (ePoint, eLimit) = Self.eValues(riskRatio: rr, interval: limits)
    let fails = eLimit < minimum
    var r = record(
      context, verdict: fails ? .failed : .passed, rule: rule,
      detail:
        "E-value \(short(ePoint)) for the estimate and \(short(eLimit)) for the confidence limit (\(conversion.rawValue.replacingOccurrences(of: "_", with: " ")) converted to a risk ratio \(short(rr))): an unmeasured confounder would need risk ratios of \(short(eLimit)) with both treatment and outcome to explain the interval away"
    )
    r.statistic = eLimit
    r.statisticName = "E-value (confidence limit)"
    r.threshold = minimum
    r.values = [
      NamedValue("E-value (estimate)", ePoint),
      NamedValue("E-value (confidence limit)", eLimit),
      NamedValue("risk ratio", rr),
      NamedValue("risk ratio lower", limits[0]),
      NamedValue("risk ratio upper", limits[1]),
    ]
    return r
  }

  /// How the estimate was turned into a risk ratio (`auto` resolved).
  enum Conversion: String {
    case riskRatio = "risk_ratio"
    case oddsRatio = "odds_ratio"
    case riskDifference = "risk_difference"
    case standardizedDifference = "standardized_difference"
  }

  /// The risk ratio and its interval for a standardised mean difference
  /// (VanderWeele & Ding 2017): `exp(0.91 d)`, `exp(0.91 d ∓ 1.78 se_d)`.
  static func riskRatio(standardizedDifference d: Double, standardError seD: Double) -> (Double, [Double]) {
    (Foundation.exp(0.91 * d), [Foundation.exp(0.91 * d - 1.78 * seD), Foundation.exp(0.91 * d + 1.78 * seD)])
  }

  /// The E-values of a risk ratio and of its interval's limit nearer 1
  /// (1 when the interval contains 1).
  static func eValues(riskRatio rr: Double, interval limits: [Double]) -> (point: Double, limit: Double) {
    let point = eValue(rr)
    if limits[0] <= 1 && limits[1] >= 1 { return (point, 1) }
    return (point, eValue(rr >= 1 ? limits[0] : limits[1]))
  }

  /// `RR + √(RR(RR − 1))` for RR ≥ 1, on 1/RR below 1.
  static func eValue(_ rr: Double) -> Double {
    let r = rr >= 1 ? rr : 1 / rr
    return r + (r * (r - 1)).squareRoot()
  }
}
