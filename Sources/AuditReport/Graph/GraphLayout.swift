import StudyModel

/// A deterministic layered layout of a causal graph (the Sugiyama framework).
///
/// 1. Layers: longest-path layering in topological order over the directed
///    edges; sources are in layer 0 and every node sits one layer right of its
///    deepest parent. Bidirected edges do not constrain layers. Then, in
///    reverse topological order, a node with more children than parents moves
///    right to just before its nearest child, which shortens its edges in
///    total (a source such as `black -> re78` no longer spans the whole
///    drawing); empty layers are closed up.
/// 2. Long edges get one dummy node per layer they pass, so that they can be
///    routed between the nodes of intermediate layers.
/// 3. Order within layers: barycentre heuristic (Sugiyama, Tagawa & Toda
///    1981): alternate sweeps right and left, each sorting a layer by the mean
///    position of its neighbours in the previous layer (stable, so ties keep
///    their order); the order with the fewest crossings seen is kept.
///
/// Nodes start in the record's order and every step is stable, so the same
/// graph always gets the same picture. A cycle (which a valid study never
/// has) does not stop the layout: nodes on it are layered by their parents
/// outside it, and the closing edge is drawn as a back edge.
struct GraphLayout: Sendable {
  /// A node of the layout: a graph node, or a dummy on a long edge.
  struct Item: Sendable, Hashable {
    /// The graph node's index, or nil for a dummy.
    var node: Int?
    var layer: Int
  }

  /// Names of the graph's nodes, in record order (names used only by edges are appended).
  var names: [String]
  /// Layer of each graph node.
  var layers: [Int]
  /// Every item: the graph's nodes first (same indices as ``names``), then dummies.
  var items: [Item]
  /// Item indices per layer, in drawing order (top to bottom).
  var itemOrder: [[Int]]
  /// Directed edges as chains of item indices, from the parent through dummies to the child.
  var chains: [[Int]]
  /// Directed edges that point backwards (on a cycle), as (from, to) node indices.
  var backEdges: [(Int, Int)]
  /// Edge crossings between adjacent layers in the final order.
  var crossings: Int

  /// Sweeps of the barycentre heuristic: enough for the graphs of studies
  /// (tens of nodes), where the crossing count settles within a few sweeps.
  static let sweeps = 8

