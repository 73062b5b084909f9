import Foundation
import StudyModel

/// The RD plot (Calonico, Cattaneo & Titiunik 2015): the outcome's mean in
/// rdplot's evenly spaced bins on each side of the cutoff, the global
/// quartic fitted on each side, and the local polynomial the estimate comes
/// from, drawn within its bandwidth.
///
/// The jump between the two local fits at the cutoff is the conventional
/// estimate. Below the cutoff the bins are circles, above it squares, so the
/// sides differ by shape as well as colour; the bandwidth window is shaded.
struct DiscontinuityPlot: Sendable {
  var record: DiscontinuityRecord
  var plot: DiscontinuityPlotRecord
  var outcome: String

  func svg(id: String) -> XMLNode {
    let width = 760.0
    let plotLeft = 80.0
    let plotRight = width - 30
    let top = 40.0
    let plotBottom = 330.0
    let height = plotBottom + 50
    let c = record.cutoff
    let lows = plot.bins.map(\.lower)
    let highs = plot.bins.map(\.upper)
    let xMin = lows.min() ?? c
    let xMax = highs.max() ?? c
    func evaluate(_ coefficients: [Double?], _ x: Double) -> Double {
      var v = 0.0
      var power = 1.0
      for coefficient in coefficients {
        v += (coefficient ?? .nan) * power
        power *= x - c
      }
      return v
    }
    func curve(_ coefficients: [Double?], from a: Double, to b: Double) -> [(Double, Double)] {
      (0...100).map { i in
        let x = a + (b - a) * Double(i) / 100
        return (x, evaluate(coefficients, x))
      }
    }
    let globalBelow = curve(plot.polynomial.below, from: xMin, to: c)
    let globalAbove = curve(plot.polynomial.above, from: c, to: xMax)
    let hBelow = record.bandwidth.below ?? 0
    let hAbove = record.bandwidth.above ?? 0
    let localBelow = curve(record.localPolynomial.below, from: max(xMin, c - hBelow), to: c)
    let localAbove = curve(record.localPolynomial.above, from: c, to: min(xMax, c + hAbove))
    let yValues = plot.bins.map(\.meanY) + (globalBelow + globalAbove + localBelow + localAbove).map(\.1)
    let x = LinearScale(covering: [xMin, xMax], range: (plotLeft, plotRight))
    let y = LinearScale(covering: yValues, range: (plotBottom, top))
    var children: [XMLNode] = [
      SVG.xAxis(x, y: plotBottom + 4, label: record.runningVariable, gridTop: top),
      SVG.yAxis(y, x: plotLeft - 4, label: outcome, gridRight: plotRight),
    ]
    // The bandwidth window and the cutoff.
    let windowLeft = x.position(max(x.domainLow, c - hBelow))
    let windowRight = x.position(min(x.domainHigh, c + hAbove))
    children.append(
      SVG.rect(
        x: windowLeft, y: top, width: windowRight - windowLeft, height: plotBottom - top, [("class", "band")],
        title:
          "the bandwidth: units within h = \(NumberFormat.estimate(hBelow)) of the cutoff enter the local fit"))
    children.append(
      SVG.line(
        x1: x.position(c), y1: top - 6, x2: x.position(c), y2: plotBottom + 4, [("class", "reference")],
        title: "the cutoff \(record.runningVariable) = \(NumberFormat.plain(c))"))
    // Bins.
    var below: [XMLNode] = []
    var above: [XMLNode] = []
    for bin in plot.bins {
      let isBelow = bin.index < 0
      let mark = SVG.marker(
        isBelow ? 0 : 1, x: x.position((bin.lower + bin.upper) / 2), y: y.position(bin.meanY), size: 2.6,
        [("fill", isBelow ? Palette.blue : Palette.vermillion), ("fill-opacity", "0.75")],
        title:
          "bin [\(NumberFormat.estimate(bin.lower)), \(NumberFormat.estimate(bin.upper))): mean \(outcome) \(NumberFormat.estimate(bin.meanY)) over \(bin.n) units"
      )
      if isBelow { below.append(mark) } else { above.append(mark) }
    }
    children.append(SVG.group(title: "binned means below the cutoff", class: "marks", below))
    children.append(SVG.group(title: "binned means above the cutoff", class: "marks", above))
    func path(_ points: [(Double, Double)]) -> String {
      points.filter { $0.1.isFinite }.enumerated().map { i, p in
        (i == 0 ? "M" : "L") + SVG.n(x.position(p.0)) + " " + SVG.n(y.position(p.1))
      }.joined(separator: " ")
    }
    children.append(
      SVG.group(
        title: "global polynomials of order \(plot.polynomialOrder) on each side", class: "curves",
        [
          SVG.path(path(globalBelow), [("class", "curve-global")], title: "global quartic below the cutoff"),
          SVG.path(path(globalAbove), [("class", "curve-global")], title: "global quartic above the cutoff"),
        ]))
    let limitBelow = evaluate(record.localPolynomial.below, c)
    let limitAbove = evaluate(record.localPolynomial.above, c)
    children.append(
      SVG.group(
        title: "the local polynomials of order \(record.order) within the bandwidth", class: "curves",
        [
          SVG.path(
            path(localBelow), [("class", "curve-local")],
            title: "local fit below: limit \(NumberFormat.estimate(limitBelow)) at the cutoff"),
          SVG.path(
            path(localAbove), [("class", "curve-local")],
            title: "local fit above: limit \(NumberFormat.estimate(limitAbove)) at the cutoff"),
        ]))
    children.append(
      SVG.legend(
        [
          (
            "bins below",
            { px, py in
              SVG.marker(0, x: px, y: py, size: 3.5, [("fill", Palette.blue)], title: "circles: bins below the cutoff")
            }
          ),
          (
            "bins above",
            { px, py in
              SVG.marker(
                1, x: px, y: py, size: 3.5, [("fill", Palette.vermillion)], title: "squares: bins above the cutoff")
            }
          ),
          (
            "local fit (order \(record.order))",
            { px, py in
              SVG.line(
                x1: px - 7, y1: py, x2: px + 7, y2: py, [("class", "curve-local")], title: "thick line: local fit")
            }
          ),
          (
            "global quartic",
            { px, py in
              SVG.line(
                x1: px - 7, y1: py, x2: px + 7, y2: py, [("class", "curve-global")], title: "thin line: global quartic")
            }
          ),
        ], x: plotLeft, y: 18))
    let description =
      "RD plot of \(outcome) against \(record.runningVariable): means in \(plot.binCount.below) bins below and \(plot.binCount.above) above the cutoff \(NumberFormat.plain(c)) (rdplot's \(plot.rule) rule; \(plot.bins.count) non-empty), global quartics on each side, and the order-\(record.order) local fits within h = \(NumberFormat.estimate(hBelow)), whose limits at the cutoff are \(NumberFormat.estimate(limitBelow)) below and \(NumberFormat.estimate(limitAbove)) above."
    return SVG.root(
      id: id, width: width, height: height, title: "RD plot: \(outcome) against \(record.runningVariable)",
      description: description, children)
  }
}

