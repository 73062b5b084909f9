import StudyModel

/// Propensity-score overlap: a mirrored histogram, treated units above the axis and controls below.
///
/// Overlap (positivity) holds where both arms have units; bins where one arm
/// is empty show where estimates extrapolate. Both arms share the bin edges
/// the engine chose (`Histogram.edges`); each half has its own count scale,
/// because arms often differ in size by orders of magnitude (185 trainees
/// against 15,992 survey controls) and a shared scale would hide the smaller
/// arm. The tick labels of each half give its counts.
struct OverlapHistogram: Sendable {
  var histogram: Histogram
  /// The estimators whose propensity model produced this histogram.
  var estimators: [String]

  /// The chart.
  func svg(id: String) -> XMLNode {
    let width = 760.0
    let plotLeft = 70.0
    let plotRight = width - 30
    let top = 36.0
    let half = 100.0
    let middle = top + half
    let plotBottom = middle + half
    let height = plotBottom + 48
    let edges = histogram.edges
    let bins = max(0, edges.count - 1)
    let x = LinearScale(covering: edges, range: (plotLeft, plotRight), nice: false)
    var children: [XMLNode] = [SVG.xAxis(x, y: plotBottom + 4, label: "propensity score")]
    let treatedScale = LinearScale(
      covering: [0, Double(max(1, histogram.treated.max() ?? 1))], range: (0, half - 4), targetTicks: 3)
    let controlScale = LinearScale(
      covering: [0, Double(max(1, histogram.control.max() ?? 1))], range: (0, half - 4), targetTicks: 3)
    // Count axes, one per half.
    var axis: [XMLNode] = [SVG.line(x1: plotLeft, y1: top, x2: plotLeft, y2: plotBottom, [("class", "axis-line")])]
    for (scale, sign) in [(treatedScale, -1.0), (controlScale, 1.0)] {
      for tick in scale.ticks where tick > 0 {
        let y = middle + sign * scale.position(tick)
        axis.append(SVG.line(x1: plotLeft - 4, y1: y, x2: plotLeft, y2: y, [("class", "axis-line")]))
        axis.append(SVG.line(x1: plotLeft, y1: y, x2: plotRight, y2: y, [("class", "grid")]))
        axis.append(
          SVG.text(NumberFormat.tick(tick, step: scale.step), x: plotLeft - 7, y: y + 4, anchor: "end", class: "tick"))
      }
    }
    axis.append(SVG.text("0", x: plotLeft - 7, y: middle + 4, anchor: "end", class: "tick"))
    let middleLabel = (plotLeft - 52, middle)
    axis.append(
      SVG.text(
        "units per bin", x: middleLabel.0, y: middleLabel.1, anchor: "middle", class: "axis-label",
        [("transform", "rotate(-90 \(SVG.n(middleLabel.0)) \(SVG.n(middleLabel.1)))")]))
    children.append(
      SVG.group(
        title: "vertical axes: treated units per bin above the middle line, control units below, each on its own scale",
        class: "axis", axis))
    var bars: [XMLNode] = []
    var emptyTreated = 0
    var emptyControl = 0
    for bin in 0..<bins {
      let left = x.position(edges[bin])
      let right = x.position(edges[bin + 1])
      let range = "[\(NumberFormat.fixed(edges[bin], decimals: 3)), \(NumberFormat.fixed(edges[bin + 1], decimals: 3)))"
      let treated = bin < histogram.treated.count ? histogram.treated[bin] : 0
      let control = bin < histogram.control.count ? histogram.control[bin] : 0
      if treated == 0 && control > 0 { emptyTreated += 1 }
      if control == 0 && treated > 0 { emptyControl += 1 }
      if treated > 0 {
        let h = max(1, treatedScale.position(Double(treated)))
        bars.append(
          SVG.rect(
            x: left + 0.5, y: middle - h, width: max(0.5, right - left - 1), height: h,
            [("fill", Palette.blue)], title: "treated, propensity \(range): \(treated) units"))
      }
      if control > 0 {
        let h = max(1, controlScale.position(Double(control)))
        bars.append(
          SVG.rect(
            x: left + 0.5, y: middle, width: max(0.5, right - left - 1), height: h,
            [("fill", Palette.orange)], title: "control, propensity \(range): \(control) units"))
      }
    }
    children.append(SVG.group(title: "bars: units per propensity-score bin", class: "bars", bars))
    children.append(
      SVG.line(
        x1: plotLeft, y1: middle, x2: plotRight, y2: middle, [("class", "axis-line")],
        title: "middle line: treated counts above, control counts below"))
    let treatedTotal = histogram.treated.reduce(0, +)
    let controlTotal = histogram.control.reduce(0, +)
    children.append(
      SVG.group(
        title: "arm labels", class: "labels",
        [
          SVG.text(
            "treated (n = \(treatedTotal)) ↑", x: plotRight - 6, y: top + 12, anchor: "end", class: "annotation halo"),
          SVG.text(
            "control (n = \(controlTotal)) ↓", x: plotRight - 6, y: plotBottom - 6, anchor: "end",
            class: "annotation halo"),
        ]))
    children.append(
      SVG.legend(
        [
          (
            "treated (above)",
            { x, y in
              SVG.rect(
                x: x - 5, y: y - 5, width: 10, height: 10, [("fill", Palette.blue)],
                title: "treated: blue bars above the middle line")
            }
          ),
          (
            "control (below)",
            { x, y in
              SVG.rect(
                x: x - 5, y: y - 5, width: 10, height: 10, [("fill", Palette.orange)],
                title: "control: orange bars below the middle line")
            }
          ),
        ], x: plotLeft, y: 16))
    let low = edges.first.map { NumberFormat.fixed($0, decimals: 3) } ?? NumberFormat.missing
    let high = edges.last.map { NumberFormat.fixed($0, decimals: 3) } ?? NumberFormat.missing
    let description =
      "Mirrored histogram of propensity scores from \(low) to \(high) in \(bins) bins: "
      + "\(treatedTotal) treated units above the middle line, \(controlTotal) control units below, each half on its own count scale. "
      + "\(emptyTreated) bins have controls but no treated units; \(emptyControl) have treated units but no controls."
    return SVG.root(
      id: id, width: width, height: height,
      title: "Propensity-score overlap (" + estimators.joined(separator: ", ") + ")", description: description, children
    )
  }
}
