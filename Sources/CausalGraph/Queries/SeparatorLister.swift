/// Takata's enumeration on an augmented graph; see
/// ``MixedGraph/listMinimalSeparators(_:_:including:allowed:limit:)``.
struct SeparatorLister {
  let graph: AugmentedGraph
  let x: [Int]
  let y: [Int]
  /// 0 = pass-through (cannot be in a separator), 1 = candidate, 2 = always in.
  var role: [UInt8]
  let mustNodes: [Int]
  let limit: Int
  var found: [[Int]] = []
  var truncated = false

  init(
    graph: AugmentedGraph, count: Int, x: [Int], y: [Int], including: [Int], allowed: [Int],
    relevant: [Bool], limit: Int
  ) {
    self.graph = graph
    self.x = x
    self.y = y
    self.limit = limit
    role = [UInt8](repeating: 0, count: graph.adjacency.count)
    for v in allowed where v < count && relevant[v] { role[v] = 1 }
    for v in x + y { role[v] = 0 }
    for v in including { role[v] = 2 }
    mustNodes = including.sorted()
  }

  mutating func run() {
    // U: Y, the pass-through nodes joined to Y through pass-through nodes,
    // and all their neighbours: none of them can lie on the X side.
    var avoid = [Bool](repeating: false, count: graph.adjacency.count)
    var stack: [Int] = []
    for v in y where !avoid[v] {
      avoid[v] = true
      stack.append(v)
    }
    var closure: [Int] = []
    while let v = stack.popLast() {
      closure.append(v)
      for w in graph.adjacency[v] where !avoid[w] && role[w] == 0 {
        avoid[w] = true
        stack.append(w)
      }
    }
    for v in closure {
      for w in graph.adjacency[v] where role[w] != 2 { avoid[w] = true }
    }
    var side = [Bool](repeating: false, count: graph.adjacency.count)
    for v in x { side[v] = true }
    list(side: side, avoid: &avoid)
  }

  /// The candidate nodes adjacent to `set`, searching through pass-through
  /// nodes (which are absorbed); sorted.
  func border(of set: [Bool]) -> [Int] {
    var seen = set
    var out: [Int] = []
    var stack: [Int] = []
    for v in 0..<set.count where set[v] { stack.append(v) }
    while let v = stack.popLast() {
      for w in graph.adjacency[v] where !seen[w] && role[w] != 2 {
        seen[w] = true
        if role[w] == 1 { out.append(w) } else { stack.append(w) }
      }
    }
    return out.sorted()
  }

  /// The connected set of nodes reachable from `start` avoiding `blocked`
  /// and the always-in nodes.
  func component(from start: [Int], blocked: [Bool]) -> [Bool] {
    var seen = [Bool](repeating: false, count: graph.adjacency.count)
    var stack: [Int] = []
    for v in start where !seen[v] && !blocked[v] {
      seen[v] = true
      stack.append(v)
    }
    while let v = stack.popLast() {
      for w in graph.adjacency[v] where !seen[w] && !blocked[w] && role[w] != 2 {
        seen[w] = true
        stack.append(w)
      }
    }
    return seen
  }

  mutating func list(side: [Bool], avoid: inout [Bool]) {
    if found.count >= limit {
      truncated = true
      return
    }
    // The separator closest to the X side.
    var blocked = [Bool](repeating: false, count: graph.adjacency.count)
    for v in border(of: side) { blocked[v] = true }
    let yComponent = component(from: y, blocked: blocked)
    let near = border(of: yComponent)
    blocked = [Bool](repeating: false, count: graph.adjacency.count)
    for v in near { blocked[v] = true }
    let xSide = component(from: x, blocked: blocked)
    for v in 0..<xSide.count where xSide[v] && avoid[v] { return }
    let open = border(of: xSide).filter { !avoid[$0] }
    if let v = open.first {
      var grown = xSide
      grown[v] = true
      list(side: grown, avoid: &avoid)
      avoid[v] = true
      list(side: xSide, avoid: &avoid)
      avoid[v] = false
    } else {
      found.append((near + mustNodes).sorted())
    }
  }
}
