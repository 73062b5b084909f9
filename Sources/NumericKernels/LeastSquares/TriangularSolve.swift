/// Triangular solves and inverses for upper-triangular matrices.
enum UpperTriangular {
  /// Solves `R x = b` by back substitution (`R` is `r × r`, upper triangular).
  static func solve(_ rMatrix: Matrix, _ b: [Double]) -> [Double] {
    let r = rMatrix.rows
    var x = Array(b.prefix(r))
    for k in stride(from: r - 1, through: 0, by: -1) {
      var s = x[k]
      for j in (k + 1)..<r { s -= rMatrix[k, j] * x[j] }
      x[k] = s / rMatrix[k, k]
    }
    return x
  }

  /// `R⁻¹`, upper triangular, column by column (column j solves `R x = e_j`).
  static func inverse(_ rMatrix: Matrix) -> Matrix {
    let r = rMatrix.rows
    var inv = Matrix(rows: r, columns: r)
    rMatrix.withUnsafeBufferPointer { rb in
      inv.withUnsafeMutableBufferPointer { ib in
        for j in 0..<r {
          let base = j * r
          ib[base + j] = 1 / rb[j * r + j]
          // Column-oriented back substitution over rows j-1 ... 0.
          for k in stride(from: j, through: 1, by: -1) {
            let xk = ib[base + k]
            if xk == 0 { continue }
            for i in 0..<k { ib[base + i] -= rb[k * r + i] * xk }
            ib[base + k - 1] /= rb[(k - 1) * r + k - 1]
          }
        }
      }
    }
    return inv
  }
}
