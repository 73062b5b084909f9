import StudyModel

/// The causal graph drawn from a ``GraphLayout``: layers left to right.
///
/// Encodings (each has a colour and a second cue, so that none relies on colour alone):
/// - treatment: orange fill, "treatment" under the name; outcome: blue, "outcome";
///   instrument: purple; mediator: sky blue; each role is also written under the name;
/// - adjustment-set nodes: green with a double border;
/// - latent nodes: dashed grey border, italic name, "latent";
/// - directed edges: solid arrows (dashed from a latent node), routed through the
///   layers they pass; bidirected edges: dashed purple arcs with two arrowheads.
struct CausalGraphDiagram: Sendable {
  var graph: GraphRecord

  struct Style {
    var fill: String
    var stroke: String
  }

  /// Fill and border of a node by its most important role.
  static func style(roles: [VariableRole], latent: Bool) -> Style {
    if latent { return Style(fill: "#FFFFFF", stroke: Palette.grey) }
    let styles: [(VariableRole, Style)] = [
      (.treatment, Style(fill: "#FBE3B0", stroke: Palette.orange)),
      (.outcome, Style(fill: "#CCE3F2", stroke: Palette.blue)),
      (.instrument, Style(fill: "#F2DCEA", stroke: Palette.reddishPurple)),
      (.mediator, Style(fill: "#DDF0FB", stroke: Palette.skyBlue)),
      (.adjusted, Style(fill: "#CCEDE3", stroke: Palette.bluishGreen)),
      (.runningVariable, Style(fill: "#F9DCCB", stroke: Palette.vermillion)),
    ]
    for (role, style) in styles where roles.contains(role) {
      return style
    }
    return Style(fill: "#FFFFFF", stroke: "#444444")
  }

  /// The control point of the quadratic arc from `a` to `b`: it bulges left
  /// for nodes in one column and upwards otherwise, by a quarter of the
  /// distance plus 18 pixels at its middle.
  static func control(_ a: (Double, Double), _ b: (Double, Double)) -> (Double, Double) {
    let (ax, ay) = a
    let (bx, by) = b
    let mx = (ax + bx) / 2
    let my = (ay + by) / 2
    let length = max(1, ((bx - ax) * (bx - ax) + (by - ay) * (by - ay)).squareRoot())
    var nx = -(by - ay) / length
    var ny = (bx - ax) / length
    if abs(bx - ax) < 1 {
      if nx > 0 {
        nx = -nx
        ny = -ny
      }
    } else if ny > 0 {
      nx = -nx
      ny = -ny
    }
    let bulge = 0.25 * length + 18
    return (mx + nx * bulge * 2, my + ny * bulge * 2)
  }

