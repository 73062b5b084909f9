/// A forest plot: one row per estimate, a point and its confidence interval on a shared axis.
///
/// Used across estimators (is every method telling the same story?) and for
/// conditional effects across the levels of a modifier. A dashed vertical
/// line marks zero, the null effect, whenever it lies within the axis. Rows
/// without an estimate show why in place of the point.
struct ForestPlot: Sendable {
  struct Row: Sendable {
    var label: String
    /// A second line under the label (the method), or empty.
    var sublabel: String
    var value: Double?
    var interval: [Double]?
    /// Text in place of a point when `value` is nil.
    var missingReason: String
    /// Whether the row is drawn as failed (a ✗ before the figures).
    var failed: Bool
  }

  var rows: [Row]
  /// The axis label: the effect in words.
  var axisLabel: String
  /// The confidence level of the intervals, for tooltips.
  var confidenceLevel: Double

  /// The chart.
  func svg(id: String, title: String) -> XMLNode {
    let width = 760.0
    let labelWidth = 180.0
    let plotLeft = labelWidth + 20
    let plotRight = 540.0
    let rowHeight = 30.0
    let top = 16.0
    let plotBottom = top + rowHeight * Double(rows.count)
    let height = plotBottom + 48
    var values: [Double] = []
    for row in rows {
      if let v = row.value { values.append(v) }
      values.append(contentsOf: row.interval ?? [])
    }
    let scale = LinearScale(covering: values, include: [0], range: (plotLeft, plotRight))
    var children: [XMLNode] = [SVG.xAxis(scale, y: plotBottom + 4, label: axisLabel, gridTop: top)]
    if scale.contains(0) {
      let x = scale.position(0)
      children.append(
        SVG.line(x1: x, y1: top - 6, x2: x, y2: plotBottom + 4, [("class", "reference")], title: "no effect (0)"))
    }
    let level = NumberFormat.percent(confidenceLevel)
    for (index, row) in rows.enumerated() {
      let y = top + rowHeight * (Double(index) + 0.5)
      var mark: [XMLNode] = [
        SVG.text(row.label, x: 8, y: row.sublabel.isEmpty ? y + 4 : y - 2, class: "row-label")
      ]
      if !row.sublabel.isEmpty { mark.append(SVG.text(row.sublabel, x: 8, y: y + 11, class: "row-sublabel")) }
      let figures: String
      if let value = row.value {
        if let interval = row.interval, interval.count == 2 {
          mark.append(
            SVG.line(
              x1: scale.position(interval[0]), y1: y, x2: scale.position(interval[1]), y2: y,
              [("class", "whisker")]))
          for bound in interval {
            mark.append(
              SVG.line(
                x1: scale.position(bound), y1: y - 5, x2: scale.position(bound), y2: y + 5, [("class", "whisker")]))
          }
        }
        mark.append(
          SVG.marker(
            1, x: scale.position(value), y: y, size: 5, [("fill", row.failed ? Palette.vermillion : Palette.blue)],
            title: "\(row.label): \(NumberFormat.estimate(value))"))
        figures = NumberFormat.estimate(value) + "  " + NumberFormat.interval(row.interval)
      } else {
        figures = row.missingReason
      }
      mark.append(SVG.text((row.failed ? "✗ " : "") + figures, x: plotRight + 16, y: y + 4, class: "row-figures"))
      let tooltip =
        row.value == nil
        ? "\(row.label): \(row.missingReason)"
        : "\(row.label): \(NumberFormat.estimate(row.value)), \(level) CI \(NumberFormat.interval(row.interval))"
      children.append(SVG.group(title: tooltip, class: "mark", mark))
    }
    let description =
      "Forest plot of \(rows.count) estimates of \(axisLabel): "
      + rows.map { row in
        row.value == nil
          ? "\(row.label) \(row.missingReason)"
          : "\(row.label) \(NumberFormat.estimate(row.value)) \(NumberFormat.interval(row.interval))"
      }.joined(separator: "; ") + "."
    return SVG.root(id: id, width: width, height: height, title: title, description: description, children)
  }
}
