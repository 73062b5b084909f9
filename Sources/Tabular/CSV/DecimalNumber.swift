/// The number grammar of data files and a fast, exactly rounded parser for it.
///
/// Grammar (after optional surrounding spaces):
/// `[+-]? (digits ["." digits?] | "." digits) ([eE] [+-]? digits)?`.
/// Everything else is not a number: in particular `nan`, `inf`,
/// `infinity`, hexadecimal floats (`0x1p3`) and digit separators, all of
/// which Swift's `Double(String)` would accept or half-accept. A value whose
/// magnitude rounds beyond `Double.greatestFiniteMagnitude` (e.g. `1e400`)
/// is reported as overflow; values below the smallest subnormal round to ±0,
/// as in every C library.
///
/// Method: the digits (at most 19, counting leading zeros) are accumulated
/// in a `UInt64`. When
/// that integer `m` is below 2⁵³ and the decimal exponent `e` satisfies
/// `|e| ≤ 22`, `m·10ᵉ` (or `m/10⁻ᵉ`) is a single correctly rounded operation
/// on two exactly representable numbers (Clinger 1990, "How to read floating
/// point numbers accurately"), which covers data written with up to 15–16
/// significant digits. Exponents up to 22 + 15 are folded into `m` first when
/// that stays exact. All other inputs (17-digit round-trip output, huge
/// exponents) go to `Double(String)`, which is correctly rounded, after the
/// grammar above has been checked.
enum DecimalNumber {
  enum Status {
    case number
    case notNumber
    case overflow
  }

  struct Result {
    var status: Status
    var value: Double
    /// Bytes consumed (including surrounding spaces).
    var length: Int
    /// No fraction and no exponent were written.
    var isIntegerLiteral: Bool
  }

  static let powers: [Double] = (0...22).map { k in
    var v = 1.0
    for _ in 0..<k { v *= 10 }
    return v
  }

  /// Parses the longest number prefix of `p[0..<count]`; the caller checks
  /// that a field terminator follows.
  @inline(__always)
  static func parse(_ p: UnsafePointer<UInt8>, count: Int) -> Result {
    powers.withUnsafeBufferPointer { table in
      guard let base = table.baseAddress else {
        return Result(status: .notNumber, value: 0, length: 0, isIntegerLiteral: false)
      }
      return parse(p, count: count, powers: base)
    }
  }

  /// `parse` with the table of `10⁰…10²²` passed in (the hot loop keeps it in a raw buffer).
  @inline(__always)
  static func parse(_ p: UnsafePointer<UInt8>, count: Int, powers: UnsafePointer<Double>) -> Result {
    var i = 0
    while i < count && p[i] == 0x20 { i += 1 }
    let start = i
    var negative = false
    if i < count && (p[i] == 0x2D || p[i] == 0x2B) {
      negative = p[i] == 0x2D
      i += 1
    }
    // Digits are accumulated with wrapping arithmetic; more than 19 digits
    // (where the UInt64 could wrap) send the token to the exact slow path.
    var mantissa: UInt64 = 0
    var exponent = 0
    var isInteger = true
    let digitsStart = i
    while i < count {
      let d = p[i] &- 0x30
      if d > 9 { break }
      mantissa = mantissa &* 10 &+ UInt64(d)
      i += 1
    }
    var digits = i - digitsStart
    if i < count && p[i] == 0x2E {
      isInteger = false
      i += 1
      let fractionStart = i
      while i < count {
        let d = p[i] &- 0x30
        if d > 9 { break }
        mantissa = mantissa &* 10 &+ UInt64(d)
        i += 1
      }
      exponent = fractionStart - i
      digits += i - fractionStart
    }
    let inexact = digits > 19
    if digits == 0 { return Result(status: .notNumber, value: 0, length: i, isIntegerLiteral: false) }
    // Exponent.
    if i < count && (p[i] | 0x20) == 0x65 {
      isInteger = false
      var j = i + 1
      var exponentNegative = false
      if j < count && (p[j] == 0x2D || p[j] == 0x2B) {
        exponentNegative = p[j] == 0x2D
        j += 1
      }
      var e = 0
      var exponentDigits = 0
      while j < count {
        let d = p[j] &- 0x30
        if d > 9 { break }
        if e < 100_000 { e = e * 10 + Int(d) }
        exponentDigits += 1
        j += 1
      }
      if exponentDigits == 0 { return Result(status: .notNumber, value: 0, length: j, isIntegerLiteral: false) }
      exponent += exponentNegative ? -e : e
      i = j
    }
    let end = i
    while i < count && p[i] == 0x20 { i += 1 }
    var value: Double
    if mantissa == 0 && !inexact {
      value = 0
    } else if !inexact && mantissa < (1 << 53) && exponent >= -22 && exponent <= 22 {
      value = exponent >= 0 ? Double(mantissa) * powers[exponent] : Double(mantissa) / powers[-exponent]
    } else if !inexact && exponent > 22 && exponent <= 22 + 15 && mantissa < (1 << 53) {
      // Fold 10^(e−22) into the mantissa when it stays below 2⁵³ (exact).
      var m = mantissa
      var e = exponent
      while e > 22 && m < (1 << 53) / 10 {
        m *= 10
        e -= 1
      }
      if e <= 22 {
        value = Double(m) * powers[e]
      } else {
        value = slowParse(p + start, count: end - start)
      }
    } else {
      value = slowParse(p + start, count: end - start)
    }
    if negative { value = -value }
    if value.isInfinite { return Result(status: .overflow, value: value, length: i, isIntegerLiteral: false) }
    return Result(status: .number, value: value, length: i, isIntegerLiteral: isInteger)
  }

