extension CausalQuery {
  /// Judges `mediators` (study-graph numbers) with Pearl's front-door
  /// criterion on the latent projection; see ``FrontDoorVerdict``.
  ///
  /// Condition 2 is X ⊥ M in the graph without the edges out of X;
  /// condition 3 is M ⊥ Y | X in the graph without the edges out of M (both
  /// m-separation tests, O(nodes + edges)). A violating path is searched for
  /// only to explain a failure.
  public func checkFrontDoor(_ mediators: [Int]) -> FrontDoorVerdict {
    let set = Array(Set(mediators)).sorted()
    checkNodes(set)
    let ends = Set(treatments + outcomes)
    var structural: [String] = []
    for v in set where ends.contains(v) { structural.append("\(graph.names[v]) is a treatment or an outcome") }
    for v in set where !ends.contains(v) && graph.isLatent[v] {
      structural.append("\(graph.names[v]) is latent")
    }
    let m = set.filter { !ends.contains($0) && !graph.isLatent[$0] }.map { toProjected[$0] }
    var conditions = frontDoorConditions(m)
    if !structural.isEmpty {
      conditions[0].holds = false
      conditions[0].reason = structural.joined(separator: "; ") + "; " + conditions[0].reason
    }
    let valid = conditions.allSatisfy(\.holds)
    let explanation =
      valid
      ? "\(setText(set)) satisfies the front-door criterion for \(setText(treatments)) -> \(setText(outcomes))"
      : "\(setText(set)) is not a front-door set: "
        + conditions.filter { !$0.holds }.map { "condition \($0.number) fails: \($0.reason)" }
        .joined(separator: "; ")
    return FrontDoorVerdict(
      mediators: set, isValid: valid, conditions: conditions, explanation: explanation)
  }

  func frontDoorConditions(_ m: [Int]) -> [FrontDoorCondition] {
    let g = projection
    let budget = Self.pathSearchBudget
    let mText = setText(original(m))
    // 1. M intercepts every directed path from X to Y.
    let bypass = g.directedPath(from: x, to: y, avoiding: m)
    let c1 = FrontDoorCondition(
      number: 1, statement: "M intercepts every directed path from X to Y",
      holds: bypass == nil,
      reason: bypass.map { "the causal path \($0.mapped(toOriginal).text(names: graph.names)) avoids \(mText)" }
        ?? "every directed path from \(setText(treatments)) to \(setText(outcomes)) passes through \(mText)",
      violatingPath: bypass?.mapped(toOriginal))
    // 2. No unblocked back-door path from X to M.
    let isX = g.mask(of: x)
    let cutX = g.removingDirectedEdges { from, _ in isX[from] }
    let ok2 = m.isEmpty || cutX.isSeparated(x, m, given: [])
    let path2 = ok2 ? nil : cutX.openPath(from: x, to: m, given: [], budget: budget)
    let c2 = FrontDoorCondition(
      number: 2, statement: "no back-door path from X to M is open",
      holds: ok2,
      reason: ok2
        ? "every back-door path from \(setText(treatments)) to \(mText) is blocked by the empty set"
        : "the back-door path \(path2.map { $0.mapped(toOriginal).text(names: graph.names) } ?? "(not shown)") is open",
      violatingPath: path2?.mapped(toOriginal))
    // 3. Every back-door path from M to Y is blocked by X.
    let isM = g.mask(of: m)
    let cutM = g.removingDirectedEdges { from, _ in isM[from] }
    let ok3 = m.isEmpty || cutM.isSeparated(m, y, given: x)
    let path3 = ok3 ? nil : cutM.openPath(from: m, to: y, given: x, budget: budget)
    let c3 = FrontDoorCondition(
      number: 3, statement: "X blocks every back-door path from M to Y",
      holds: ok3,
      reason: ok3
        ? "every back-door path from \(mText) to \(setText(outcomes)) is blocked by \(setText(treatments))"
        : "the back-door path \(path3.map { $0.mapped(toOriginal).text(names: graph.names) } ?? "(not shown)") is open given \(setText(treatments))",
      violatingPath: path3?.mapped(toOriginal))
    return [c1, c2, c3]
  }

  /// Whether projection set `m` satisfies the criterion (decision only).
  func isFrontDoor(_ m: [Int]) -> Bool {
    let g = projection
    if g.directedPath(from: x, to: y, avoiding: m) != nil { return false }
    if m.isEmpty { return true }
    let isX = g.mask(of: x)
    if !g.removingDirectedEdges(where: { from, _ in isX[from] }).isSeparated(x, m, given: []) {
      return false
    }
    let isM = g.mask(of: m)
    return g.removingDirectedEdges(where: { from, _ in isM[from] }).isSeparated(m, y, given: x)
  }

  /// A front-door set when one exists: the largest set of observed nodes
  /// satisfying conditions 2 and 3, then pruned node by node (in node order)
  /// while it stays valid; `nil` when no front-door set exists.
  ///
  /// Algorithm (after Jeong, Tian & Bareinboim 2022, "Finding and listing
  /// front-door adjustment sets", NeurIPS): condition 2 holds node by node,
  /// so its candidates are the observed nodes not m-connected to X in the
  /// graph without X's outgoing edges. A node that violates condition 3
  /// for a set violates it for every subset that contains it (removing
  /// nodes only adds edges), so deleting violators until none is left gives
  /// the largest set meeting 2 and 3. Condition 1 only gets easier for
  /// larger sets, so a front-door set exists iff that largest set meets 1.
  /// - Returns: `(largest, pruned)` in study-graph numbers.
  /// - Complexity: O(n (n + m)) for the largest set; O(n² (n + m)) to prune.
  public func findFrontDoorSet() -> (largest: [Int], pruned: [Int])? {
    let g = projection
    let isX = g.mask(of: x)
    let cutX = g.removingDirectedEdges { from, _ in isX[from] }
    let reachedFromX = g.mask(of: cutX.connectedNodes(from: x, given: []))
    var z = candidateNodes.filter { !reachedFromX[$0] }
    while true {
      let isZ = g.mask(of: z)
      let cutZ = g.removingDirectedEdges { from, _ in isZ[from] }
      let reached = cutZ.reachableMask(from: y, given: x)
      let kept = z.filter { !reached[$0] }
      if kept.count == z.count { break }
      z = kept
    }
    guard g.directedPath(from: x, to: y, avoiding: z) == nil else { return nil }
    // Keep only nodes that can matter: descendants of X that are ancestors of Y.
    let down = g.descendantMask(of: x)
    let up = g.ancestorMask(of: y)
    var pruned = z
    let focused = z.filter { down[$0] && up[$0] }
    if isFrontDoor(focused) { pruned = focused }
    for v in pruned {
      let smaller = pruned.filter { $0 != v }
      if isFrontDoor(smaller) { pruned = smaller }
    }
    return (original(z), original(pruned))
  }
}
