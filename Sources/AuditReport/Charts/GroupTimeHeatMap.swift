import StudyModel

/// A heat map of the group-time effects ATT(g, t): one row per cohort `g`
/// (first treated period, earliest at the top), one column per period `t`.
///
/// Cells are shaded on the diverging scale of ``Palette/diverging(_:limit:)``,
/// symmetric about zero (blue positive, vermillion negative), and print their
/// value when there are at most 12 periods; every cell's tooltip gives the
/// value, its standard error, the event time and the base period. A thick
/// vertical line in each row marks the cohort's adoption: cells right of it
/// are effects after treatment, cells left of it pre-treatment placebo
/// estimates. A cell that is its own base period (0 by construction) is white
/// with a dashed border and reads `base`; a cohort-period pair without an
/// ATT(g, t) is grey.
struct GroupTimeHeatMap: Sendable {
  var effects: [GroupTimeEffect]
  /// Units per cohort, for row labels, when known.
  var cohortSizes: [Double: Int]
  /// The time column's name, for the axis label.
  var timeName: String

  var cohorts: [Double] { Array(Set(effects.map(\.cohort))).sorted() }
  var periods: [Double] { Array(Set(effects.map(\.time))).sorted() }

  /// The effect of `cohort` in `period`, if recorded.
  func effect(cohort: Double, time: Double) -> GroupTimeEffect? {
    effects.first { $0.cohort == cohort && $0.time == time }
  }

  /// Whether the cell is its own base period (0 by construction).
  static func isBase(_ effect: GroupTimeEffect) -> Bool { effect.time == effect.basePeriod }

