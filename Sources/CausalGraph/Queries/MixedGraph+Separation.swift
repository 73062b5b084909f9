extension MixedGraph {
  /// Whether `x` and `y` are m-separated (d-separated in a DAG) given `z`.
  ///
  /// A path is open given Z when every non-collider on it is outside Z and
  /// every collider is an ancestor of Z (Pearl 2009, Def. 1.2.3; Richardson
  /// 2003 for the bidirected edges of an ADMG, where `a -> c <-> b` makes `c`
  /// a collider). X and Y are separated when no path between them is open.
  /// Algorithm: a reachability search over (node, arrived-with-arrowhead)
  /// states, the "Bayes-ball" of Shachter (1998) in the form of Koller &
  /// Friedman (2009, Alg. 3.1).
  ///
  /// Edge cases: nodes of X or Y that are in Z are dropped (a variable is
  /// independent of anything given itself); an empty X or Y is separated.
  /// - Complexity: O(nodes + edges).
  public func isSeparated(_ x: [Int], _ y: [Int], given z: [Int]) -> Bool {
    let inZ = mask(of: z)
    let reached = reachableMask(from: x, given: z)
    return !y.contains { reached[$0] && !inZ[$0] }
  }

  /// The nodes m-connected to some node of `x` given `z` (the nodes of `x`
  /// outside Z included): the end points of the open paths from X.
  ///
  /// - Complexity: O(nodes + edges). - Returns: node numbers in increasing order.
  public func connectedNodes(from x: [Int], given z: [Int]) -> [Int] {
    let inZ = mask(of: z)
    let reached = reachableMask(from: x, given: z)
    return (0..<count).filter { reached[$0] && !inZ[$0] }
  }

  /// Reachability over (node, arrowhead-at-arrival) states; see ``isSeparated(_:_:given:)``.
  func reachableMask(from x: [Int], given z: [Int]) -> [Bool] {
    let inZ = mask(of: z)
    let anZ = ancestorMask(of: z)
    var reached = [Bool](repeating: false, count: count)
    // Visited states: bit 1 = arrived with a tail, bit 2 = arrived with a head.
    var visited = [UInt8](repeating: 0, count: count)
    var stack: [(node: Int, head: Bool)] = []
    for v in x where !inZ[v] && visited[v] & 1 == 0 {
      visited[v] |= 1
      stack.append((v, false))
    }
    while let (v, head) = stack.popLast() {
      reached[v] = true
      // Leaving through a tail at v (to a child): v is a non-collider.
      let passTail = !inZ[v]
      // Leaving through an arrowhead at v: a collider when we arrived by one.
      let passHead = head ? anZ[v] : !inZ[v]
      if passTail {
        for c in children[v] where visited[c] & 2 == 0 {
          visited[c] |= 2
          stack.append((c, true))
        }
      }
      if passHead {
        for p in parents[v] where visited[p] & 1 == 0 {
          visited[p] |= 1
          stack.append((p, false))
        }
        for s in siblings[v] where visited[s] & 2 == 0 {
          visited[s] |= 2
          stack.append((s, true))
        }
      }
    }
    return reached
  }

  /// A separator of `x` and `y` chosen among `allowed` nodes, containing
  /// every node of `including`, if one exists.
  ///
  /// Returns `(allowed ∩ An(X ∪ Y ∪ I)) \ (X ∪ Y) ∪ I` when that set
  /// separates; if it does not, no separator Z with I ⊆ Z ⊆ allowed ∪ I exists
  /// (van der Zander, Liśkiewicz & Textor 2019, AIJ, "Separators and
  /// adjustment sets in causal graphs", algorithm FindSep and Lemma 3.4).
  /// - Complexity: O(nodes + edges).
  public func findSeparator(_ x: [Int], _ y: [Int], including: [Int] = [], allowed: [Int])
    -> [Int]?
  {
    let candidate = separatorCandidate(x, y, including: including, allowed: allowed)
    return isSeparated(x, y, given: candidate) ? candidate : nil
  }

  /// A minimal separator of `x` and `y` among `allowed` nodes containing
  /// `including` (minimal: no proper subset that still contains `including`
  /// separates), the one nearest to `x`; `nil` when none exists.
  ///
  /// Algorithm FindMinSep of van der Zander, Liśkiewicz & Textor (2019): in
  /// the augmented (moral) graph of `An(X ∪ Y ∪ I)` keep the nodes of the
  /// canonical separator that are reachable from X without passing another
  /// of its nodes, then those of them reachable from Y likewise.
  /// - Complexity: O(nodes + edges) (the augmented graph is built with one
  ///   hub node per district instead of cliques).
  public func findMinimalSeparator(
    _ x: [Int], _ y: [Int], including: [Int] = [], allowed: [Int]
  ) -> [Int]? {
    let candidate = separatorCandidate(x, y, including: including, allowed: allowed)
    guard isSeparated(x, y, given: candidate) else { return nil }
    let relevant = ancestorMask(of: x + y + including)
    let moral = AugmentedGraph(self, within: relevant)
    let inI = mask(of: including)
    var blocking = mask(of: candidate)
    let nearX = moral.borderReached(from: x, blocking: blocking)
    blocking = (0..<count).map { nearX[$0] || inI[$0] }
    let nearY = moral.borderReached(from: y, blocking: blocking)
    return (0..<count).filter { (nearY[$0] && blocking[$0]) || inI[$0] }
  }

  func separatorCandidate(_ x: [Int], _ y: [Int], including: [Int], allowed: [Int]) -> [Int] {
    let relevant = ancestorMask(of: x + y + including)
    let isEnd = mask(of: x + y)
    var chosen = mask(of: including)
    for v in allowed where relevant[v] && !isEnd[v] { chosen[v] = true }
    return members(of: chosen)
  }
}
