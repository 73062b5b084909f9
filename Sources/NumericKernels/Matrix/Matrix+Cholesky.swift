extension Matrix {
  /// The lower-triangular Cholesky factor `L` with `A = L Lᵀ`, or `nil` when
  /// `A` is not (numerically) positive definite.
  ///
  /// Only the lower triangle of `A` is read. Column-oriented (left-looking)
  /// algorithm: column `j` of `L` is `A[j:, j]` minus the contributions of the
  /// columns before it, each an axpy over contiguous memory.
  ///
  /// Edge cases: a pivot that is not positive and finite returns `nil` (the
  /// matrix is indefinite, singular, or holds NaN). No tolerance is applied
  /// beyond that; callers that need a rank decision use `LeastSquares`.
  /// - Precondition: the matrix is square.
  public func choleskyFactor() -> Matrix? {
    precondition(rows == columns, "choleskyFactor: \(rows)×\(columns) is not square")
    let n = rows
    var l = Matrix(rows: n, columns: n)
    var ok = true
    storage.withUnsafeBufferPointer { a in
      l.storage.withUnsafeMutableBufferPointer { lb in
        guard let lp = lb.baseAddress else { return }
        for j in 0..<n {
          let cj = lp + j * n
          for i in j..<n { cj[i] = a[j * n + i] }
          for k in 0..<j {
            let ck = lp + k * n
            let s = ck[j]
            if s == 0 { continue }
            for i in j..<n { cj[i] -= s * ck[i] }
          }
          let pivot = cj[j]
          guard pivot > 0, pivot.isFinite else {
            ok = false
            return
          }
          let d = pivot.squareRoot()
          cj[j] = d
          let inv = 1 / d
          for i in (j + 1)..<max(j + 1, n) { cj[i] *= inv }
        }
      }
    }
    return ok ? l : nil
  }

  /// The inverse `A⁻¹`, or `nil` when `A` is singular to working precision.
  ///
  /// A symmetric matrix is tried first with Cholesky (`A⁻¹ = L⁻ᵀ L⁻¹`, which
  /// keeps the result exactly symmetric); anything else, or a symmetric matrix
  /// that is not positive definite, goes through LU with partial pivoting.
  /// - Precondition: the matrix is square.
  public func inverse() -> Matrix? {
    precondition(rows == columns, "inverse: \(rows)×\(columns) is not square")
    if isSymmetric, let l = choleskyFactor() {
      return Matrix.inverseFromCholesky(l)
    }
    return luInverse()
  }

  /// Whether `A[i, j] == A[j, i]` exactly for all `i, j`.
  public var isSymmetric: Bool {
    guard rows == columns else { return false }
    for j in 0..<columns {
      for i in (j + 1)..<max(j + 1, rows) where storage[j * rows + i] != storage[i * rows + j] { return false }
    }
    return true
  }

  /// `(L Lᵀ)⁻¹` from a lower-triangular Cholesky factor `L`.
  ///
  /// Computes `M = L⁻¹` by forward substitution, then `Mᵀ M`, symmetrised.
  public static func inverseFromCholesky(_ l: Matrix) -> Matrix {
    let n = l.rows
    let m = lowerTriangularInverse(l)
    var result = Matrix(rows: n, columns: n)
    m.storage.withUnsafeBufferPointer { mb in
      result.storage.withUnsafeMutableBufferPointer { r in
        guard let mp = mb.baseAddress else { return }
        // (MᵀM)[i, j] = Σ_k M[k, i] M[k, j] = dot of columns i and j from max(i, j).
        for j in 0..<n {
          for i in j..<n {
            let start = i  // M is lower triangular: M[k, i] = 0 for k < i.
            let v = Kernels.dot(mp + i * n + start, mp + j * n + start, count: n - start)
            r[j * n + i] = v
            r[i * n + j] = v
          }
        }
      }
    }
    return result
  }

  /// The inverse of a lower-triangular matrix (forward substitution, column by column).
  static func lowerTriangularInverse(_ l: Matrix) -> Matrix {
    let n = l.rows
    var m = Matrix(rows: n, columns: n)
    l.storage.withUnsafeBufferPointer { lb in
      m.storage.withUnsafeMutableBufferPointer { mb in
        guard let lp = lb.baseAddress, let mp = mb.baseAddress else { return }
        for j in 0..<n {
          // Solve L x = e_j; x[i] = 0 for i < j. Column-oriented: after fixing
          // x[k], subtract x[k] * L[k+1:, k].
          let x = mp + j * n
          x[j] = 1
          for k in j..<n {
            let xk = x[k] / lp[k * n + k]
            x[k] = xk
            if xk == 0 { continue }
            let lk = lp + k * n
            for i in (k + 1)..<max(k + 1, n) { x[i] -= xk * lk[i] }
          }
        }
      }
    }
    return m
  }
}
