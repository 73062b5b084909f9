/// Random sampling schemes: permutations, resamples, bootstrap weights, subsets.
///
/// Every function takes its generator explicitly (`inout some
/// RandomNumberGenerator`), consumes a documented number of draws, and is
/// deterministic given the generator's state. Bounded integers use Lemire's
/// multiply-and-reject method (Lemire 2019, "Fast random integer generation
/// in an interval", ACM TOMACS 29(1)), which is exactly uniform; Swift's
/// `Int.random(in:)` is not used because its algorithm is not promised to
/// stay the same across releases.
public enum Sampling {
  /// A uniform integer in `0..<bound` (exactly uniform; `bound > 0`).
  @inlinable
  public static func uniformInt(below bound: Int, using generator: inout some RandomNumberGenerator) -> Int {
    precondition(bound > 0, "Sampling.uniformInt: bound \(bound)")
    let s = UInt64(bound)
    var product = generator.next().multipliedFullWidth(by: s)
    if product.low < s {
      let threshold = (0 &- s) % s
      while product.low < threshold { product = generator.next().multipliedFullWidth(by: s) }
    }
    return Int(product.high)
  }

  /// A uniform double in [0, 1) from the top 53 bits of one draw.
  @inlinable
  public static func uniform(using generator: inout some RandomNumberGenerator) -> Double {
    Double(generator.next() >> 11) * 0x1p-53
  }

  /// A standard normal draw (ziggurat; see `Ziggurat`).
  @inlinable @inline(__always)
  public static func normal(using generator: inout some RandomNumberGenerator) -> Double {
    Ziggurat.normal(using: &generator)
  }

  /// A uniformly random permutation of `0..<n` (Fisher–Yates/Durstenfeld,
  /// from the top: position `i` swaps with a uniform `j ≤ i`; `n − 1` draws).
  @inlinable
  public static func permutation(_ n: Int, using generator: inout some RandomNumberGenerator) -> [Int] {
    var p = Array(0..<n)
    var i = n - 1
    while i > 0 {
      let j = uniformInt(below: i + 1, using: &generator)
      p.swapAt(i, j)
      i -= 1
    }
    return p
  }

  /// `count` indices drawn uniformly with replacement from `0..<population`.
  @inlinable
  public static func resampleIndices(
    count: Int, from population: Int, using generator: inout some RandomNumberGenerator
  ) -> [Int] {
    precondition(population > 0 || count == 0, "Sampling.resampleIndices: empty population")
    var out = [Int](repeating: 0, count: count)
    for k in 0..<count { out[k] = uniformInt(below: population, using: &generator) }
    return out
  }

  /// Bootstrap multiplicities: how often each of `n` units appears in a
  /// resample of size `n` with replacement (multinomial(n; 1/n, …), summing
  /// to `n`). Same draws as `resampleIndices(count: n, from: n)`.
  @inlinable
  public static func bootstrapCounts(_ n: Int, using generator: inout some RandomNumberGenerator) -> [Int32] {
    var counts = [Int32](repeating: 0, count: n)
    for _ in 0..<n { counts[uniformInt(below: n, using: &generator)] += 1 }
    return counts
  }

  /// `bootstrapCounts` in one byte per unit — the same draws, a quarter of
  /// the memory (a million counts stay in a core's L2 cache while the draws
  /// land at random) — or nil when a count would pass 255 (for a resample
  /// of n from n, a Binomial(n, 1/n) count reaches 256 with probability
  /// below 1e-500; callers fall back to `bootstrapCounts`).
  @inlinable
  public static func compactBootstrapCounts(_ n: Int, using generator: inout some RandomNumberGenerator) -> [UInt8]? {
    var counts = [UInt8](repeating: 0, count: n)
    let complete = counts.withUnsafeMutableBufferPointer { c -> Bool in
      for _ in 0..<n {
        let i = uniformInt(below: n, using: &generator)
        if c[i] == UInt8.max { return false }
        c[i] &+= 1
      }
      return true
    }
    return complete ? counts : nil
  }

  /// Poisson(1) weights for the "Poisson bootstrap" (Hanley & MacGibbon
  /// 2006): each unit independently, by inversion of the Poisson(1)
  /// distribution function with one uniform draw per unit.
  public static func poissonOneWeights(_ n: Int, using generator: inout some RandomNumberGenerator) -> [Double] {
    let e = 0.367_879_441_171_442_321_6  // e⁻¹
    var out = [Double](repeating: 0, count: n)
    for i in 0..<n {
      let u = uniform(using: &generator)
      var k = 0
      var term = e
      var cumulative = e
      while u >= cumulative && k < 30 {
        k += 1
        term /= Double(k)
        cumulative += term
      }
      out[i] = Double(k)
    }
    return out
  }

