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
  /// A panel's unit column and its codes, so that copies of a unit drawn
  /// twice by the bootstrap become distinct units (as the cluster bootstrap
  /// of a panel treats them); `nil` without a panel.
  let panelUnits: (column: String, codes: [Int], count: Int)?

  init(_ problem: EstimationProblem) {
    rowCount = problem.data.rowCount
    if let unit = problem.panel?.unit {
      let codes = ClusterIdentifiers.codes(problem.data.values(unit))
      panelUnits = (unit, codes, (codes.max() ?? -1) + 1)
    } else {
      panelUnits = nil
    }
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

  /// A bootstrap resample of `data` (as many units as there are, drawn with replacement); in a
  /// panel, the k-th drawn copy of a unit gets its own unit key.
  func bootstrap(_ data: AnalysisData, using rng: inout Xoshiro256StarStar) -> AnalysisData {
    let drawn = Sampling.resampleIndices(count: unitCount, from: unitCount, using: &rng)
    let rows = groups.map { g in drawn.flatMap { g[$0] } } ?? drawn
    let resampled = data.rows(rows)
    guard let panelUnits else { return resampled }
    var keys = [Double](repeating: 0, count: rows.count)
    var position = 0
    for (draw, unit) in drawn.enumerated() {
      for row in groups?[unit] ?? [unit] {
        keys[position] = Double(draw) * Double(panelUnits.count) + Double(panelUnits.codes[row])
        position += 1
      }
    }
    return resampled.replacing(panelUnits.column, with: keys, kind: .integer)
  }

  /// A subset of `size` units drawn without replacement, as sorted rows.
  func subset(size: Int, using rng: inout Xoshiro256StarStar) -> [Int] {
    let mask = Sampling.subsetMask(n: unitCount, size: size, using: &rng)
    guard let groups else { return mask.indices.filter { mask[$0] } }
    return mask.indices.filter { mask[$0] }.flatMap { groups[$0] }.sorted()
  }
}
