/// A histogram of a check's simulated values with its reference line.
///
/// Refuters re-estimate the effect on placebo treatments, subsets, bootstrap
/// samples or dummy outcomes; the histogram shows where those estimates fall
/// relative to the reference the check compares them with (0 for a placebo,
/// the original estimate for a subset). The original estimate is drawn too
/// when it differs from the reference.
struct SimulationHistogram: Sendable {
  var summary: SampleSummary
  var reference: Double?
  var referenceLabel: String
  /// The estimate under test, when it is not the reference.
  var estimate: Double?
  var valueLabel: String

  /// The chart.
  func svg(id: String, title: String) -> XMLNode {
    let width = 760.0
    let plotLeft = 70.0
    let plotRight = width - 30
    let top = 40.0
    let plotBottom = 220.0
    let height = plotBottom + 48
    let extra = [reference, estimate].compactMap { $0 }.filter(\.isFinite)
    let x = LinearScale(covering: [summary.minimum, summary.maximum], include: extra, range: (plotLeft, plotRight))
    let bins = summary.binCount
    // Bins span the data only; the axis may extend further to show the reference.
    var low = summary.minimum
    var high = summary.maximum
    if low == high {
      low -= 0.5 * x.step
      high += 0.5 * x.step
    }
    let counts = summary.histogram(bins: bins, low: low, high: high)
    let y = LinearScale(covering: [0, Double(counts.max() ?? 1)], range: (plotBottom, top), targetTicks: 4)
    var children: [XMLNode] = [
      SVG.xAxis(x, y: plotBottom, label: valueLabel),
      SVG.yAxis(y, x: plotLeft, label: "simulations", gridRight: plotRight),
    ]
    var bars: [XMLNode] = []
    let binWidth = (high - low) / Double(bins)
    for (bin, count) in counts.enumerated() where count > 0 {
      let from = low + Double(bin) * binWidth
      let to = from + binWidth
      let left = x.position(from)
      let right = x.position(to)
      bars.append(
        SVG.rect(
          x: left + 0.5, y: y.position(Double(count)), width: max(0.5, right - left - 1),
          height: plotBottom - y.position(Double(count)), [("fill", Palette.skyBlue)],
          title:
            "\(count) of \(summary.count) simulations in [\(NumberFormat.estimate(from)), \(NumberFormat.estimate(to)))"
        ))
    }
    children.append(SVG.group(title: "bars: simulations per bin", class: "bars", bars))
    if let reference, reference.isFinite {
      let rx = x.position(reference)
      children.append(
        SVG.group(
          title: "\(referenceLabel): \(NumberFormat.estimate(reference))", class: "mark",
          [
            SVG.line(x1: rx, y1: top - 10, x2: rx, y2: plotBottom, [("class", "reference-strong")]),
            SVG.text(
              "\(referenceLabel) \(NumberFormat.estimate(reference))", x: rx + 4, y: top - 12, class: "annotation"),
          ]))
    }
    if let estimate, estimate.isFinite, estimate != reference {
      let ex = x.position(estimate)
      children.append(
        SVG.group(
          title: "estimate: \(NumberFormat.estimate(estimate))", class: "mark",
          [
            SVG.line(x1: ex, y1: top, x2: ex, y2: plotBottom, [("class", "estimate-line")]),
            SVG.text("estimate \(NumberFormat.estimate(estimate))", x: ex + 4, y: top + 10, class: "annotation"),
          ]))
    }
    var description =
      "Histogram of \(summary.count) simulated values of \(valueLabel) in \(bins) bins, from "
      + "\(NumberFormat.estimate(summary.minimum)) to \(NumberFormat.estimate(summary.maximum)), "
      + "median \(NumberFormat.estimate(summary.quantile(0.5))). "
    if let reference { description += "\(referenceLabel): \(NumberFormat.estimate(reference)). " }
    return SVG.root(id: id, width: width, height: height, title: title, description: description, children)
  }
}
