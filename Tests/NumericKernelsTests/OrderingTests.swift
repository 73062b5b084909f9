import TestSupport
import Testing

@testable import NumericKernels

@Suite("Ordering, nearest neighbours, parallel map")
struct OrderingTests {
  @Test("argsort is stable and puts NaN last")
  func argsort() {
    #expect(Ordering.argsort([3, 1, 2, 1, .nan, 0]) == [5, 1, 3, 2, 0, 4])
    #expect(Ordering.argsort([]) == [])
  }

  /// The comparison-sort definition of `argsort` (stable, NaN last).
  static func referenceArgsort(_ values: [Double]) -> [Int] {
    Array(0..<values.count).sorted { a, b in
      let x = values[a]
      let y = values[b]
      if x < y { return true }
      if x > y { return false }
      if x.isNaN != y.isNaN { return y.isNaN }
      return a < b
    }
  }

  @Test("the linear-time sorts give the comparison sort's permutation (ties, ±0, ±∞, NaN, clumps)")
  func linearTimeSorts() {
    var rng = SplitMix64(seed: 7)
    func uniform() -> Double { Double(rng.next() >> 11) * 0x1p-53 }
    let cases: [[Double]] = [
      (0..<5000).map { _ in uniform() },
      (0..<5000).map { _ in Double(rng.next() % 20) / 7 - 1 },  // many ties
      (0..<5000).map { _ in -LibM.log(uniform() + 1e-300) * (rng.next() % 2 == 0 ? 1 : 1e-9) },  // clumped
      (0..<3000).map { i in i % 7 == 0 ? -0.0 : i % 11 == 0 ? 0.0 : uniform() - 0.5 },
      (0..<3000).map { i in [Double.nan, .infinity, -.infinity, 1, -1][i % 5] },
      [Double](repeating: 2.5, count: 1000),
      (0..<1000).map { Double($0) * 1e300 - 1e302 },
    ]
    for values in cases {
      let expected = Self.referenceArgsort(values)
      #expect(Ordering.argsort(values) == expected)
      #expect(RadixSort.argsort(values) == expected)
    }
  }

  @Test("nearestTable equals nearest for every query (ties, exclusions) on a larger index")
  func nearestTable() {
    var rng = SplitMix64(seed: 5)
    let scores = (0..<6000).map { _ in Double(rng.next() % 3000) / 3000 }
    let controls = (0..<6000).filter { _ in rng.next() % 3 != 0 }
    let index = SortedNeighbors(scores: scores, subset: controls)
    let queries = (0..<2500).map { _ in Double(rng.next() % 3100) / 3000 - 0.01 }
    let excluded = (0..<2500).map { _ in controls[Int(rng.next() % UInt64(controls.count))] }
    for k in [1, 4] {
      let table = index.nearestTable(queries: queries, k: k, excluding: excluded)
      #expect(table.count == queries.count)
      for (q, value) in queries.enumerated() {
        #expect(table.neighbors(of: q) == index.nearest(to: value, k: k, excluding: excluded[q]))
      }
    }
  }

