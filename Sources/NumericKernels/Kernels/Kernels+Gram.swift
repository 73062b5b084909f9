extension Kernels {
  /// `XᵀWX`, `XᵀWy` and `yᵀWy` in one blocked pass over `[X y]`.
  ///
  /// Formula: with the augmented matrix `A = [X y]` (`n × q`, `q = p + 1`),
  /// the result is the upper triangle of `AᵀWA`, read off as
  /// `[[XᵀWX, XᵀWy], [·, yᵀWy]]`.
  ///
  /// Method: rows are taken in blocks of `B` (chosen so that a block of all
  /// `q` columns fits in about 256 KiB of cache). Each block is copied once
  /// into a packed, zero-padded buffer whose width is a multiple of 4; every
  /// `4 × 2` tile of the upper triangle of `AᵀWA` is then accumulated in SIMD
  /// registers over the block's rows (from a weighted copy `W·A` of the block
  /// on one side and `A` on the other), and the tile sums are added to the
  /// running total. Memory is read once, whatever `p` is, and the arithmetic
  /// runs out of cache. Cost: about `n·q²/2` multiply-adds plus padding.
  ///
  /// Accuracy: each entry is a sum of `n` products accumulated within blocks
  /// in 2 interleaved lanes and then across blocks; the error bound is that of
  /// blocked summation, about `(B + n/B)·ε·Σ|wᵢ aᵢⱼ aᵢₖ|`. Callers that need
  /// backward-stable least squares use `LeastSquares` (Householder QR); this
  /// kernel serves IRLS steps, sandwich "meat" matrices and summaries.
  ///
  /// Edge cases: `n == 0` gives zeros. Weights are used as given.
  /// - Precondition: `weights` and `response`, when given, have `x.rows` entries.
  public static func gram(_ x: Matrix, weights: [Double]?, response: [Double]?) -> GramResult {
    let n = x.rows
    if let weights { precondition(weights.count == n, "Kernels.gram: \(weights.count) weights for \(n) rows") }
    if let response { precondition(response.count == n, "Kernels.gram: \(response.count) responses for \(n) rows") }
    return gramDirect(x, weights: weights, response: response)
  }

  /// `gram` over the rows listed in `rows` only (each once per listing, in
  /// any order), without copying them out first: each block of listed rows
  /// is gathered into the kernel's padded buffer. Cost: about
  /// `|rows|·q²/2` multiply-adds; memory traffic is that of the listed rows.
  ///
  /// - Precondition: every listed row is in `0..<x.rows`; `response`, when
  ///   given, has `x.rows` entries.
  /// With `weights` (one per row of `x`, not per listing), each listed row
  /// counts with its row's weight: `Σ_listings wᵣ aᵣ aᵣᵀ`.
  public static func gram(_ x: Matrix, rows: [Int], weights: [Double]? = nil, response: [Double]?) -> GramResult {
    if let response {
      precondition(response.count == x.rows, "Kernels.gram: \(response.count) responses for \(x.rows) rows")
    }
    if let weights {
      precondition(weights.count == x.rows, "Kernels.gram: \(weights.count) weights for \(x.rows) rows")
    }
    precondition(rows.allSatisfy { $0 >= 0 && $0 < x.rows }, "Kernels.gram: a listed row is out of range")
    return gramDirect(x, weights: weights, response: response, selection: rows)
  }

  /// `gram` without packing: full blocks are read in place (one pass over
  /// memory; only the weighted side `W·A` is copied, and only when there are
  /// weights), the last, partial block goes through a zero-padded copy.
  static func gramDirect(_ x: Matrix, weights: [Double]?, response: [Double]?, selection: [Int]? = nil) -> GramResult {
    let n = x.rows
    let p = x.columns
    // Rows to visit: all of them in order, or the listed ones (gathered into the padded buffer).
    let total = selection?.count ?? n
    let listed = selection ?? []
    let q = p + (response == nil ? 0 : 1)
    let width = (q + 3) / 4 * 4
    let jWidth = (q + 1) / 2 * 2
    let blockRows = max(64, min(4096, (16384 / width) / 4 * 4))
    var sums = [Double](repeating: 0, count: width * width)
    var zeros = [Double](repeating: 0, count: blockRows)
    var weighted = [Double](repeating: 0, count: weights == nil ? 0 : q * blockRows)
    var padded = [Double](repeating: 0, count: q * blockRows)
    var paddedWeights = [Double](repeating: 0, count: blockRows)
    var tile = [Double](repeating: 0, count: 8)
    var iSide = [UnsafePointer<Double>](repeating: UnsafePointer(bitPattern: 8)!, count: width)
    var jSide = [UnsafePointer<Double>](repeating: UnsafePointer(bitPattern: 8)!, count: width)
    listed.withUnsafeBufferPointer { lb in
      x.withUnsafeBufferPointer { xb in
        withOptionalPointer(response) { yp in
          withOptionalPointer(weights) { wp in
            zeros.withUnsafeMutableBufferPointer { zb in
              weighted.withUnsafeMutableBufferPointer { wk in
                padded.withUnsafeMutableBufferPointer { pd in
                  paddedWeights.withUnsafeMutableBufferPointer { pw in
                    sums.withUnsafeMutableBufferPointer { sb in
                      tile.withUnsafeMutableBufferPointer { tb in
                        guard let zp = zb.baseAddress, let pdp = pd.baseAddress, let pwp = pw.baseAddress,
                          let sp = sb.baseAddress, let tp = tb.baseAddress
                        else { return }
                        let xp = xb.baseAddress
                        func source(_ c: Int, _ r0: Int) -> UnsafePointer<Double> {
                          if c < p, let xp { return xp + c * n + r0 }
                          if c == p, let yp { return yp + r0 }
                          return UnsafePointer(zp)
                        }
                        var r0 = 0
                        while r0 < total {
                          let count = min(blockRows, total - r0)
                          let gathered = selection != nil
                          let full = count == blockRows && !gathered
                          let rows = (count + 1) / 2 * 2
                          var blockWeights: UnsafePointer<Double>? = wp.map { $0 + r0 }
                          if gathered, let lp = lb.baseAddress {
                            // Listed rows: gather each column's values into the zero-padded buffer.
                            for c in 0..<q {
                              let dst = pdp + c * blockRows
                              let src = source(c, 0)
                              for k in 0..<count { dst[k] = src[lp[r0 + k]] }
                              (dst + count).update(repeating: 0, count: blockRows - count)
                            }
                            if let wp {
                              for k in 0..<count { pwp[k] = wp[lp[r0 + k]] }
                              (pwp + count).update(repeating: 0, count: blockRows - count)
                              blockWeights = UnsafePointer(pwp)
                            }
                          } else if !full {
                            // The last block: zero-padded copies, so that SIMD pairs never read past the end.
                            for c in 0..<q {
                              let dst = pdp + c * blockRows
                              dst.update(from: source(c, r0), count: count)
                              (dst + count).update(repeating: 0, count: blockRows - count)
                            }
                            if let wp {
                              pwp.update(from: wp + r0, count: count)
                              (pwp + count).update(repeating: 0, count: blockRows - count)
                              blockWeights = UnsafePointer(pwp)
                            }
                          }
                          for c in 0..<width {
                            let a =
                              c >= q ? UnsafePointer(zp) : (full ? source(c, r0) : UnsafePointer(pdp + c * blockRows))
                            jSide[c] = a
                            if let w = blockWeights, c < q, let wkp = wk.baseAddress {
                              let dst = wkp + c * blockRows
                              scaleColumn(
                                UnsafeMutablePointer(mutating: a), by: UnsafeMutablePointer(mutating: w), into: dst,
                                count: rows)
                              iSide[c] = UnsafePointer(dst)
                            } else {
                              iSide[c] = a
                            }
                          }
                          accumulateTiles(iSide, jSide, width: width, jWidth: jWidth, rows: rows, tile: tp, into: sp)
                          r0 += count
                        }
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
    return unpack(sums, width: width, p: p, hasResponse: response != nil)
  }

  /// The `p × p` block, `XᵀWy` and `yᵀWy` from the accumulated upper triangle.
  static func unpack(_ sums: [Double], width: Int, p: Int, hasResponse: Bool) -> GramResult {
    var xtx = Matrix(rows: p, columns: p)
    xtx.withUnsafeMutableBufferPointer { m in
      for j in 0..<p {
        for i in 0...j {
          let v = sums[j * width + i]
          m[j * p + i] = v
          m[i * p + j] = v
        }
      }
    }
    var xty: [Double] = []
    var yty = 0.0
    if hasResponse {
      xty = (0..<p).map { sums[p * width + $0] }
      yty = sums[p * width + p]
    }
    return GramResult(xtx: xtx, xty: xty, yty: yty)
  }

  /// Adds every `4 × 2` tile of the upper triangle of `AᵀB` over `rows` rows
  /// (even) into `sums` (column-major, `width × width`): A's columns are
  /// `iSide` (`width` of them, a multiple of 4), B's are `jSide` (the first
  /// `jWidth`, a multiple of 2); `tile` is scratch for 8 values.
  @inline(__always)
  static func accumulateTiles(
    _ iSide: [UnsafePointer<Double>], _ jSide: [UnsafePointer<Double>], width: Int, jWidth: Int, rows: Int,
    tile: UnsafeMutablePointer<Double>, into sums: UnsafeMutablePointer<Double>
  ) {
    var i0 = 0
    while i0 < width {
      var j0 = i0
      while j0 < jWidth {
        gramTile(
          iSide[i0], iSide[i0 + 1], iSide[i0 + 2], iSide[i0 + 3], jSide[j0], jSide[j0 + 1], rows: rows, into: tile)
        for b in 0..<2 {
          for a in 0..<4 { sums[(j0 + b) * width + i0 + a] += tile[b * 4 + a] }
        }
        j0 += 2
      }
      i0 += 4
    }
  }

  /// One `4 × 2` tile over `rows` rows (even) of six columns given by pointer:
  /// `out[b*4 + a] = Σ_r a_a[r]·b_b[r]`.
  @inline(__always)
  static func gramTile(
    _ a0: UnsafePointer<Double>, _ a1: UnsafePointer<Double>, _ a2: UnsafePointer<Double>, _ a3: UnsafePointer<Double>,
    _ b0: UnsafePointer<Double>, _ b1: UnsafePointer<Double>, rows: Int, into out: UnsafeMutablePointer<Double>
  ) {
    let p0 = UnsafeRawPointer(a0)
    let p1 = UnsafeRawPointer(a1)
    let p2 = UnsafeRawPointer(a2)
    let p3 = UnsafeRawPointer(a3)
    let q0 = UnsafeRawPointer(b0)
    let q1 = UnsafeRawPointer(b1)
    var s00 = SIMD2<Double>()
    var s10 = SIMD2<Double>()
    var s20 = SIMD2<Double>()
    var s30 = SIMD2<Double>()
    var s01 = SIMD2<Double>()
    var s11 = SIMD2<Double>()
    var s21 = SIMD2<Double>()
    var s31 = SIMD2<Double>()
    var o = 0
    let end = rows * 8
    while o < end {
      let y0 = q0.loadUnaligned(fromByteOffset: o, as: SIMD2<Double>.self)
      let y1 = q1.loadUnaligned(fromByteOffset: o, as: SIMD2<Double>.self)
      let x0 = p0.loadUnaligned(fromByteOffset: o, as: SIMD2<Double>.self)
      s00 += x0 * y0
      s01 += x0 * y1
      let x1 = p1.loadUnaligned(fromByteOffset: o, as: SIMD2<Double>.self)
      s10 += x1 * y0
      s11 += x1 * y1
      let x2 = p2.loadUnaligned(fromByteOffset: o, as: SIMD2<Double>.self)
      s20 += x2 * y0
      s21 += x2 * y1
      let x3 = p3.loadUnaligned(fromByteOffset: o, as: SIMD2<Double>.self)
      s30 += x3 * y0
      s31 += x3 * y1
      o += 16
    }
    out[0] = s00.sum()
    out[1] = s10.sum()
    out[2] = s20.sum()
    out[3] = s30.sum()
    out[4] = s01.sum()
    out[5] = s11.sum()
    out[6] = s21.sum()
    out[7] = s31.sum()
  }

  /// The engine of `gram`, with the weights and the response of each block
  /// produced by `fill` after the block's design columns have been packed.
  ///
  /// `fill(start, count, packed, stride, weights, response)` receives the
  /// block's rows `start..<start+count`, the packed design (column `c` of the
  /// block at `packed + c·stride`, in the order of `columns`), and must write
  /// `count` weights and (when `hasResponse`) `count` responses. IRLS uses this
  /// to compute `η = Xβ`, `μ`, the working weights and the working response
  /// while the block is in cache: one pass over the data per iteration.
  /// `unweighted` promises that every weight is 1 (the weighted copy of the
  /// block is then skipped).
  ///
  /// When `columns` is the design's own column order, full blocks are not
  /// copied: `fill` reads the design in place (`stride` is then the design's
  /// row count) and the tiles read it in place too; only the weighted side
  /// `W·A`, the weights and the response are written, and the last, partial
  /// block still goes through the zero-padded copy.
  static func gramPass(
    _ x: Matrix, columns: [Int]?, hasResponse: Bool, unweighted: Bool = false,
    fill: (Int, Int, UnsafePointer<Double>, Int, UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>) -> Void
  ) -> GramResult {
    let n = x.rows
    let selected = columns ?? Array(0..<x.columns)
    let inPlace = selected == Array(0..<x.columns)
    let p = selected.count
    let q = p + (hasResponse ? 1 : 0)
    let width = (q + 3) / 4 * 4  // i-side tiles are 4 columns wide
    let jWidth = (q + 1) / 2 * 2  // j-side tiles are 2 columns wide
    var sums = [Double](repeating: 0, count: width * width)  // upper triangle, column-major
    if n > 0 && q > 0 {
      // Two packed copies (A and W·A) of about 128 KiB each stay in L2.
      let blockRows = max(64, min(4096, (16384 / width) / 4 * 4))
      // One spare column so that the response pointer is valid even without a response.
      var packed = [Double](repeating: 0, count: (width + 1) * blockRows)
      var weighted = [Double](repeating: 0, count: unweighted ? 0 : width * blockRows)
      var packedWeights = [Double](repeating: 0, count: blockRows)
      var zeros = [Double](repeating: 0, count: blockRows)
      var tile = [Double](repeating: 0, count: 8)
      var iSide = [UnsafePointer<Double>](repeating: UnsafePointer(bitPattern: 8)!, count: width)
      var jSide = [UnsafePointer<Double>](repeating: UnsafePointer(bitPattern: 8)!, count: width)
      x.withUnsafeBufferPointer { xb in
        packed.withUnsafeMutableBufferPointer { pk in
          weighted.withUnsafeMutableBufferPointer { wk in
            packedWeights.withUnsafeMutableBufferPointer { pw in
              zeros.withUnsafeMutableBufferPointer { zb in
                sums.withUnsafeMutableBufferPointer { sb in
                  tile.withUnsafeMutableBufferPointer { tb in
                    guard let xp = xb.baseAddress, let pkp = pk.baseAddress, let pwp = pw.baseAddress,
                      let zp = zb.baseAddress, let sp = sb.baseAddress, let tp = tb.baseAddress
                    else { return }
                    // An empty array may still report a base address: decide by the flag.
                    let wkp = unweighted ? pkp : (wk.baseAddress ?? pkp)
                    let responseColumn = pkp + p * blockRows
                    var r0 = 0
                    while r0 < n {
                      let count = min(blockRows, n - r0)
                      let direct = inPlace && count == blockRows
                      if direct {
                        fill(r0, count, UnsafePointer(xp + r0), n, pwp, responseColumn)
                      } else {
                        for (c, j) in selected.enumerated() {
                          let dst = pkp + c * blockRows
                          dst.update(from: xp + j * n + r0, count: count)
                          if count < blockRows { (dst + count).update(repeating: 0, count: blockRows - count) }
                        }
                        fill(r0, count, UnsafePointer(pkp), blockRows, pwp, responseColumn)
                      }
                      if count < blockRows {
                        (pwp + count).update(repeating: 0, count: blockRows - count)
                        if hasResponse { (responseColumn + count).update(repeating: 0, count: blockRows - count) }
                      }
                      let rowsRounded = (count + 1) / 2 * 2
                      for c in 0..<width {
                        let a: UnsafePointer<Double>
                        if c >= q {
                          a = UnsafePointer(zp)
                        } else if c < p && direct {
                          a = UnsafePointer(xp + c * n + r0)
                        } else {
                          a = UnsafePointer(pkp + c * blockRows)
                        }
                        jSide[c] = a
                        if !unweighted && c < q {
                          let dst = wkp + c * blockRows
                          scaleColumn(UnsafeMutablePointer(mutating: a), by: pwp, into: dst, count: rowsRounded)
                          iSide[c] = UnsafePointer(dst)
                        } else {
                          iSide[c] = a
                        }
                      }
                      accumulateTiles(iSide, jSide, width: width, jWidth: jWidth, rows: rowsRounded, tile: tp, into: sp)
                      r0 += count
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
    return unpack(sums, width: width, p: p, hasResponse: hasResponse)
  }

  /// `out[r] = w[r]·a[r]` for `count` rows (SIMD).
  @inline(__always)
  static func scaleColumn(
    _ a: UnsafeMutablePointer<Double>, by w: UnsafeMutablePointer<Double>, into out: UnsafeMutablePointer<Double>,
    count: Int
  ) {
    let ra = UnsafeRawPointer(a)
    let rw = UnsafeRawPointer(w)
    let ro = UnsafeMutableRawPointer(out)
    var r = 0
    while r < count {
      let v =
        ra.loadUnaligned(fromByteOffset: r * 8, as: SIMD2<Double>.self)
        * rw.loadUnaligned(fromByteOffset: r * 8, as: SIMD2<Double>.self)
      ro.storeBytes(of: v, toByteOffset: r * 8, as: SIMD2<Double>.self)
      r += 2
    }
  }

  /// Calls `body` with the base address of `array`, or `nil`.
  @inline(__always)
  static func withOptionalPointer<R>(_ array: [Double]?, _ body: (UnsafePointer<Double>?) -> R) -> R {
    guard let array else { return body(nil) }
    return array.withUnsafeBufferPointer { body($0.baseAddress) }
  }
}
