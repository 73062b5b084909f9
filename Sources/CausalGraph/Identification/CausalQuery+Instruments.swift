extension CausalQuery {
  /// Judges whether `instrument` is an instrument for the single treatment
  /// on the single outcome given `conditioningSet` (study-graph numbers); see
  /// ``InstrumentVerdict``. With several treatments or outcomes every
  /// condition fails with that reason.
  public func checkInstrument(_ instrument: Int, given conditioningSet: [Int]) -> InstrumentVerdict {
    let w = Array(Set(conditioningSet)).sorted()
    checkNodes(w + [instrument])
    guard x.count == 1, y.count == 1 else {
      let no = InstrumentCondition(
        holds: false, reason: "instruments are defined here for one treatment and one outcome",
        path: nil)
      return InstrumentVerdict(
        instrument: instrument, conditioningSet: w, isValid: false, admissibility: no,
        relevance: no, exclusion: no, explanation: no.reason)
    }
    var issues: [String] = []
    let zName = graph.names[instrument]
    if graph.isLatent[instrument] { issues.append("\(zName) is latent") }
    if treatments.contains(instrument) || outcomes.contains(instrument) {
      issues.append("\(zName) is the treatment or the outcome")
    }
    let affected = projection.descendantMask(of: x + y)
    var projectedW: [Int] = []
    for v in w {
      if v == instrument || treatments.contains(v) || outcomes.contains(v) {
        issues.append("the conditioning set contains \(graph.names[v])")
      } else if graph.isLatent[v] {
        issues.append("\(graph.names[v]) in the conditioning set is latent")
      } else {
        let p = toProjected[v]
        if forbidden[p] || affected[p] {
          issues.append("\(graph.names[v]) in the conditioning set is a descendant of the treatment or the outcome")
        }
        projectedW.append(p)
      }
    }
    let admissibility = InstrumentCondition(
      holds: issues.isEmpty,
      reason: issues.isEmpty
        ? "\(setText(w)) holds only observed nodes that the treatment and the outcome do not affect"
        : issues.joined(separator: "; "),
      path: nil)
    let unusable =
      graph.isLatent[instrument] || treatments.contains(instrument)
      || outcomes.contains(instrument)
    if unusable {
      return InstrumentVerdict(
        instrument: instrument, conditioningSet: w, isValid: false, admissibility: admissibility,
        relevance: admissibility, exclusion: admissibility,
        explanation: "\(zName) is not an instrument: \(admissibility.reason)")
    }
    let z = toProjected[instrument]
    let (relevance, exclusion) = instrumentArguments(z, given: projectedW)
    let valid = admissibility.holds && relevance.holds && exclusion.holds
    let failed = [("admissibility", admissibility), ("relevance", relevance), ("exclusion", exclusion)]
      .filter { !$0.1.holds }.map { "\($0.0) fails: \($0.1.reason)" }
    return InstrumentVerdict(
      instrument: instrument, conditioningSet: w, isValid: valid, admissibility: admissibility,
      relevance: relevance, exclusion: exclusion,
      explanation: valid
        ? "\(zName) is an instrument for \(setText(treatments)) -> \(setText(outcomes)) given \(setText(w))"
        : "\(zName) is not an instrument given \(setText(w)): " + failed.joined(separator: "; "))
  }

  /// The relevance and exclusion arguments for projection node `z` given W.
  func instrumentArguments(_ z: Int, given w: [Int]) -> (InstrumentCondition, InstrumentCondition) {
    let g = projection
    let zName = graph.names[toOriginal[z]]
    let wText = setText(original(w))
    let relevant = !g.isSeparated([z], x, given: w)
    let relevancePath =
      relevant ? g.openPath(from: [z], to: x, given: w, budget: Self.pathSearchBudget) : nil
    let relevance = InstrumentCondition(
      holds: relevant,
      reason: relevant
        ? "\(zName) and \(setText(treatments)) are d-connected given \(wText)"
          + (relevancePath.map { " (open path \($0.mapped(toOriginal).text(names: graph.names)))" } ?? "")
        : "\(zName) and \(setText(treatments)) are d-separated given \(wText)",
      path: relevancePath?.mapped(toOriginal))
    let backdoor = g.properBackdoorGraph(treatments: x, outcomes: y)
    let excluded = backdoor.isSeparated([z], y, given: w)
    let leak =
      excluded ? nil : backdoor.openPath(from: [z], to: y, given: w, budget: Self.pathSearchBudget)
    let exclusion = InstrumentCondition(
      holds: excluded,
      reason: excluded
        ? "\(zName) and \(setText(outcomes)) are d-separated given \(wText) once the causal paths out of \(setText(treatments)) are cut"
        : "with the causal paths out of \(setText(treatments)) cut, "
          + (leak.map { "the path \($0.mapped(toOriginal).text(names: graph.names)) stays open" }
            ?? "\(zName) and \(setText(outcomes)) stay d-connected")
          + " given \(wText)",
      path: leak?.mapped(toOriginal))
    return (relevance, exclusion)
  }

  /// Every ancestral instrument, each with its conditioning set W
  /// (study-graph numbers), in node order. Empty with several treatments or
  /// outcomes.
  ///
  /// Deciding whether a given Z is a conditional instrument for some W is
  /// NP-hard, but whenever any conditional instrument exists an ancestral one
  /// (W ⊆ An(Y ∪ Z)) exists, and those are found in polynomial time (van der
  /// Zander, Textor & Liśkiewicz 2015, IJCAI, "Efficiently finding
  /// conditional instruments for causal inference", Theorems 3-5): W is the
  /// minimal separator of Y and Z in the proper back-door graph nearest to Y,
  /// among admissible nodes; Z is an ancestral instrument iff it is one
  /// given that W. So the list is empty exactly when no instrument exists.
  /// - Complexity: O(n (n + m)).
  public func findInstruments() -> [InstrumentVerdict] {
    guard x.count == 1, y.count == 1 else { return [] }
    let g = projection
    let backdoor = g.properBackdoorGraph(treatments: x, outcomes: y)
    let affected = g.descendantMask(of: x + y)
    let admissible = candidateNodes.filter { !forbidden[$0] && !affected[$0] }
    var found: [InstrumentVerdict] = []
    for z in candidateNodes {
      let allowed = admissible.filter { $0 != z }
      guard let w = backdoor.findMinimalSeparator(y, [z], allowed: allowed) else { continue }
      guard !g.isSeparated([z], x, given: w) else { continue }
      found.append(checkInstrument(toOriginal[z], given: original(w)))
    }
    return found
  }
}
