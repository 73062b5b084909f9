extension MixedGraph {
  /// The ancestors of a node set, the nodes themselves included: every node
  /// with a directed path into the set (`An(S)` in Pearl 2009, sec. 1.2).
  ///
  /// Bidirected edges play no part. - Complexity: O(nodes + edges).
  /// - Returns: node numbers in increasing order.
  public func ancestors<S: Sequence>(of nodes: S) -> [Int] where S.Element == Int {
    members(of: ancestorMask(of: nodes))
  }

  /// The descendants of a node set, the nodes themselves included (`De(S)`).
  ///
  /// - Complexity: O(nodes + edges).
  /// - Returns: node numbers in increasing order.
  public func descendants<S: Sequence>(of nodes: S) -> [Int] where S.Element == Int {
    members(of: descendantMask(of: nodes))
  }

  /// The districts (c-components, Tian & Pearl 2002) of the subgraph induced
  /// by `nodes` (all nodes when `nil`): the connected components of its
  /// bidirected edges.
  ///
  /// - Returns: each district's nodes in increasing order; districts ordered
  ///   by their smallest node. - Complexity: O(nodes + edges).
  public func districts(within nodes: [Int]? = nil) -> [[Int]] {
    let inside = nodes.map { mask(of: $0) } ?? [Bool](repeating: true, count: count)
    return districtLists(within: inside)
  }

  /// The nodes other than `treatments` that lie on a proper causal path from
  /// the treatments to the outcomes (`cn(X, Y)`, Perkovic et al. 2018): a
  /// directed path that starts in X and meets X only at its first node.
  ///
  /// `cn(X, Y) = (De_{G without edges into X}(X) \ X) ∩ An_{G minus X}(Y)`.
  /// Outcomes on such a path are included. - Complexity: O(nodes + edges).
  public func nodesOnProperCausalPaths(from treatments: [Int], to outcomes: [Int]) -> [Int] {
    members(of: causalNodeMask(treatments: treatments, outcomes: outcomes))
  }

  /// The proper back-door graph `G^pbd_XY` (van der Zander, Liśkiewicz &
  /// Textor 2014): `self` without the first edge `x -> w` of every proper
  /// causal path from X to Y (that is, every `x -> w` with `x` in X and `w` in
  /// `cn(X, Y)`). Node numbers are unchanged.
  public func properBackdoorGraph(treatments: [Int], outcomes: [Int]) -> MixedGraph {
    let causal = causalNodeMask(treatments: treatments, outcomes: outcomes)
    let isTreatment = mask(of: treatments)
    return removingDirectedEdges { isTreatment[$0] && causal[$1] }
  }

  /// A copy of the graph with every bidirected edge `a <-> b` replaced by a
  /// new latent node `U_a_b` with `U_a_b -> a` and `U_a_b -> b` (the
  /// canonical DAG of an ADMG). The existing nodes keep their numbers.
  public func canonicalDAG() -> MixedGraph {
    var g = removingDirectedEdges { _, _ in false }
    let pairs = bidirectedEdges
    g.bidirectedEdges.removeAll()
    for v in g.nodes { g.siblings[v].removeAll() }
    for e in pairs {
      var name = "U_\(names[e.from])_\(names[e.to])"
      while g.node(named: name) != nil { name += "_" }
      let u = g.addNode(name, latent: true)
      g.addDirectedEdge(from: u, to: e.from)
      g.addDirectedEdge(from: u, to: e.to)
    }
    return g
  }

  // MARK: - Internal set helpers (boolean masks indexed by node number)

  func mask<S: Sequence>(of nodes: S) -> [Bool] where S.Element == Int {
    var m = [Bool](repeating: false, count: count)
    for v in nodes { m[v] = true }
    return m
  }

  func members(of mask: [Bool]) -> [Int] {
    var out: [Int] = []
    for v in 0..<mask.count where mask[v] { out.append(v) }
    return out
  }

  func ancestorMask<S: Sequence>(of nodes: S, within inside: [Bool]? = nil) -> [Bool]
  where S.Element == Int {
    reachMask(of: nodes, along: \.parents, within: inside)
  }

  func descendantMask<S: Sequence>(of nodes: S, within inside: [Bool]? = nil) -> [Bool]
  where S.Element == Int {
    reachMask(of: nodes, along: \.children, within: inside)
  }

  /// The nodes reachable from `nodes` (themselves included) by following
  /// `edges` (parents: ancestors; children: descendants), through nodes of
  /// `inside` only when it is given.
  private func reachMask<S: Sequence>(of nodes: S, along edges: KeyPath<MixedGraph, [[Int]]>, within inside: [Bool]?)
    -> [Bool]
  where S.Element == Int {
    let next = self[keyPath: edges]
    var seen = [Bool](repeating: false, count: count)
    var stack: [Int] = []
    for v in nodes where !seen[v] && (inside?[v] ?? true) {
      seen[v] = true
      stack.append(v)
    }
    while let v = stack.popLast() {
      for w in next[v] where !seen[w] && (inside?[w] ?? true) {
        seen[w] = true
        stack.append(w)
      }
    }
    return seen
  }

  func districtLists(within inside: [Bool]) -> [[Int]] {
    var component = [Int](repeating: -1, count: count)
    var result: [[Int]] = []
    for root in 0..<count where inside[root] && component[root] < 0 {
      var members = [root]
      component[root] = result.count
      var i = 0
      while i < members.count {
        for s in siblings[members[i]] where inside[s] && component[s] < 0 {
          component[s] = result.count
          members.append(s)
        }
        i += 1
      }
      result.append(members.sorted())
    }
    return result
  }

  func causalNodeMask(treatments: [Int], outcomes: [Int]) -> [Bool] {
    let isTreatment = mask(of: treatments)
    // Descendants along directed paths that do not re-enter X.
    var down = [Bool](repeating: false, count: count)
    var stack: [Int] = []
    for x in treatments {
      for c in children[x] where !isTreatment[c] && !down[c] {
        down[c] = true
        stack.append(c)
      }
    }
    while let v = stack.popLast() {
      for c in children[v] where !isTreatment[c] && !down[c] {
        down[c] = true
        stack.append(c)
      }
    }
    let notTreatment = isTreatment.map { !$0 }
    let up = ancestorMask(of: outcomes, within: notTreatment)
    return (0..<count).map { down[$0] && up[$0] }
  }

  func forbiddenMask(treatments: [Int], outcomes: [Int]) -> [Bool] {
    let causal = causalNodeMask(treatments: treatments, outcomes: outcomes)
    var forbidden = descendantMask(of: members(of: causal))
    for x in treatments { forbidden[x] = true }
    return forbidden
  }

  /// A copy without the directed edges for which `drop(from, to)` holds.
  func removingDirectedEdges(where drop: (Int, Int) -> Bool) -> MixedGraph {
    var g = self
    g.directedEdges = directedEdges.filter { !drop($0.from, $0.to) }
    for v in nodes {
      g.children[v] = children[v].filter { !drop(v, $0) }
      g.parents[v] = parents[v].filter { !drop($0, v) }
    }
    return g
  }
}
