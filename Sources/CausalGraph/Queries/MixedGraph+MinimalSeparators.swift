extension MixedGraph {
  /// Every minimal separator Z of `x` and `y` with `including` ⊆ Z ⊆
  /// `allowed` ∪ `including`, listed with polynomial delay.
  ///
  /// Algorithm: ListMinSep of van der Zander, Liśkiewicz & Textor (2019, AIJ,
  /// sec. 4), which runs Takata's (2010, Discrete Appl. Math. 158:1660)
  /// backtracking enumeration of minimal vertex separators on the augmented
  /// graph of `An(X ∪ Y ∪ I)`. A branch keeps a connected set A ∋ X on the X
  /// side and a set U that must stay off it; the separator closest to A is
  /// `N(C)` for the component C of Y in the graph minus `N(A)`; each branch
  /// either moves one of its nodes to the X side or forbids that. Nodes that
  /// may not be in a separator (not allowed, hubs) are passed through.
  ///
  /// "Minimal" is relative to `including`: no node outside `including` can be
  /// dropped. - Parameters: limit: stop after this many sets.
  /// - Returns: the separators (each sorted) in the order found, and whether
  ///   the listing stopped at `limit`. - Complexity: O(n (n + m)) per set.
  public func listMinimalSeparators(
    _ x: [Int], _ y: [Int], including: [Int] = [], allowed: [Int], limit: Int = .max
  ) -> (separators: [[Int]], truncated: Bool) {
    guard limit > 0, findSeparator(x, y, including: including, allowed: allowed) != nil else {
      return ([], false)
    }
    let relevant = ancestorMask(of: x + y + including)
    var lister = SeparatorLister(
      graph: AugmentedGraph(self, within: relevant), count: count, x: x, y: y,
      including: including, allowed: allowed, relevant: relevant, limit: limit)
    lister.run()
    return (lister.found, lister.truncated)
  }
}
