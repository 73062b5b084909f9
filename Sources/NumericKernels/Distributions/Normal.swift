/// The standard normal distribution N(0, 1).
///
/// - `cdf(x) = Φ(x) = ½ erfc(−x/√2)`, `survival(x) = ½ erfc(x/√2)`, both
///   with full relative accuracy in their small tails (glibc `erfc`; the
///   rounding of `x/√2` perturbs the result by at most `x²ε ≈ 1.6·10⁻¹³`
///   relative at `|x| = 37.5`, the last point where Φ is a normal double).
/// - `quantile(p)` is Wichura's AS 241 (`PPND16`, Applied Statistics 37,
///   1988), relative accuracy about 1e-16 for `10⁻³⁰⁰ < p < 1`.
/// - `density(x) = exp(−x²/2)/√(2π)`.
///
/// Edge cases: `quantile(0) = −∞`, `quantile(1) = +∞`, outside [0, 1] NaN.
public enum Normal {
  static let inverseSquareRootTwoPi = 0.398_942_280_401_432_677_94
  static let squareRootTwo = 1.414_213_562_373_095_048_8

  /// `Φ(x) = P(Z ≤ x)`.
  public static func cdf(_ x: Double) -> Double { 0.5 * LibM.erfc(-x / squareRootTwo) }

  /// `1 − Φ(x) = P(Z > x)`.
  public static func survival(_ x: Double) -> Double { 0.5 * LibM.erfc(x / squareRootTwo) }

  /// `φ(x) = exp(−x²/2)/√(2π)`.
  public static func density(_ x: Double) -> Double { inverseSquareRootTwoPi * LibM.exp(-0.5 * x * x) }

  /// `Φ⁻¹(p)` by AS 241.
  public static func quantile(_ p: Double) -> Double {
    guard p >= 0 && p <= 1 else { return .nan }
    if p == 0 { return -.infinity }
    if p == 1 { return .infinity }
    let q = p - 0.5
    if abs(q) <= 0.425 {
      let r = 0.180625 - q * q
      return q * polynomial(r, central.numerator) / polynomial(r, central.denominator)
    }
    var r = q < 0 ? p : 1 - p
    r = (-LibM.log(r)).squareRoot()
    let value: Double
    if r <= 5 {
      r -= 1.6
      value = polynomial(r, intermediate.numerator) / polynomial(r, intermediate.denominator)
    } else {
      r -= 5
      value = polynomial(r, tail.numerator) / polynomial(r, tail.denominator)
    }
    return q < 0 ? -value : value
  }

  /// Horner evaluation of `c[0] + c[1] x + … + c[7] x⁷`.
  @inline(__always)
  static func polynomial(_ x: Double, _ c: (Double, Double, Double, Double, Double, Double, Double, Double)) -> Double {
    ((((((c.7 * x + c.6) * x + c.5) * x + c.4) * x + c.3) * x + c.2) * x + c.1) * x + c.0
  }

  typealias Coefficients = (Double, Double, Double, Double, Double, Double, Double, Double)

  // AS 241 coefficients (Wichura 1988, PPND16), lowest order first.
  static let central: (numerator: Coefficients, denominator: Coefficients) = (
    (
      3.387_132_872_796_366_608, 133.141_667_891_784_377_45, 1_971.590_950_306_551_442_7,
      13_731.693_765_509_461_125, 45_921.953_931_549_871_457, 67_265.770_927_008_700_853,
      33_430.575_583_588_128_105, 2_509.080_928_730_122_672_7
    ),
    (
      1, 42.313_330_701_600_911_252, 687.187_007_492_057_908_3, 5_394.196_021_424_751_107_7,
      21_213.794_301_586_595_867, 39_307.895_800_092_710_61, 28_729.085_735_721_942_674,
      5_226.495_278_852_854_561
    )
  )
  static let intermediate: (numerator: Coefficients, denominator: Coefficients) = (
    (
      1.423_437_110_749_683_577_34, 4.630_337_846_156_545_295_9, 5.769_497_221_460_691_405_5,
      3.647_848_324_763_204_605_04, 1.270_458_252_452_368_382_58, 0.241_780_725_177_450_611_77,
      0.022_723_844_989_269_184_583_3, 7.745_450_142_783_414_076_4e-4
    ),
    (
      1, 2.053_191_626_637_758_821_87, 1.676_384_830_183_803_849_4, 0.689_767_334_985_100_004_55,
      0.148_103_976_427_480_074_59, 0.015_198_666_563_616_457_196_6, 5.475_938_084_995_344_946e-4,
      1.050_750_071_644_416_843_24e-9
    )
  )
  static let tail: (numerator: Coefficients, denominator: Coefficients) = (
    (
      6.657_904_643_501_103_777_2, 5.463_784_911_164_114_369_9, 1.784_826_539_917_291_335_8,
      0.296_560_571_828_504_891_23, 0.026_532_189_526_576_123_093, 0.001_242_660_947_388_078_438_6,
      2.711_555_568_743_487_578_15e-5, 2.010_334_399_292_288_132_65e-7
    ),
    (
      1, 0.599_832_206_555_887_937_69, 0.136_929_880_922_735_805_31, 0.014_875_361_290_850_614_852_5,
      7.868_691_311_456_132_591e-4, 1.846_318_317_510_054_681_8e-5, 1.421_511_758_316_445_888_7e-7,
      2.044_263_103_389_939_785_64e-15
    )
  )
}
