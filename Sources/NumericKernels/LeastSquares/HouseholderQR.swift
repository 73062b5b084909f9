/// Householder QR with column pivoting (Businger & Golub 1965), in place.
///
/// Factorises `A P = Q R` for an `n × p` matrix `A` (column-major), choosing
/// at each step the remaining column of largest norm. Pivoting stops at the
/// first step whose largest remaining column norm is at or below
/// `threshold`: that step's index is the numerical rank `r`, and the columns
/// left over (`permutation[r...]`) are the ones aliased with the first `r`.
///
/// Column norms are downdated after each step and recomputed from scratch
/// when cancellation has eaten more than half of their digits (the safeguard
/// of LAPACK's `xLAQP2`, Drmač & Bujanović 2008), so the pivot order is
/// reliable even for nearly dependent columns.
///
/// Storage: on return `a` holds `R` on and above the diagonal of its first
/// `r` columns and the Householder vectors `uₖ` (with implicit `uₖ[k] = 1`)
/// below it; `tau[k]` is the reflector scale, `Hₖ = I − τₖ uₖ uₖᵀ`.
struct HouseholderQR {
  var a: Matrix
  var tau: [Double]
  var permutation: [Int]
  var rank: Int

  /// Factorises `a` in place; `threshold` is an absolute bound on `|R[k,k]|`.
  init(_ matrix: Matrix, threshold: Double) {
    var work = matrix
    let n = work.rows
    let p = work.columns
    let steps = min(n, p)
    var tau = [Double](repeating: 0, count: steps)
    var permutation = Array(0..<p)
    var norms = [Double](repeating: 0, count: p)
    var reference = [Double](repeating: 0, count: p)
    var rankFound = steps
    let recomputeBound = Double.ulpOfOne.squareRoot()
    work.withUnsafeMutableBufferPointer { buffer in
      guard let base = buffer.baseAddress else {
        rankFound = 0
        return
      }
      for j in 0..<p {
        let c = base + j * n
        norms[j] = Kernels.dot(c, c, count: n).squareRoot()
        reference[j] = norms[j]
      }
      for k in 0..<steps {
        // Pivot: the largest remaining norm; ties go to the lowest position.
        var pivot = k
        for j in (k + 1)..<max(k + 1, p) where norms[j] > norms[pivot] { pivot = j }
        if !(norms[pivot] > threshold) {
          rankFound = k
          break
        }
        if pivot != k {
          Self.swapColumns(base, n, k, pivot)
          permutation.swapAt(k, pivot)
          norms.swapAt(k, pivot)
          reference.swapAt(k, pivot)
        }
        // Reflector for column k, rows k..<n.
        let col = base + k * n
        let length = n - k
        let x0 = col[k]
        let tail = Kernels.dot(col + k + 1, col + k + 1, count: length - 1)
        let norm = (x0 * x0 + tail).squareRoot()
        if norm == 0 {
          rankFound = k
          break
        }
        let alpha = x0 >= 0 ? -norm : norm
        let v0 = x0 - alpha
        let scale = 1 / v0
        for i in (k + 1)..<n { col[i] *= scale }
        let t = -v0 / alpha
        tau[k] = t
        col[k] = alpha
        // Apply Hₖ = I − τ u uᵀ to the remaining columns.
        for j in (k + 1)..<p {
          let cj = base + j * n
          let s = (cj[k] + Kernels.dot(col + k + 1, cj + k + 1, count: length - 1)) * t
          if s != 0 {
            cj[k] -= s
            Kernels.axpy(-s, col + k + 1, cj + k + 1, count: length - 1)
          }
          // Downdate the partial norm of column j (rows k+1..<n).
          if norms[j] != 0 {
            let ratio = abs(cj[k]) / norms[j]
            var temp = max(0, (1 + ratio) * (1 - ratio))
            let temp2 = temp * (norms[j] / reference[j]) * (norms[j] / reference[j])
            if temp2 <= recomputeBound {
              let r = Kernels.dot(cj + k + 1, cj + k + 1, count: length - 1).squareRoot()
              norms[j] = r
              reference[j] = r
            } else {
              temp = temp.squareRoot()
              norms[j] *= temp
            }
          }
        }
      }
    }
    a = work
    self.tau = tau
    self.permutation = permutation
    rank = rankFound
  }

  private static func swapColumns(_ base: UnsafeMutablePointer<Double>, _ n: Int, _ i: Int, _ j: Int) {
    let ci = base + i * n
    let cj = base + j * n
    for r in 0..<n {
      let t = ci[r]
      ci[r] = cj[r]
      cj[r] = t
    }
  }

  /// Applies `Qᵀ = H_{r-1} ⋯ H₀` to `b` (length `n`) in place, for the first `r` reflectors.
  func applyQTranspose(_ b: inout [Double]) {
    let n = a.rows
    a.withUnsafeBufferPointer { buffer in
      b.withUnsafeMutableBufferPointer { bb in
        guard let base = buffer.baseAddress, let bp = bb.baseAddress else { return }
        for k in 0..<rank {
          let col = base + k * n
          let s = (bp[k] + Kernels.dot(col + k + 1, bp + k + 1, count: n - k - 1)) * tau[k]
          bp[k] -= s
          Kernels.axpy(-s, col + k + 1, bp + k + 1, count: n - k - 1)
        }
      }
    }
  }

  /// `R[i, j]` for `i ≤ j < rank`.
  func r(_ i: Int, _ j: Int) -> Double { a[i, j] }

  /// The leading `rank × rank` block `R₁₁` as an upper-triangular matrix.
  var r11: Matrix {
    var m = Matrix(rows: rank, columns: rank)
    for j in 0..<rank {
      for i in 0...j { m[i, j] = a[i, j] }
    }
    return m
  }
}
