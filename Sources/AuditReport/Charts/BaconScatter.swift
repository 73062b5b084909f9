import StudyModel

/// The Goodman-Bacon (2021) decomposition as a scatter: each 2×2 comparison's
/// estimate against its weight in the two-way fixed-effects coefficient.
///
/// Comparison types differ by marker shape and colour (in the order they
/// first appear in the record); a dashed line marks no effect and a solid line
/// the coefficient itself, which is the weighted average of the points. Points
/// far from the coefficient with large weights are the comparisons that drive it.
struct BaconScatter: Sendable {
  var components: [BaconComponent]
  /// The two-way fixed-effects coefficient, when estimated.
  var coefficient: Double?
  var axisLabel: String

  /// Comparison types in order of first appearance.
  var types: [String] {
    var out: [String] = []
    for component in components where !out.contains(component.comparison) { out.append(component.comparison) }
    return out
  }

  /// A component's label: `2004 vs never treated`.
  static func label(_ component: BaconComponent) -> String {
    NumberFormat.plain(component.treated) + " vs " + (component.control.map(NumberFormat.plain) ?? "never treated")
  }

  /// The chart.
  func svg(id: String, title: String) -> XMLNode {
    let width = 760.0
    let plotLeft = 76.0
    let plotRight = width - 30
    let top = 44.0
    let plotBottom = 254.0
    let height = plotBottom + 50
    // A little room right of the heaviest comparison, so that its marker is not cut by the plot's edge.
    let heaviest = components.map(\.weight).max() ?? 1
    let x = LinearScale(
      covering: components.map(\.weight), include: [0, heaviest * 1.05], range: (plotLeft, plotRight))
    let y = LinearScale(
      covering: components.compactMap(\.estimate), include: [0] + (coefficient.map { [$0] } ?? []),
      range: (plotBottom, top))
    var children: [XMLNode] = [
      SVG.xAxis(x, y: plotBottom, label: "weight in the coefficient", gridTop: top),
      SVG.yAxis(y, x: plotLeft, label: axisLabel, gridRight: plotRight),
    ]
    if y.contains(0) {
      let zero = y.position(0)
      children.append(
        SVG.line(x1: plotLeft, y1: zero, x2: plotRight, y2: zero, [("class", "reference")], title: "no effect (0)"))
    }
    if let coefficient, coefficient.isFinite {
      let cy = y.position(coefficient)
      children.append(
        SVG.group(
          title: "two-way fixed-effects coefficient: \(NumberFormat.estimate(coefficient))", class: "mark",
          [
            SVG.line(x1: plotLeft, y1: cy, x2: plotRight, y2: cy, [("class", "estimate-line")]),
            SVG.text(
              "coefficient \(NumberFormat.estimate(coefficient))", x: plotRight - 4, y: cy - 5, anchor: "end",
              class: "annotation halo"),
          ]))
    }
    let types = self.types
    var legend: [(label: String, draw: (Double, Double) -> XMLNode)] = []
    for (index, type) in types.enumerated() {
      let colour = Palette.series(index)
      legend.append(
        (
          type,
          { px, py in
            SVG.marker(index, x: px, y: py, size: 4.5, [("fill", colour)], title: "\(type): \(SVG.markerName(index))")
          }
        ))
    }
    children.append(SVG.legend(legend, x: plotLeft, y: 16))
    var marks: [XMLNode] = []
    for component in components {
      guard let estimate = component.estimate, let index = types.firstIndex(of: component.comparison) else { continue }
      let title =
        "\(component.comparison), \(BaconScatter.label(component)): estimate \(NumberFormat.estimate(estimate)), "
        + "weight \(NumberFormat.estimate(component.weight))"
      marks.append(
        SVG.marker(
          index, x: x.position(component.weight), y: y.position(estimate), size: 5,
          [("fill", Palette.series(index)), ("fill-opacity", "0.85"), ("stroke", "#FFFFFF")], title: title))
    }
    children.append(SVG.group(title: "2×2 comparisons", class: "marks", marks))
    let description =
      "Scatter of the \(components.count) two-by-two comparisons of the Goodman-Bacon decomposition: estimate of "
      + "\(axisLabel) against weight; the coefficient \(NumberFormat.estimate(coefficient)) is their weighted average. "
      + components.map {
        "\($0.comparison) \(BaconScatter.label($0)): \(NumberFormat.estimate($0.estimate)) "
          + "(weight \(NumberFormat.estimate($0.weight)))"
      }.joined(separator: "; ") + "."
    return SVG.root(id: id, width: width, height: height, title: title, description: description, children)
  }
}
