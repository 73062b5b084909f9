/// `identification: auto` and the named strategies, as one function.
public enum EffectIdentifier {
  /// Identifies the effect of `treatment` on `outcome` in `graph` (latent
  /// nodes allowed) with `strategy`, and reports every alternative.
  ///
  /// `auto` uses the first that applies: back-door (a valid adjustment set
  /// exists), front-door (a front-door set exists), an instrument (linear
  /// models), the ID algorithm; otherwise the result has no strategy and a
  /// ``IdentificationFailure`` with the hedge and the open path. A named
  /// strategy that does not apply gives a failure naming the criterion and
  /// why. An explicit adjustment list that is not valid is a failure too.
  ///
  /// - Parameters:
  ///   - minimalSetLimit: cap on the number of minimal adjustment sets listed.
  ///   - pathLimit: cap on the number of non-causal paths listed.
  /// - Throws: ``IdentificationError`` when the names or the graph are unusable.
  public static func identify(
    graph: MixedGraph, treatment: String, outcome: String,
    strategy: IdentificationMethod = .automatic, adjustment: AdjustmentSetChoice = .minimal,
    minimalSetLimit: Int = 100, pathLimit: Int = 1_000
  ) throws(IdentificationError) -> IdentificationResult {
    let query = try CausalQuery(graph: graph, treatment: treatment, outcome: outcome)
    return identify(
      query, strategy: strategy, adjustment: adjustment, minimalSetLimit: minimalSetLimit,
      pathLimit: pathLimit)
  }

  /// The same for a prepared query (several treatments or outcomes allowed;
  /// instruments then do not apply).
  public static func identify(
    _ query: CausalQuery, strategy: IdentificationMethod = .automatic,
    adjustment: AdjustmentSetChoice = .minimal, minimalSetLimit: Int = 100, pathLimit: Int = 1_000
  ) -> IdentificationResult {
    let g = query.graph
    func refs(_ nodes: [Int]) -> [NodeReference] { nodes.map { NodeReference(number: $0, name: g.names[$0]) } }
    var notes: [String] = []

    // Adjustment: every alternative.
    let minimal = query.minimalAdjustmentSets(limit: minimalSetLimit)
    let canonical = query.canonicalAdjustmentSet()
    let optimal = query.optimalAdjustmentSet()
    var adjustmentFailure: String?
    if canonical == nil {
      let candidate = query.original(
        query.projection.separatorCandidate(
          query.x, query.y, including: [], allowed: query.allowedAdjustmentNodes()))
      adjustmentFailure = query.checkAdjustmentSet(candidate).explanation
    }
    var chosen: [Int]?
    var verdict: AdjustmentVerdict?
    var adjustmentError: String?
    switch adjustment {
    case .minimal:
      chosen = minimal.sets.first
    case .all:
      chosen = canonical
    case .optimal:
      switch optimal {
      case .set(let o): chosen = o
      case .unavailable(let reason):
        if let first = minimal.sets.first {
          chosen = first
          notes.append("the optimal adjustment set is not available (\(reason)); a minimal set is used instead")
        }
      }
    case .explicit(let names):
      let unknown = names.filter { g.node(named: $0) == nil }
      if unknown.isEmpty {
        let v = query.checkAdjustmentSet(names.compactMap { g.node(named: $0) })
        verdict = v
        if v.isValid { chosen = v.set } else { adjustmentError = v.explanation }
      } else {
        adjustmentError =
          "the adjustment set names variables that are not in the graph: \(unknown.joined(separator: ", "))"
      }
    }
    if let chosen, verdict == nil { verdict = query.checkAdjustmentSet(chosen) }

    // Front-door, instruments, ID.
    let frontDoor = query.findFrontDoorSet()
    let frontDoorVerdict = frontDoor.map { query.checkFrontDoor($0.pruned) }
    let instrumentVerdicts = query.findInstruments()
    let instruments = instrumentVerdicts.map {
      InstrumentFinding(
        instrument: refs([$0.instrument])[0], conditioningSet: refs($0.conditioningSet),
        relevance: $0.relevance.reason, exclusion: $0.exclusion.reason)
    }
    let effect = query.identifyEffect()

    var result = IdentificationResult(
      treatments: refs(query.treatments), outcomes: refs(query.outcomes),
      requestedStrategy: strategy, adjustmentChoice: adjustment, strategy: nil, failure: nil,
      estimand: nil, adjustmentSet: nil, adjustmentVerdict: verdict,
      minimalAdjustmentSets: minimal.sets.map(refs),
      minimalAdjustmentSetsTruncated: minimal.truncated,
      canonicalAdjustmentSet: canonical.map(refs), optimalAdjustmentSet: optimal.nodes.map(refs),
      optimalAdjustmentNote: optimal.nodes == nil ? optimalReason(optimal) : nil,
      adjustmentFailure: adjustmentFailure,
      frontDoorMediators: frontDoor.map { refs($0.pruned) }, frontDoorVerdict: frontDoorVerdict,
      instruments: instruments, idFunctional: effect.text, hedge: effect.hedge,
      paths: query.nonCausalPaths(given: [], limit: pathLimit), notes: [])

    func useBackdoor() -> Bool {
      guard adjustmentError == nil, let chosen else { return false }
      result.strategy = .backdoor
      result.adjustmentSet = refs(chosen)
      result.estimand = backdoorEstimand(query, chosen)
      result.paths = query.nonCausalPaths(given: chosen, limit: pathLimit)
      return true
    }
    func useFrontDoor() -> Bool {
      guard let frontDoor else { return false }
      result.strategy = .frontdoor
      result.estimand = frontDoorEstimand(query, frontDoor.pruned)
      return true
    }
    func useInstrument() -> Bool {
      guard let first = instrumentVerdicts.first else { return false }
      result.strategy = .instrumentalVariable
      // Every instrument that shares the first one's conditioning set is used.
      let shared = instrumentVerdicts.filter { $0.conditioningSet == first.conditioningSet }
      let zs = shared.map { g.names[$0.instrument] }
      let w = first.conditioningSet.map { g.names[$0] }.joined(separator: ", ")
      let given = w.isEmpty ? "" : " | \(w)"
      let xName = query.names(query.treatments).joined(separator: ", ")
      let yName = query.names(query.outcomes).joined(separator: ", ")
      if zs.count == 1 {
        result.estimand = "cov(\(yName), \(zs[0])\(given)) / cov(\(xName), \(zs[0])\(given))"
      } else {
        // The 2SLS functional: the instruments combined by the first-stage projection.
        let conditioning = w.isEmpty ? "" : ", \(w)"
        result.estimand =
          "cov(\(yName), Ẑ\(given)) / cov(\(xName), Ẑ\(given)), Ẑ = E[\(xName) | \(zs.joined(separator: ", "))\(conditioning)]"
      }
      notes.append(
        "an instrument identifies the effect only under additional assumptions (e.g. a linear, homogeneous effect)")
      return true
    }
    func useID() -> Bool {
      guard let text = effect.text else { return false }
      result.strategy = .generalIdentification
      result.estimand = text
      return true
    }

    switch strategy {
    case .automatic:
      if adjustmentError != nil, case .explicit = adjustment {
        result.failure = IdentificationFailure(
          strategy: .backdoor, criterion: "generalized adjustment criterion",
          reason: adjustmentError ?? "")
      } else if !(useBackdoor() || useFrontDoor() || useInstrument() || useID()) {
        var reasons: [String] = []
        if let adjustmentFailure { reasons.append("no adjustment set: \(adjustmentFailure)") }
        reasons.append("no front-door set exists")
        reasons.append("no observed variable is an instrument")
        if let hedge = effect.hedge { reasons.append(hedge.explanation) }
        result.failure = IdentificationFailure(
          strategy: .automatic, criterion: "not identifiable", reason: reasons.joined(separator: "; "))
      }
    case .backdoor:
      if !useBackdoor() {
        result.failure = IdentificationFailure(
          strategy: .backdoor, criterion: "generalized adjustment criterion",
          reason: adjustmentError ?? adjustmentFailure ?? "no valid adjustment set exists")
      }
    case .frontdoor:
      if !useFrontDoor() {
        // Explain with the most natural candidate: the nodes on causal paths.
        let mediators = query.graph.nodesOnProperCausalPaths(
          from: query.treatments, to: query.outcomes
        ).filter { !query.outcomes.contains($0) && !g.isLatent[$0] }
        let v = query.checkFrontDoor(mediators)
        result.frontDoorVerdict = v
        result.failure = IdentificationFailure(
          strategy: .frontdoor, criterion: "front-door criterion",
          reason:
            "no set of observed variables satisfies the front-door criterion; for the observed mediators: \(v.explanation)"
        )
      }
    case .instrumentalVariable:
      if !useInstrument() {
        result.failure = IdentificationFailure(
          strategy: .instrumentalVariable, criterion: "instrumental variable",
          reason: query.treatments.count == 1 && query.outcomes.count == 1
            ? "no observed variable is an instrument given any admissible conditioning set (each is either d-separated from the treatment or d-connected to the outcome once the causal paths are cut)"
            : "instruments are supported for one treatment and one outcome")
      }
    case .generalIdentification:
      if !useID() {
        result.failure = IdentificationFailure(
          strategy: .generalIdentification, criterion: "ID algorithm (Shpitser & Pearl 2006)",
          reason: effect.hedge?.explanation ?? "not identifiable")
      }
    }
    if strategy != .automatic, result.strategy == nil, let failure = result.failure {
      notes.append("the requested strategy '\(strategy.rawValue)' does not apply: \(failure.reason)")
    }
    result.notes = notes
    return result
  }

