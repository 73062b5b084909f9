/// Singular values of a small dense matrix by one-sided Jacobi rotations.
///
/// Method: Hestenes' one-sided Jacobi. Pairs of columns are rotated until
/// every pair is orthogonal to working precision
/// (`|cᵢ·cⱼ| ≤ ε·‖cᵢ‖‖cⱼ‖`); the singular values are then the column norms.
/// It is slower than Golub–Kahan but simple and has high relative accuracy
/// (Demmel & Veselić 1992), which matters for the smallest singular value of
/// an ill-conditioned `R`. Intended for the `r × r` factor of a QR (r ≤ a
/// few hundred).
///
/// Edge cases: an empty matrix gives `[]`; at most 60 sweeps (convergence is
/// quadratic and takes 6–12 in practice).
enum SingularValues {
  static func of(_ matrix: Matrix) -> [Double] {
    var m = matrix
    let n = m.rows
    let c = m.columns
    if c == 0 { return [] }
    let eps = Double.ulpOfOne
    m.withUnsafeMutableBufferPointer { buffer in
      guard let base = buffer.baseAddress else { return }
      for _ in 0..<60 {
        var rotated = false
        for i in 0..<(c - 1) {
          for j in (i + 1)..<c {
            let ci = base + i * n
            let cj = base + j * n
            let alpha = Kernels.dot(ci, ci, count: n)
            let beta = Kernels.dot(cj, cj, count: n)
            let gamma = Kernels.dot(ci, cj, count: n)
            if gamma == 0 || abs(gamma) <= eps * (alpha * beta).squareRoot() { continue }
            rotated = true
            let zeta = (beta - alpha) / (2 * gamma)
            let t = (zeta >= 0 ? 1 : -1) / (abs(zeta) + (1 + zeta * zeta).squareRoot())
            let cs = 1 / (1 + t * t).squareRoot()
            let sn = cs * t
            for r in 0..<n {
              let x = ci[r]
              let y = cj[r]
              ci[r] = cs * x - sn * y
              cj[r] = sn * x + cs * y
            }
          }
        }
        if !rotated { break }
      }
    }
    var values = (0..<c).map { j in
      (0..<n).reduce(0.0) { $0 + m[$1, j] * m[$1, j] }.squareRoot()
    }
    values.sort(by: >)
    return values
  }
}
