/// A revised simplex method for the linear programs of separation detection.
///
/// Problem (standard form): minimise `fᵀx` subject to `M x = rhs`, `x ≥ 0`,
/// where the `m` rows are few (a multiple of the number of design columns)
/// and the columns are of two kinds:
/// - one "unit" column per observation `i`: `Mᵢ = T aᵢ` with cost `fᵢ`, where
///   `aᵢ` is observation `i`'s (scaled) design row and `T` a fixed `m × p`
///   matrix;
/// - `m` slack columns `±e_r` with their own costs, which also form the
///   starting basis (the caller guarantees it is feasible).
///
/// Method: the basis inverse `B⁻¹` (`m × m`) is kept explicitly and updated
/// by a Gauss–Jordan pivot per iteration (O(m²)); pricing computes all unit
/// reduced costs `fᵢ − aᵢᵀ(Tᵀπ)` in one pass over the data (O(n·p)).
/// Entering column: most negative reduced cost (Dantzig); after 50
/// consecutive degenerate pivots the rule switches to Bland's smallest
/// index, which cannot cycle (Bland 1977). Tolerances (the data are scaled
/// to max-abs 1 by the caller): reduced costs below `−1e-10` are improving,
/// pivots below `1e-11` are refused.
///
/// Returns the optimal value, the basic solution and the simplex
/// multipliers `π = B⁻ᵀ f_B` (the solution of the dual), or `nil` after
/// the iteration limit (the caller then reports nothing rather than guess).
struct UnitColumnSimplex {
  /// `aᵢ` as the columns of a `p × n` matrix (each observation contiguous).
  let units: Matrix
  /// `T` (`m × p`).
  let transform: Matrix
  /// Costs of the unit columns (`n`).
  let unitCosts: [Double]
  /// The slack columns: row, sign (±1) and cost, one per row, in row order.
  let slacks: [(row: Int, sign: Double, cost: Double)]
  let rhs: [Double]

  struct Solution {
    var value: Double
    var multipliers: [Double]
    /// Values of the unit variables (`n`).
    var unitValues: [Double]
  }

  func solve(maximumIterations: Int = 100_000) -> Solution? {
    let m = rhs.count
    let p = units.rows
    let n = units.columns
    precondition(transform.rows == m && transform.columns == p && slacks.count == m && unitCosts.count == n)
    // Basis: entries ≥ 0 are unit columns, −1−r is slack r.
    var basis = (0..<m).map { -1 - $0 }
    var inverse = Matrix(rows: m, columns: m)
    var values = [Double](repeating: 0, count: m)
    for (r, slack) in slacks.enumerated() {
      inverse[r, slack.row] = 1 / slack.sign
      values[r] = rhs[slack.row] / slack.sign
    }
    var degenerateRun = 0
    var reduced = [Double](repeating: 0, count: n)
    for _ in 0..<maximumIterations {
      // π = B⁻ᵀ f_B.
      var costB = [Double](repeating: 0, count: m)
      for r in 0..<m { costB[r] = basis[r] >= 0 ? unitCosts[basis[r]] : slacks[-1 - basis[r]].cost }
      var pi = [Double](repeating: 0, count: m)
      for j in 0..<m {
        var s = 0.0
        for r in 0..<m { s += inverse[r, j] * costB[r] }
        pi[j] = s
      }
      // v = Tᵀπ; unit reduced costs fᵢ − aᵢᵀv.
      let v = transform.transposedMultiplied(by: pi)
      units.withUnsafeBufferPointer { ub in
        v.withUnsafeBufferPointer { vb in
          guard let up = ub.baseAddress, let vp = vb.baseAddress else { return }
          for i in 0..<n { reduced[i] = unitCosts[i] - Kernels.dot(up + i * p, vp, count: p) }
        }
      }
      let inBasis = Set(basis)
      let bland = degenerateRun >= 50
      var entering: Int? = nil  // ≥ 0 unit, < 0 slack
      var best = -1e-10
      for (r, slack) in slacks.enumerated() where !inBasis.contains(-1 - r) {
        let d = slack.cost - slack.sign * pi[slack.row]
        if d < best {
          entering = -1 - r
          best = d
          if bland { break }
        }
      }
      if !(bland && entering != nil) {
        for i in 0..<n where reduced[i] < best && !inBasis.contains(i) {
          entering = i
          best = reduced[i]
          if bland { break }
        }
      }
      guard let entering else {
        var unitValues = [Double](repeating: 0, count: n)
        var value = 0.0
        for r in 0..<m {
          if basis[r] >= 0 { unitValues[basis[r]] = values[r] }
          value += costB[r] * values[r]
        }
        return Solution(value: value, multipliers: pi, unitValues: unitValues)
      }
      // Column of M for the entering variable, then u = B⁻¹ column.
      var column = [Double](repeating: 0, count: m)
      if entering >= 0 {
        let a = (0..<p).map { units[$0, entering] }
        column = transform.multiplied(by: a)
      } else {
        let slack = slacks[-1 - entering]
        column[slack.row] = slack.sign
      }
      let u = inverse.multiplied(by: column)
      // Ratio test (ties: smallest basis entry index, for Bland).
      var leave = -1
      var ratio = Double.infinity
      for r in 0..<m where u[r] > 1e-11 {
        let t = values[r] / u[r]
        if t < ratio - 1e-14 || (abs(t - ratio) <= 1e-14 && leave >= 0 && basis[r] < basis[leave]) {
          ratio = t
          leave = r
        }
      }
      if leave < 0 { return nil }  // unbounded: cannot happen for these programs
      degenerateRun = ratio <= 1e-14 ? degenerateRun + 1 : 0
      for r in 0..<m where r != leave { values[r] = max(0, values[r] - ratio * u[r]) }
      values[leave] = ratio
      // Gauss–Jordan update of B⁻¹.
      let pivot = u[leave]
      for j in 0..<m { inverse[leave, j] /= pivot }
      for r in 0..<m where r != leave && u[r] != 0 {
        let f = u[r]
        for j in 0..<m { inverse[r, j] -= f * inverse[leave, j] }
      }
      basis[leave] = entering
    }
    return nil
  }
}