  /// A uniformly random subset of exactly `size` of `n` units, as a mask
  /// (selection sampling, Knuth TAOCP vol. 2, Algorithm 3.4.2S: unit `i` is
  /// taken with probability `needed / (n − i)`; one draw per unit visited).
  @inlinable
  public static func subsetMask(n: Int, size: Int, using generator: inout some RandomNumberGenerator) -> [Bool] {
    precondition(size >= 0 && size <= n, "Sampling.subsetMask: size \(size) of \(n)")
    var mask = [Bool](repeating: false, count: n)
    mask.withUnsafeMutableBufferPointer { m in
      var needed = size
      var i = 0
      // Branch-free: a unit is taken with probability about size/n, a
      // branch on the draw would be mispredicted that often.
      while needed > 0 {
        let taken = uniformInt(below: n - i, using: &generator) < needed
        m[i] = taken
        needed -= taken ? 1 : 0
        i += 1
      }
    }
    return mask
  }

  /// Fills `buffer` with uniforms in [0, 1) (one draw each).
  @inlinable
  public static func fillUniform(_ buffer: inout [Double], using generator: inout some RandomNumberGenerator) {
    buffer.withUnsafeMutableBufferPointer { b in
      for i in 0..<b.count { b[i] = Double(generator.next() >> 11) * 0x1p-53 }
    }
  }

  /// Fills `buffer` with standard normal draws (ziggurat).
  ///
  /// For `Xoshiro256StarStar` the specialised overload keeps the state in
  /// registers and reads the tables through raw pointers; the values are
  /// the same as `buffer.count` calls of `nextNormal()`.
  @inlinable
  public static func fillNormal(_ buffer: inout [Double], using generator: inout some RandomNumberGenerator) {
    buffer.withUnsafeMutableBufferPointer { b in
      for i in 0..<b.count { b[i] = Ziggurat.normal(using: &generator) }
    }
  }

  /// `fillNormal` for xoshiro256**: the state lives in four local registers
  /// and is written back only around the rare slow path (≈1% of draws), the
  /// tables are read through raw pointers. Same values as `nextNormal()`.
  public static func fillNormal(_ buffer: inout [Double], using generator: inout Xoshiro256StarStar) {
    let tables = Ziggurat.tables
    var s0 = generator.s0
    var s1 = generator.s1
    var s2 = generator.s2
    var s3 = generator.s3
    tables.ratio.withUnsafeBufferPointer { ratio in
      tables.x.withUnsafeBufferPointer { x in
        buffer.withUnsafeMutableBufferPointer { b in
          var i = 0
          let n = b.count
          while i < n {
            let bits = rotateLeft(s1 &* 5, 7) &* 9
            let t = s1 << 17
            s2 ^= s0
            s3 ^= s1
            s1 ^= s2
            s0 ^= s3
            s2 ^= t
            s3 = rotateLeft(s3, 45)
            let layer = Int(bits & 0xFF)
            let u = Double(bits >> 11) * 0x1p-53
            let sign: Double = bits & 0x100 != 0 ? -1 : 1
            if u < ratio[layer] {
              b[i] = sign * (u * x[layer])
              i += 1
              continue
            }
            var g = Xoshiro256StarStar(state: (s0, s1, s2, s3))
            let z = Ziggurat.slowPath(layer: layer, u: u, using: &g)
            (s0, s1, s2, s3) = (g.s0, g.s1, g.s2, g.s3)
            if let z {
              b[i] = sign * z
              i += 1
            }
          }
        }
      }
    }
    generator = Xoshiro256StarStar(state: (s0, s1, s2, s3))
  }

  /// `fillUniform` for xoshiro256**, with the state in local registers.
  public static func fillUniform(_ buffer: inout [Double], using generator: inout Xoshiro256StarStar) {
    var s0 = generator.s0
    var s1 = generator.s1
    var s2 = generator.s2
    var s3 = generator.s3
    buffer.withUnsafeMutableBufferPointer { b in
      for i in 0..<b.count {
        let bits = rotateLeft(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotateLeft(s3, 45)
        b[i] = Double(bits >> 11) * 0x1p-53
      }
    }
    generator = Xoshiro256StarStar(state: (s0, s1, s2, s3))
  }
}
