import Foundation
import Testing

@testable import NumericKernels

@Suite("Random numbers and sampling")
struct RandomTests {
  /// The first ten outputs of xoshiro256** from the state (1, 2, 3, 4), as
  /// produced by the authors' reference C implementation
  /// (Blackman & Vigna, https://prng.di.unimi.it/xoshiro256starstar.c); the
  /// same vector is used by the Rust `rand_xoshiro` crate's tests.
  @Test("reference outputs of the authors' implementation")
  func referenceVector() {
    var g = Xoshiro256StarStar(state: (1, 2, 3, 4))
    let expected: [UInt64] = [
      11520, 0, 1_509_978_240, 1_215_971_899_390_074_240, 1_216_172_134_540_287_360, 607_988_272_756_665_600,
      16_172_922_978_634_559_625, 8_476_171_486_693_032_832, 10_595_114_339_597_558_777, 2_904_607_092_377_533_576,
    ]
    for value in expected { #expect(g.next() == value) }
  }

  @Test("SplitMix64 seeding matches the reference sequence of SplitMix64 itself")
  func seeding() {
    // SplitMix64 from seed 0: first output 0xE220A8397B1DCDAF (Steele, Lea & Flood 2014;
    // the value every SplitMix64 port checks against).
    var state: UInt64 = 0
    #expect(SplitMix.next(&state) == 0xE220_A839_7B1D_CDAF)
    #expect(Xoshiro256StarStar(seed: 42) == Xoshiro256StarStar(seed: 42))
    #expect(Xoshiro256StarStar(seed: 42) != Xoshiro256StarStar(seed: 43))
  }

  @Test("uniforms lie in [0, 1) and have mean ½, variance 1/12")
  func uniforms() {
    var g = Xoshiro256StarStar(seed: 7)
    let n = 200_000
    var buffer = [Double](repeating: 0, count: n)
    Sampling.fillUniform(&buffer, using: &g)
    #expect(buffer.allSatisfy { $0 >= 0 && $0 < 1 })
    let mean = buffer.reduce(0, +) / Double(n)
    let variance = buffer.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n - 1)
    // 5 standard errors: sd(mean) = √(1/12/n), sd(var) ≈ √(1/180/n).
    #expect(abs(mean - 0.5) < 5 * (1.0 / 12 / Double(n)).squareRoot())
    #expect(abs(variance - 1.0 / 12) < 5 * (1.0 / 180 / Double(n)).squareRoot())
  }

  @Test("ziggurat normals: moments, tail mass and Kolmogorov–Smirnov")
  func normals() {
    var g = Xoshiro256StarStar(seed: 2024)
    let n = 400_000
    var z = [Double](repeating: 0, count: n)
    Sampling.fillNormal(&z, using: &g)
    // The bulk fill and the one-at-a-time draw give the same numbers.
    var h = Xoshiro256StarStar(seed: 2024)
    for i in 0..<1000 { #expect(h.nextNormal() == z[i]) }
    let mean = z.reduce(0, +) / Double(n)
    let m2 = z.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n)
    let m3 = z.map { pow($0 - mean, 3) }.reduce(0, +) / Double(n)
    let m4 = z.map { pow($0 - mean, 4) }.reduce(0, +) / Double(n)
    // Standard errors under normality: mean 1/√n, variance √(2/n), skewness √(6/n), kurtosis √(24/n); 5 SE.
    let root = Double(n).squareRoot()
    #expect(abs(mean) < 5 / root)
    #expect(abs(m2 - 1) < 5 * 2.0.squareRoot() / root)
    #expect(abs(m3 / pow(m2, 1.5)) < 5 * 6.0.squareRoot() / root)
    #expect(abs(m4 / (m2 * m2) - 3) < 5 * 24.0.squareRoot() / root)
    // Mass beyond the ziggurat's base r = 3.6541…: 2Φ(−r) (the tail algorithm's territory).
    let tail = Double(z.filter { abs($0) > Ziggurat.r }.count) / Double(n)
    let p = 2 * Normal.cdf(-Ziggurat.r)
    #expect(abs(tail - p) < 5 * (p / Double(n)).squareRoot())
    // KS: √n·D < 1.95 (asymptotic 0.999 point of the Kolmogorov distribution).
    let sorted = z.sorted()
    var d = 0.0
    for (i, x) in sorted.enumerated() {
      let f = Normal.cdf(x)
      d = max(d, abs(f - Double(i) / Double(n)), abs(Double(i + 1) / Double(n) - f))
    }
    #expect(root * d < 1.95)
  }

