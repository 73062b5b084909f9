/// Stable argsort of finite doubles by distribution into `n/2` equal-width
/// buckets, then insertion sort within each bucket (expected linear time for
/// data without extreme clumping, such as scores and draws).
///
/// Method: `b(x) = ⌊(x − min)·s⌋` (clamped to the last bucket) with
/// `s = B/(max − min)`; subtraction and multiplication by a positive
/// constant are monotone in floating point, so `x ≤ y ⇒ b(x) ≤ b(y)` and
/// equal values share a bucket. A stable counting scatter puts the values in
/// bucket order; each bucket is then sorted by value with a stable insertion
/// sort, or, when it holds more than 48 values (clumped data), with a
/// comparison sort on (value, position). Equal values keep their input order.
///
/// Falls back to `RadixSort` when a value is not finite (NaN, ±∞), so the
/// result always equals `Ordering.argsort` (stable, NaN last).
enum BucketSort {
  /// The permutation of `indices` (default `0..<values.count`, taken in the
  /// given order) that sorts `values` ascending, stable.
  static func argsort(_ values: [Double], indices: [Int]? = nil) -> [Int] {
    sort(values, indices: indices).indices
  }

  /// The sorted values and the permutation of `indices` that sorts them (see `argsort`).
  static func sort(_ values: [Double], indices: [Int]? = nil) -> (values: [Double], indices: [Int]) {
    let n = values.count
    func fallback() -> (values: [Double], indices: [Int]) {
      let order = RadixSort.argsort(keys: values.map(RadixSort.key), indices: nil)
      return (order.map { values[$0] }, indices.map { ix in order.map { ix[$0] } } ?? order)
    }
    if n < 2 { return (values, indices ?? Array(0..<n)) }
    var lo = Double.infinity
    var hi = -Double.infinity
    var finite = true
    values.withUnsafeBufferPointer { v in
      for x in v {
        lo = Swift.min(lo, x)
        hi = Swift.max(hi, x)
        if !x.isFinite { finite = false }
      }
    }
    if !finite || !(hi - lo).isFinite { return fallback() }
    if lo == hi { return (values, indices ?? Array(0..<n)) }
    let bucketCount = Swift.max(1, n / 2)
    let scale = Double(bucketCount) / (hi - lo)
    if !scale.isFinite { return fallback() }
    var bucketOf = [Int32](repeating: 0, count: n)
    var starts = [Int](repeating: 0, count: bucketCount + 1)
    var sortedValues = [Double](repeating: 0, count: n)
    var sortedIndices = [Int](repeating: 0, count: n)
    values.withUnsafeBufferPointer { v in
      bucketOf.withUnsafeMutableBufferPointer { b in
        starts.withUnsafeMutableBufferPointer { s in
          for i in 0..<n {
            let bucket = Swift.min(bucketCount - 1, Int((v[i] - lo) * scale))
            b[i] = Int32(bucket)
            s[bucket + 1] += 1
          }
          for k in 0..<bucketCount { s[k + 1] += s[k] }
          var next = Array(s.prefix(bucketCount))
          sortedValues.withUnsafeMutableBufferPointer { sv in
            sortedIndices.withUnsafeMutableBufferPointer { si in
              next.withUnsafeMutableBufferPointer { nx in
                for i in 0..<n {
                  let bucket = Int(b[i])
                  let position = nx[bucket]
                  nx[bucket] = position + 1
                  sv[position] = v[i]
                  si[position] = indices?[i] ?? i
                }
              }
              for k in 0..<bucketCount {
                let start = s[k]
                let end = s[k + 1]
                if end - start < 2 { continue }
                if end - start <= 48 {
                  insertionSort(sv, si, start, end)
                } else {
                  comparisonSort(sv, si, start, end)
                }
              }
            }
          }
        }
      }
    }
    return (sortedValues, sortedIndices)
  }

  /// Stable insertion sort of `values[start..<end]` (and the indices with them).
  @inline(__always)
  static func insertionSort(
    _ values: UnsafeMutableBufferPointer<Double>, _ indices: UnsafeMutableBufferPointer<Int>, _ start: Int, _ end: Int
  ) {
    var i = start + 1
    while i < end {
      let x = values[i]
      let index = indices[i]
      var j = i - 1
      while j >= start && values[j] > x {
        values[j + 1] = values[j]
        indices[j + 1] = indices[j]
        j -= 1
      }
      values[j + 1] = x
      indices[j + 1] = index
      i += 1
    }
  }

  /// Stable sort of a large bucket by (value, position).
  static func comparisonSort(
    _ values: UnsafeMutableBufferPointer<Double>, _ indices: UnsafeMutableBufferPointer<Int>, _ start: Int, _ end: Int
  ) {
    let order = (start..<end).sorted { a, b in values[a] < values[b] || (values[a] == values[b] && a < b) }
    let v = order.map { values[$0] }
    let ix = order.map { indices[$0] }
    for (k, position) in (start..<end).enumerated() {
      values[position] = v[k]
      indices[position] = ix[k]
    }
  }
}
