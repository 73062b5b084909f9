/// Stable least-significant-digit radix sort of doubles by value (an
/// argsort), in O(n) per digit instead of O(n log n) comparisons.
///
/// Key: the bits of `x + 0.0` (so that −0 and +0 are one key), with the
/// sign bit set for positive numbers and every bit flipped for negative
/// ones, which orders the keys as the numbers (IEEE 754 total order); every
/// NaN gets the largest key, after +∞. Digits are 11 bits wide (six passes
/// over 64 bits, 2,048 buckets: the histogram stays in L1 and the scatter
/// has few enough write streams); one pass builds all six histograms, and a
/// digit that is the same for every key is skipped (for probabilities the
/// sign and most exponent bits are).
///
/// Stability: equal keys keep their input order, so the result equals
/// `Ordering.argsort` (stable, NaN last) for any input.
///
/// Reference: Knuth, TAOCP vol. 3, §5.2.5 (radix sorting).
enum RadixSort {
  /// The order key of `x` (see the type's documentation).
  @inline(__always)
  static func key(_ x: Double) -> UInt64 {
    if x.isNaN { return .max }
    let bits = (x + 0.0).bitPattern
    return bits & (1 << 63) != 0 ? ~bits : bits | (1 << 63)
  }

  /// The permutation that sorts `values` ascending, stable, NaN last.
  static func argsort(_ values: [Double]) -> [Int] {
    let n = values.count
    var keys = [UInt64](repeating: 0, count: n)
    values.withUnsafeBufferPointer { v in
      keys.withUnsafeMutableBufferPointer { k in
        for i in 0..<n { k[i] = key(v[i]) }
      }
    }
    return argsort(keys: keys, indices: nil)
  }

  /// The permutation of `indices` (default `0..<keys.count`, taken in the
  /// given order) that sorts `keys` ascending, stable.
  static func argsort(keys input: [UInt64], indices: [Int]?) -> [Int] {
    let n = input.count
    if n < 2 { return indices ?? Array(0..<n) }
    let bits = 11
    let buckets = 1 << 11
    let digits = (64 + bits - 1) / bits
    var counts = [Int](repeating: 0, count: buckets * digits)
    input.withUnsafeBufferPointer { k in
      counts.withUnsafeMutableBufferPointer { c in
        for i in 0..<n {
          var key = k[i]
          for d in 0..<digits {
            c[d * buckets + Int(key & UInt64(buckets - 1))] += 1
            key >>= UInt64(bits)
          }
        }
      }
    }
    var keys = input
    var order = indices ?? Array(0..<n)
    var keysOut = [UInt64](repeating: 0, count: n)
    var orderOut = [Int](repeating: 0, count: n)
    for d in 0..<digits {
      let shift = UInt64(d * bits)
      // Skip a digit that every key shares.
      if counts[d * buckets + Int((keys[0] >> shift) & UInt64(buckets - 1))] == n { continue }
      counts.withUnsafeMutableBufferPointer { c in
        var total = 0
        for b in 0..<buckets {
          let count = c[d * buckets + b]
          c[d * buckets + b] = total
          total += count
        }
        keys.withUnsafeBufferPointer { kIn in
          order.withUnsafeBufferPointer { oIn in
            keysOut.withUnsafeMutableBufferPointer { kOut in
              orderOut.withUnsafeMutableBufferPointer { oOut in
                for i in 0..<n {
                  let key = kIn[i]
                  let slot = d * buckets + Int((key >> shift) & UInt64(buckets - 1))
                  let position = c[slot]
                  c[slot] = position + 1
                  kOut[position] = key
                  oOut[position] = oIn[i]
                }
              }
            }
          }
        }
      }
      swap(&keys, &keysOut)
      swap(&order, &orderOut)
    }
    return order
  }
}
