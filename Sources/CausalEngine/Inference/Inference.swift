import Foundation
import NumericKernels

/// A standard error turned into a confidence interval and a two-sided p-value.
///
/// Wald inference: `estimate ± q × se`, with `q` the normal quantile, or the
/// Student t quantile on `degreesOfFreedom` when given (OLS-based estimators,
/// as statsmodels and R report them). The p-value tests "effect = 0" (or,
/// for ratios, "log ratio = 0" on the scale the interval was built on).
public struct Inference: Sendable, Hashable {
  public var standardError: Double?
  public var interval: [Double]?
  public var pValue: Double?

  public init(standardError: Double?, interval: [Double]?, pValue: Double?) {
    self.standardError = standardError
    self.interval = interval
    self.pValue = pValue
  }

  /// Wald inference for `estimate` with standard error `se` at `level`.
  ///
  /// An undefined or non-positive-definite SE (NaN, infinite) gives no
  /// interval and no p-value rather than a misleading one. An SE of exactly
  /// zero gives a degenerate interval and p = 0 (or 1 when the estimate is 0).
  public static func wald(estimate: Double, standardError se: Double, level: Double, degreesOfFreedom: Double? = nil)
    -> Inference
  {
    guard se.isFinite, se >= 0, estimate.isFinite else {
      return Inference(standardError: nil, interval: nil, pValue: nil)
    }
    let q: Double
    let p: Double
    let z = se > 0 ? abs(estimate) / se : (estimate == 0 ? 0 : .infinity)
    if let df = degreesOfFreedom, df > 0, df.isFinite {
      let t = StudentT(degreesOfFreedom: df)
      q = t.quantile(0.5 + level / 2)
      p = z.isInfinite ? 0 : min(1, 2 * t.survival(z))
    } else {
      q = Normal.quantile(0.5 + level / 2)
      p = z.isInfinite ? 0 : min(1, 2 * Normal.survival(z))
    }
    return Inference(standardError: se, interval: [estimate - q * se, estimate + q * se], pValue: p)
  }

  /// Wald inference on the log scale for a ratio: the interval is
  /// `exp(log r ± q × se_log)`; the p-value tests `log r = 0`; the reported
  /// standard error is that of the ratio by the delta method (`r × se_log`).
  public static func ratio(_ ratio: Double, logStandardError seLog: Double, level: Double) -> Inference {
    guard ratio > 0, ratio.isFinite, seLog.isFinite, seLog >= 0 else {
      return Inference(standardError: nil, interval: nil, pValue: nil)
    }
    let logInference = wald(estimate: ratio.logValue, standardError: seLog, level: level)
    return Inference(
      standardError: ratio * seLog,
      interval: logInference.interval.map { [$0[0].expValue, $0[1].expValue] },
      pValue: logInference.pValue)
  }
}

extension Double {
  var logValue: Double { Foundation.log(self) }
  var expValue: Double { Foundation.exp(self) }
}