  /// The common short shape `-?d{1,8}(.d{1,8})?`, eight digits at a time (SWAR).
  ///
  /// Reads the integer digits and the fraction digits as two 8-byte words:
  /// each byte is XORed with `'0'`, so digits become 0…9; the first byte that
  /// is not a digit is found from the high bits of `(x + 0x76) | x`
  /// (carries only run towards later bytes, so the bytes before it are
  /// classified correctly), the digits are shifted to the top of the word
  /// (the vacated low bytes act as leading zeros) and combined by three
  /// multiplications (pairs, quadruples, octets). The value is then
  /// `m / 10^f` for the integer `m` of all the digits and `f` fraction digits,
  /// exactly the operation `parse` performs for such tokens (Clinger's fast
  /// path), so both give the same bits.
  ///
  /// Returns `nil` for anything else (a `+`, spaces, an exponent is left to
  /// the caller's terminator check, more than 8 digits on a side, an empty
  /// side, `m ≥ 2⁵³`): the caller then uses `parse`. The caller checks the
  /// byte at `length` (the terminator). Reads at most 19 bytes from `p`.
  @inline(__always)
  static func parseShort(_ p: UnsafePointer<UInt8>, powers: UnsafePointer<Double>, integerPowers: UnsafePointer<UInt64>)
    -> (value: Double, length: Int, isInteger: Bool)?
  {
    let negative = p[0] == 0x2D
    let q = negative ? p + 1 : p
    let integer = digitRun(q)
    guard integer.count > 0 else { return nil }
    var mantissa = integer.value
    var length = integer.count
    var isInteger = true
    var fraction = 0
    if q[length] == 0x2E {
      let f = digitRun(q + length + 1)
      guard f.count > 0 else { return nil }
      fraction = f.count
      mantissa = mantissa &* integerPowers[fraction] &+ f.value
      length += 1 + fraction
      isInteger = false
      guard mantissa < (1 << 53) else { return nil }
    }
    // m < 2⁵³: the signed conversion is exact and one instruction.
    let magnitude = Double(Int64(bitPattern: mantissa)) / powers[fraction]
    return (negative ? -magnitude : magnitude, length + (negative ? 1 : 0), isInteger)
  }

  /// The leading run of 1 to 8 ASCII digits at `p` and its value; count 0
  /// when there is none or when it is longer than 8 digits. Reads 9 bytes.
  @inline(__always)
  static func digitRun(_ p: UnsafePointer<UInt8>) -> (value: UInt64, count: Int) {
    let word = UnsafeRawPointer(p).loadUnaligned(as: UInt64.self)
    let x = UInt64(littleEndian: word) ^ 0x3030_3030_3030_3030
    let nonDigit = ((x &+ 0x7676_7676_7676_7676) | x) & 0x8080_8080_8080_8080
    let count = nonDigit.trailingZeroBitCount >> 3
    if count == 8 {
      if p[8] &- 0x30 <= 9 { return (0, 0) }
    } else if count == 0 {
      return (0, 0)
    }
    var v = x &<< UInt64((8 - count) * 8)
    v = ((v & 0x0F0F_0F0F_0F0F_0F0F) &* 2561) >> 8
    v = ((v & 0x00FF_00FF_00FF_00FF) &* 6_553_601) >> 16
    v = ((v & 0x0000_FFFF_0000_FFFF) &* 42_949_672_960_001) >> 32
    return (v, count)
  }

  /// `Double(String)` on a token that already matched the grammar.
  static func slowParse(_ p: UnsafePointer<UInt8>, count: Int) -> Double {
    let text = String(decoding: UnsafeBufferPointer(start: p, count: count), as: UTF8.self)
    return Double(text).map { abs($0) } ?? .nan
  }

  /// Parses a whole token (for quoted fields and tests): `nil` unless the entire token is a number.
  static func parseToken(_ bytes: [UInt8]) -> Result? {
    bytes.withUnsafeBufferPointer { b in
      guard let base = b.baseAddress else { return nil }
      let r = parse(base, count: b.count)
      return r.length == b.count && r.status != .notNumber ? r : nil
    }
  }
}
