/// Detects complete and quasi-complete separation by linear programming.
///
/// Method (after Konis 2007, "Linear programming algorithms for detecting
/// separated data in binary logistic regression models", DPhil thesis,
/// Oxford): with `aᵢ = (2yᵢ − 1)xᵢ`,
/// 1. Solve `max Σ_{i∈U} aᵢᵀβ` s.t. `aᵢᵀβ ≥ 0 ∀i`, `−1 ≤ βⱼ ≤ 1`, starting
///    with `U` = all observations. A positive optimum proves separation and
///    its solution separates some observations strictly; those leave `U`
///    and the program is solved again until the optimum is 0. The union of
///    the solutions separates the maximal set `S` (the sum of separating
///    directions is separating). Complete separation ⇔ `S` = everything.
/// 2. Name the columns: `min Σ_{j non-constant} |βⱼ|` s.t. `aᵢᵀβ ≥ 1` on `S`,
///    `aᵢᵀβ ≥ 0` elsewhere; its support is reported.
/// Both programs are solved through their duals, which have only `p` or `2p`
/// rows (`UnitColumnSimplex`), so the cost is `O(n·p)` per simplex iteration.
///
/// Scaling: each column is divided by its largest absolute value and each
/// row `aᵢ` by its own, which changes neither the sign pattern of `aᵢᵀβ` nor
/// which directions exist. A margin `aᵢᵀβ > 1e-7` counts as strict (the LP's
/// own tolerances are 1e-10, and `β` is bounded by 1 per coordinate). In
/// the naming program a column is named when `|βⱼ| > 1e-9` on the scaled
/// data, where the constraints `aᵢᵀβ ≥ 1` force the coefficients that
/// matter to be of order 1 or more: 1e-9 only discards simplex round-off.
enum SeparationDetector {
  static func detect(design: Matrix, columns: [Int], response: [Double], weights: [Double]?) -> Separation? {
    let n = design.rows
    let p = columns.count
    guard p > 0 else { return nil }
    // Scaled aᵢ, stored as the columns of a p × n matrix.
    var scale = [Double](repeating: 1, count: p)
    var constant = [Bool](repeating: false, count: p)
    for (c, j) in columns.enumerated() {
      var m = 0.0
      var first: Double? = nil
      var isConstant = true
      for i in 0..<n where (weights?[i] ?? 1) > 0 {
        let v = design[i, j]
        m = max(m, abs(v))
        if let f = first { if v != f { isConstant = false } } else { first = v }
      }
      scale[c] = m > 0 ? 1 / m : 1
      constant[c] = isConstant
    }
    var rows: [Int] = []
    var values: [Double] = []
    for i in 0..<n where (weights?[i] ?? 1) > 0 {
      let sign: Double = response[i] > 0.5 ? 1 : -1
      var a = (0..<p).map { sign * design[i, columns[$0]] * scale[$0] }
      let m = a.map(abs).max() ?? 0
      if m == 0 { continue }
      for c in 0..<p { a[c] /= m }
      rows.append(i)
      values.append(contentsOf: a)
    }
    let count = rows.count
    guard count > 0 else { return nil }
    let units = Matrix(rows: p, columns: count, columnMajor: values)

    // 1. Maximal separated set.
    var separated = [Bool](repeating: false, count: count)
    var negativeIdentity = Matrix(rows: p, columns: p)
    for j in 0..<p { negativeIdentity[j, j] = -1 }
    while true {
      var c = [Double](repeating: 0, count: p)
      for i in 0..<count where !separated[i] {
        for j in 0..<p { c[j] += units[j, i] }
      }
      if c.allSatisfy({ $0 == 0 }) { break }
      // Dual: min Σz⁺ + Σz⁻ s.t. −Σ yᵢaᵢ + z⁺ − z⁻ = c; start with z± = |c|.
      let slacks = (0..<p).map { j in (row: j, sign: c[j] >= 0 ? 1.0 : -1.0, cost: 1.0) }
      let program = UnitColumnSimplex(
        units: units, transform: negativeIdentity, unitCosts: [Double](repeating: 0, count: count),
        slacks: slacks, rhs: c)
      guard let solution = program.solve() else { return nil }
      if solution.value <= 1e-7 { break }
      let beta = solution.multipliers
      var grew = false
      for i in 0..<count where !separated[i] {
        var s = 0.0
        for j in 0..<p { s += units[j, i] * beta[j] }
        if s > 1e-7 {
          separated[i] = true
          grew = true
        }
      }
      if !grew { break }
    }
    let separatedCount = separated.filter { $0 }.count
    if separatedCount == 0 { return nil }

    // 2. A sparsest direction: dual of min Σ_{non-constant}|βⱼ| s.t. aᵢᵀβ ≥ 1 (i ∈ S), ≥ 0 otherwise:
    //    min −Σ_{S} λᵢ s.t. [A; −A]ᵀλ + s = w, w = 1 (non-constant) or 0 (constant).
    var transform = Matrix(rows: 2 * p, columns: p)
    for j in 0..<p {
      transform[j, j] = 1
      transform[p + j, j] = -1
    }
    let w = (0..<(2 * p)).map { constant[$0 % p] ? 0.0 : 1.0 }
    let program = UnitColumnSimplex(
      units: units, transform: transform, unitCosts: separated.map { $0 ? -1 : 0 },
      slacks: (0..<(2 * p)).map { (row: $0, sign: 1.0, cost: 0.0) }, rhs: w)
    var named: [Int] = []
    if let solution = program.solve() {
      // β = π⁻ − π⁺ (see the derivation in the documentation comment).
      for j in 0..<p where !constant[j] {
        let beta = solution.multipliers[p + j] - solution.multipliers[j]
        if abs(beta) > 1e-9 { named.append(columns[j]) }
      }
    }
    if separatedCount == count { return .complete(columns: named) }
    return .quasiComplete(columns: named, units: separatedCount)
  }
}
