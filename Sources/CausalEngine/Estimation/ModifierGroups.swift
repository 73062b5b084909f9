import NumericKernels
import StudyModel

/// The subgroups in which conditional effects are reported: each level of a
/// categorical (or binary) modifier, and quantile bins of a continuous one.
///
/// Bins: `modifier_bins` (default 4) bins cut at R type-7 sample quantiles,
/// `[q_j, q_{j+1})` with the last bin closed; bins that repeated cut points
/// leave empty are not reported.
enum ModifierGroups {
  struct Group {
    var modifier: String
    var label: String
    var rows: [Int]
  }

  static func groups(problem: EstimationProblem) -> [Group] {
    var groups: [Group] = []
    let bins = problem.common.modifierBins
    for name in problem.modifiers {
      let column = problem.data.column(name)
      let values = column.values
      if column.kind == .categorical || column.kind == .binary || Set(values).count <= bins {
        let levels = Array(Set(values)).sorted()
        for level in levels {
          let rows = values.indices.filter { values[$0] == level }
          let label: String
          if column.kind == .categorical, Int(level) < column.levels.count {
            label = column.levels[Int(level)]
          } else {
            label = JSONValue.format(level)
          }
          groups.append(Group(modifier: name, label: label, rows: rows))
        }
      } else {
        let sorted = values.sorted()
        let cuts = (0...bins).map { Ordering.quantile(sorted: sorted, Double($0) / Double(bins)) }
        for j in 0..<bins {
          let low = cuts[j]
          let high = cuts[j + 1]
          let last = j == bins - 1
          let rows = values.indices.filter { values[$0] >= low && (last ? values[$0] <= high : values[$0] < high) }
          guard !rows.isEmpty else { continue }
          let label = "[\(JSONValue.format(low)), \(JSONValue.format(high))\(last ? "]" : ")")"
          groups.append(Group(modifier: name, label: label, rows: rows))
        }
      }
    }
    return groups
  }
}
