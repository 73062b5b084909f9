/// The response distribution of a generalized linear model.
///
/// | family | variance `V(μ)` | unit deviance `d(y, μ)` | dispersion |
/// |---|---|---|---|
/// | `binomial` | `μ(1 − μ)` | `2[y log(y/μ) + (1−y) log((1−y)/(1−μ))]` | 1 |
/// | `poisson` | `μ` | `2[y log(y/μ) − (y − μ)]` | 1 |
/// | `gaussian` | 1 | `(y − μ)²` | estimated: `Σwᵢ(yᵢ−μᵢ)²/(n − r)` |
///
/// `y log(y/μ)` is 0 at `y = 0`. Binomial responses are proportions in
/// [0, 1] (0/1 for Bernoulli data); with prior weights `mᵢ` they are
/// proportions of `mᵢ` trials, as in R's `glm`.
public enum GLMFamily: Sendable, Hashable {
  case binomial
  case poisson
  case gaussian

  /// The canonical link: logit, log, identity.
  public var canonicalLink: GLMLink {
    switch self {
    case .binomial: .logit
    case .poisson: .log
    case .gaussian: .identity
    }
  }

  /// `V(μ)`; for the binomial pass `1 − μ` separately to keep its digits.
  @inline(__always)
  func variance(mean: Double, complement: Double) -> Double {
    switch self {
    case .binomial: mean * complement
    case .poisson: mean
    case .gaussian: 1
    }
  }

  /// The unit deviance `d(y, μ)`.
  @inline(__always)
  func unitDeviance(_ y: Double, mean: Double, complement: Double) -> Double {
    switch self {
    case .binomial:
      var d = 0.0
      if y > 0 { d += y * LibM.log(y / mean) }
      if y < 1 { d += (1 - y) * LibM.log((1 - y) / complement) }
      return 2 * d
    case .poisson:
      let t = y > 0 ? y * LibM.log(y / mean) : 0
      return 2 * (t - (y - mean))
    case .gaussian:
      return (y - mean) * (y - mean)
    }
  }

  /// The log-likelihood contribution of one observation with unit dispersion
  /// (binomial: Bernoulli/proportion form `y log μ + (1−y) log(1−μ)`;
  /// Poisson: `y log μ − μ − log y!`). Gaussian is handled by the caller.
  @inline(__always)
  func logLikelihood(_ y: Double, mean: Double, complement: Double) -> Double {
    switch self {
    case .binomial:
      var l = 0.0
      if y > 0 { l += y * LibM.log(mean) }
      if y < 1 { l += (1 - y) * LibM.log(complement) }
      return l
    case .poisson:
      return (y > 0 ? y * LibM.log(mean) : 0) - mean - SpecialFunctions.logGamma(y + 1)
    case .gaussian:
      return 0
    }
  }

  /// The starting mean (R's `mustart`): binomial `(m y + ½)/(m + 1)`,
  /// Poisson `y + 0.1`, Gaussian `y`.
  func initialMean(_ y: Double, weight: Double) -> Double {
    switch self {
    case .binomial: (weight * y + 0.5) / (weight + 1)
    case .poisson: y + 0.1
    case .gaussian: y
    }
  }
}
