extension Matrix {
  /// The `n × n` identity matrix.
  public static func identity(_ n: Int) -> Matrix {
    var m = Matrix(rows: n, columns: n)
    m.storage.withUnsafeMutableBufferPointer { s in
      for i in 0..<n { s[i * n + i] = 1 }
    }
    return m
  }

  /// `A ← A + B`, entry by entry.
  /// - Precondition: the shapes agree.
  public static func += (lhs: inout Matrix, rhs: Matrix) {
    precondition(
      lhs.rows == rhs.rows && lhs.columns == rhs.columns,
      "Matrix +=: \(lhs.rows)×\(lhs.columns) and \(rhs.rows)×\(rhs.columns)")
    for k in lhs.storage.indices { lhs.storage[k] += rhs.storage[k] }
  }

  /// `c · A`.
  public func scaled(by factor: Double) -> Matrix {
    Matrix(rows: rows, columns: columns, columnMajor: storage.map { factor * $0 })
  }

  /// The transpose, `Aᵀ` (a new `columns × rows` matrix).
  public var transposed: Matrix {
    var t = Matrix(rows: columns, columns: rows)
    let r = rows
    let c = columns
    storage.withUnsafeBufferPointer { a in
      t.storage.withUnsafeMutableBufferPointer { b in
        // Blocked so that both the reads and the writes stay in cache.
        let block = 32
        var j0 = 0
        while j0 < c {
          let j1 = min(j0 + block, c)
          var i0 = 0
          while i0 < r {
            let i1 = min(i0 + block, r)
            for j in j0..<j1 {
              for i in i0..<i1 { b[i * c + j] = a[j * r + i] }
            }
            i0 = i1
          }
          j0 = j1
        }
      }
    }
    return t
  }

  /// The product `A · B`.
  ///
  /// Each column of the result is a sum of columns of `A` scaled by one
  /// column of `B` (axpy over contiguous memory).
  /// - Precondition: `columns == other.rows`.
  public func multiplied(by other: Matrix) -> Matrix {
    precondition(columns == other.rows, "Matrix.multiplied: \(rows)×\(columns) times \(other.rows)×\(other.columns)")
    var result = Matrix(rows: rows, columns: other.columns)
    let n = rows
    let inner = columns
    storage.withUnsafeBufferPointer { a in
      other.storage.withUnsafeBufferPointer { b in
        result.storage.withUnsafeMutableBufferPointer { c in
          guard let ap = a.baseAddress, let cp = c.baseAddress else { return }
          for j in 0..<other.columns {
            let cj = cp + j * n
            for k in 0..<inner {
              let s = b[j * inner + k]
              if s == 0 { continue }
              Kernels.axpy(s, ap + k * n, cj, count: n)
            }
          }
        }
      }
    }
    return result
  }

  /// The product `A · v`.
  /// - Precondition: `vector.count == columns`.
  ///
  /// Rows are taken in blocks of 8,192 (64 KiB of the result stays in the
  /// L2 cache while every column adds its share), so the result is written to
  /// memory once instead of once per column; each entry is still
  /// `Σₖ vₖ aᵢₖ` added in column order, as column-by-column `axpy` would.
  public func multiplied(by vector: [Double]) -> [Double] {
    precondition(vector.count == columns, "Matrix.multiplied: \(rows)×\(columns) times a vector of \(vector.count)")
    var out = [Double](repeating: 0, count: rows)
    let n = rows
    storage.withUnsafeBufferPointer { a in
      out.withUnsafeMutableBufferPointer { y in
        vector.withUnsafeBufferPointer { v in
          guard let ap = a.baseAddress, let yp = y.baseAddress else { return }
          let block = 8192
          var start = 0
          while start < n {
            let count = min(block, n - start)
            for k in 0..<columns where v[k] != 0 {
              Kernels.axpy(v[k], ap + k * n + start, yp + start, count: count)
            }
            start += count
          }
        }
      }
    }
    return out
  }

  /// The product `Aᵀ · v` without forming `Aᵀ`.
  /// - Precondition: `vector.count == rows`.
  public func transposedMultiplied(by vector: [Double]) -> [Double] {
    precondition(vector.count == rows, "Matrix.transposedMultiplied: \(rows)×\(columns)ᵀ times \(vector.count)")
    var out = [Double](repeating: 0, count: columns)
    storage.withUnsafeBufferPointer { a in
      vector.withUnsafeBufferPointer { v in
        guard let ap = a.baseAddress, let vp = v.baseAddress else { return }
        for j in 0..<columns { out[j] = Kernels.dot(ap + j * rows, vp, count: rows) }
      }
    }
    return out
  }

  /// The diagonal `A[i, i]` for `i < min(rows, columns)`.
  public var diagonal: [Double] {
    (0..<min(rows, columns)).map { storage[$0 * rows + $0] }
  }
}
