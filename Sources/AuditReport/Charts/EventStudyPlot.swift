import StudyModel

/// An event-study plot: the effect by event time (periods since adoption),
/// each estimate with its pointwise confidence interval and, when the
/// estimator computed one, the uniform band that covers every event time at once.
///
/// Event time `e = t − g` for a unit first treated in period `g`; `e < 0` are
/// pre-treatment periods, where parallel trends and no anticipation put the
/// effect at 0, so those points are placebo estimates. A dashed vertical line
/// between `e = −1` and `e = 0` marks adoption, and a dashed horizontal line
/// marks no effect. Pre- and post-treatment points differ by marker shape
/// (circle, square) as well as colour; the uniform band is a pale bar behind
/// each interval. A point without a standard error and with value 0 is a
/// reference period (0 by construction) and is drawn hollow.
struct EventStudyPlot: Sendable {
  var points: [EventStudyPoint]
  /// The axis label: the effect in words.
  var axisLabel: String
  var confidenceLevel: Double

  /// Whether a point is a reference period: 0 by construction, no standard error.
  static func isReference(_ point: EventStudyPoint) -> Bool {
    point.value == 0 && point.standardError == nil
  }

  /// The chart.
  func svg(id: String, title: String) -> XMLNode {
    let sorted = points.sorted { $0.eventTime < $1.eventTime }
    let width = 760.0
    let plotLeft = 76.0
    let plotRight = width - 24
    let top = 44.0
    let plotBottom = 264.0
    let height = plotBottom + 50
    let first = sorted.first?.eventTime ?? -1
    let last = sorted.last?.eventTime ?? 0
    // Event times are integers: one slot each, with the adoption line between -1 and 0 always in view.
    let low = min(first, -1)
    let high = max(last, 0)
    let slot = (plotRight - plotLeft) / Double(high - low + 1)
    func x(_ eventTime: Double) -> Double { plotLeft + (eventTime - Double(low) + 0.5) * slot }
    var values: [Double] = []
    for point in sorted {
      if let value = point.value { values.append(value) }
      values.append(contentsOf: point.confidenceInterval ?? [])
      values.append(contentsOf: point.uniformBand ?? [])
    }
    let y = LinearScale(covering: values, include: [0], range: (plotBottom, top), targetTicks: 5)
    var children: [XMLNode] = [SVG.yAxis(y, x: plotLeft, label: axisLabel, gridRight: plotRight)]
    // The horizontal axis: one tick per event time (every k-th label when they are many).
    var axis: [XMLNode] = [
      SVG.line(x1: plotLeft, y1: plotBottom, x2: plotRight, y2: plotBottom, [("class", "axis-line")])
    ]
    let labelEvery = max(1, Int((Double(high - low + 1) / 25).rounded(.up)))
    for e in low...high {
      let px = x(Double(e))
      axis.append(SVG.line(x1: px, y1: plotBottom, x2: px, y2: plotBottom + 4, [("class", "axis-line")]))
      if (e - low) % labelEvery == 0 || e == 0 {
        axis.append(SVG.text(String(e), x: px, y: plotBottom + 16, anchor: "middle", class: "tick"))
      }
    }
    axis.append(
      SVG.text(
        "event time: periods since adoption", x: (plotLeft + plotRight) / 2, y: plotBottom + 34, anchor: "middle",
        class: "axis-label"))
    children.append(SVG.group(title: "horizontal axis: event time (periods since adoption)", class: "axis", axis))
    if y.contains(0) {
      let zero = y.position(0)
      children.append(
        SVG.line(x1: plotLeft, y1: zero, x2: plotRight, y2: zero, [("class", "reference")], title: "no effect (0)"))
    }
    let adoption = x(-0.5)
    children.append(
      SVG.group(
        title: "adoption: between event time -1 (the last period before) and 0 (the first treated period)",
        class: "mark",
        [
          SVG.line(x1: adoption, y1: top - 6, x2: adoption, y2: plotBottom, [("class", "reference-strong")]),
          SVG.text("adoption", x: adoption + 4, y: top - 8, class: "annotation"),
        ]))
    let hasBand = sorted.contains { $0.uniformBand != nil }
    var legend: [(label: String, draw: (Double, Double) -> XMLNode)] = [
      (
        "before adoption",
        { px, py in SVG.marker(0, x: px, y: py, size: 4, [("fill", Palette.vermillion)], title: "before: circle") }
      ),
      (
        "after adoption",
        { px, py in SVG.marker(1, x: px, y: py, size: 4, [("fill", Palette.blue)], title: "after: square") }
      ),
      (
        "\(NumberFormat.percent(confidenceLevel)) pointwise CI",
        { px, py in
          SVG.line(x1: px, y1: py - 6, x2: px, y2: py + 6, [("class", "whisker")], title: "pointwise interval: line")
        }
      ),
    ]
    if hasBand {
      legend.append(
        (
          "\(NumberFormat.percent(confidenceLevel)) uniform band",
          { px, py in
            SVG.rect(
              x: px - 5, y: py - 7, width: 10, height: 14,
              [("fill", Palette.skyBlue), ("fill-opacity", "0.35"), ("class", "swatch")],
              title: "uniform band: pale bar")
          }
        ))
    }
    if sorted.contains(where: EventStudyPlot.isReference) {
      legend.append(
        (
          "reference (0)",
          { px, py in SVG.circle(cx: px, cy: py, r: 4, [("class", "hollow")], title: "reference period: hollow circle")
          }
        ))
    }
    children.append(SVG.legend(legend, x: 36, y: 16))
    let level = NumberFormat.percent(confidenceLevel)
    var marks: [XMLNode] = []
    for point in sorted {
      let px = x(Double(point.eventTime))
      let before = point.eventTime < 0
      var mark: [XMLNode] = []
      var tooltip = "event time \(point.eventTime): "
      if let band = point.uniformBand, band.count == 2 {
        mark.append(
          SVG.rect(
            x: px - min(9, slot * 0.3), y: y.position(band[1]), width: 2 * min(9, slot * 0.3),
            height: y.position(band[0]) - y.position(band[1]), [("fill", Palette.skyBlue), ("fill-opacity", "0.35")]))
      }
      if let interval = point.confidenceInterval, interval.count == 2 {
        mark.append(
          SVG.line(
            x1: px, y1: y.position(interval[0]), x2: px, y2: y.position(interval[1]), [("class", "whisker")]))
        for bound in interval {
          mark.append(
            SVG.line(x1: px - 4, y1: y.position(bound), x2: px + 4, y2: y.position(bound), [("class", "whisker")]))
        }
      }
      if let value = point.value {
        if EventStudyPlot.isReference(point) {
          mark.append(
            SVG.circle(
              cx: px, cy: y.position(0), r: 4.5, [("class", "hollow")],
              title: "event time \(point.eventTime): reference period, 0 by construction"))
          tooltip += "reference period (0 by construction)"
        } else {
          mark.append(
            SVG.marker(
              before ? 0 : 1, x: px, y: y.position(value), size: 4.5,
              [("fill", before ? Palette.vermillion : Palette.blue)],
              title: "event time \(point.eventTime): \(NumberFormat.estimate(value))"))
          tooltip +=
            "\(NumberFormat.estimate(value)) (se \(NumberFormat.estimate(point.standardError))), \(level) CI "
            + NumberFormat.interval(point.confidenceInterval)
          if point.uniformBand != nil { tooltip += ", uniform band " + NumberFormat.interval(point.uniformBand) }
        }
      } else {
        tooltip += "no estimate"
      }
      marks.append(SVG.group(title: tooltip, class: "mark", mark))
    }
    children.append(SVG.group(title: "estimates by event time", class: "marks", marks))
    let description =
      "Event study of \(sorted.count) estimates of \(axisLabel) by event time, from \(first) to \(last), with "
      + "\(level) pointwise intervals" + (hasBand ? " and the \(level) uniform band" : "")
      + "; adoption is between event time -1 and 0. "
      + sorted.map { point in
        EventStudyPlot.isReference(point)
          ? "\(point.eventTime): reference (0)"
          : "\(point.eventTime): \(NumberFormat.estimate(point.value)) \(NumberFormat.interval(point.confidenceInterval))"
      }.joined(separator: "; ") + "."
    return SVG.root(id: id, width: width, height: height, title: title, description: description, children)
  }
}
