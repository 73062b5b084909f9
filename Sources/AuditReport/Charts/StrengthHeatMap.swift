import StudyModel

/// A heat map of estimates under a simulated unobserved common cause, over its
/// strength of effect on the treatment (columns) and on the outcome (rows).
///
/// Cells are shaded on a blue (positive) to vermillion (negative) scale
/// symmetric about zero, so a change of sign stands out; each cell also
/// prints its value when the grid is small enough to read (at most 12 columns).
struct StrengthHeatMap: Sendable {
  var points: [GridPoint]
  /// The estimate without the simulated confounder.
  var estimate: Double?

  /// Distinct strengths on each axis, ascending.
  var treatmentStrengths: [Double] { Array(Set(points.map(\.treatmentStrength))).sorted() }
  var outcomeStrengths: [Double] { Array(Set(points.map(\.outcomeStrength))).sorted() }

  /// The estimate at a grid position, if any.
  func estimate(treatment: Double, outcome: Double) -> Double? {
    points.first { $0.treatmentStrength == treatment && $0.outcomeStrength == outcome }?.estimate
  }

  /// The chart.
  func svg(id: String) -> XMLNode {
    let xs = treatmentStrengths
    let ys = outcomeStrengths
    let plotLeft = 90.0
    let top = 16.0
    let cellWidth = max(28, min(64, 560 / Double(max(1, xs.count))))
    let cellHeight = max(16, min(30, 300 / Double(max(1, ys.count))))
    let plotRight = plotLeft + cellWidth * Double(xs.count)
    let plotBottom = top + cellHeight * Double(ys.count)
    let width = max(760, plotRight + 160)
    let height = plotBottom + 54
    let values = points.compactMap(\.estimate).filter(\.isFinite)
    let limit = values.map(abs).max() ?? 1
    let showText = xs.count <= 12
    var cells: [XMLNode] = []
    var signFlips = 0
    for (row, outcome) in ys.enumerated() {
      // The strongest outcome effect at the top.
      let y = plotBottom - cellHeight * Double(row + 1)
      for (column, treatment) in xs.enumerated() {
        let x = plotLeft + cellWidth * Double(column)
        let value = estimate(treatment: treatment, outcome: outcome)
        if let value, let estimate, (value > 0) != (estimate > 0), value != 0 { signFlips += 1 }
        let title =
          "effect on treatment \(NumberFormat.estimate(treatment)), on outcome \(NumberFormat.estimate(outcome)): "
          + (value.map { "estimate \(NumberFormat.estimate($0))" } ?? "no estimate")
        var cell: [XMLNode] = [
          SVG.rect(
            x: x, y: y, width: cellWidth, height: cellHeight,
            [("fill", Palette.diverging(value, limit: limit)), ("class", "cell")])
        ]
        if showText {
          cell.append(
            SVG.text(
              value.map { NumberFormat.significant($0, digits: 3).trimmingTrailingZeros() } ?? NumberFormat.missing,
              x: x + cellWidth / 2,
              y: y + cellHeight / 2 + 4, anchor: "middle", class: "cell-label"))
        }
        cells.append(SVG.group(title: title, class: "mark", cell))
      }
    }
    var axes: [XMLNode] = []
    for (column, treatment) in xs.enumerated() {
      axes.append(
        SVG.text(
          NumberFormat.estimate(treatment), x: plotLeft + cellWidth * (Double(column) + 0.5),
          y: plotBottom + 15, anchor: "middle", class: "tick"))
    }
    axes.append(
      SVG.text(
        "effect of the confounder on the treatment", x: (plotLeft + plotRight) / 2, y: plotBottom + 34,
        anchor: "middle", class: "axis-label"))
    for (row, outcome) in ys.enumerated() {
      axes.append(
        SVG.text(
          NumberFormat.estimate(outcome), x: plotLeft - 7, y: plotBottom - cellHeight * (Double(row) + 0.5) + 4,
          anchor: "end", class: "tick"))
    }
    let middle = (top + plotBottom) / 2
    axes.append(
      SVG.text(
        "effect on the outcome", x: plotLeft - 62, y: middle, anchor: "middle", class: "axis-label",
        [("transform", "rotate(-90 \(SVG.n(plotLeft - 62)) \(SVG.n(middle)))")]))
    let keyX = plotRight + 24
    let key = Palette.divergingKey(title: "Estimate", limit: limit, x: keyX, top: top)
    let children: [XMLNode] = [
      SVG.group(title: "grid of estimates", class: "cells", cells),
      SVG.group(title: "axes: confounder strengths", class: "axis", axes),
      SVG.group(title: "key", class: "legend", key),
    ]
    let description =
      "Heat map of \(points.count) estimates under a simulated unobserved common cause: \(xs.count) strengths of its "
      + "effect on the treatment by \(ys.count) strengths of its effect on the outcome; estimates from "
      + "\(NumberFormat.estimate(values.min())) to \(NumberFormat.estimate(values.max())). "
      + (estimate == nil
        ? "" : "\(signFlips) of them have the opposite sign to the estimate \(NumberFormat.estimate(estimate)).")
    return SVG.root(
      id: id, width: width, height: height, title: "Estimates under an unobserved common cause",
      description: description,
      children)
  }
}
