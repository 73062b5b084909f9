#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The C math library functions the distributions build on, in one place.
///
/// `erfc`, `log1p`, `exp`, `log`, `lgamma_r` are the platform libm's
/// (glibc on Linux: correctly rounded or within 1 ulp for these functions
/// on x86-64 according to the glibc manual's table of known errors).
/// `lgamma_r` is the re-entrant form, so no global `signgam` is written.
enum LibM {
  @inline(__always) static func erfc(_ x: Double) -> Double { libmErfc(x) }
  @inline(__always) static func log1p(_ x: Double) -> Double { libmLog1p(x) }
  @inline(__always) static func expm1(_ x: Double) -> Double { libmExpm1(x) }
  @inline(__always) static func exp(_ x: Double) -> Double { libmExp(x) }
  @inline(__always) static func log(_ x: Double) -> Double { libmLog(x) }
  @inline(__always) static func pow(_ x: Double, _ y: Double) -> Double { libmPow(x, y) }
  @inline(__always) static func tan(_ x: Double) -> Double { libmTan(x) }
  @inline(__always) static func atan(_ x: Double) -> Double { libmAtan(x) }
  @inline(__always) static func atan2(_ y: Double, _ x: Double) -> Double { libmAtan2(y, x) }
  @inline(__always) static func sin(_ x: Double) -> Double { libmSin(x) }
  @inline(__always) static func cos(_ x: Double) -> Double { libmCos(x) }

  /// `log|Γ(x)|`.
  static func logGamma(_ x: Double) -> Double {
    var sign: Int32 = 0
    return lgamma_r(x, &sign)
  }
}

@inline(__always) private func libmErfc(_ x: Double) -> Double { erfc(x) }
@inline(__always) private func libmLog1p(_ x: Double) -> Double { log1p(x) }
@inline(__always) private func libmExpm1(_ x: Double) -> Double { expm1(x) }
@inline(__always) private func libmExp(_ x: Double) -> Double { exp(x) }
@inline(__always) private func libmLog(_ x: Double) -> Double { log(x) }
@inline(__always) private func libmPow(_ x: Double, _ y: Double) -> Double { pow(x, y) }
@inline(__always) private func libmTan(_ x: Double) -> Double { tan(x) }
@inline(__always) private func libmAtan(_ x: Double) -> Double { atan(x) }
@inline(__always) private func libmAtan2(_ y: Double, _ x: Double) -> Double { atan2(y, x) }
@inline(__always) private func libmSin(_ x: Double) -> Double { sin(x) }
@inline(__always) private func libmCos(_ x: Double) -> Double { cos(x) }
