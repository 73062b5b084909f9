/// Inverts a continuous distribution function on a log scale.
///
/// Problem: find `s` with `h(s) = target`, where `h` is monotone and smooth
/// and both `h` and `h'` are supplied. The distributions use
/// `s = log x` (or `log(−x)`) and `h = log F` (or `log S`), which turns the
/// power-law and exponential tails into nearly linear functions, so Newton's
/// method converges from a rough start.
///
/// Method: a bracket `[lo, hi]` is grown geometrically from the start until
/// it contains the root; then Newton steps are taken and any step that leaves
/// the bracket is replaced by bisection. Stops when a step is below
/// `2⁻⁵⁰·max(1, |s|)` (so `x = eˢ` is within a few ulps; the distribution
/// function's own error, at most ~1e-14 here, then dominates) or after 200
/// iterations.
enum QuantileSolver {
  static func solve(
    target: Double, start: Double, increasing: Bool, _ h: (Double) -> (value: Double, slope: Double)
  ) -> Double {
    var s = start
    var (value, slope) = h(s)
    func below(_ v: Double) -> Bool { increasing ? v < target : v > target }
    // Bracket: lo has h on the "below" side, hi on the other.
    var lo = -Double.infinity
    var hi = Double.infinity
    if below(value) { lo = s } else { hi = s }
    var step = 1.0
    while lo == -.infinity || hi == .infinity {
      let candidate = lo == -.infinity ? hi - step : lo + step
      let (v, _) = h(candidate)
      if v.isNaN { break }
      if below(v) { lo = candidate } else { hi = candidate }
      step *= 2
      if step > 4096 { break }
    }
    if lo == -.infinity || hi == .infinity { return s }
    s = value.isFinite && s > lo && s < hi ? s : 0.5 * (lo + hi)
    (value, slope) = h(s)
    for _ in 0..<200 {
      if value == target { return s }
      if below(value) { lo = max(lo, s) } else { hi = min(hi, s) }
      var next = s - (value - target) / slope
      if !(next > lo && next < hi) || !next.isFinite { next = 0.5 * (lo + hi) }
      let delta = abs(next - s)
      s = next
      if delta <= 0x1p-50 * max(1, abs(s)) || hi - lo <= 0x1p-52 * max(1, abs(s)) { break }
      (value, slope) = h(s)
    }
    return s
  }
}