  static func optimalReason(_ o: OptimalAdjustment) -> String? {
    if case .unavailable(let reason) = o { return reason }
    return nil
  }

  /// `sum_z P(y | x, z) P(z)`, or `P(y | x)` for the empty set.
  static func backdoorEstimand(_ q: CausalQuery, _ z: [Int]) -> String {
    let vx = q.treatments.map { ProbabilityVariable($0) }
    let vy = q.outcomes.map { ProbabilityVariable($0) }
    let vz = z.map { ProbabilityVariable($0) }
    let e: ProbabilityExpression =
      z.isEmpty
      ? .probability(of: vy, given: vx)
      : .sum(over: vz, .product([.probability(of: vy, given: vx + vz), .probability(of: vz, given: [])]))
    return e.text(in: q.graph, first: q.treatments)
  }

  /// `sum_m P(m | x) sum_{x'} P(y | m, x') P(x')` (Pearl 2009, Theorem 3.3.4).
  static func frontDoorEstimand(_ q: CausalQuery, _ m: [Int]) -> String {
    let vx = q.treatments.map { ProbabilityVariable($0) }
    let vy = q.outcomes.map { ProbabilityVariable($0) }
    let vm = m.map { ProbabilityVariable($0) }
    let inner = ProbabilityExpression.sum(
      over: vx, .product([.probability(of: vy, given: vm + vx), .probability(of: vx, given: [])]))
    let e = ProbabilityExpression.sum(over: vm, .product([.probability(of: vm, given: vx), inner]))
    return e.withDistinctBoundVariables().text(in: q.graph)
  }
}
