extension Matrix {
  /// The inverse by LU decomposition with partial pivoting (Doolittle, row
  /// interchanges), or `nil` when a pivot is exactly zero or not finite.
  ///
  /// Used for square matrices that are not symmetric positive definite.
  /// No rank tolerance is applied: a nearly singular matrix returns a large,
  /// inaccurate inverse, as LAPACK's `dgesv` would. Callers that must decide
  /// rank use `LeastSquares` (QR with column pivoting).
  public func luInverse() -> Matrix? {
    precondition(rows == columns, "luInverse: \(rows)×\(columns) is not square")
    let n = rows
    if n == 0 { return self }
    var a = self
    var piv = Array(0..<n)
    var singular = false
    a.storage.withUnsafeMutableBufferPointer { s in
      for k in 0..<n {
        var p = k
        var best = abs(s[k * n + k])
        for i in (k + 1)..<max(k + 1, n) where abs(s[k * n + i]) > best {
          best = abs(s[k * n + i])
          p = i
        }
        guard best > 0, best.isFinite else {
          singular = true
          return
        }
        if p != k {
          for j in 0..<n { s.swapAt(j * n + k, j * n + p) }
          piv.swapAt(k, p)
        }
        let inv = 1 / s[k * n + k]
        for i in (k + 1)..<max(k + 1, n) { s[k * n + i] *= inv }
        for j in (k + 1)..<max(k + 1, n) {
          let f = s[j * n + k]
          if f == 0 { continue }
          for i in (k + 1)..<n { s[j * n + i] -= f * s[k * n + i] }
        }
      }
    }
    if singular { return nil }
    // Solve A X = P I column by column: L y = P e_j, then U x = y.
    var result = Matrix(rows: n, columns: n)
    a.storage.withUnsafeBufferPointer { s in
      result.storage.withUnsafeMutableBufferPointer { r in
        for j in 0..<n {
          let base = j * n
          for i in 0..<n { r[base + i] = piv[i] == j ? 1 : 0 }
          for k in 0..<n {
            let yk = r[base + k]
            if yk == 0 { continue }
            for i in (k + 1)..<n { r[base + i] -= yk * s[k * n + i] }
          }
          for k in stride(from: n - 1, through: 0, by: -1) {
            let xk = r[base + k] / s[k * n + k]
            r[base + k] = xk
            if xk == 0 { continue }
            for i in 0..<k { r[base + i] -= xk * s[k * n + i] }
          }
        }
      }
    }
    return result
  }
}
