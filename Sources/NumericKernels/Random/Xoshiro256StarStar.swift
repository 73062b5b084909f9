/// The xoshiro256** pseudo-random generator (Blackman & Vigna 2021,
/// "Scrambled linear pseudorandom number generators", ACM TOMS 47(4)).
///
/// 256 bits of state, period 2²⁵⁶ − 1, passes BigCrush and PractRand; the
/// `**` scrambler (`rotl(s₁·5, 7)·9`) makes all 64 output bits usable.
/// Seeding from one `UInt64` runs SplitMix64 (Steele, Lea & Flood 2014)
/// four times, as the authors recommend, so that similar seeds give
/// unrelated states and the state is never all zero.
///
/// Streams for simulations: `stream(seed:label:index:)` derives the state
/// of simulation `index` of the check named `label` from the study seed with
/// a stable hash, so every simulation gets its own generator regardless of
/// thread count or order of execution.
///
/// Determinism: outputs depend only on the seed (no global state, no
/// `Hasher`, no platform RNG); they are identical on every platform.
public struct Xoshiro256StarStar: RandomNumberGenerator, Sendable, Hashable {
  @usableFromInline var s0: UInt64
  @usableFromInline var s1: UInt64
  @usableFromInline var s2: UInt64
  @usableFromInline var s3: UInt64

  /// A generator seeded through SplitMix64 from `seed`.
  public init(seed: UInt64) {
    var x = seed
    s0 = SplitMix.next(&x)
    s1 = SplitMix.next(&x)
    s2 = SplitMix.next(&x)
    s3 = SplitMix.next(&x)
  }

  /// A generator with an explicit state (for reference vectors).
  /// - Precondition: the state is not all zero.
  public init(state: (UInt64, UInt64, UInt64, UInt64)) {
    precondition(state != (0, 0, 0, 0), "Xoshiro256StarStar: the all-zero state is a fixed point")
    (s0, s1, s2, s3) = state
  }

  /// The next 64 random bits.
  @inlinable
  public mutating func next() -> UInt64 {
    let result = rotateLeft(s1 &* 5, 7) &* 9
    let t = s1 << 17
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = rotateLeft(s3, 45)
    return result
  }

  /// A uniform double in [0, 1): the top 53 bits times 2⁻⁵³ (every value a multiple of 2⁻⁵³).
  @inlinable
  public mutating func nextUniform() -> Double {
    Double(next() >> 11) * 0x1p-53
  }

  /// A standard normal draw by the ziggurat method (`Sampling.normal`);
  /// always inlined (see `Ziggurat.normal`).
  @inlinable @inline(__always)
  public mutating func nextNormal() -> Double {
    Ziggurat.normal(using: &self)
  }

  /// The generator of simulation `index` of the check `label` under the study `seed`.
  ///
  /// State derivation (stable across releases; changing it changes every
  /// published result): `h = FNV-1a-64(UTF-8 bytes of label)`;
  /// `k = mix(mix(mix(seed) ⊕ h) ⊕ index)`, with `mix` the SplitMix64
  /// finaliser applied after adding the golden-ratio increment; the stream
  /// is then `Xoshiro256StarStar(seed: k)`. Distinct inputs give distinct
  /// 64-bit keys except with probability about 2⁻⁶⁴ per pair.
  public static func stream(seed: UInt64, label: String, index: Int) -> Xoshiro256StarStar {
    let h = fnv1a64(label)
    var k = SplitMix.mix(seed)
    k = SplitMix.mix(k ^ h)
    k = SplitMix.mix(k ^ UInt64(bitPattern: Int64(index)))
    return Xoshiro256StarStar(seed: k)
  }

  /// FNV-1a, 64-bit (Fowler, Noll & Vo; offset basis 14695981039346656037, prime 1099511628211).
  public static func fnv1a64(_ text: String) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text.utf8 {
      hash ^= UInt64(byte)
      hash = hash &* 0x0000_0100_0000_01b3
    }
    return hash
  }

  /// Equal states (the generators will produce the same sequence).
  public static func == (a: Self, b: Self) -> Bool {
    a.s0 == b.s0 && a.s1 == b.s1 && a.s2 == b.s2 && a.s3 == b.s3
  }

  /// Hashes the state.
  public func hash(into hasher: inout Hasher) {
    hasher.combine(s0)
    hasher.combine(s1)
    hasher.combine(s2)
    hasher.combine(s3)
  }
}

@inlinable @inline(__always)
func rotateLeft(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

/// SplitMix64 (Steele, Lea & Flood 2014), used to seed and to mix keys.
enum SplitMix {
  static func next(_ state: inout UInt64) -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    return finalise(state)
  }

  /// One SplitMix64 step from `x`: add the increment, then finalise.
  static func mix(_ x: UInt64) -> UInt64 { finalise(x &+ 0x9E37_79B9_7F4A_7C15) }

  static func finalise(_ value: UInt64) -> UInt64 {
    var z = value
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
