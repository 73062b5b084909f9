/// Builders for the SVG elements of report charts.
///
/// Every chart is an `<svg role="img">` whose first children are a `<title>`
/// and a `<desc>` (its text alternative, referenced by `aria-labelledby`),
/// and every mark or axis drawn in it sits in an element with its own
/// `<title>`, which browsers show as a tooltip. Coordinates are printed with
/// ``NumberFormat/coordinate(_:)`` (one decimal), so drawings are byte-stable.
/// Colours, fonts and line styles that do not encode data come from classes
/// styled by the report's CSS.
enum SVG {
  /// The root of a chart.
  ///
  /// - Parameters:
  ///   - id: unique in the report; prefixes the ids of the title and description.
  ///   - title: a short name of the chart.
  ///   - description: what the chart shows, in words (its text alternative).
  static func root(
    id: String, width: Double, height: Double, title: String, description: String, _ children: [XMLNode]
  ) -> XMLNode {
    .element(
      "svg",
      [
        ("id", id), ("class", "chart"), ("role", "img"), ("width", n(width)), ("height", n(height)),
        ("viewBox", "0 0 \(n(width)) \(n(height))"), ("aria-labelledby", "\(id)-title \(id)-desc"),
      ],
      [
        .element("title", [("id", "\(id)-title")], text: title),
        .element("desc", [("id", "\(id)-desc")], text: description),
      ] + children)
  }

  /// A group with a tooltip title.
  static func group(title: String, class className: String? = nil, _ children: [XMLNode]) -> XMLNode {
    var attributes: [(String, String)] = []
    if let className { attributes.append(("class", className)) }
    return .element("g", attributes, [.element("title", text: title)] + children)
  }

  /// A shape with its own tooltip title.
  static func shape(_ name: String, _ attributes: [(String, String)], title: String) -> XMLNode {
    .element(name, attributes, [.element("title", text: title)])
  }

  /// A rectangle; negative sizes are normalised.
  static func rect(
    x: Double, y: Double, width: Double, height: Double, _ style: [(String, String)], title: String? = nil
  ) -> XMLNode {
    let attributes =
      [
        ("x", n(min(x, x + width))), ("y", n(min(y, y + height))), ("width", n(abs(width))),
        ("height", n(abs(height))),
      ] + style
    if let title { return shape("rect", attributes, title: title) }
    return .element("rect", attributes)
  }

  /// A straight line.
  static func line(
    x1: Double, y1: Double, x2: Double, y2: Double, _ style: [(String, String)], title: String? = nil
  ) -> XMLNode {
    let attributes = [("x1", n(x1)), ("y1", n(y1)), ("x2", n(x2)), ("y2", n(y2))] + style
    if let title { return shape("line", attributes, title: title) }
    return .element("line", attributes)
  }

  /// A circle.
  static func circle(cx: Double, cy: Double, r: Double, _ style: [(String, String)], title: String? = nil) -> XMLNode {
    let attributes = [("cx", n(cx)), ("cy", n(cy)), ("r", n(r))] + style
    if let title { return shape("circle", attributes, title: title) }
    return .element("circle", attributes)
  }

  /// A path from its `d` data.
  static func path(_ d: String, _ style: [(String, String)], title: String? = nil) -> XMLNode {
    let attributes = [("d", d)] + style
    if let title { return shape("path", attributes, title: title) }
    return .element("path", attributes)
  }

  /// A polygon through `points`.
  static func polygon(_ points: [(Double, Double)], _ style: [(String, String)], title: String? = nil) -> XMLNode {
    let attributes = [("points", points.map { n($0.0) + "," + n($0.1) }.joined(separator: " "))] + style
    if let title { return shape("polygon", attributes, title: title) }
    return .element("polygon", attributes)
  }

  /// A text label.
  static func text(
    _ content: String, x: Double, y: Double, anchor: String = "start", class className: String? = nil,
    _ extra: [(String, String)] = []
  ) -> XMLNode {
    var attributes = [("x", n(x)), ("y", n(y))]
    if anchor != "start" { attributes.append(("text-anchor", anchor)) }
    if let className { attributes.append(("class", className)) }
    return .element("text", attributes + extra, text: content)
  }

