extension MixedGraph {
  /// A directed cycle, if the directed part of the graph has one.
  ///
  /// - Returns: the nodes of one cycle in edge order, the first node not
  ///   repeated (`[a, b, c]` for `a -> b -> c -> a`), found by a depth-first
  ///   search from the lowest-numbered node, so the answer is deterministic;
  ///   `nil` for an acyclic graph.
  /// - Complexity: O(nodes + edges), iterative (no recursion depth limit).
  public func findCycle() -> [Int]? {
    // 0 = unvisited, 1 = on the current path, 2 = finished.
    var state = [UInt8](repeating: 0, count: count)
    var path: [Int] = []
    var nextChild: [Int] = []
    for root in nodes where state[root] == 0 {
      path = [root]
      nextChild = [0]
      state[root] = 1
      while let top = path.last {
        let i = nextChild[nextChild.count - 1]
        if i < children[top].count {
          nextChild[nextChild.count - 1] += 1
          let child = children[top][i]
          if state[child] == 1 {
            let start = path.firstIndex(of: child)!
            return Array(path[start...])
          }
          if state[child] == 0 {
            state[child] = 1
            path.append(child)
            nextChild.append(0)
          }
        } else {
          state[top] = 2
          path.removeLast()
          nextChild.removeLast()
        }
      }
    }
    return nil
  }

  /// The nodes in a topological order of the directed edges, ties broken by
  /// node number (Kahn's algorithm with a sorted frontier).
  ///
  /// - Precondition: the graph is acyclic.
  public func topologicalOrder() -> [Int] {
    var indegree = parents.map(\.count)
    var frontier = nodes.filter { indegree[$0] == 0 }.reversed() as [Int]
    var order: [Int] = []
    order.reserveCapacity(count)
    while let next = frontier.popLast() {
      order.append(next)
      var released: [Int] = []
      for child in children[next] {
        indegree[child] -= 1
        if indegree[child] == 0 { released.append(child) }
      }
      // Keep the frontier as a stack whose top is the smallest number.
      frontier.append(contentsOf: released)
      frontier.sort(by: >)
    }
    precondition(order.count == count, "topologicalOrder() needs an acyclic graph")
    return order
  }
}
