/// Standard normal variates by the ziggurat method (Marsaglia & Tsang 2000,
/// "The ziggurat method for generating random variables", J. Stat. Softw. 5(8)).
///
/// 256 layers of equal area `v = 0.00492867323399` under `f(x) = e^{−x²/2}`,
/// the base layer ending at `r = 3.6541528853610088` with the tail beyond
/// it. Table: `x₀ = v/f(r)`, `x₁ = r`, `xᵢ₊₁ = √(−2 log(v/xᵢ + f(xᵢ)))`,
/// `x₂₅₆ = 0`.
///
/// Each draw takes one 64-bit word: its low 8 bits choose the layer, bit 8
/// the sign and the top 53 bits the uniform `U` (independent bits, which
/// avoids the layer/value correlation Doornik (2005) found in the original
/// 32-bit version). `|z| = U·xᵢ` is accepted at once when `U·xᵢ < xᵢ₊₁`
/// (about 99% of draws). Otherwise the base layer samples the tail with
/// Marsaglia's exponential rejection (`x = −log U₁/r`, accept when
/// `−2 log U₂ > x²`, return `r + x`), and the other layers test the wedge
/// `f(z) > f(xᵢ₊₁) + U₂ (f(xᵢ) − f(xᵢ₊₁))`; rejected draws start over.
/// The method is exact: its output has the normal distribution up to the
/// 53-bit granularity of `U`.
public enum Ziggurat {
  static let r = 3.654_152_885_361_008_8
  static let v = 0.004_928_673_233_99

  /// `x[0...256]`, `f[i] = e^{−xᵢ²/2}`, and `ratio[i] = xᵢ₊₁/xᵢ` (the fast acceptance bound for `U`).
  @usableFromInline
  static let tables: (x: [Double], f: [Double], ratio: [Double]) = {
    var x = [Double](repeating: 0, count: 257)
    x[1] = r
    x[0] = v / LibM.exp(-0.5 * r * r)
    for i in 1..<255 {
      x[i + 1] = (-2 * LibM.log(v / x[i] + LibM.exp(-0.5 * x[i] * x[i]))).squareRoot()
    }
    x[256] = 0
    let f = x.map { LibM.exp(-0.5 * $0 * $0) }
    let ratio = (0..<256).map { x[$0 + 1] / x[$0] }
    return (x, f, ratio)
  }()

  /// The same tables in one raw allocation (`x` at 0, `ratio` at 257), made
  /// once and never freed, so the per-draw fast path reads them without
  /// reference counting.
  @usableFromInline
  nonisolated(unsafe) static let raw: UnsafeMutablePointer<Double> = {
    let p = UnsafeMutablePointer<Double>.allocate(capacity: 257 + 256)
    for i in 0..<257 { p[i] = tables.x[i] }
    for i in 0..<256 { p[257 + i] = tables.ratio[i] }
    return p
  }()

  /// One standard normal draw.
  ///
  /// Always inlined: a caller's loop of draws then keeps the table address
  /// out of the loop (one lazy-global check instead of one per draw) and
  /// the generator's state in registers; only the rare slow path is a call.
  @inlinable @inline(__always)
  public static func normal<G: RandomNumberGenerator>(using generator: inout G) -> Double {
    while true {
      let bits = generator.next()
      let layer = Int(bits & 0xFF)
      let u = Double(bits >> 11) * 0x1p-53
      let negative = bits & 0x100 != 0
      if let z = accept(layer: layer, u: u) {
        return negative ? -z : z
      }
      if let z = slowPath(layer: layer, u: u, using: &generator) {
        return negative ? -z : z
      }
    }
  }

  /// The fast test: `U·xᵢ` when `U < xᵢ₊₁/xᵢ`.
  @inlinable @inline(__always)
  static func accept(layer: Int, u: Double) -> Double? {
    let table = raw
    return u < table[257 + layer] ? u * table[layer] : nil
  }

  /// The tail (layer 0) or the wedge test (other layers); `nil` means start over.
  @usableFromInline
  static func slowPath<G: RandomNumberGenerator>(layer: Int, u: Double, using generator: inout G) -> Double? {
    if layer == 0 {
      while true {
        let u1 = Double((generator.next() >> 11) + 1) * 0x1p-53  // (0, 1]
        let u2 = Double((generator.next() >> 11) + 1) * 0x1p-53
        let x = -LibM.log(u1) / r
        let y = -LibM.log(u2)
        if 2 * y > x * x { return r + x }
      }
    }
    let x = tables.x
    let f = tables.f
    let z = u * x[layer]
    let u2 = Double(generator.next() >> 11) * 0x1p-53
    if f[layer + 1] + u2 * (f[layer] - f[layer + 1]) < LibM.exp(-0.5 * z * z) { return z }
    return nil
  }
}
