/// A linear map from data values to drawing coordinates, with "nice" ticks.
///
/// The domain is widened to whole multiples of the tick step (1, 2 or 5 times
/// a power of ten, for about `targetTicks` ticks), so that axes start and end
/// on a labelled tick. Ticks are computed as integer multiples of the step,
/// never by repeated addition, so they carry no accumulated rounding.
struct LinearScale: Sendable {
  var domainLow: Double
  var domainHigh: Double
  /// Drawing coordinates of `domainLow` and `domainHigh` (high may be below low, for y axes).
  var rangeLow: Double
  var rangeHigh: Double
  var step: Double
  var ticks: [Double]

  /// A scale covering `values` (non-finite values ignored).
  ///
  /// - Parameters:
  ///   - include: values the domain must contain besides the data (0, a reference line).
  ///   - nice: whether to widen the domain to whole ticks.
  init(
    covering values: [Double], include: [Double] = [], range: (Double, Double), targetTicks: Int = 5,
    nice: Bool = true
  ) {
    let finite = (values + include).filter(\.isFinite)
    var low = finite.min() ?? 0
    var high = finite.max() ?? 1
    if low == high {
      let pad = low == 0 ? 1 : abs(low) * 0.1
      low -= pad
      high += pad
    }
    let step = LinearScale.niceStep((high - low) / Double(max(1, targetTicks)))
    if nice {
      low = (low / step).rounded(.down) * step
      high = (high / step).rounded(.up) * step
    }
    self.domainLow = low
    self.domainHigh = high
    self.rangeLow = range.0
    self.rangeHigh = range.1
    self.step = step
    let first = Int((low / step).rounded(.up))
    let last = Int((high / step).rounded(.down))
    self.ticks = first <= last ? (first...last).map { Double($0) * step } : []
  }

  /// The drawing coordinate of `value`.
  func position(_ value: Double) -> Double {
    let span = domainHigh - domainLow
    guard span > 0, value.isFinite else { return rangeLow }
    return rangeLow + (value - domainLow) / span * (rangeHigh - rangeLow)
  }

  /// Whether `value` lies in the domain.
  func contains(_ value: Double) -> Bool { value >= domainLow && value <= domainHigh }

  /// 1, 2 or 5 times a power of ten, near `rough`.
  static func niceStep(_ rough: Double) -> Double {
    guard rough.isFinite, rough > 0 else { return 1 }
    let exponent = NumberFormat.decimalExponent(rough)
    let base = NumberFormat.pow10(exponent)
    let fraction = rough / base
    let nice: Double = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10
    return nice * base
  }
}
