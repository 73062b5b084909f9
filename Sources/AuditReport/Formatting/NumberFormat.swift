import StudyModel

/// The one place that turns numbers into report text.
///
/// Every number a report prints goes through these functions, so that the
/// same record always gives the same bytes and no output depends on a locale
/// (no Foundation formatters, no `String(format:)`). Decimal digits come from
/// integer arithmetic on the value scaled by a power of ten, rounded half away
/// from zero; the decimal point is `.`; there are never thousands separators;
/// the minus sign is ASCII `-`, and a value that rounds to zero prints without
/// a sign.
///
/// The rules (docs/reports.md repeats them for readers):
///
/// | kind | rule | examples |
/// |---|---|---|
/// | estimate | 4 significant digits, all integer digits kept, trailing zeros dropped; scientific below 1e-4 and from 1e15 | `1794`, `-0.01235`, `123457`, `0.05`, `3.142e-5` |
/// | p-value | `< 0.001`; below 0.1: 3 significant digits, trailing zeros dropped; else 3 decimals, `> 0.999` just below 1 | `< 0.001`, `0.0495`, `0.0024`, `0.423` |
/// | fixed | a fixed number of decimals (SMDs and propensities: 3) | `0.102` |
/// | integer | plain digits | `445` |
/// | percent | a share as a percentage, at most one decimal | `95%`, `97.5%` |
/// | seconds | 3 decimals and ` s` | `0.012 s` |
///
/// An undefined number (`nil`, or a non-finite value) prints as ``missing``.
public enum NumberFormat {
  /// The text of an undefined number in tables: an em dash.
  public static let missing = "—"

  /// Significant digits of effect estimates, standard errors, intervals and statistics.
  ///
  /// Four digits resolve an estimate to about 0.1% of its size, well below any
  /// standard error a study of a few hundred units can reach, and keep golden
  /// files stable across platforms.
  public static let estimateDigits = 4

  // MARK: - Kinds of numbers

  /// An estimate, standard error, bound or statistic: ``estimateDigits`` significant digits.
  ///
  /// All integer digits are kept (`123457`, not `1.235e5`), and zeros after
  /// the last significant decimal are dropped (`0.05`, not `0.05000`: a
  /// threshold of 0.05 reads as written). Values whose magnitude is below
  /// 1e-4 (but not zero) or at least 1e15 are written in scientific notation
  /// with at most 4 significant digits (`3.142e-5`).
  public static func estimate(_ value: Double?) -> String {
    guard let value, value.isFinite else { return missing }
    return significant(value, digits: estimateDigits).trimmingTrailingZeros()
  }

  /// `value` with `digits` significant digits (see ``estimate(_:)``).
  public static func significant(_ value: Double, digits: Int) -> String {
    precondition(digits >= 1 && digits <= 15, "between 1 and 15 significant digits")
    guard value.isFinite else { return missing }
    if value == 0 { return "0" }
    let magnitude = abs(value)
    if magnitude < 1e-4 || magnitude >= 1e15 { return scientific(value, digits: digits) }
    var exponent = decimalExponent(magnitude)
    var decimals = max(0, digits - 1 - exponent)
    // Rounding can carry into a new leading digit (0.99996 -> 1.000); then one
    // decimal fewer keeps the count of significant digits.
    if let scaled = scaledInteger(magnitude, decimals: decimals), decimals > 0,
      scaled >= power(of: 10, exponent + 1 + decimals)
    {
      exponent += 1
      decimals = max(0, digits - 1 - exponent)
    }
    return fixed(value, decimals: decimals)
  }

  /// A p-value: `< 0.001`; below 0.1 three significant digits (trailing zeros dropped); otherwise three
  /// decimals (`> 0.999` for a value below 1 that would round to `1.000`).
  public static func pValue(_ value: Double?) -> String {
    guard let value, value.isFinite else { return missing }
    if value < 0.001 { return "< 0.001" }
    if value < 0.1 { return significant(value, digits: 3).trimmingTrailingZeros() }
    let text = fixed(value, decimals: 3)
    if value < 1, text == "1.000" { return "> 0.999" }
    return text
  }

  /// A p-value in a sentence: `p < 0.001`, `p = 0.042`.
  public static func pValueClause(_ value: Double?) -> String {
    let text = pValue(value)
    if text == missing { return "p undefined" }
    if text.hasPrefix("<") || text.hasPrefix(">") { return "p " + text }
    return "p = " + text
  }

