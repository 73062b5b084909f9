/// A love plot: absolute standardised mean differences of each covariate,
/// before adjustment and after each estimator's weighting or matching.
///
/// A dashed line marks 0.1, the conventional bound for adequate balance
/// (Austin 2009, "Balance diagnostics for comparing the distribution of
/// baseline covariates between treatment groups in propensity-score matched
/// samples", Statistics in Medicine 28). "Before" is a hollow black circle;
/// each estimator has its own colour and marker shape.
struct LovePlot: Sendable {
  /// Covariates, top to bottom.
  var covariates: [String]
  /// Signed SMD before adjustment, per covariate.
  var before: [Double?]
  /// Signed SMD after adjustment: one series per estimator, one value per covariate.
  var after: [(estimator: String, values: [Double?])]

  /// The balance threshold drawn as a reference line.
  static let threshold = 0.1

  /// The chart.
  func svg(id: String) -> XMLNode {
    let width = 760.0
    let labelWidth = max(90, covariates.map { SVG.textWidth($0, size: 12) }.max() ?? 0) + 16
    let plotLeft = labelWidth
    let plotRight = width - 30
    let top = 40.0
    let rowHeight = 24.0
    let plotBottom = top + rowHeight * Double(covariates.count)
    let height = plotBottom + 48
    let values = (before + after.flatMap(\.values)).compactMap { $0.map(abs) }
    let scale = LinearScale(covering: values, include: [0, LovePlot.threshold * 1.2], range: (plotLeft, plotRight))
    var children: [XMLNode] = [
      SVG.xAxis(scale, y: plotBottom + 4, label: "absolute standardised mean difference", gridTop: top)
    ]
    let tx = scale.position(LovePlot.threshold)
    children.append(
      SVG.line(
        x1: tx, y1: top - 6, x2: tx, y2: plotBottom + 4, [("class", "threshold")], title: "balance threshold 0.1"))
    var legend: [(label: String, draw: (Double, Double) -> XMLNode)] = [
      (
        "before adjustment",
        { x, y in SVG.circle(cx: x, cy: y, r: 4.5, [("class", "hollow")], title: "before adjustment: hollow circle") }
      )
    ]
    for (index, series) in after.enumerated() {
      let colour = Palette.series(index)
      let symbol = index + 1
      legend.append(
        (
          "after \(series.estimator)",
          { x, y in
            SVG.marker(
              symbol, x: x, y: y, size: 4.5, [("fill", colour)],
              title: "after \(series.estimator): \(SVG.markerName(symbol))")
          }
        ))
    }
    children.append(SVG.legend(legend, x: plotLeft, y: 18))
    for (row, covariate) in covariates.enumerated() {
      let y = top + rowHeight * (Double(row) + 0.5)
      var marks: [XMLNode] = [
        SVG.text(covariate, x: plotLeft - 8, y: y + 4, anchor: "end", class: "row-label"),
        SVG.line(x1: plotLeft, y1: y, x2: plotRight, y2: y, [("class", "row-rule")]),
      ]
      var parts: [String] = []
      if let value = before[row] {
        marks.append(
          SVG.circle(
            cx: scale.position(abs(value)), cy: y, r: 4.5, [("class", "hollow")],
            title: "\(covariate) before adjustment: SMD \(NumberFormat.fixed(value, decimals: 3))"))
        parts.append("before \(NumberFormat.fixed(value, decimals: 3))")
      }
      for (index, series) in after.enumerated() {
        guard let value = series.values[row] else { continue }
        marks.append(
          SVG.marker(
            index + 1, x: scale.position(abs(value)), y: y, size: 4.5,
            [("fill", Palette.series(index)), ("fill-opacity", "0.85")],
            title: "\(covariate) after \(series.estimator): SMD \(NumberFormat.fixed(value, decimals: 3))"))
        parts.append("\(series.estimator) \(NumberFormat.fixed(value, decimals: 3))")
      }
      children.append(SVG.group(title: "\(covariate): " + parts.joined(separator: ", "), class: "mark", marks))
    }
    let unbalancedAfter = covariates.indices.filter { row in
      after.contains { ($0.values[row].map(abs) ?? 0) > LovePlot.threshold }
    }.map { covariates[$0] }
    let description =
      "Love plot of \(covariates.count) covariates: absolute standardised mean differences before adjustment"
      + (after.isEmpty ? "" : " and after " + after.map(\.estimator).joined(separator: ", "))
      + ", against the 0.1 balance threshold. "
      + (unbalancedAfter.isEmpty
        ? "Every covariate is within 0.1 after adjustment."
        : "Above 0.1 after adjustment: " + unbalancedAfter.joined(separator: ", ") + ".")
    return SVG.root(
      id: id, width: width, height: height, title: "Covariate balance (love plot)", description: description, children)
  }
}
