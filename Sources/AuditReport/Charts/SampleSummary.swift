/// Order statistics and a histogram of a sample of simulated values.
///
/// The Markdown report prints these in place of a chart; the HTML report
/// draws the histogram. Quantiles are R's type 7 (linear interpolation between
/// order statistics; Hyndman & Fan 1996), the default of R and NumPy.
struct SampleSummary: Sendable {
  var count: Int
  /// Finite values left out (a record should hold none; they are counted, not hidden).
  var nonFinite: Int
  var mean: Double
  var standardDeviation: Double?
  var minimum: Double
  var maximum: Double
  var sorted: [Double]

  /// The summary of `values`, or nil when no value is finite.
  init?(_ values: [Double]) {
    let finite = values.filter(\.isFinite)
    guard !finite.isEmpty else { return nil }
    count = finite.count
    nonFinite = values.count - finite.count
    sorted = finite.sorted()
    // Summed in sorted order: the result does not depend on simulation order.
    mean = sorted.reduce(0, +) / Double(count)
    if count > 1 {
      let m = mean
      standardDeviation = (sorted.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(count - 1)).squareRoot()
    }
    minimum = sorted[0]
    maximum = sorted[count - 1]
  }

  /// The type-7 quantile at probability `p` in [0, 1].
  func quantile(_ p: Double) -> Double {
    let h = Double(count - 1) * min(1, max(0, p))
    let lower = Int(h.rounded(.down))
    let upper = min(count - 1, lower + 1)
    return sorted[lower] + (h - Double(lower)) * (sorted[upper] - sorted[lower])
  }

  /// The number of histogram bins: ceil(sqrt(n)), between 5 and 40.
  ///
  /// The square-root rule gives 15 bins for 200 simulations, enough to show
  /// shape; 40 bins keep every bar at least about 14 pixels wide.
  var binCount: Int {
    var bins = 1
    while bins * bins < count { bins += 1 }
    return max(5, min(40, bins))
  }

  /// Counts over `bins` equal bins from `low` to `high` (values outside are clamped to the end bins).
  func histogram(bins: Int, low: Double, high: Double) -> [Int] {
    var counts = Array(repeating: 0, count: bins)
    let width = (high - low) / Double(bins)
    for value in sorted {
      var bin = width > 0 ? Int(((value - low) / width).rounded(.down)) : 0
      bin = max(0, min(bins - 1, bin))
      counts[bin] += 1
    }
    return counts
  }
}
