import NumericKernels

/// The rows a resampling draws, by the problem's resampling units: single
/// rows, or whole clusters (``EstimationProblem/clusterColumn``: the
/// `cluster` parameter, or a panel's unit) so that a resample keeps the
/// dependence within a cluster (Cameron, Gelbach & Miller 2008, the pairs
/// cluster bootstrap).
struct Resampling: Sendable {
  /// Rows of each resampling unit, in order of first appearance; `nil` when the unit is the row.
  let groups: [[Int]]?
  let rowCount: Int

  init(_ problem: EstimationProblem) {
    rowCount = problem.data.rowCount
    guard let codes = problem.clusterCodes else {
      groups = nil
      return
    }
    var rows = [[Int]](repeating: [], count: (codes.max() ?? -1) + 1)
    for (i, c) in codes.enumerated() { rows[c].append(i) }
    groups = rows
  }

  /// The number of resampling units.
  var unitCount: Int { groups?.count ?? rowCount }

  /// What a resample draws, in words.
  var unitName: String { groups == nil ? "rows" : "whole clusters" }

  /// A bootstrap resample: as many units as there are, drawn with replacement.
  func bootstrap(using rng: inout Xoshiro256StarStar) -> [Int] {
    let drawn = Sampling.resampleIndices(count: unitCount, from: unitCount, using: &rng)
    guard let groups else { return drawn }
    return drawn.flatMap { groups[$0] }
  }

  /// A subset of `size` units drawn without replacement, as sorted rows.
  func subset(size: Int, using rng: inout Xoshiro256StarStar) -> [Int] {
    let mask = Sampling.subsetMask(n: unitCount, size: size, using: &rng)
    guard let groups else { return mask.indices.filter { mask[$0] } }
    return mask.indices.filter { mask[$0] }.flatMap { groups[$0] }.sorted()
  }
}
