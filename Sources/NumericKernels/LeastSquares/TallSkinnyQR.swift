/// The triangular factor of a tall matrix by Householder reflections applied
/// block by block (a sequential "TSQR", Demmel, Grigori, Hoemmen & Langou
/// 2012, "Communication-optimal parallel and sequential QR and LU").
///
/// Problem: `R` (upper triangular, `q × q`) with `A = Q R` for the `n × q`
/// matrix `A = [√W X D⁻¹, √W y]` (rows weighted, columns scaled by exact
/// powers of two, the response appended as the last column).
///
/// Method: rows are taken in blocks of `m` (so that a block, about 24 KiB,
/// stays in the L1 cache). Each block is stacked under the running `R` and the
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
  /// `inverseScales`: `D⁻¹` (powers of two), or `nil` for `D = I`.
  static func triangularize(design: Matrix, response: [Double], rootWeights: [Double]?, inverseScales: [Double]?)
    -> Matrix
  {
    let n = design.rows
    let p = design.columns
    let q = p + 1
    // A block of about 24 KiB stays in the L1 data cache while the q
    // reflectors sweep it (each sweep reads and writes the whole block).
    let m = max(32, 3072 / q)
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
                let s = inverseScales?[c] ?? 1
                if let rootWeights {
                  for i in 0..<rows { dst[i] = src[i] * rootWeights[start + i] * s }
                } else if s == 1 {
                  dst.update(from: src, count: rows)
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
              // The remaining columns four at a time: one read of the
              // reflector serves four dot products, then four updates.
              var j = k + 1
              while j + 4 <= q {
                let c0 = bp + j * m
                let c1 = c0 + m
                let c2 = c1 + m
                let c3 = c2 + m
                let d = dot4(tail, c0, c1, c2, c3, count: rows)
                let s0 = (rp[j * q + k] + d.0) * tau
                let s1 = (rp[(j + 1) * q + k] + d.1) * tau
                let s2 = (rp[(j + 2) * q + k] + d.2) * tau
                let s3 = (rp[(j + 3) * q + k] + d.3) * tau
                rp[j * q + k] -= s0
                rp[(j + 1) * q + k] -= s1
                rp[(j + 2) * q + k] -= s2
                rp[(j + 3) * q + k] -= s3
                axpy4(-s0, -s1, -s2, -s3, tail, c0, c1, c2, c3, count: rows)
                j += 4
              }
              while j < q {
                let column = bp + j * m
                let s = (rp[j * q + k] + Kernels.dot(tail, column, count: rows)) * tau
                if s != 0 {
                  rp[j * q + k] -= s
                  Kernels.axpy(-s, tail, column, count: rows)
                }
                j += 1
              }
            }
            start += rows
          }
        }
      }
    }
    return r
  }

  /// `(v·c₀, v·c₁, v·c₂, v·c₃)` over `count` rows, two rows per SIMD step
  /// (each sum in rows order within its lane, the two lanes added at the end).
  @inline(__always)
  static func dot4(
    _ v: UnsafeMutablePointer<Double>, _ c0: UnsafeMutablePointer<Double>, _ c1: UnsafeMutablePointer<Double>,
    _ c2: UnsafeMutablePointer<Double>, _ c3: UnsafeMutablePointer<Double>, count: Int
  ) -> (Double, Double, Double, Double) {
    let rv = UnsafeRawPointer(v)
    let r0 = UnsafeRawPointer(c0)
    let r1 = UnsafeRawPointer(c1)
    let r2 = UnsafeRawPointer(c2)
    let r3 = UnsafeRawPointer(c3)
    var a0 = SIMD2<Double>()
    var a1 = SIMD2<Double>()
    var a2 = SIMD2<Double>()
    var a3 = SIMD2<Double>()
    var i = 0
    while i + 2 <= count {
      let o = i * 8
      let x = rv.loadUnaligned(fromByteOffset: o, as: SIMD2<Double>.self)
      a0 += x * r0.loadUnaligned(fromByteOffset: o, as: SIMD2<Double>.self)
      a1 += x * r1.loadUnaligned(fromByteOffset: o, as: SIMD2<Double>.self)
      a2 += x * r2.loadUnaligned(fromByteOffset: o, as: SIMD2<Double>.self)
      a3 += x * r3.loadUnaligned(fromByteOffset: o, as: SIMD2<Double>.self)
      i += 2
    }
    var s = (a0.sum(), a1.sum(), a2.sum(), a3.sum())
    if i < count {
      s.0 += v[i] * c0[i]
      s.1 += v[i] * c1[i]
      s.2 += v[i] * c2[i]
      s.3 += v[i] * c3[i]
    }
    return s
  }

  /// `cⱼ ← cⱼ + aⱼ·v` for four columns, reading `v` once.
  @inline(__always)
  static func axpy4(
    _ a0: Double, _ a1: Double, _ a2: Double, _ a3: Double, _ v: UnsafeMutablePointer<Double>,
    _ c0: UnsafeMutablePointer<Double>, _ c1: UnsafeMutablePointer<Double>, _ c2: UnsafeMutablePointer<Double>,
    _ c3: UnsafeMutablePointer<Double>, count: Int
  ) {
    let rv = UnsafeRawPointer(v)
    let r0 = UnsafeMutableRawPointer(c0)
    let r1 = UnsafeMutableRawPointer(c1)
    let r2 = UnsafeMutableRawPointer(c2)
    let r3 = UnsafeMutableRawPointer(c3)
    let b0 = SIMD2(repeating: a0)
    let b1 = SIMD2(repeating: a1)
    let b2 = SIMD2(repeating: a2)
    let b3 = SIMD2(repeating: a3)
    var i = 0
    while i + 2 <= count {
      let o = i * 8
      let x = rv.loadUnaligned(fromByteOffset: o, as: SIMD2<Double>.self)
      r0.storeBytes(
        of: r0.loadUnaligned(fromByteOffset: o, as: SIMD2<Double>.self) + b0 * x, toByteOffset: o,
        as: SIMD2<Double>.self)
      r1.storeBytes(
        of: r1.loadUnaligned(fromByteOffset: o, as: SIMD2<Double>.self) + b1 * x, toByteOffset: o,
        as: SIMD2<Double>.self)
      r2.storeBytes(
        of: r2.loadUnaligned(fromByteOffset: o, as: SIMD2<Double>.self) + b2 * x, toByteOffset: o,
        as: SIMD2<Double>.self)
      r3.storeBytes(
        of: r3.loadUnaligned(fromByteOffset: o, as: SIMD2<Double>.self) + b3 * x, toByteOffset: o,
        as: SIMD2<Double>.self)
      i += 2
    }
    if i < count {
      c0[i] += a0 * v[i]
      c1[i] += a1 * v[i]
      c2[i] += a2 * v[i]
      c3[i] += a3 * v[i]
    }
  }
}
