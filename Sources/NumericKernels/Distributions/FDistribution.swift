/// Snedecor's F distribution with `d₁, d₂ > 0` degrees of freedom.
///
/// - `cdf(x) = I_z(d₁/2, d₂/2)` with `z = d₁x/(d₁x + d₂)`; the complement
///   `1 − z = d₂/(d₁x + d₂)` is formed directly, and `survival` is the upper
///   part of the same incomplete-beta evaluation, so neither tail loses digits.
/// - `density(x) = z^{d₁/2} (1−z)^{d₂/2} / (B(d₁/2, d₂/2) · x)`.
/// - `quantile(p)`: Newton on `log cdf` (or `log survival` for `p > ½`) in
///   `log x` (`QuantileSolver`), starting from the median-ish value 1 scaled
///   by a normal approximation of `log F`.
///
/// Edge cases: `x ≤ 0` gives cdf 0; `quantile(0) = 0`, `quantile(1) = ∞`.
public struct FDistribution: Sendable, Hashable {
  /// d₁.
  public let numerator: Double
  /// d₂.
  public let denominator: Double

  /// F(d₁ = `numerator`, d₂ = `denominator`), both > 0.
  public init(numerator: Double, denominator: Double) {
    self.numerator = numerator
    self.denominator = denominator
  }

  func parts(_ x: Double) -> (lower: Double, upper: Double) {
    let d1 = numerator
    let d2 = denominator
    if x <= 0 { return (0, 1) }
    if x.isInfinite { return (1, 0) }
    let d1x = d1 * x
    let total = d1x + d2
    let z = d1x / total
    let y = d2 / total
    return SpecialFunctions.incompleteBeta(a: d1 / 2, b: d2 / 2, x: z, y: y, yIsExact: y < z)
  }

  /// `P(F ≤ x)`.
  public func cdf(_ x: Double) -> Double {
    guard numerator > 0, denominator > 0, !x.isNaN else { return .nan }
    return parts(x).lower
  }

  /// `P(F > x)`.
  public func survival(_ x: Double) -> Double {
    guard numerator > 0, denominator > 0, !x.isNaN else { return .nan }
    return parts(x).upper
  }

  /// The density.
  public func density(_ x: Double) -> Double {
    guard numerator > 0, denominator > 0 else { return .nan }
    if x <= 0 { return 0 }
    let a = numerator / 2
    let b = denominator / 2
    let d1x = numerator * x
    let total = d1x + denominator
    let z = d1x / total
    let y = denominator / total
    let u = -(y * (a + b) - b)
    let logLead = SpecialFunctions.logBetaPrefactor(a: a, b: b, x: z, y: y, u: y < z ? u : z * (a + b) - a)
    return LibM.exp(logLead) / x
  }

  /// The `p`-quantile.
  public func quantile(_ p: Double) -> Double {
    guard numerator > 0, denominator > 0, p >= 0, p <= 1 else { return .nan }
    if p == 0 { return 0 }
    if p == 1 { return .infinity }
    // Start: log F is roughly normal with variance 2/d₁ + 2/d₂.
    let sd = (2 / numerator + 2 / denominator).squareRoot()
    let start = Normal.quantile(p) * sd
    let upper = p > 0.5
    let target = upper ? LibM.log(1 - p) : LibM.log(p)
    let s = QuantileSolver.solve(target: target, start: start, increasing: !upper) { s in
      let x = LibM.exp(s)
      let f = density(x) * x
      let (lower, up) = parts(x)
      if upper { return (LibM.log(up), -f / up) }
      return (LibM.log(lower), f / lower)
    }
    return LibM.exp(s)
  }
}
