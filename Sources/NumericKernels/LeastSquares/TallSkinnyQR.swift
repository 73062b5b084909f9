/// The triangular factor of a tall matrix by Householder reflections applied
/// block by block (a sequential "TSQR", Demmel, Grigori, Hoemmen & Langou
/// 2012, "Communication-optimal parallel and sequential QR and LU").
///
/// Problem: `R` (upper triangular, `q × q`) with `A = Q R` for the `n × q`
/// matrix `A = [√W X D⁻¹, √W y]` (rows weighted, columns scaled by exact
/// powers of two, the response appended as the last column).
///
/// Method: rows are taken in blocks of `m` (so that a block, about 256 KiB,
/// stays in cache). Each block is stacked under the running `R` and the
/// stack `[R; block]` is triangularised by Householder reflections that
/// exploit its shape: reflector `k` touches row `k` of `R` and the block's
/// rows only (rows `k+1..<q` of `R` are zero in column `k`). Every step is
/// an orthogonal transformation, so the result is the `R` of a Householder
/// QR of `A` up to signs, with the same backward stability, but the data
/// are read from memory once instead of `q` times.
///
/// Cost: `n·q²` multiply-adds, cache-resident. The last column of `R`
/// holds `Qᵀ(√W y)` in its first `q − 1` entries.
enum TallSkinnyQR {
  static func triangularize(design: Matrix, response: [Double], rootWeights: [Double]?, inverseScales: [Double]) -> Matrix {
    let n = design.rows, p = design.columns
    let q = p + 1
    let m = max(64, 32768 / q)
    var r = Matrix(rows: q, columns: q)
    var block = [Double](repeating: 0, count: m * q)
    design.withUnsafeBufferPointer { xb in
      r.withUnsafeMutableBufferPointer { rb in
        block.withUnsafeMutableBufferPointer { bb in
          guard let rp = rb.baseAddress, let bp = bb.baseAddress else { return }
          let xp = xb.baseAddress
          var start = 0
          while start < n {
            let rows = min(m, n - start)
            // Copy the block: weighted, scaled design columns, then the weighted response.
            for c in 0..<q {
              let dst = bp + c * m
              if c < p, let xp {
                let src = xp + c * n + start
                let s = inverseScales[c]
                if let rootWeights {
                  for i in 0..<rows { dst[i] = src[i] * rootWeights[start + i] * s }
                } else {
                  for i in 0..<rows { dst[i] = src[i] * s }
                }
              } else {
                for i in 0..<rows { dst[i] = response[start + i] * (rootWeights?[start + i] ?? 1) }
              }
            }
            // Triangularise [R; block].
            for k in 0..<q {
              let tail = bp + k * m
              let x0 = rp[k * q + k]
              let tailNorm2 = Kernels.dot(tail, tail, count: rows)
              if tailNorm2 == 0 { continue }  // column k of the block is already zero
              let norm = (x0 * x0 + tailNorm2).squareRoot()
              let alpha = x0 >= 0 ? -norm : norm
              let v0 = x0 - alpha
              let tau = -v0 / alpha
              let scale = 1 / v0
              for i in 0..<rows { tail[i] *= scale }
              rp[k * q + k] = alpha
              for j in (k + 1)..<q {
                let column = bp + j * m
                let s = (rp[j * q + k] + Kernels.dot(tail, column, count: rows)) * tau
                if s == 0 { continue }
                rp[j * q + k] -= s
                Kernels.axpy(-s, tail, column, count: rows)
              }
            }
            start += rows
          }
        }
      }
    }
    return r
  }
}