  @Test("permutations of 4 are uniform (χ² over the 24 orders)")
  func permutations() {
    var g = Xoshiro256StarStar(seed: 11)
    var counts: [[Int]: Int] = [:]
    let draws = 48_000
    for _ in 0..<draws { counts[Sampling.permutation(4, using: &g), default: 0] += 1 }
    #expect(counts.count == 24)
    let expected = Double(draws) / 24
    let chi2 = counts.values.map { (Double($0) - expected) * (Double($0) - expected) / expected }.reduce(0, +)
    // χ²₂₃ upper 0.001 point = 49.728 (standard tables, e.g. Abramowitz & Stegun table 26.8).
    #expect(chi2 < 49.728)
  }

  @Test("streams: same inputs same stream; any change gives a different, uncorrelated stream")
  func streams() {
    let a = Xoshiro256StarStar.stream(seed: 1, label: "placebo", index: 0)
    #expect(a == Xoshiro256StarStar.stream(seed: 1, label: "placebo", index: 0))
    let others = [
      Xoshiro256StarStar.stream(seed: 1, label: "placebo", index: 1),
      Xoshiro256StarStar.stream(seed: 2, label: "placebo", index: 0),
      Xoshiro256StarStar.stream(seed: 1, label: "bootstrap", index: 0),
    ]
    for other in others { #expect(other != a) }
    // The FNV-1a-64 of "a" is 0xAF63DC4C8601EC8C (the published FNV test vector).
    #expect(Xoshiro256StarStar.fnv1a64("a") == 0xAF63_DC4C_8601_EC8C)
    #expect(Xoshiro256StarStar.fnv1a64("") == 0xCBF2_9CE4_8422_2325)
    // Correlation of uniforms between neighbouring streams: |r| < 5/√n.
    var g = Xoshiro256StarStar.stream(seed: 1, label: "placebo", index: 0)
    var h = Xoshiro256StarStar.stream(seed: 1, label: "placebo", index: 1)
    let n = 100_000
    var sxy = 0.0
    var sx = 0.0
    var sy = 0.0
    var sxx = 0.0
    var syy = 0.0
    for _ in 0..<n {
      let x = g.nextUniform()
      let y = h.nextUniform()
      sx += x
      sy += y
      sxy += x * y
      sxx += x * x
      syy += y * y
    }
    let cov = sxy / Double(n) - sx * sy / Double(n * n)
    let r =
      cov / ((sxx / Double(n) - sx * sx / Double(n * n)) * (syy / Double(n) - sy * sy / Double(n * n))).squareRoot()
    #expect(abs(r) < 5 / Double(n).squareRoot())
  }

  @Test("bootstrap counts sum to n; subsets have the requested size; Poisson(1) weights have mean and variance 1")
  func sampling() {
    var g = Xoshiro256StarStar(seed: 5)
    let counts = Sampling.bootstrapCounts(1000, using: &g)
    #expect(counts.reduce(0, +) == 1000)
    // The compact counts are the same draws, one byte each.
    var a = Xoshiro256StarStar(seed: 6)
    var b = Xoshiro256StarStar(seed: 6)
    #expect(
      Sampling.compactBootstrapCounts(5_000, using: &a)?.map(Int32.init) == Sampling.bootstrapCounts(5_000, using: &b))
    #expect(a == b)
    // A count past 255 gives nil: a constant small draw (2⁴⁰, accepted by Lemire's method)
    // sends every draw to unit 0.
    struct Constant: RandomNumberGenerator { mutating func next() -> UInt64 { 1 << 40 } }
    var constant = Constant()
    #expect(Sampling.compactBootstrapCounts(300, using: &constant) == nil)
    #expect(Sampling.compactBootstrapCounts(255, using: &constant)?.first == 255)
    for size in [0, 1, 37, 100] {
      let mask = Sampling.subsetMask(n: 100, size: size, using: &g)
      #expect(mask.filter { $0 }.count == size)
    }
    let w = Sampling.poissonOneWeights(200_000, using: &g)
    let mean = w.reduce(0, +) / Double(w.count)
    let variance = w.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(w.count - 1)
    #expect(abs(mean - 1) < 5 / Double(w.count).squareRoot())
    #expect(abs(variance - 1) < 5 * 3.0.squareRoot() / Double(w.count).squareRoot())
    let indices = Sampling.resampleIndices(count: 500, from: 7, using: &g)
    #expect(indices.allSatisfy { (0..<7).contains($0) })
    // Each unit is in a size-30 subset of 100 with probability 0.3.
    var hits = [Int](repeating: 0, count: 100)
    for _ in 0..<10_000 {
      for (i, m) in Sampling.subsetMask(n: 100, size: 30, using: &g).enumerated() where m { hits[i] += 1 }
    }
    let sd = (10_000 * 0.3 * 0.7).squareRoot()
    #expect(hits.allSatisfy { abs(Double($0) - 3000) < 5 * sd })
  }
}