  @Test("type-7 quantiles match R's quantile(type = 7) values")
  func quantiles() {
    // R: quantile(c(1, 2, 3, 4, 10), c(0, .1, .25, .5, .9, 1)) = 1, 1.4, 2, 3, 7.6, 10.
    let x = [1.0, 2, 3, 4, 10]
    let q = Ordering.quantiles(sorted: x, [0, 0.1, 0.25, 0.5, 0.9, 1])
    let expected = [1, 1.4, 2, 3, 7.6, 10]
    for (a, b) in zip(q, expected) { #expect(abs(a - b) < 1e-12) }
    #expect(Ordering.quantile(sorted: [], 0.5).isNaN)
    #expect(Ordering.quantile(sorted: [5], 0.3) == 5)
  }

  /// Brute force: all candidates by (distance, index), then everything up to the k-th distance.
  static func bruteForce(_ distances: [(Int, Double)], k: Int) -> Neighbors {
    let sorted = distances.sorted { $0.1 < $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }
    guard sorted.count > k else { return Neighbors(indices: sorted.map(\.0), distances: sorted.map(\.1)) }
    let cut = sorted[k - 1].1
    let kept = sorted.filter { $0.1 <= cut }
    return Neighbors(indices: kept.map(\.0), distances: kept.map(\.1))
  }

  @Test("sorted neighbours equal brute force, ties included, single and batch queries")
  func sortedNeighbors() {
    var rng = SplitMix64(seed: 99)
    // Scores on a coarse grid so that ties are common.
    let scores = (0..<400).map { _ in Double(rng.next() % 50) / 50 }
    let controls = (0..<400).filter { _ in rng.next() % 2 == 0 }
    let index = SortedNeighbors(scores: scores, subset: controls)
    let queries = (0..<200).map { _ in Double(rng.next() % 101) / 100 }
    for k in [1, 3] {
      let batch = index.nearestAll(queries: queries, k: k)
      for (q, value) in queries.enumerated() {
        let expected = Self.bruteForce(controls.map { ($0, abs(value - scores[$0])) }, k: k)
        #expect(index.nearest(to: value, k: k) == expected)
        #expect(batch[q] == expected)
      }
    }
    // Excluding a unit (matching a unit to others in its own group).
    let all = SortedNeighbors(scores: scores)
    let result = all.nearest(to: scores[10], k: 1, excluding: 10)
    #expect(!result.indices.contains(10))
  }

  @Test("k-d tree equals brute force under Euclidean and Mahalanobis distance")
  func kdTree() {
    var rng = SplitMix64(seed: 3)
    let n = 700
    let d = 3
    var columns = [[Double]](repeating: [], count: d)
    for _ in 0..<n {
      let a = Double(rng.next() % 20)
      let b = Double(rng.next() % 1000) / 100
      columns[0].append(a)
      columns[1].append(a + b)
      columns[2].append(Double(rng.next() % 5))
    }
    let points = Matrix(columns: columns)
    let covariance = Matrix(columns: [[4, 2, 0], [2, 9, 0.5], [0, 0.5, 1]])
    let w = KDTree.mahalanobisWhitening(covariance)
    let inverse = covariance.inverse()!
    for transform in [nil, w] {
      let tree = KDTree(points: points, transform: transform)
      for q in 0..<60 {
        let query = [Double(rng.next() % 20), Double(rng.next() % 3000) / 100, Double(rng.next() % 5)]
        let distances = (0..<n).map { i -> (Int, Double) in
          let diff = (0..<d).map { points[i, $0] - query[$0] }
          let m = transform == nil ? diff : inverse.multiplied(by: diff)
          return (i, zip(diff, m).map(*).reduce(0, +).squareRoot())
        }
        for k in [1, 4] {
          let got = tree.nearest(to: query, k: k)
          let expected = Self.bruteForce(distances, k: k)
          #expect(got.indices == expected.indices, "query \(q), k \(k)")
          for (a, b) in zip(got.distances, expected.distances) { #expect(abs(a - b) <= 1e-9 * max(1, b)) }
        }
      }
    }
  }

  @Test("parallel map gives identical results for 1, 2 and 8 threads")
  func parallelMap() {
    let body: @Sendable (Int) -> [Double] = { i in
      var g = Xoshiro256StarStar.stream(seed: 77, label: "check", index: i)
      return (0..<5).map { _ in g.nextNormal() }
    }
    let one = ParallelMap.map(count: 1000, threads: 1, body)
    #expect(ParallelMap.map(count: 1000, threads: 2, body) == one)
    #expect(ParallelMap.map(count: 1000, threads: 8, body) == one)
    #expect(ParallelMap.map(count: 0, threads: 4, body).isEmpty)
  }

  /// Maps inside a map (a study's checks, each with its simulations), with
  /// helpers that start after their map has finished: the same values as
  /// one thread, and no helper outlives its map's body.
  @Test("nested parallel maps equal the single-threaded map")
  func nestedParallelMap() {
    let inner: @Sendable (Int, Int) -> Double = { outer, i in
      var g = Xoshiro256StarStar.stream(seed: 78, label: "nested \(outer)", index: i)
      return g.nextNormal()
    }
    let expected = (0..<12).map { o in (0..<(o * 7 + 1)).map { inner(o, $0) } }
    for threads in [2, 3] {
      for _ in 0..<20 {
        let got = ParallelMap.map(count: 12, threads: threads) { o in
          ParallelMap.map(count: o * 7 + 1, threads: threads) { inner(o, $0) }
        }
        #expect(got == expected)
      }
    }
  }
}