  /// The chart.
  func svg(id: String) -> XMLNode {
    let gs = cohorts
    let ts = periods
    let labels = gs.map { g in NumberFormat.plain(g) + (cohortSizes[g].map { " (\($0) units)" } ?? "") }
    let plotLeft = max(140, (labels.map { SVG.textWidth($0, size: 11) }.max() ?? 0) + 16)
    let top = 30.0
    let cellWidth = max(28, min(72, 520 / Double(max(1, ts.count))))
    let cellHeight = max(18, min(34, 320 / Double(max(1, gs.count))))
    let plotRight = plotLeft + cellWidth * Double(ts.count)
    let plotBottom = top + cellHeight * Double(gs.count)
    let width = max(760, plotRight + 170)
    let height = max(plotBottom + 54, top + 30 + 6 * 18 + 20)
    let values = effects.filter { !GroupTimeHeatMap.isBase($0) }.compactMap(\.value).filter(\.isFinite)
    let limit = values.map(abs).max() ?? 1
    let showText = ts.count <= 12
    var cells: [XMLNode] = []
    var adoption: [XMLNode] = []
    for (row, g) in gs.enumerated() {
      let y = top + cellHeight * Double(row)
      for (column, t) in ts.enumerated() {
        let x = plotLeft + cellWidth * Double(column)
        let eventTime = NumberFormat.plain(t - g)
        var cell: [XMLNode] = []
        var label: String
        let title: String
        if let cellEffect = effect(cohort: g, time: t) {
          if GroupTimeHeatMap.isBase(cellEffect) {
            cell.append(
              SVG.rect(
                x: x + 1.5, y: y + 1.5, width: cellWidth - 3, height: cellHeight - 3,
                [("fill", "#FFFFFF"), ("stroke", "#555555"), ("stroke-dasharray", "3 2")]))
            label = "base"
            title =
              "cohort \(NumberFormat.plain(g)), period \(NumberFormat.plain(t)): the base period, 0 by construction"
          } else {
            cell.append(
              SVG.rect(
                x: x, y: y, width: cellWidth, height: cellHeight,
                [("fill", Palette.diverging(cellEffect.value, limit: limit)), ("class", "cell")]))
            label =
              cellEffect.value.map { NumberFormat.significant($0, digits: 3).trimmingTrailingZeros() }
              ?? NumberFormat.missing
            title =
              "cohort \(NumberFormat.plain(g)), period \(NumberFormat.plain(t)) (event time \(eventTime)): ATT "
              + "\(NumberFormat.estimate(cellEffect.value)) (se \(NumberFormat.estimate(cellEffect.standardError))), "
              + "base period \(NumberFormat.plain(cellEffect.basePeriod))"
          }
        } else {
          cell.append(
            SVG.rect(x: x, y: y, width: cellWidth, height: cellHeight, [("fill", "#EEEEEE"), ("class", "cell")]))
          label = ""
          title = "cohort \(NumberFormat.plain(g)), period \(NumberFormat.plain(t)): no ATT(g,t)"
        }
        if !showText && label != "base" { label = "" }
        if !label.isEmpty {
          cell.append(
            SVG.text(label, x: x + cellWidth / 2, y: y + cellHeight / 2 + 4, anchor: "middle", class: "cell-label"))
        }
        cells.append(SVG.group(title: title, class: "mark", cell))
      }
      // The adoption line: the left edge of the cohort's first treated period.
      if let column = ts.firstIndex(where: { $0 >= g }) {
        let x = plotLeft + cellWidth * Double(column)
        adoption.append(
          SVG.line(
            x1: x, y1: y, x2: x, y2: y + cellHeight, [("stroke", Palette.black), ("stroke-width", "3")],
            title: "cohort \(NumberFormat.plain(g)) adopts in period \(NumberFormat.plain(g))"))
      }
    }
    var axes: [XMLNode] = []
    for (column, t) in ts.enumerated() {
      axes.append(
        SVG.text(
          NumberFormat.plain(t), x: plotLeft + cellWidth * (Double(column) + 0.5), y: plotBottom + 15,
          anchor: "middle", class: "tick"))
    }
    axes.append(
      SVG.text(
        "period (\(timeName))", x: (plotLeft + plotRight) / 2, y: plotBottom + 34, anchor: "middle",
        class: "axis-label"))
    for (row, label) in labels.enumerated() {
      axes.append(
        SVG.text(
          label, x: plotLeft - 7, y: top + cellHeight * (Double(row) + 0.5) + 4, anchor: "end", class: "tick"))
    }
    axes.append(SVG.text("cohort (first treated)", x: plotLeft - 7, y: top - 10, anchor: "end", class: "axis-label"))
    let keyX = plotRight + 24
    var key = Palette.divergingKey(title: "ATT(g,t)", limit: limit, x: keyX, top: top)
    let ay = top + 30 + 5 * 18
    key.append(
      SVG.line(
        x1: keyX + 13, y1: ay - 11, x2: keyX + 13, y2: ay + 3, [("stroke", Palette.black), ("stroke-width", "3")]))
    key.append(SVG.text("adoption", x: keyX + 32, y: ay + 1, class: "legend"))
    if effects.contains(where: GroupTimeHeatMap.isBase) {
      key.append(
        SVG.rect(
          x: keyX, y: ay + 8, width: 26, height: 14,
          [("fill", "#FFFFFF"), ("stroke", "#555555"), ("stroke-dasharray", "3 2")]))
      key.append(SVG.text("base period", x: keyX + 32, y: ay + 19, class: "legend"))
    }
    let children: [XMLNode] = [
      SVG.group(title: "ATT(g,t) by cohort and period", class: "cells", cells),
      SVG.group(title: "adoption of each cohort", class: "adoption", adoption),
      SVG.group(title: "axes: cohorts and periods", class: "axis", axes),
      SVG.group(title: "key", class: "legend", key),
    ]
    let post = effects.filter { $0.time >= $0.cohort && !GroupTimeHeatMap.isBase($0) }.compactMap(\.value)
    let pre = effects.filter { $0.time < $0.cohort && !GroupTimeHeatMap.isBase($0) }.compactMap(\.value)
    let description =
      "Heat map of \(effects.count) group-time effects ATT(g,t): \(gs.count) cohorts by \(ts.count) periods. "
      + "After adoption: \(post.count) effects from \(NumberFormat.estimate(post.min())) to "
      + "\(NumberFormat.estimate(post.max())); before adoption: \(pre.count) placebo estimates from "
      + "\(NumberFormat.estimate(pre.min())) to \(NumberFormat.estimate(pre.max()))."
    return SVG.root(
      id: id, width: width, height: height, title: "Group-time effects ATT(g,t)", description: description, children)
  }
}
