/// The chi-square distribution with `k > 0` (real) degrees of freedom.
///
/// - `cdf(x) = P(k/2, x/2)`, `survival(x) = Q(k/2, x/2)` (regularized
///   incomplete gamma; each tail computed directly).
/// - `density(x) = (x/2)^{k/2} e^{−x/2} / (x Γ(k/2))`.
/// - `quantile(p)`: Newton on `log cdf` (or `log survival` for `p > ½`) in
///   `log x`, from the Wilson–Hilferty (1931) start.
///
/// Edge cases: `x ≤ 0` gives cdf 0; `quantile(0) = 0`, `quantile(1) = ∞`.
public struct ChiSquared: Sendable, Hashable {
  /// k.
  public let degreesOfFreedom: Double

  /// The chi-square distribution with `degreesOfFreedom` (k > 0, may be fractional).
  public init(degreesOfFreedom: Double) { self.degreesOfFreedom = degreesOfFreedom }

  /// `P(X ≤ x)`.
  public func cdf(_ x: Double) -> Double {
    guard degreesOfFreedom > 0 else { return .nan }
    return SpecialFunctions.regularizedLowerGamma(a: degreesOfFreedom / 2, x: max(0, x) / 2)
  }

  /// `P(X > x)`.
  public func survival(_ x: Double) -> Double {
    guard degreesOfFreedom > 0 else { return .nan }
    return SpecialFunctions.regularizedUpperGamma(a: degreesOfFreedom / 2, x: max(0, x) / 2)
  }

  /// The density.
  public func density(_ x: Double) -> Double {
    guard degreesOfFreedom > 0 else { return .nan }
    if x <= 0 { return 0 }
    return LibM.exp(SpecialFunctions.logGammaPrefactor(a: degreesOfFreedom / 2, x: x / 2)) / x
  }

  /// The `p`-quantile.
  public func quantile(_ p: Double) -> Double {
    let k = degreesOfFreedom
    guard k > 0, p >= 0, p <= 1 else { return .nan }
    if p == 0 { return 0 }
    if p == 1 { return .infinity }
    let a = k / 2
    // Start: Wilson–Hilferty, or the small-x limit P ≈ (x/2)^a / Γ(a+1).
    let z = Normal.quantile(p)
    let c = 2 / (9 * k)
    var guess = k * LibM.pow(1 - c + z * c.squareRoot(), 3)
    let small = 2 * LibM.exp((LibM.log(p) + SpecialFunctions.logGamma(a + 1)) / a)
    if !(guess > 0) || small < guess * 0.5 { guess = small }
    let upper = p > 0.5
    let target = upper ? LibM.log(1 - p) : LibM.log(p)
    let s = QuantileSolver.solve(target: target, start: LibM.log(guess), increasing: !upper) { s in
      let x = LibM.exp(s)
      let f = density(x) * x
      if upper {
        let q = survival(x)
        return (LibM.log(q), -f / q)
      }
      let pr = cdf(x)
      return (LibM.log(pr), f / pr)
    }
    return LibM.exp(s)
  }
}
