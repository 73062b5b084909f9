/// The optimal adjustment set, or why it cannot be given.
public enum OptimalAdjustment: Hashable, Codable, Sendable {
  /// `O(X, Y)` (study-graph numbers, sorted); it is a valid adjustment set.
  case set([Int])
  /// Why there is no usable optimal set, as a sentence.
  case unavailable(reason: String)

  /// The set, when there is one.
  public var nodes: [Int]? {
    if case .set(let s) = self { return s }
    return nil
  }
}

extension CausalQuery {
  /// The optimal adjustment set `O(X, Y) = pa(cn(X, Y)) \ Forb(X, Y)` of
  /// Henckel, Perkovic & Maathuis (2022, JRSS-B, Def. 3.9 and Theorem 3.10;
  /// also Rotnitzky & Smucler 2020): among all valid adjustment sets it gives
  /// the smallest asymptotic variance of the adjusted estimator in linear
  /// models (and is efficient non-parametrically).
  ///
  /// The theorem is about DAGs with every node observed. Here O is computed
  /// on the canonical DAG of the study graph (each `a <-> b` becomes a latent
  /// parent of a and b): when O has no latent node, it is optimal among all
  /// valid sets of that DAG and therefore among the observed ones. Otherwise,
  /// and when no valid adjustment set exists, the result says why.
  public func optimalAdjustmentSet() -> OptimalAdjustment {
    guard canonicalAdjustmentSet() != nil else {
      return .unavailable(
        reason: "no valid adjustment set exists, so there is no optimal one")
    }
    let dag = graph.canonicalDAG()
    let causal = dag.causalNodeMask(treatments: treatments, outcomes: outcomes)
    let forbidden = dag.forbiddenMask(treatments: treatments, outcomes: outcomes)
    var chosen = [Bool](repeating: false, count: dag.count)
    for c in dag.nodes where causal[c] {
      for p in dag.parents[c] where !forbidden[p] { chosen[p] = true }
    }
    let o = dag.members(of: chosen)
    if let hidden = o.first(where: { dag.isLatent[$0] }) {
      let children = dag.children[hidden].filter { causal[$0] }.map { dag.names[$0] }
      let what =
        hidden < graph.count
        ? "the latent node \(dag.names[hidden])"
        : "a hidden common cause (the bidirected edge \(dag.names(of: dag.children[hidden]).joined(separator: " <-> ")))"
      return .unavailable(
        reason:
          "O(X,Y) = pa(cn(X,Y)) \\ forb(X,Y) (Henckel, Perkovic & Maathuis 2022) would contain \(what), a parent of \(children.joined(separator: ", ")) on a causal path; the optimal set is only defined when it is observed"
      )
    }
    let verdict = checkAdjustmentSet(o)
    guard verdict.isValid else {
      return .unavailable(reason: "O(X,Y) = \(setText(o)) is not valid here: \(verdict.explanation)")
    }
    return .set(o)
  }
}