  /// A marker symbol centred at (x, y): circle, square, diamond, triangle, or inverted triangle.
  static func marker(
    _ symbol: Int, x: Double, y: Double, size: Double, _ style: [(String, String)], title: String
  ) -> XMLNode {
    let s = size
    switch symbol % 5 {
    case 0: return circle(cx: x, cy: y, r: s, style, title: title)
    case 1: return rect(x: x - s * 0.9, y: y - s * 0.9, width: s * 1.8, height: s * 1.8, style, title: title)
    case 2:
      return polygon([(x, y - s * 1.3), (x + s * 1.3, y), (x, y + s * 1.3), (x - s * 1.3, y)], style, title: title)
    case 3:
      return polygon([(x, y - s * 1.2), (x + s * 1.1, y + s * 0.9), (x - s * 1.1, y + s * 0.9)], style, title: title)
    default:
      return polygon([(x - s * 1.1, y - s * 0.9), (x + s * 1.1, y - s * 0.9), (x, y + s * 1.2)], style, title: title)
    }
  }

  /// The name of a marker symbol, for legends and descriptions.
  static func markerName(_ symbol: Int) -> String {
    ["circle", "square", "diamond", "triangle", "inverted triangle"][symbol % 5]
  }

  /// A horizontal axis at `y` with ticks from `scale` and a label below.
  static func xAxis(_ scale: LinearScale, y: Double, label: String, gridTop: Double? = nil) -> XMLNode {
    var children: [XMLNode] = [
      line(x1: scale.rangeLow, y1: y, x2: scale.rangeHigh, y2: y, [("class", "axis-line")])
    ]
    for tick in scale.ticks {
      let x = scale.position(tick)
      if let gridTop {
        children.append(line(x1: x, y1: gridTop, x2: x, y2: y, [("class", "grid")]))
      }
      children.append(line(x1: x, y1: y, x2: x, y2: y + 4, [("class", "axis-line")]))
      children.append(text(NumberFormat.tick(tick, step: scale.step), x: x, y: y + 16, anchor: "middle", class: "tick"))
    }
    children.append(
      text(label, x: (scale.rangeLow + scale.rangeHigh) / 2, y: y + 34, anchor: "middle", class: "axis-label"))
    return group(title: "horizontal axis: \(label)", class: "axis", children)
  }

  /// A vertical axis at `x` with ticks from `scale` (its range runs downwards) and a rotated label.
  static func yAxis(_ scale: LinearScale, x: Double, label: String, gridRight: Double? = nil) -> XMLNode {
    var children: [XMLNode] = [
      line(x1: x, y1: scale.rangeLow, x2: x, y2: scale.rangeHigh, [("class", "axis-line")])
    ]
    for tick in scale.ticks {
      let y = scale.position(tick)
      if let gridRight {
        children.append(line(x1: x, y1: y, x2: gridRight, y2: y, [("class", "grid")]))
      }
      children.append(line(x1: x - 4, y1: y, x2: x, y2: y, [("class", "axis-line")]))
      children.append(text(NumberFormat.tick(tick, step: scale.step), x: x - 7, y: y + 4, anchor: "end", class: "tick"))
    }
    let middle = (scale.rangeLow + scale.rangeHigh) / 2
    children.append(
      text(
        label, x: x - 46, y: middle, anchor: "middle", class: "axis-label",
        [("transform", "rotate(-90 \(n(x - 46)) \(n(middle)))")]))
    return group(title: "vertical axis: \(label)", class: "axis", children)
  }

  /// A legend: a row of marker symbols (or swatches) with labels, starting at (x, y).
  static func legend(_ entries: [(label: String, draw: (Double, Double) -> XMLNode)], x: Double, y: Double) -> XMLNode {
    var children: [XMLNode] = []
    var cursor = x
    for entry in entries {
      children.append(entry.draw(cursor + 6, y - 4))
      children.append(text(entry.label, x: cursor + 16, y: y, class: "legend"))
      cursor += 16 + textWidth(entry.label, size: 12) + 18
    }
    return group(title: "legend: " + entries.map(\.label).joined(separator: "; "), class: "legend", children)
  }

  /// An estimate of the width of `text` in the report's sans-serif font at `size` pixels.
  ///
  /// Layouts need a width before any browser measures the text; 0.6 em per
  /// character over-estimates most proportional fonts slightly, so labels do not collide.
  static func textWidth(_ text: String, size: Double) -> Double {
    Double(text.count) * size * 0.6
  }

  /// A coordinate as text.
  static func n(_ value: Double) -> String { NumberFormat.coordinate(value) }
}
