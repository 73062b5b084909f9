/// Sorting and order statistics.
public enum Ordering {
  /// The permutation that sorts `values` ascending, stable (equal values keep
  /// their input order). NaN sorts after every number (NaNs in input order).
  ///
  /// From 256 values on, a distribution sort (`BucketSort`, expected
  /// linear time) computes the same permutation.
  public static func argsort(_ values: [Double]) -> [Int] {
    if values.count >= 256 { return BucketSort.argsort(values) }
    var index = Array(0..<values.count)
    values.withUnsafeBufferPointer { v in
      index.sort { a, b in
        let x = v[a]
        let y = v[b]
        if x < y { return true }
        if x > y { return false }
        // Equal, or at least one NaN.
        if x.isNaN != y.isNaN { return y.isNaN }
        return a < b
      }
    }
    return index
  }

  /// The first index of `sorted` (ascending) whose value is `≥ value`, or
  /// `sorted.count` when there is none: a binary search.
  public static func lowerBound(_ sorted: [Double], _ value: Double) -> Int {
    var lo = 0
    var hi = sorted.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if sorted[mid] < value { lo = mid + 1 } else { hi = mid }
    }
    return lo
  }

  /// The first index in `lower...upper` at which `predicate` holds, for a
  /// predicate that is false and then true on `lower..<upper` (`upper`
  /// counts as true and is never evaluated): an exponential search outwards
  /// from `start`, then a binary search in the bracket it found. Returns
  /// what a binary search over the whole range returns, after O(log d)
  /// evaluations, all near `start`, for an answer d positions away.
  @inlinable @inline(__always)
  public static func firstTrue(_ lower: Int, _ upper: Int, from start: Int, _ predicate: (Int) -> Bool) -> Int {
    func test(_ i: Int) -> Bool { i >= upper || predicate(i) }
    let s = min(max(start, lower), upper)
    var a: Int
    var b: Int  // the answer lies in a...b
    var step = 1
    if test(s) {
      b = s
      while true {
        let probe = s - step
        if probe < lower {
          a = lower
          break
        }
        if test(probe) {
          b = probe
          step *= 2
        } else {
          a = probe + 1
          break
        }
      }
    } else {
      a = s + 1
      while true {
        let probe = s + step
        if probe >= upper {
          b = upper
          break
        }
        if test(probe) {
          b = probe
          break
        }
        a = probe + 1
        step *= 2
      }
    }
    while a < b {
      let mid = (a + b) / 2
      if test(mid) { b = mid } else { a = mid + 1 }
    }
    return a
  }

  /// The `p`-quantile of sorted data, R's type 7 (Hyndman & Fan 1996,
  /// definition 7; also NumPy's default "linear"):
  /// `h = (n − 1)p`, `Q = x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋])` (0-based).
  ///
  /// Edge cases: `p` is clamped to [0, 1]; empty data give NaN; `p = 1`
  /// gives the maximum exactly.
  /// - Precondition: `sorted` is ascending (not checked).
  public static func quantile(sorted: [Double], _ p: Double) -> Double {
    let n = sorted.count
    guard n > 0, !p.isNaN else { return .nan }
    let h = Double(n - 1) * min(max(p, 0), 1)
    let lo = Int(h.rounded(.down))
    if lo >= n - 1 { return sorted[n - 1] }
    let fraction = h - Double(lo)
    return sorted[lo] + fraction * (sorted[lo + 1] - sorted[lo])
  }

  /// Type-7 quantiles for several probabilities.
  public static func quantiles(sorted: [Double], _ probabilities: [Double]) -> [Double] {
    probabilities.map { quantile(sorted: sorted, $0) }
  }

  /// Type-7 quantiles of unsorted data (sorts a copy; NaNs must be removed first).
  public static func quantiles(of values: [Double], _ probabilities: [Double]) -> [Double] {
    quantiles(sorted: values.sorted(), probabilities)
  }
}