/// The density of the running variable on both sides of the cutoff, with the
/// manipulation test: a histogram scaled as a density, and the two local
/// polynomial estimates of the density at the cutoff with their 95% intervals.
struct DensityTestPlot: Sendable {
  var record: DensityTestRecord

  func svg(id: String) -> XMLNode {
    let width = 760.0
    let plotLeft = 80.0
    let plotRight = width - 30
    let top = 40.0
    let plotBottom = 300.0
    let height = plotBottom + 50
    let h = record.histogram
    let c = record.cutoff
    let z = 1.959963984540054
    var whiskers: [Double] = []
    for (value, se) in [
      (record.density.below, record.densityStandardError.below),
      (record.density.above, record.densityStandardError.above),
    ] {
      if let value { whiskers += [value, value + z * (se ?? 0), max(0, value - z * (se ?? 0))] }
    }
    let x = LinearScale(covering: [h.edges.first ?? c, h.edges.last ?? c], range: (plotLeft, plotRight))
    let y = LinearScale(covering: h.heights + whiskers, include: [0], range: (plotBottom, top))
    var children: [XMLNode] = [
      SVG.xAxis(x, y: plotBottom + 4, label: record.runningVariable, gridTop: top),
      SVG.yAxis(y, x: plotLeft - 4, label: "density", gridRight: plotRight),
    ]
    var bars: [XMLNode] = []
    for i in 0..<min(h.counts.count, h.edges.count - 1) {
      let isBelow = h.edges[i + 1] <= c
      let left = x.position(h.edges[i])
      let right = x.position(h.edges[i + 1])
      let top = y.position(h.heights[i])
      bars.append(
        SVG.rect(
          x: left + 0.5, y: top, width: max(0.5, right - left - 1), height: y.position(0) - top,
          [("fill", isBelow ? Palette.blue : Palette.vermillion), ("fill-opacity", "0.45")],
          title:
            "[\(NumberFormat.estimate(h.edges[i])), \(NumberFormat.estimate(h.edges[i + 1]))): \(h.counts[i]) units, density \(NumberFormat.estimate(h.heights[i]))"
        ))
    }
    children.append(SVG.group(title: "histogram of the running variable, scaled as a density", class: "bars", bars))
    children.append(
      SVG.line(
        x1: x.position(c), y1: top - 6, x2: x.position(c), y2: plotBottom + 4, [("class", "reference")],
        title: "the cutoff \(NumberFormat.plain(c))"))
    var estimates: [XMLNode] = []
    for (side, value, se, offset, symbol) in [
      ("below", record.density.below, record.densityStandardError.below, -8.0, 0),
      ("above", record.density.above, record.densityStandardError.above, 8.0, 1),
    ] {
      guard let value else { continue }
      let px = x.position(c) + offset
      if let se {
        estimates.append(
          SVG.line(
            x1: px, y1: y.position(max(0, value - z * se)), x2: px, y2: y.position(value + z * se),
            [("class", "whisker")]))
      }
      estimates.append(
        SVG.marker(
          symbol, x: px, y: y.position(value), size: 4.5,
          [("fill", side == "below" ? Palette.blue : Palette.vermillion)],
          title:
            "density at the cutoff from \(side): \(NumberFormat.estimate(value)) (jackknife SE \(NumberFormat.estimate(se)))"
        ))
    }
    children.append(
      SVG.group(title: "the density estimates at the cutoff, with 95% intervals", class: "marks", estimates))
    children.append(
      SVG.text(
        "T = \(NumberFormat.estimate(record.statistic)), p = \(NumberFormat.pValue(record.pValue))", x: plotRight - 6,
        y: top + 14, anchor: "end", class: "annotation halo"))
    let description =
      "Histogram of \(record.runningVariable) near the cutoff \(NumberFormat.plain(c)), scaled as a density, with the local polynomial density estimates at the cutoff: \(NumberFormat.estimate(record.density.below)) from below and \(NumberFormat.estimate(record.density.above)) from above; the manipulation test gives T = \(NumberFormat.estimate(record.statistic)), p = \(NumberFormat.pValue(record.pValue))."
    return SVG.root(
      id: id, width: width, height: height, title: "Density of \(record.runningVariable) at the cutoff",
      description: description, children)
  }
}

