import StudyModel

/// The sensitivity contour plot of Cinelli & Hazlett (2020), "Making sense of
/// sensitivity: extending omitted variable bias", JRSS B 82(1), figure 2.
///
/// Axes: the partial R² of a hypothetical confounder with the treatment (x)
/// and with the outcome (y). The shaded grid and its contour lines give the
/// estimate adjusted for such a confounder. The bold dashed contour is the
/// critical one: where the estimate has lost 100q% of its size (zero for
/// q = 1). Benchmarks place confounders k times as strong as an observed
/// covariate; the triangle on the diagonal is the robustness value.
struct SensitivityContourPlot: Sendable {
  var sensitivity: SensitivityRecord
  /// The unadjusted estimate.
  var estimate: Double?

  /// The estimate the critical contour marks: (1 - q) times the estimate.
  var criticalLevel: Double? {
    estimate.map { $0 * (1 - sensitivity.q) }
  }

  /// The chart.
  func svg(id: String) -> XMLNode {
    let contour = sensitivity.contour
    let width = 760.0
    let plotLeft = 80.0
    let plotRight = 560.0
    let top = 20.0
    let plotBottom = 380.0
    let height = plotBottom + 48
    let benchmarks = sensitivity.benchmarks
    let xs = contour.treatmentR2
    let ys = contour.outcomeR2
    let rv = sensitivity.robustnessValue
    let x = LinearScale(
      covering: xs, include: benchmarks.map(\.partialR2Treatment) + [rv].filter(\.isFinite),
      range: (plotLeft, plotRight))
    let y = LinearScale(
      covering: ys, include: benchmarks.map(\.partialR2Outcome) + [rv].filter(\.isFinite), range: (plotBottom, top))
    let grid = contour.values
    let finite = grid.flatMap { $0 }.filter(\.isFinite)
    let limit = finite.map(abs).max() ?? 1
    var children: [XMLNode] = []
    // Shaded cells: the mean of each cell's four corners.
    var cells: [XMLNode] = []
    if ys.count > 1, xs.count > 1, grid.count == ys.count, grid.allSatisfy({ $0.count == xs.count }) {
      for i in 0..<(ys.count - 1) {
        for j in 0..<(xs.count - 1) {
          let corners = [grid[i][j], grid[i][j + 1], grid[i + 1][j], grid[i + 1][j + 1]]
          let mean = corners.allSatisfy(\.isFinite) ? corners.reduce(0, +) / 4 : Double.nan
          let x0 = x.position(xs[j])
          let x1 = x.position(xs[j + 1])
          let y0 = y.position(ys[i])
          let y1 = y.position(ys[i + 1])
          let r2 = { (value: Double) in NumberFormat.fixed(value, decimals: 3) }
          let treatmentRange = r2(xs[j]) + "–" + r2(xs[j + 1])
          let outcomeRange = r2(ys[i]) + "–" + r2(ys[i + 1])
          let meanText = NumberFormat.estimate(mean.isFinite ? mean : nil)
          let title = "treatment R² \(treatmentRange), outcome R² \(outcomeRange): adjusted estimate about \(meanText)"
          let fill = Palette.diverging(mean.isFinite ? mean : nil, limit: limit)
          cells.append(SVG.rect(x: x0, y: y1, width: x1 - x0, height: y0 - y1, [("fill", fill)], title: title))
        }
      }
    }
    children.append(
      SVG.group(title: "shading: adjusted estimate (blue positive, vermillion negative)", class: "cells", cells))
    children.append(SVG.xAxis(x, y: plotBottom, label: "partial R² of confounder with treatment"))
    children.append(SVG.yAxis(y, x: plotLeft, label: "partial R² of confounder with outcome"))

    // Contour lines at nice levels, and the critical contour.
    let levelScale = LinearScale(covering: finite, range: (0, 1), targetTicks: 6)
    let critical = criticalLevel
    var levels = levelScale.ticks.filter { level in
      finite.contains { $0 < level } && finite.contains { $0 > level }
    }
    if let critical { levels.removeAll { abs($0 - critical) < levelScale.step * 1e-6 } }
    var lines: [XMLNode] = []
    for level in levels {
      let segments = MarchingSquares.segments(grid: grid, xs: xs, ys: ys, level: level)
      guard !segments.isEmpty else { continue }
      lines.append(
        contourPath(segments, x: x, y: y, level: level, class: "contour", label: NumberFormat.estimate(level)))
    }
    if let critical, finite.contains(where: { $0 < critical }), finite.contains(where: { $0 > critical }) {
      let segments = MarchingSquares.segments(grid: grid, xs: xs, ys: ys, level: critical)
      if !segments.isEmpty {
        lines.append(
          contourPath(
            segments, x: x, y: y, level: critical, class: "contour-critical",
            label: NumberFormat.estimate(critical)))
      }
    }
    children.append(SVG.group(title: "contours of the adjusted estimate", class: "contours", lines))

    // Robustness value on the diagonal.
    if rv.isFinite {
      children.append(
        SVG.group(
          title: "robustness value RV = \(NumberFormat.fixed(rv, decimals: 3))", class: "mark",
          [
            SVG.marker(
              3, x: x.position(rv), y: y.position(rv), size: 5, [("class", "hollow")],
              title: "robustness value: a confounder with partial R² \(NumberFormat.fixed(rv, decimals: 3)) with both"),
            SVG.text(
              "RV \(NumberFormat.fixed(rv, decimals: 3))", x: x.position(rv) + 8, y: y.position(rv) + 14,
              class: "annotation halo"),
          ]))
    }
    // Benchmarks.
    for benchmark in benchmarks {
      let bx = x.position(benchmark.partialR2Treatment)
      let by = y.position(benchmark.partialR2Outcome)
      let name = NumberFormat.plain(benchmark.multiplier) + "× " + benchmark.covariate
      let strength =
        "partial R² " + NumberFormat.fixed(benchmark.partialR2Treatment, decimals: 3) + " with treatment, "
        + NumberFormat.fixed(benchmark.partialR2Outcome, decimals: 3) + " with outcome"
      let adjusted =
        NumberFormat.estimate(benchmark.adjustedEstimate) + " ["
        + NumberFormat.estimate(benchmark.adjustedLower) + ", " + NumberFormat.estimate(benchmark.adjustedUpper) + "]"
      let label = name + ": " + NumberFormat.estimate(benchmark.adjustedEstimate)
      children.append(
        SVG.group(
          title: "\(name): \(strength); adjusted estimate \(adjusted)", class: "mark",
          [
            SVG.marker(2, x: bx, y: by, size: 5, [("fill", Palette.vermillion)], title: "benchmark \(name)"),
            SVG.text(label, x: bx + 9, y: by - 6, class: "annotation halo"),
          ]))
    }
    // Key, right of the plot.
    let keyX = plotRight + 24
    var key: [XMLNode] = [
      SVG.text("Adjusted estimate", x: keyX, y: top + 12, class: "legend-title"),
      SVG.line(x1: keyX, y1: top + 30, x2: keyX + 26, y2: top + 30, [("class", "contour")]),
      SVG.text("contour", x: keyX + 32, y: top + 34, class: "legend"),
      SVG.line(x1: keyX, y1: top + 50, x2: keyX + 26, y2: top + 50, [("class", "contour-critical")]),
      SVG.text("critical: \(NumberFormat.estimate(critical))", x: keyX + 32, y: top + 54, class: "legend"),
      SVG.marker(2, x: keyX + 13, y: top + 70, size: 5, [("fill", Palette.vermillion)], title: "benchmark marker"),
      SVG.text("benchmark", x: keyX + 32, y: top + 74, class: "legend"),
      SVG.marker(3, x: keyX + 13, y: top + 90, size: 5, [("class", "hollow")], title: "robustness value marker"),
      SVG.text("robustness value", x: keyX + 32, y: top + 94, class: "legend"),
    ]
    for (index, value) in [limit, limit / 2, 0, -limit / 2, -limit].enumerated() {
      let ky = top + 116 + Double(index) * 18
      key.append(
        SVG.rect(
          x: keyX, y: ky - 10, width: 26, height: 14,
          [("fill", Palette.diverging(value, limit: limit)), ("class", "swatch")]))
      key.append(SVG.text(NumberFormat.estimate(value), x: keyX + 32, y: ky + 1, class: "legend"))
    }
    children.append(SVG.group(title: "key", class: "legend", key))

    let r2 = { (value: Double?) in NumberFormat.fixed(value, decimals: 3) }
    var description =
      "Contour plot of the estimate adjusted for a hypothetical confounder, over partial R² with the treatment "
    description +=
      "from \(r2(xs.first)) to \(r2(xs.last)) and with the outcome from \(r2(ys.first)) to \(r2(ys.last)). "
    description +=
      "Unadjusted estimate \(NumberFormat.estimate(estimate)); critical contour at \(NumberFormat.estimate(critical)); "
    description += "robustness value \(r2(rv)). "
    let benchmarkTexts: [String] = benchmarks.map { b in
      NumberFormat.plain(b.multiplier) + "× " + b.covariate + " gives " + NumberFormat.estimate(b.adjustedEstimate)
    }
    description += benchmarkTexts.joined(separator: "; ")
    return SVG.root(
      id: id, width: width, height: height, title: "Sensitivity contours", description: description, children)
  }

  private func contourPath(
    _ segments: [MarchingSquares.Segment], x: LinearScale, y: LinearScale, level: Double, class className: String,
    label: String
  ) -> XMLNode {
    var d = ""
    for s in segments {
      d +=
        "M\(SVG.n(x.position(s.x1))) \(SVG.n(y.position(s.y1)))L\(SVG.n(x.position(s.x2))) \(SVG.n(y.position(s.y2)))"
    }
    // Label at the end of the segment nearest the top edge.
    let top = segments.max { max($0.y1, $0.y2) < max($1.y1, $1.y2) } ?? segments[0]
    let (lx, ly) = top.y1 >= top.y2 ? (top.x1, top.y1) : (top.x2, top.y2)
    return SVG.group(
      title: "adjusted estimate = \(label)", class: nil,
      [
        SVG.path(d, [("class", className)]),
        SVG.text(label, x: x.position(lx) + 3, y: y.position(ly) + 12, class: "contour-label halo"),
      ])
  }
}