  /// The chart.
  func svg(id: String) -> XMLNode {
    let layout = GraphLayout(graph)
    let nodeByName = Dictionary(graph.nodes.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    let fontSize = 13.0
    let rowSpacing = 60.0
    let dummySpacing = 16.0
    let columnGap = 90.0
    let margin = 24.0

    func roleLine(_ name: String) -> String {
      let node = nodeByName[name]
      var words = (node?.roles ?? []).map(\.rawValue)
      if node?.latent == true { words.append("latent") }
      return words.joined(separator: ", ")
    }
    func size(of name: String) -> (Double, Double) {
      let roles = roleLine(name)
      let w = max(SVG.textWidth(name, size: fontSize), SVG.textWidth(roles, size: 10)) + 22
      return (max(48, w), roles.isEmpty ? 30 : 40)
    }

    // Columns.
    let layerCount = layout.itemOrder.count
    var columnWidth = Array(repeating: 24.0, count: layerCount)
    for (i, item) in layout.items.enumerated() {
      if let node = item.node { columnWidth[item.layer] = max(columnWidth[item.layer], size(of: layout.names[node]).0) }
      _ = i
    }
    var columnLeft = [margin]
    for l in 0..<layerCount { columnLeft.append(columnLeft[l] + columnWidth[l] + columnGap) }
    // Rows: a variable takes a full row, a dummy (a long edge passing the
    // layer) a narrow one; each layer is centred on the tallest.
    func slot(_ item: Int) -> Double { layout.items[item].node == nil ? dummySpacing : rowSpacing }
    let layerHeight = layout.itemOrder.map { $0.reduce(0) { $0 + slot($1) } }
    let tallest = layerHeight.max() ?? rowSpacing
    let top = margin + 10
    var centre = Array(repeating: (0.0, 0.0), count: layout.items.count)
    for (l, items) in layout.itemOrder.enumerated() {
      var y = top + (tallest - layerHeight[l]) / 2
      for i in items {
        centre[i] = (columnLeft[l] + columnWidth[l] / 2, y + slot(i) / 2)
        y += slot(i)
      }
    }
    // Arcs (bidirected and back edges) may bulge above or left of the layers:
    // shift the drawing so that every arc stays inside it.
    var index: [String: Int] = [:]
    for (i, name) in layout.names.enumerated() where index[name] == nil { index[name] = i }
    var arcs: [(Int, Int)] = layout.backEdges
    for edge in graph.edges where edge.kind == .bidirected {
      if let a = index[edge.from], let b = index[edge.to], a != b { arcs.append((a, b)) }
    }
    var shiftX = 0.0
    var shiftY = 0.0
    for (a, b) in arcs {
      let (cx, cy) = CausalGraphDiagram.control(centre[a], centre[b])
      // The arc runs from box border to box border; its middle point is
      // (start + 2 control + end) / 4, and the borders are at most half a box
      // from the centres, which bounds how far it reaches up or left.
      let (aw, ah) = size(of: layout.names[a])
      let (bw, bh) = size(of: layout.names[b])
      let peakX = 0.25 * (centre[a].0 - aw / 2) + 0.5 * cx + 0.25 * (centre[b].0 - bw / 2)
      let peakY = 0.25 * (centre[a].1 - ah / 2) + 0.5 * cy + 0.25 * (centre[b].1 - bh / 2)
      shiftX = max(shiftX, 12 - peakX)
      shiftY = max(shiftY, 12 - peakY)
    }
    if shiftX > 0 || shiftY > 0 {
      centre = centre.map { ($0.0 + shiftX, $0.1 + shiftY) }
      columnLeft = columnLeft.map { $0 + shiftX }
    }
    let graphWidth = (columnLeft.last ?? margin) - columnGap + margin
    let graphHeight = top + tallest + 10 + shiftY

    var edgeNodes: [XMLNode] = []
    // Directed edges.
    for chain in layout.chains {
      guard let fromNode = layout.items[chain[0]].node, let last = chain.last, let toNode = layout.items[last].node
      else { continue }
      let from = layout.names[fromNode]
      let to = layout.names[toNode]
      let (fw, _) = size(of: from)
      let (tw, _) = size(of: to)
      var points: [(Double, Double)] = [(centre[chain[0]].0 + fw / 2, centre[chain[0]].1)]
      for dummy in chain.dropFirst().dropLast() {
        let layer = layout.items[dummy].layer
        points.append((columnLeft[layer], centre[dummy].1))
        points.append((columnLeft[layer] + columnWidth[layer], centre[dummy].1))
      }
      let tip = (centre[last].0 - tw / 2, centre[last].1)
      points.append((tip.0 - 9, tip.1))
      var d = "M\(SVG.n(points[0].0)) \(SVG.n(points[0].1))"
      for k in 1..<points.count {
        let (x0, y0) = points[k - 1]
        let (x1, y1) = points[k]
        if y0 == y1 {
          d += "L\(SVG.n(x1)) \(SVG.n(y1))"
        } else {
          let dx = (x1 - x0) / 2
          d += "C\(SVG.n(x0 + dx)) \(SVG.n(y0)) \(SVG.n(x1 - dx)) \(SVG.n(y1)) \(SVG.n(x1)) \(SVG.n(y1))"
        }
      }
      let latent = nodeByName[from]?.latent == true
      edgeNodes.append(
        SVG.group(
          title: "\(from) → \(to)" + (latent ? " (from a latent variable)" : ""),
          class: latent ? "edge latent" : "edge",
          [
            SVG.path(d, [("class", "edge-line")]),
            SVG.polygon([tip, (tip.0 - 10, tip.1 - 4.5), (tip.0 - 10, tip.1 + 4.5)], [("class", "edge-head")]),
          ]))
    }
    // Back edges (only on a cycle) and bidirected edges: arcs between box borders.
    func arc(_ a: Int, _ b: Int, title: String, className: String, bothEnds: Bool) -> XMLNode {
      let (ax, ay) = centre[a]
      let (bx, by) = centre[b]
      let (aw, ah) = size(of: layout.names[a])
      let (bw, bh) = size(of: layout.names[b])
      let (cx, cy) = CausalGraphDiagram.control((ax, ay), (bx, by))
      func clip(_ x: Double, _ y: Double, _ w: Double, _ h: Double) -> (Double, Double) {
        let dx = cx - x
        let dy = cy - y
        let t = min(dx == 0 ? .infinity : (w / 2 + 2) / abs(dx), dy == 0 ? .infinity : (h / 2 + 2) / abs(dy))
        return (x + dx * t, y + dy * t)
      }
      let start = clip(ax, ay, aw, ah)
      let end = clip(bx, by, bw, bh)
      func head(_ tip: (Double, Double)) -> (XMLNode, (Double, Double)) {
        let dx = tip.0 - cx
        let dy = tip.1 - cy
        let l = max(1e-9, (dx * dx + dy * dy).squareRoot())
        let ux = dx / l
        let uy = dy / l
        let base = (tip.0 - ux * 10, tip.1 - uy * 10)
        return (
          SVG.polygon(
            [tip, (base.0 - uy * 4.5, base.1 + ux * 4.5), (base.0 + uy * 4.5, base.1 - ux * 4.5)],
            [("class", "edge-head")]),
          base
        )
      }
      let (endHead, endBase) = head(end)
      var parts: [XMLNode] = []
      var startPoint = start
      if bothEnds {
        let (startHead, startBase) = head(start)
        parts.append(startHead)
        startPoint = startBase
      }
      parts.append(endHead)
      let d =
        "M\(SVG.n(startPoint.0)) \(SVG.n(startPoint.1))Q\(SVG.n(cx)) \(SVG.n(cy)) \(SVG.n(endBase.0)) \(SVG.n(endBase.1))"
      return SVG.group(title: title, class: className, [SVG.path(d, [("class", "edge-line")])] + parts)
    }
    for (from, to) in layout.backEdges {
      edgeNodes.append(
        arc(
          from, to, title: "\(layout.names[from]) → \(layout.names[to]) (closes a cycle)", className: "edge",
          bothEnds: false))
    }
    var bidirected: [String] = []
    for edge in graph.edges where edge.kind == .bidirected {
      guard let a = index[edge.from], let b = index[edge.to], a != b else { continue }
      bidirected.append("\(edge.from) ↔ \(edge.to)")
      edgeNodes.append(
        arc(
          a, b, title: "\(edge.from) ↔ \(edge.to): a hidden common cause", className: "edge bidirected", bothEnds: true)
      )
    }

    // Nodes.
    var nodeElements: [XMLNode] = []
    for (i, name) in layout.names.enumerated() {
      let node = nodeByName[name]
      let roles = node?.roles ?? []
      let latent = node?.latent ?? false
      let style = CausalGraphDiagram.style(roles: roles, latent: latent)
      let (w, h) = size(of: name)
      let (x, y) = centre[i]
      var parts: [XMLNode] = []
      if roles.contains(.adjusted) {
        parts.append(
          SVG.rect(
            x: x - w / 2 - 4, y: y - h / 2 - 4, width: w + 8, height: h + 8, [("class", "adjusted-ring"), ("rx", "9")]))
      }
      var boxStyle: [(String, String)] = [("rx", "6"), ("fill", style.fill), ("stroke", style.stroke)]
      boxStyle.append(("class", latent ? "node-box latent" : "node-box"))
      parts.append(SVG.rect(x: x - w / 2, y: y - h / 2, width: w, height: h, boxStyle))
      let roleText = roleLine(name)
      parts.append(
        SVG.text(
          name, x: x, y: roleText.isEmpty ? y + 4.5 : y - 2, anchor: "middle",
          class: latent ? "node-name latent" : "node-name"))
      if !roleText.isEmpty {
        parts.append(SVG.text(roleText, x: x, y: y + 12, anchor: "middle", class: "node-role"))
      }
      let description = roleText.isEmpty ? name : "\(name) (\(roleText))"
      nodeElements.append(SVG.group(title: description, class: "node", parts))
    }

    // Legend, under the graph.
    let allRoles = Set(graph.nodes.flatMap(\.roles))
    var legend: [(label: String, draw: (Double, Double) -> XMLNode)] = []
    let labels: [(VariableRole, String)] = [
      (.treatment, "treatment"), (.outcome, "outcome"), (.adjusted, "adjusted for"), (.instrument, "instrument"),
      (.mediator, "mediator"), (.runningVariable, "running variable"),
    ]
    for (role, label) in labels where allRoles.contains(role) {
      let style = CausalGraphDiagram.style(roles: [role], latent: false)
      legend.append(
        (
          label,
          { x, y in
            SVG.rect(
              x: x - 6, y: y - 6, width: 12, height: 12,
              [
                ("fill", style.fill), ("stroke", style.stroke),
                ("class", role == .adjusted ? "swatch adjusted-swatch" : "swatch"),
              ],
              title: "\(label): \(role == .adjusted ? "green, double border" : "coloured box")")
          }
        ))
    }
    if graph.nodes.contains(where: \.latent) {
      legend.append(
        (
          "latent (unobserved)",
          { x, y in
            SVG.rect(
              x: x - 6, y: y - 6, width: 12, height: 12,
              [("fill", "#FFFFFF"), ("stroke", Palette.grey), ("class", "swatch latent")],
              title: "latent: dashed border")
          }
        ))
    }
    if !bidirected.isEmpty {
      legend.append(
        (
          "hidden common cause (↔)",
          { x, y in
            SVG.path(
              "M\(SVG.n(x - 7)) \(SVG.n(y + 3))Q\(SVG.n(x)) \(SVG.n(y - 8)) \(SVG.n(x + 7)) \(SVG.n(y + 3))",
              [("class", "legend-arc")],
              title: "bidirected edge: dashed arc")
          }
        ))
    }
    let legendY = graphHeight + 14
    var children = [
      SVG.group(title: "edges", class: "edges", edgeNodes), SVG.group(title: "variables", class: "nodes", nodeElements),
    ]
    if !legend.isEmpty { children.append(SVG.legend(legend, x: margin, y: legendY)) }
    let legendWidth = legend.reduce(margin) { $0 + 16 + SVG.textWidth($1.label, size: 12) + 18 }
    let width = max(graphWidth, legendWidth, 320)
    let height = legendY + 16

    let treatment = graph.nodes.filter { $0.roles.contains(.treatment) }.map(\.name)
    let outcome = graph.nodes.filter { $0.roles.contains(.outcome) }.map(\.name)
    let adjusted = graph.nodes.filter { $0.roles.contains(.adjusted) }.map(\.name)
    let latent = graph.nodes.filter(\.latent).map(\.name)
    let directedText = graph.edges.filter { $0.kind != .bidirected }.prefix(200).map { "\($0.from) → \($0.to)" }
    var description =
      "Causal graph with \(layout.names.count) variables and \(graph.edges.count) edges, drawn in \(layerCount) layers from causes (left) to effects (right). "
    description += "Treatment: \(treatment.isEmpty ? "none marked" : treatment.joined(separator: ", ")). "
    description += "Outcome: \(outcome.isEmpty ? "none marked" : outcome.joined(separator: ", ")). "
    if !adjusted.isEmpty { description += "Adjusted for: \(adjusted.joined(separator: ", ")). " }
    if !latent.isEmpty { description += "Latent: \(latent.joined(separator: ", ")). " }
    description += "Edges: " + (directedText + bidirected).joined(separator: "; ") + "."
    return SVG.root(id: id, width: width, height: height, title: "Causal graph", description: description, children)
  }
}
