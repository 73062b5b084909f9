/// Random draws keyed by row: a 32-bit hash of (row key, stream,
/// simulation, draw) that a database evaluates exactly, so that the
/// simulations of a check give the same numbers in memory and as SQL
/// aggregates (docs/data-sources.md, "Hashed randomness").
///
/// Definition, on unsigned integers below 2³² (all arithmetic fits a signed
/// 64-bit integer: every product is of a number below 2³² and a constant
/// below 2³¹, so a database's `bigint` never overflows):
///
///     mix(x) = x ⊕ (x ≫ 16);  x = (x · 0x7feb352d) mod 2³²;
///              x ⊕ (x ≫ 15);  x = (x · 0x5bd1e995) mod 2³²;  x ⊕ (x ≫ 16)
///     row(key, stream) = mix(mix(mix(lo) ⊕ hi) ⊕ stream)
///         lo, hi: the low and high 32 bits of the key's two's complement
///     draw(key, stream, s, d) = mix(row(key, stream) ⊕ (4s + d))
///
/// with `s` the simulation (from 0) and `d` the draw within it (0–3). The
/// multipliers are those of Wellons' `lowbias32` first round and of
/// MurmurHash2 (both below 2³¹). A check's stream is the low 32 bits of
/// SplitMix64's `mix(mix(seed) ⊕ FNV-1a-64(label))`, the label of its
/// xoshiro streams (`checks[3]:bootstrap`).
///
/// A draw `h` becomes:
/// - a uniform `(h + ½) / 2³²` in (0, 1);
/// - a Bernoulli(p) event `h < ⌊p · 2³²⌋`;
/// - a Poisson(1) count: the number of k = 0…12 with `⌊2³² F(k)⌋ ≤ h`,
///   F the Poisson(1) distribution function (exact to 2⁻³²; counts above 13
///   have probability below 10⁻¹⁰ and are cut at 13);
/// - a standard normal by Box–Muller from draws 0 and 1:
///   `√(−2 ln u₀) cos(2π u₁)`.
///
/// Edge cases: the hash is a function of its inputs only; equal keys give
/// equal draws (row keys are unique by validation).
public enum RowHash {
  /// The multipliers of ``mix(_:)`` (both below 2³¹).
  public static let multiplier1: UInt64 = 0x7feb_352d
  public static let multiplier2: UInt64 = 0x5bd1_e995

  /// One mixing round on a value below 2³².
  @inlinable
  public static func mix(_ value: UInt64) -> UInt64 {
    var x = value
    x ^= x >> 16
    x = (x &* 0x7feb_352d) & 0xffff_ffff
    x ^= x >> 15
    x = (x &* 0x5bd1_e995) & 0xffff_ffff
    x ^= x >> 16
    return x
  }

  /// The part of every draw that depends on the row and the stream.
  @inlinable
  public static func row(key: Int64, stream: UInt32) -> UInt64 {
    let bits = UInt64(bitPattern: key)
    let lo = bits & 0xffff_ffff
    let hi = (bits >> 32) & 0xffff_ffff
    return mix(mix(mix(lo) ^ hi) ^ UInt64(stream))
  }

  /// Draw `draw` (0–3) of simulation `simulation` (from 0) for a row part.
  @inlinable
  public static func draw(row: UInt64, simulation: Int, draw: Int = 0) -> UInt64 {
    mix(row ^ (UInt64(simulation) &* 4 &+ UInt64(draw)))
  }

  /// The stream of a check: the low 32 bits of SplitMix64's
  /// `mix(mix(seed) ⊕ FNV-1a-64(label))`.
  public static func stream(seed: UInt64, label: String) -> UInt32 {
    UInt32(truncatingIfNeeded: SplitMix.mix(SplitMix.mix(seed) ^ Xoshiro256StarStar.fnv1a64(label)))
  }

  /// A uniform in (0, 1).
  @inlinable
  public static func uniform(_ h: UInt64) -> Double { (Double(h) + 0.5) * 0x1p-32 }

  /// The threshold of a Bernoulli(p) event `h < threshold`: `⌊p · 2³²⌋`.
  public static func threshold(probability p: Double) -> UInt64 {
    UInt64((min(1, max(0, p)) * 0x1p32).rounded(.down))
  }

  /// `⌊2³² F(k)⌋` for k = 0…12, F the Poisson(1) distribution function,
  /// computed exactly (60-digit decimals in
  /// Tests/NumericKernelsTests/Fixtures/rowhash/row_hash.py; in doubles the
  /// last ones would round up to 2³²).
  public static let poissonThresholds: [UInt64] = [
    1_580_030_168, 3_160_060_337, 3_950_075_421, 4_213_413_783, 4_279_248_373, 4_292_415_291, 4_294_609_777,
    4_294_923_276, 4_294_962_463, 4_294_966_817, 4_294_967_252, 4_294_967_292, 4_294_967_295,
  ]

  /// A Poisson(1) count from a draw.
  @inlinable
  public static func poisson(_ h: UInt64) -> Int {
    var count = 0
    for t in poissonThresholds {
      if h < t { break }
      count += 1
    }
    return count
  }

  /// A standard normal from two draws (Box–Muller).
  public static func normal(_ h0: UInt64, _ h1: UInt64) -> Double {
    (-2 * LibM.log(uniform(h0))).squareRoot() * LibM.cos(2 * Double.pi * uniform(h1))
  }
}
