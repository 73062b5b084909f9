extension CausalQuery {
  /// Work budget (edge steps) of the depth-first path searches that only
  /// produce explanations: large enough for every textbook graph, small
  /// enough to stay far below a second on a 200-node graph.
  static let pathSearchBudget = 200_000

  /// Judges `set` (study-graph numbers) with the generalized adjustment
  /// criterion; see ``AdjustmentVerdict``.
  ///
  /// - Complexity: O(nodes + edges) for the decision; the explanation of an
  ///   open path uses a budgeted depth-first search.
  public func checkAdjustmentSet(_ set: [Int]) -> AdjustmentVerdict {
    let z = Array(Set(set)).sorted()
    var problems: [AdjustmentProblem] = []
    checkNodes(z)
    var projected: [Int] = []
    let ends = Set(treatments + outcomes)
    for v in z {
      if ends.contains(v) {
        problems.append(.treatmentOrOutcome(node: v))
      } else if graph.isLatent[v] {
        problems.append(.latent(node: v))
      } else {
        projected.append(toProjected[v])
      }
    }
    for v in projected where forbidden[v] {
      let up = graph.ancestorMask(of: [toOriginal[v]])
      let source = graph.nodes.first { causalInGraph[$0] && up[$0] } ?? toOriginal[v]
      problems.append(.forbidden(node: toOriginal[v], causalNode: source))
    }
    let backdoor = projection.properBackdoorGraph(treatments: x, outcomes: y)
    if !backdoor.isSeparated(x, y, given: projected) {
      if let path = openNonCausalPath(given: projected) {
        problems.append(.openPath(path.mapped(toOriginal)))
      } else {
        problems.append(.openPathNotShown)
      }
    }
    return AdjustmentVerdict(
      set: z, isValid: problems.isEmpty, problems: problems,
      explanation: adjustmentExplanation(z, problems))
  }

  /// Every minimal valid adjustment set (no proper subset is valid), found as
  /// the minimal separators of X and Y in the proper back-door graph among
  /// observed non-forbidden nodes (van der Zander, Liśkiewicz & Textor 2014,
  /// 2019: ListMinSep), with polynomial delay.
  ///
  /// - Parameter limit: stop after this many sets.
  /// - Returns: the sets sorted by size, then by node numbers; and whether
  ///   the listing stopped at `limit`. No set at all means no valid
  ///   adjustment set exists.
  public func minimalAdjustmentSets(limit: Int = .max) -> (sets: [[Int]], truncated: Bool) {
    let backdoor = projection.properBackdoorGraph(treatments: x, outcomes: y)
    let listed = backdoor.listMinimalSeparators(
      x, y, allowed: allowedAdjustmentNodes(), limit: limit)
    let sets = listed.separators.map { original($0) }
    return (Self.ordered(sets), listed.truncated)
  }

  /// One minimal valid adjustment set (FindMinSep on the proper back-door
  /// graph; van der Zander et al. 2019), or `nil` when none exists.
  /// - Complexity: O(nodes + edges).
  public func minimalAdjustmentSet() -> [Int]? {
    let backdoor = projection.properBackdoorGraph(treatments: x, outcomes: y)
    return backdoor.findMinimalSeparator(x, y, allowed: allowedAdjustmentNodes()).map { original($0) }
  }

  /// The canonical adjustment set `Adjust(X, Y) = An(X ∪ Y) ∩ observed \
  /// (X ∪ Y ∪ Forb(X, Y))` (Perkovic et al. 2018, Def. 4.1; dagitty's
  /// "adjustment: all"); `nil` when it is not valid, which happens exactly
  /// when no valid adjustment set exists (van der Zander et al. 2014).
  public func canonicalAdjustmentSet() -> [Int]? {
    let backdoor = projection.properBackdoorGraph(treatments: x, outcomes: y)
    return backdoor.findSeparator(x, y, allowed: allowedAdjustmentNodes()).map { original($0) }
  }

  /// Sets ordered by size, then by their node numbers.
  static func ordered(_ sets: [[Int]]) -> [[Int]] {
    sets.sorted { $0.count != $1.count ? $0.count < $1.count : $0.lexicographicallyPrecedes($1) }
  }

  /// Observed nodes that may be adjusted for (projection numbers).
  func allowedAdjustmentNodes() -> [Int] {
    candidateNodes.filter { !forbidden[$0] }
  }

  /// A proper non-causal path from X to Y (projection numbers) that is open
  /// given `z`, found by a pruned, budgeted depth-first search.
  func openNonCausalPath(given z: [Int]) -> GraphPath? {
    projection.openPath(from: x, to: y, given: z, budget: Self.pathSearchBudget) { !$0.isCausal }
  }

  /// Every proper non-causal path from X to Y (back-door paths and paths that
  /// leave X forwards but are not directed), with its status given `set`
  /// (study-graph numbers).
  ///
  /// Listing may be exponential: at most `limit` paths are listed, later
  /// ones are counted in `omitted`, and the search stops after a fixed work
  /// budget (``PathListing/omittedIsLowerBound``).
  public func nonCausalPaths(given set: [Int], limit: Int = 1_000) -> PathListing {
    checkNodes(set)
    let g = projection
    let z = set.compactMap { v -> Int? in
      let p = toProjected[v]
      return p >= 0 ? p : nil
    }
    let inZ = g.mask(of: z)
    let anZ = g.ancestorMask(of: z)
    let targets = g.mask(of: y)
    let avoid = g.mask(of: x)
    var listed: [PathExplanation] = []
    var omitted = 0
    var complete = true
    for start in x {
      let finished = g.forEachSimplePath(
        from: start, to: targets, avoiding: avoid, budget: Self.pathSearchBudget,
        extend: { _, _, _ in true },
        visit: { path in
          if path.isCausal { return true }
          if listed.count >= limit {
            omitted += 1
            return true
          }
          let status = g.status(of: path, inZ: inZ, anZ: anZ)
          let mapped = path.mapped(toOriginal)
          let mappedStatus: PathStatus
          switch status {
          case .open: mappedStatus = .open
          case .blockedByCollider(let v): mappedStatus = .blockedByCollider(node: toOriginal[v])
          case .blockedByConditioning(let v):
            mappedStatus = .blockedByConditioning(node: toOriginal[v])
          }
          listed.append(
            PathExplanation(
              path: mapped, text: mapped.text(names: graph.names), isBackdoor: mapped.isBackdoor,
              status: mappedStatus, reason: statusText(mappedStatus)))
          return true
        })
      complete = complete && finished
    }
    return PathListing(
      conditioningSet: Array(Set(set)).sorted(), paths: listed, omitted: omitted,
      omittedIsLowerBound: !complete)
  }

  func statusText(_ status: PathStatus) -> String {
    switch status {
    case .open: "open"
    case .blockedByConditioning(let v): "blocked by \(graph.names[v]) (a non-collider in the set)"
    case .blockedByCollider(let v):
      "blocked by the collider \(graph.names[v]) (neither it nor a descendant is in the set)"
    }
  }

  func problemText(_ problem: AdjustmentProblem) -> String {
    switch problem {
    case .latent(let v): "\(graph.names[v]) is latent and cannot be adjusted for"
    case .treatmentOrOutcome(let v): "\(graph.names[v]) is a treatment or an outcome"
    case .forbidden(let v, let c) where v == c:
      "\(graph.names[v]) lies on a causal path from treatment to outcome (adjusting for it blocks part of the effect)"
    case .forbidden(let v, let c):
      "\(graph.names[v]) descends from \(graph.names[c]), which lies on a causal path from treatment to outcome"
    case .openPath(let p): "the non-causal path \(p.text(names: graph.names)) stays open"
    case .openPathNotShown: "a non-causal path from treatment to outcome stays open"
    }
  }

  func adjustmentExplanation(_ z: [Int], _ problems: [AdjustmentProblem]) -> String {
    if problems.isEmpty {
      return
        "\(setText(z)) is a valid adjustment set: it contains no descendant of a node on a causal path and blocks every non-causal path from \(setText(treatments)) to \(setText(outcomes))"
    }
    return "\(setText(z)) is not a valid adjustment set: "
      + problems.map(problemText).joined(separator: "; ")
  }
}
