/// The link `g` of a generalized linear model, `g(μ) = η = xᵀβ + offset`.
///
/// | link | `g(μ)` | `μ = g⁻¹(η)` | `dμ/dη` |
/// |---|---|---|---|
/// | `logit` | `log(μ/(1−μ))` | `1/(1 + e^{−η})` | `μ(1 − μ)` |
/// | `probit` | `Φ⁻¹(μ)` | `Φ(η)` | `φ(η)` |
/// | `log` | `log μ` | `e^η` | `μ` |
/// | `identity` | `μ` | `η` | 1 |
///
/// For the binary links `1 − μ` is computed directly (`1/(1 + e^η)`,
/// `Φ(−η)`), never as `1 − μ`. The linear predictor is clamped to
/// `|η| ≤ 700` (logit; `e^{±700}` is finite) and `|η| ≤ 37.5` (probit; the
/// last point where Φ is a normal double) so that weights stay finite;
/// clamping only happens under separation or a wild step, which the step
/// halving and the separation check then deal with.
public enum GLMLink: Sendable, Hashable {
  case logit
  case probit
  case log
  case identity

  /// `g(μ)`.
  func link(_ mu: Double) -> Double {
    switch self {
    case .logit: LibM.log(mu / (1 - mu))
    case .probit: Normal.quantile(mu)
    case .log: LibM.log(mu)
    case .identity: mu
    }
  }

  /// `(μ, 1 − μ, dμ/dη)` at `η`.
  @inline(__always)
  public func inverse(_ eta: Double) -> (mean: Double, complement: Double, derivative: Double) {
    switch self {
    case .logit:
      // One exponential: with t = e^{−|η|} ≤ 1, the larger of μ and 1 − μ
      // is 1/(1 + t) and the smaller t/(1 + t), neither of which overflows.
      let e = min(max(eta, -700), 700)
      let t = LibM.exp(-abs(e))
      let large = 1 / (1 + t)
      let small = t * large
      let (mu, complement) = e >= 0 ? (large, small) : (small, large)
      return (mu, complement, mu * complement)
    case .probit:
      let e = min(max(eta, -37.5), 37.5)
      return (Normal.cdf(e), Normal.cdf(-e), Normal.density(e))
    case .log:
      let mu = LibM.exp(min(eta, 700))
      return (mu, 1 - mu, mu)
    case .identity:
      return (eta, 1 - eta, 1)
    }
  }
}