  /// The layout of `graph`.
  init(_ graph: GraphRecord) {
    var names = graph.nodes.map(\.name)
    var index: [String: Int] = [:]
    for (i, name) in names.enumerated() where index[name] == nil { index[name] = i }
    for edge in graph.edges {
      for name in [edge.from, edge.to] where index[name] == nil {
        index[name] = names.count
        names.append(name)
      }
    }
    let count = names.count
    var directed: [(Int, Int)] = []
    for edge in graph.edges where edge.kind != .bidirected {
      if let from = index[edge.from], let to = index[edge.to], from != to { directed.append((from, to)) }
    }

    // 1. Longest-path layering in topological order (Kahn, queue in record order).
    var parents = Array(repeating: [Int](), count: count)
    var children = Array(repeating: [Int](), count: count)
    for (from, to) in directed {
      parents[to].append(from)
      children[from].append(to)
    }
    var indegree = parents.map(\.count)
    var layer = Array(repeating: 0, count: count)
    var done = Array(repeating: false, count: count)
    var ready = (0..<count).filter { indegree[$0] == 0 }
    var processed = 0
    var topological: [Int] = []
    while processed < count {
      if ready.isEmpty {
        // A cycle: take the first unprocessed node in record order.
        guard let next = (0..<count).first(where: { !done[$0] }) else { break }
        ready = [next]
      }
      let v = ready.removeFirst()
      if done[v] { continue }
      done[v] = true
      processed += 1
      topological.append(v)
      layer[v] = parents[v].filter { done[$0] }.map { layer[$0] + 1 }.max() ?? 0
      for c in children[v] {
        indegree[c] -= 1
        if indegree[c] == 0, !done[c] {
          // Keep the queue in record order.
          let at = ready.firstIndex { $0 > c } ?? ready.endIndex
          ready.insert(c, at: at)
        }
      }
    }

    // Promotion: moving a node right by one layer lengthens each edge from a
    // parent and shortens each edge to a child by one, so a node with more
    // children than parents moves right as far as its nearest child allows.
    // One pass in reverse topological order suffices: children are placed first.
    for v in topological.reversed() {
      let later = children[v].filter { layer[$0] > layer[v] }
      guard later.count > parents[v].count, let nearest = later.map({ layer[$0] }).min() else { continue }
      layer[v] = max(layer[v], nearest - 1)
    }
    // Close up empty layers.
    let used = Array(Set(layer)).sorted()
    let rank = Dictionary(uniqueKeysWithValues: used.enumerated().map { ($1, $0) })
    layer = layer.map { rank[$0] ?? 0 }

    // 2. Items, with dummies on long edges.
    var items = (0..<count).map { Item(node: $0, layer: layer[$0]) }
    var chains: [[Int]] = []
    var backEdges: [(Int, Int)] = []
    for (from, to) in directed {
      guard layer[to] > layer[from] else {
        backEdges.append((from, to))
        continue
      }
      var chain = [from]
      if layer[to] - layer[from] > 1 {
        for l in (layer[from] + 1)..<layer[to] {
          items.append(Item(node: nil, layer: l))
          chain.append(items.count - 1)
        }
      }
      chain.append(to)
      chains.append(chain)
    }
    let layerCount = (layer.max() ?? 0) + 1
    var order = Array(repeating: [Int](), count: layerCount)
    for (i, item) in items.enumerated() { order[item.layer].append(i) }

    // Neighbours in the adjacent layers.
    var up = Array(repeating: [Int](), count: items.count)
    var down = Array(repeating: [Int](), count: items.count)
    for chain in chains {
      for k in 0..<(chain.count - 1) {
        down[chain[k]].append(chain[k + 1])
        up[chain[k + 1]].append(chain[k])
      }
    }

    // 3. Barycentre sweeps, keeping the best order.
    func countCrossings(_ order: [[Int]]) -> Int {
      var position = Array(repeating: 0, count: items.count)
      for layerItems in order { for (p, i) in layerItems.enumerated() { position[i] = p } }
      var total = 0
      for l in 0..<max(0, order.count - 1) {
        var edges: [(Int, Int)] = []
        for i in order[l] { for j in down[i] { edges.append((position[i], position[j])) } }
        for a in 0..<edges.count {
          for b in (a + 1)..<max(a + 1, edges.count) {
            if (edges[a].0 - edges[b].0) * (edges[a].1 - edges[b].1) < 0 { total += 1 }
          }
        }
      }
      return total
    }
    var best = order
    var bestCrossings = countCrossings(order)
    var current = order
    for sweep in 0..<GraphLayout.sweeps where bestCrossings > 0 {
      let downwards = sweep % 2 == 0
      let layerSequence =
        downwards
        ? Array(stride(from: 1, to: layerCount, by: 1)) : Array(stride(from: layerCount - 2, through: 0, by: -1))
      for l in layerSequence {
        let reference = current[downwards ? l - 1 : l + 1]
        var position: [Int: Double] = [:]
        for (p, i) in reference.enumerated() { position[i] = Double(p) }
        let keyed = current[l].enumerated().map { (p, i) -> (Double, Int, Int) in
          let neighbours = (downwards ? up[i] : down[i]).compactMap { position[$0] }
          let bary = neighbours.isEmpty ? Double(p) : neighbours.reduce(0, +) / Double(neighbours.count)
          return (bary, p, i)
        }
        current[l] = keyed.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.2)
      }
      let c = countCrossings(current)
      if c < bestCrossings {
        best = current
        bestCrossings = c
      }
    }

    self.names = names
    self.layers = layer
    self.items = items
    self.chains = chains
    self.backEdges = backEdges
    self.crossings = bestCrossings
    self.itemOrder = best
  }

  /// The position of each item within its layer.
  var positions: [Int] {
    var position = Array(repeating: 0, count: items.count)
    for layerItems in itemOrder { for (p, i) in layerItems.enumerated() { position[i] = p } }
    return position
  }
}
