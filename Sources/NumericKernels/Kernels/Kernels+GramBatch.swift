extension Kernels {
  /// Several Gram matrices of listed, weighted rows in one pass over `[X y]`:
  /// for listing s, `Σₖ w_sk a_{r_sk} a_{r_sk}ᵀ` with `a = [x y]` (upper
  /// triangle read off as in `gram`).
  ///
  /// Method: rows are visited in consecutive blocks of `blockRows` (the
  /// block's `q` columns, about 200 KiB for q = 13, stay in L2). For each
  /// block and each listing s, `select(s, start, count, rows, weights)`
  /// writes the listing's rows within `start..<start+count` (each in that
  /// range, any order, repeats allowed) and their weights, and returns how
  /// many it wrote (at most `count`). The listed rows are gathered from the
  /// cached block into a zero-padded buffer and accumulated in `4 × 2` SIMD
  /// tiles as in `gram`. Memory is read once for all listings, so S
  /// simulations that each reweight the rows (bootstrap counts, subsets)
  /// cost one pass over the data plus their arithmetic, not S passes.
  ///
  /// Accuracy: as `gram` (blocked summation, 2 lanes within a block); each
  /// listing's sums are accumulated in the same order whatever the other
  /// listings are, so a listing's result does not depend on its batch.
  ///
  /// - Precondition: `response`, when given, has `x.rows` entries; `select`
  ///   returns at most `count` rows, all in its block.
  public static func gramBatch(
    _ x: Matrix, response: [Double]?, listings: Int, blockRows: Int = 2048,
    select: (Int, Int, Int, UnsafeMutablePointer<Int>, UnsafeMutablePointer<Double>) -> Int
  ) -> [GramResult] {
    if let response {
      precondition(response.count == x.rows, "Kernels.gramBatch: \(response.count) responses for \(x.rows) rows")
    }
    precondition(listings >= 0 && blockRows >= 2, "Kernels.gramBatch: \(listings) listings, blocks of \(blockRows)")
    let n = x.rows
    let p = x.columns
    let q = p + (response == nil ? 0 : 1)
    let width = (q + 3) / 4 * 4
    let jWidth = (q + 1) / 2 * 2
    // Gather capacity: a block's rows, plus one pad row (tiles take rows in pairs).
    let capacity = blockRows + 2
    var sums = [Double](repeating: 0, count: listings * width * width)
    var rows = [Int](repeating: 0, count: capacity)
    var weights = [Double](repeating: 0, count: capacity)
    var padded = [Double](repeating: 0, count: q * capacity)
    var weighted = [Double](repeating: 0, count: q * capacity)
    var zeros = [Double](repeating: 0, count: capacity)
    var tile = [Double](repeating: 0, count: 8)
    var iSide = [UnsafePointer<Double>](repeating: UnsafePointer(bitPattern: 8)!, count: width)
    var jSide = [UnsafePointer<Double>](repeating: UnsafePointer(bitPattern: 8)!, count: width)
    x.withUnsafeBufferPointer { xb in
      withOptionalPointer(response) { yp in
        rows.withUnsafeMutableBufferPointer { rb in
          weights.withUnsafeMutableBufferPointer { wb in
            padded.withUnsafeMutableBufferPointer { pd in
              weighted.withUnsafeMutableBufferPointer { wk in
                zeros.withUnsafeMutableBufferPointer { zb in
                  sums.withUnsafeMutableBufferPointer { sb in
                    tile.withUnsafeMutableBufferPointer { tb in
                      guard let listed = rb.baseAddress, let wp = wb.baseAddress, let pdp = pd.baseAddress,
                        let wkp = wk.baseAddress, let zp = zb.baseAddress, let sp0 = sb.baseAddress,
                        let tp = tb.baseAddress
                      else { return }
                      let xp = xb.baseAddress
                      var r0 = 0
                      while r0 < n {
                        let count = min(blockRows, n - r0)
                        for s in 0..<listings {
                          let k = select(s, r0, count, listed, wp)
                          precondition(
                            k >= 0 && k <= count, "Kernels.gramBatch: \(k) rows selected from a block of \(count)")
                          if k == 0 { continue }
                          let rounded = (k + 1) / 2 * 2
                          if rounded > k { wp[k] = 0 }
                          for c in 0..<q {
                            let src: UnsafePointer<Double> = c < p ? xp! + c * n : yp!
                            let dst = pdp + c * capacity
                            for j in 0..<k { dst[j] = src[listed[j]] }
                            if rounded > k { dst[k] = 0 }
                            scaleColumn(dst, by: wp, into: wkp + c * capacity, count: rounded)
                            jSide[c] = UnsafePointer(dst)
                            iSide[c] = UnsafePointer(wkp + c * capacity)
                          }
                          for c in q..<width {
                            jSide[c] = UnsafePointer(zp)
                            iSide[c] = UnsafePointer(zp)
                          }
                          accumulateTiles(
                            iSide, jSide, width: width, jWidth: jWidth, rows: rounded, tile: tp,
                            into: sp0 + s * width * width)
                        }
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
    return (0..<listings).map { s in
      unpack(
        Array(sums[(s * width * width)..<((s + 1) * width * width)]), width: width, p: p, hasResponse: response != nil)
    }
  }
}