  /// `value` rounded to `decimals` decimals (half away from zero).
  ///
  /// Values too large for 18 integer digits at that precision fall back to
  /// scientific notation.
  public static func fixed(_ value: Double?, decimals: Int) -> String {
    guard let value, value.isFinite else { return missing }
    precondition(decimals >= 0 && decimals <= 12, "between 0 and 12 decimals")
    guard let scaled = scaledInteger(abs(value), decimals: decimals) else {
      return scientific(value, digits: estimateDigits)
    }
    var digits = String(scaled)
    if decimals > 0 {
      if digits.count <= decimals { digits = String(repeating: "0", count: decimals - digits.count + 1) + digits }
      digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -decimals))
    }
    return (value < 0 && scaled != 0 ? "-" : "") + digits
  }

  /// A count: plain digits, no separators.
  public static func integer(_ value: Int?) -> String {
    guard let value else { return missing }
    return String(value)
  }

  /// A share as a percentage with at most one decimal: 0.95 -> `95%`, 0.975 -> `97.5%`.
  public static func percent(_ share: Double?) -> String {
    guard let share, share.isFinite else { return missing }
    var text = fixed(share * 100, decimals: 1)
    if text.hasSuffix(".0") { text.removeLast(2) }
    return text + "%"
  }

  /// A duration: three decimals and a unit, `0.012 s`.
  public static func seconds(_ value: Double?) -> String {
    guard let value, value.isFinite else { return missing }
    return fixed(value, decimals: 3) + " s"
  }

  /// An interval `[low, high]` with both bounds as estimates.
  public static func interval(_ bounds: [Double]?) -> String {
    guard let bounds, bounds.count == 2 else { return missing }
    return "[" + estimate(bounds[0]) + ", " + estimate(bounds[1]) + "]"
  }

  /// A treatment level: a number as ``plain(_:)`` writes it, or a level's name.
  public static func level(_ level: TreatmentLevel) -> String {
    switch level {
    case .number(let d): plain(d)
    case .text(let s): s
    }
  }

  /// A number in a setting, shown as written when it is a whole number.
  public static func plain(_ value: Double) -> String {
    guard value.isFinite else { return missing }
    if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
    return significant(value, digits: 6).trimmingTrailingZeros()
  }

  /// A coordinate in an SVG drawing: one decimal, trailing `.0` dropped.
  static func coordinate(_ value: Double) -> String {
    guard value.isFinite else { return "0" }
    var text = fixed(value, decimals: 1)
    if text.hasSuffix(".0") { text.removeLast(2) }
    return text
  }

  /// A tick label for an axis whose ticks are `step` apart.
  ///
  /// Shows just enough decimals to tell neighbouring ticks apart.
  static func tick(_ value: Double, step: Double) -> String {
    guard value.isFinite, step.isFinite, step > 0 else { return missing }
    let magnitude = abs(value)
    if magnitude >= 1e15 || (magnitude < 1e-4 && magnitude != 0 && abs(value / step) > 1e-9) {
      return scientific(value, digits: 3)
    }
    let decimals = min(12, max(0, -decimalExponent(step)))
    // A tick at zero can carry rounding noise of the order of 1e-17.
    if abs(value) < step * 1e-9 { return "0" }
    return fixed(value, decimals: decimals)
  }

  // MARK: - Arithmetic

  /// `value` in scientific notation with `digits` significant digits: `3.142e-5`.
  static func scientific(_ value: Double, digits: Int) -> String {
    guard value.isFinite else { return missing }
    if value == 0 { return "0" }
    var magnitude = abs(value)
    var exponent = decimalExponent(magnitude)
    magnitude = magnitude / pow10(exponent)
    var mantissa = fixed(magnitude, decimals: digits - 1)
    if mantissa.hasPrefix("10") {
      exponent += 1
      mantissa = fixed(magnitude / 10, decimals: digits - 1)
    }
    return (value < 0 ? "-" : "") + mantissa + "e" + String(exponent)
  }

  /// floor(log10(magnitude)) for a positive finite value, by comparison with
  /// exact powers of ten (no libm, so no platform differences).
  static func decimalExponent(_ magnitude: Double) -> Int {
    precondition(magnitude > 0 && magnitude.isFinite)
    // Binary search over the table: the largest e with 10^e <= magnitude.
    var low = -324
    var high = 308
    while low < high {
      let middle = (low + high + 1) >> 1
      if pow10(middle) <= magnitude { low = middle } else { high = middle - 1 }
    }
    return low
  }

  /// 10^exponent as the double nearest to it (clamped to the range of doubles).
  static func pow10(_ exponent: Int) -> Double {
    powersOfTen[min(308, max(-324, exponent)) + 324]
  }

  /// 10^-324 ... 10^308, each parsed from its decimal text, so each is the
  /// correctly rounded double (repeated multiplication would accumulate error).
  private static let powersOfTen: [Double] = (-324...308).map { Double("1e\($0)") ?? 0 }

  /// round(magnitude * 10^decimals), or nil when it does not fit 18 digits.
  static func scaledInteger(_ magnitude: Double, decimals: Int) -> Int64? {
    let scaled = (magnitude * pow10(decimals)).rounded(.toNearestOrAwayFromZero)
    guard scaled < 1e18 else { return nil }
    return Int64(scaled)
  }

  static func power(of base: Int64, _ exponent: Int) -> Int64 {
    var result: Int64 = 1
    for _ in 0..<max(0, exponent) { result = result.multipliedReportingOverflow(by: base).partialValue }
    return result
  }
}
