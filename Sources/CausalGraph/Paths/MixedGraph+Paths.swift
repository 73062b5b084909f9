extension MixedGraph {
  /// The status of `path` given the conditioning set `z` (Pearl 2009,
  /// Def. 1.2.3; m-connection for bidirected edges, Richardson 2003).
  ///
  /// The first blocking interior node from the start decides the answer.
  /// - Complexity: O(nodes + edges) for the ancestors of Z, then O(path).
  public func status(of path: GraphPath, given z: [Int]) -> PathStatus {
    status(of: path, inZ: mask(of: z), anZ: ancestorMask(of: z))
  }

  func status(of path: GraphPath, inZ: [Bool], anZ: [Bool]) -> PathStatus {
    for i in 1..<max(1, path.nodes.count - 1) {
      let v = path.nodes[i]
      if path.isCollider(at: i) {
        if !anZ[v] { return .blockedByCollider(node: v) }
      } else if inZ[v] {
        return .blockedByConditioning(node: v)
      }
    }
    return .open
  }

  /// The edges at `v` in a fixed order: by neighbour number, then directed
  /// out, directed in, bidirected.
  func steps(from v: Int) -> [(Int, GraphPath.Step)] {
    var out: [(Int, GraphPath.Step)] = []
    for c in children[v] { out.append((c, .forward)) }
    for p in parents[v] { out.append((p, .backward)) }
    for s in siblings[v] { out.append((s, .bidirected)) }
    let rank: [GraphPath.Step: Int] = [.forward: 0, .backward: 1, .bidirected: 2]
    return out.sorted { ($0.0, rank[$0.1]!) < ($1.0, rank[$1.1]!) }
  }

  /// Depth-first enumeration of the simple paths from `start` to any node in
  /// `targets` that avoid `avoid` (targets end a path; they are not passed
  /// through). `extend(prefix, nextNode, step)` may prune a branch by
  /// returning false; `visit` gets each complete path and returns false to
  /// stop. At most `budget` edge steps are taken.
  ///
  /// - Returns: whether the enumeration finished within the budget.
  @discardableResult
  func forEachSimplePath(
    from start: Int, to targets: [Bool], avoiding avoid: [Bool], budget: Int,
    extend: (GraphPath, Int, GraphPath.Step) -> Bool, visit: (GraphPath) -> Bool
  ) -> Bool {
    var adjacency: [[(Int, GraphPath.Step)]?] = Array(repeating: nil, count: count)
    func edges(_ v: Int) -> [(Int, GraphPath.Step)] {
      if let e = adjacency[v] { return e }
      let e = steps(from: v)
      adjacency[v] = e
      return e
    }
    var onPath = [Bool](repeating: false, count: count)
    var path = GraphPath(nodes: [start], steps: [])
    var cursor: [Int] = [0]
    onPath[start] = true
    var work = 0
    while let depth = cursor.indices.last {
      let v = path.nodes[depth]
      let list = edges(v)
      if cursor[depth] >= list.count {
        onPath[v] = false
        path.nodes.removeLast()
        if !path.steps.isEmpty { path.steps.removeLast() }
        cursor.removeLast()
        continue
      }
      let (w, step) = list[cursor[depth]]
      cursor[depth] += 1
      work += 1
      if work > budget { return false }
      if onPath[w] || avoid[w] || !extend(path, w, step) { continue }
      path.nodes.append(w)
      path.steps.append(step)
      if targets[w] {
        if !visit(path) { return true }
        path.nodes.removeLast()
        path.steps.removeLast()
        continue
      }
      onPath[w] = true
      cursor.append(0)
    }
    return true
  }
}

extension MixedGraph {
  /// A path from a node of `sources` to a node of `targets` that is open
  /// given `z`, passes through no other source, and satisfies `accept`;
  /// found by a depth-first search that prunes blocked prefixes and stops
  /// after `budget` edge steps (then `nil`, even if such a path exists).
  ///
  /// Used only to explain a failed separation test, never to decide it.
  func openPath(
    from sources: [Int], to targets: [Int], given z: [Int], budget: Int,
    accept: (GraphPath) -> Bool = { _ in true }
  ) -> GraphPath? {
    let inZ = mask(of: z)
    let anZ = ancestorMask(of: z)
    let isTarget = mask(of: targets)
    let avoid = mask(of: sources)
    var found: GraphPath?
    for start in sources where found == nil && !inZ[start] {
      forEachSimplePath(
        from: start, to: isTarget, avoiding: avoid, budget: budget,
        extend: { prefix, _, step in
          guard let last = prefix.steps.last else { return true }
          let v = prefix.nodes[prefix.nodes.count - 1]
          if last.headAtEnd && step.headAtStart { return anZ[v] }
          return !inZ[v]
        },
        visit: { path in
          if inZ[path.nodes[path.nodes.count - 1]] || !accept(path) { return true }
          found = path
          return false
        })
    }
    return found
  }

  /// A directed path from a node of `sources` to a node of `targets` avoiding
  /// `blocked` nodes (breadth-first, so a shortest one), or `nil`.
  func directedPath(from sources: [Int], to targets: [Int], avoiding blocked: [Int]) -> GraphPath? {
    let isBlocked = mask(of: blocked)
    let isTarget = mask(of: targets)
    var previous = [Int](repeating: -2, count: count)
    var queue: [Int] = []
    for s in sources.sorted() where !isBlocked[s] && previous[s] == -2 {
      previous[s] = -1
      queue.append(s)
    }
    var head = 0
    while head < queue.count {
      let v = queue[head]
      head += 1
      if isTarget[v] && previous[v] != -1 {
        var nodes = [v]
        var u = v
        while previous[u] >= 0 {
          u = previous[u]
          nodes.append(u)
        }
        nodes.reverse()
        return GraphPath(nodes: nodes, steps: Array(repeating: .forward, count: nodes.count - 1))
      }
      for c in children[v].sorted() where !isBlocked[c] && previous[c] == -2 {
        previous[c] = v
        queue.append(c)
      }
    }
    return nil
  }
}