/// The estimate over a grid of bandwidths, each with its interval, against
/// the band of the estimate's own interval.
struct BandwidthSensitivityPlot: Sendable {
  var fits: [CheckFit]
  /// The estimate and its interval at the bandwidth used.
  var estimate: Double?
  var interval: [Double]?
  var bandwidth: Double?
  var axisLabel: String

  func svg(id: String) -> XMLNode {
    let width = 760.0
    let plotLeft = 80.0
    let plotRight = width - 30
    let top = 40.0
    let plotBottom = 300.0
    let height = plotBottom + 50
    let hs = fits.compactMap(\.bandwidth)
    var values = fits.compactMap(\.estimate) + fits.flatMap { $0.confidenceInterval ?? [] }
    values += interval ?? []
    let spread = (hs.max() ?? 1) - (hs.min() ?? 0)
    let x = LinearScale(
      covering: [(hs.min() ?? 0) - 0.1 * spread, (hs.max() ?? 1) + 0.1 * spread], range: (plotLeft, plotRight))
    let y = LinearScale(covering: values, include: [0], range: (plotBottom, top))
    var children: [XMLNode] = [
      SVG.xAxis(x, y: plotBottom + 4, label: "bandwidth h", gridTop: top),
      SVG.yAxis(y, x: plotLeft - 4, label: axisLabel, gridRight: plotRight),
    ]
    if let interval, interval.count == 2 {
      let upper = y.position(interval[1])
      children.append(
        SVG.rect(
          x: plotLeft, y: upper, width: plotRight - plotLeft, height: y.position(interval[0]) - upper,
          [("class", "band")],
          title: "the estimate's interval \(NumberFormat.interval(interval)): every re-estimate must stay inside it"))
    }
    if let estimate {
      children.append(
        SVG.line(
          x1: plotLeft, y1: y.position(estimate), x2: plotRight, y2: y.position(estimate), [("class", "estimate-line")],
          title: "the estimate \(NumberFormat.estimate(estimate))"))
    }
    if y.contains(0) {
      children.append(
        SVG.line(
          x1: plotLeft, y1: y.position(0), x2: plotRight, y2: y.position(0), [("class", "reference")],
          title: "no effect (0)"))
    }
    var marks: [XMLNode] = []
    for fit in fits {
      guard let h = fit.bandwidth, let value = fit.estimate else { continue }
      let px = x.position(h)
      if let ci = fit.confidenceInterval, ci.count == 2 {
        marks.append(
          SVG.line(x1: px, y1: y.position(ci[0]), x2: px, y2: y.position(ci[1]), [("class", "whisker")]))
        // The interval's centre (the bias-corrected estimate, for robust intervals).
        let centre = y.position((ci[0] + ci[1]) / 2)
        marks.append(SVG.line(x1: px - 6, y1: centre, x2: px + 6, y2: centre, [("class", "whisker")]))
      }
      marks.append(
        SVG.marker(
          fit.passed ? 0 : 2, x: px, y: y.position(value), size: 4.5,
          [("fill", fit.passed ? Palette.blue : Palette.vermillion)],
          title:
            "\(fit.label) (h = \(NumberFormat.estimate(h))): \(NumberFormat.estimate(value)), interval \(NumberFormat.interval(fit.confidenceInterval))\(fit.passed ? "" : ", outside the estimate's interval")"
        ))
    }
    children.append(SVG.group(title: "re-estimates at each bandwidth with their intervals", class: "marks", marks))
    children.append(
      SVG.legend(
        [
          (
            "within the interval",
            { px, py in SVG.marker(0, x: px, y: py, size: 4, [("fill", Palette.blue)], title: "circle: within") }
          ),
          (
            "outside it",
            { px, py in SVG.marker(2, x: px, y: py, size: 4, [("fill", Palette.vermillion)], title: "diamond: outside")
            }
          ),
          (
            "the estimate and its interval",
            { px, py in
              SVG.rect(x: px - 6, y: py - 5, width: 12, height: 10, [("class", "band")], title: "band: the interval")
            }
          ),
        ], x: plotLeft, y: 18))
    let description =
      "The estimate at \(fits.count) bandwidths: "
      + fits.map { "h = \(NumberFormat.estimate($0.bandwidth)): \(NumberFormat.estimate($0.estimate))" }.joined(
        separator: "; ") + "; the band is the estimate's interval \(NumberFormat.interval(interval))."
    return SVG.root(
      id: id, width: width, height: height, title: "Bandwidth sensitivity", description: description, children)
  }
}
