/// The noncentral chi-square distribution with `k > 0` (real) degrees of
/// freedom and noncentrality `λ ≥ 0`.
///
/// - `cdf(x) = Σⱼ e^{−λ/2} (λ/2)ʲ/j! · P(χ²_{k+2j} ≤ x)`, the Poisson mixture
///   of central chi-squares, summed outwards from the Poisson mode until the
///   remaining Poisson mass is below 1e-17 (so the sum is good to about
///   1e-15 absolute).
/// - `quantile(p)`: Newton's method on the cdf with its density (the same
///   mixture of central densities), inside a bisection bracket grown from
///   `k + λ`, until a step is below 1e-15 relative.
///
/// Used for the critical values of Montiel Olea & Pflueger's effective F.
public struct NoncentralChiSquared: Sendable, Hashable {
  public let degreesOfFreedom: Double
  public let noncentrality: Double

  public init(degreesOfFreedom: Double, noncentrality: Double) {
    self.degreesOfFreedom = degreesOfFreedom
    self.noncentrality = noncentrality
  }

  /// `P(X ≤ x)`.
  public func cdf(_ x: Double) -> Double { mixture(x).cdf }

  /// The density.
  public func density(_ x: Double) -> Double { mixture(x).density }

  /// The Poisson mixture's cdf and density at x.
  private func mixture(_ x: Double) -> (cdf: Double, density: Double) {
    let k = degreesOfFreedom
    let half = noncentrality / 2
    guard k > 0, half >= 0 else { return (.nan, .nan) }
    if x <= 0 { return (0, 0) }
    if half == 0 {
      let central = ChiSquared(degreesOfFreedom: k)
      return (central.cdf(x), central.density(x))
    }
    let mode = Int(half.rounded(.down))
    func weight(_ j: Int) -> Double {
      LibM.exp(-half + Double(j) * LibM.log(half) - SpecialFunctions.logGamma(Double(j) + 1))
    }
    var total = 0.0
    var density = 0.0
    var mass = 0.0
    func add(_ j: Int) -> Double {
      let w = weight(j)
      let central = ChiSquared(degreesOfFreedom: k + 2 * Double(j))
      total += w * central.cdf(x)
      density += w * central.density(x)
      mass += w
      return w
    }
    var j = mode
    while j >= 0 {
      if add(j) < 1e-17, j < mode { break }
      j -= 1
    }
    j = mode + 1
    while 1 - mass > 1e-17 {
      if add(j) < 1e-17 { break }
      j += 1
    }
    return (min(1, total), density)
  }

  /// The `p`-quantile: Newton steps on the cdf, kept inside a bisection bracket.
  public func quantile(_ p: Double) -> Double {
    guard degreesOfFreedom > 0, noncentrality >= 0, p >= 0, p <= 1 else { return .nan }
    if p == 0 { return 0 }
    if p == 1 { return .infinity }
    var lo = 0.0
    var hi = degreesOfFreedom + noncentrality
    while cdf(hi) < p { hi *= 2 }
    // Start from the normal approximation (mean k + λ, variance 2(k + 2λ)).
    let mean = degreesOfFreedom + noncentrality
    let sd = (2 * (degreesOfFreedom + 2 * noncentrality)).squareRoot()
    var x = min(max(mean + sd * Normal.quantile(p), 0.5 * hi), hi)
    if !(x > lo && x < hi) { x = 0.5 * (lo + hi) }
    for _ in 0..<200 {
      let (value, slope) = mixture(x)
      if value < p { lo = x } else { hi = x }
      var next = x - (value - p) / slope
      if !(next > lo && next < hi) || !next.isFinite { next = 0.5 * (lo + hi) }
      let step = abs(next - x)
      x = next
      if step <= 1e-15 * x || hi - lo <= 1e-15 * hi { break }
    }
    return x
  }
}
