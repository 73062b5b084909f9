extension CausalQuery {
  /// Identifies `P(Y | do(X))` with the ID algorithm of Shpitser & Pearl
  /// (2006, AAAI, "Identification of joint interventional distributions in
  /// recursive semi-Markovian causal models", Fig. 3), on the latent
  /// projection, using the c-component factorization of Tian & Pearl (2002).
  ///
  /// The algorithm is sound and complete: it returns a functional of the
  /// observed distribution exactly when the effect is identifiable, and
  /// otherwise the hedge on which it failed. The functional is simplified
  /// with identities valid for every distribution
  /// (``ProbabilityExpression/simplified()``) and printed with
  /// ``ProbabilityExpression/text(in:)``.
  /// - Complexity: polynomial in the number of nodes (each line recurses on
  ///   a strictly smaller problem); expressions stay of polynomial size.
  public func identifyEffect() -> EffectIdentification {
    var recursion = IDRecursion(projection)
    let all = Array(projection.nodes)
    do {
      let start = ProbabilityExpression.probability(
        of: all.map { ProbabilityVariable($0) }, given: [])
      let raw = try recursion.identify(y: y, x: x, p: start, v: all)
      let expression = raw.simplified().withDistinctBoundVariables().renumbered(toOriginal)
      // Line 3 may add interventions on nodes W that cannot affect Y once X
      // is fixed; the functional may then mention w, and takes the same value
      // for every w (P(y | do(x)) = P(y | do(x, w)) in every model of the
      // graph), as in the textbook napkin formula.
      let query = Set((treatments + outcomes).map { ProbabilityVariable($0) })
      let extra = expression.freeVariables.subtracting(query).map(\.node).sorted()
      var result = EffectIdentification(
        expression: expression, text: expression.text(in: graph), hedge: nil)
      result.arbitraryNodes = extra
      if !extra.isEmpty {
        result.note =
          "the functional takes the same value for every value of \(setText(extra)) (they cannot affect \(setText(outcomes)) once \(setText(treatments)) is fixed)"
      }
      return result
    } catch {
      let f = original(error.forest)
      let f2 = original(error.subforest)
      let inX = f.filter { treatments.contains($0) }
      var explanation =
        "P(\(names(outcomes).joined(separator: ", ")) | do(\(names(treatments).joined(separator: ", ")))) is not identifiable: "
        + "F = \(setText(f)) and F' = \(setText(f2)) form a hedge (Shpitser & Pearl 2006): "
        + "each is a c-component whose nodes are all joined by hidden common causes, they share their root set, "
        + "F contains the treatment \(setText(inX)) and F' contains none"
      let bidirected = bidirectedPairs(within: f)
      if !bidirected.isEmpty {
        explanation += "; the hidden common causes \(bidirected.joined(separator: ", ")) cannot be blocked"
      }
      return EffectIdentification(
        expression: nil, text: nil,
        hedge: Hedge(forest: f, subforest: f2, explanation: explanation))
    }
  }

  /// "a <-> b" for the bidirected edges of the projection inside `nodes`
  /// (study-graph numbers).
  func bidirectedPairs(within nodes: [Int]) -> [String] {
    let inside = Set(nodes.map { toProjected[$0] })
    return projection.bidirectedEdges.filter { inside.contains($0.from) && inside.contains($0.to) }
      .map { "\(projection.names[$0.from]) <-> \(projection.names[$0.to])" }
  }
}
