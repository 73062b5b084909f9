import TestSupport
import Testing

@testable import NumericKernels

/// Matrix and vector kernels against their definitions (plain loops) and closed forms.
@Suite("Matrix and vector kernels")
struct KernelsTests {
  static func random(_ rows: Int, _ columns: Int, seed: UInt64) -> Matrix {
    var g = Xoshiro256StarStar(seed: seed)
    return Matrix(rows: rows, columns: columns, columnMajor: (0..<(rows * columns)).map { _ in g.nextNormal() })
  }

  @Test(
    "Gram kernel equals the defining sums (weights, response, partial blocks, odd n)",
    arguments: [
      (1, 1), (3, 2), (97, 5), (4096, 3), (10_007, 7), (2_001, 13),
    ])
  func gram(_ shape: (Int, Int)) {
    let (n, p) = shape
    let x = Self.random(n, p, seed: UInt64(n * 31 + p))
    var g = Xoshiro256StarStar(seed: 5)
    let w = (0..<n).map { _ in g.nextUniform() * 2 }
    let y = (0..<n).map { _ in g.nextNormal() }
    for (weights, response) in [(nil, nil), (w, nil), (nil, y), (w, y)] as [([Double]?, [Double]?)] {
      let result = Kernels.gram(x, weights: weights, response: response)
      for a in 0..<p {
        for b in 0..<p {
          var s = 0.0
          var scale = 0.0
          for i in 0..<n {
            let t = (weights?[i] ?? 1) * x[i, a] * x[i, b]
            s += t
            scale += abs(t)
          }
          #expect(abs(result.xtx[a, b] - s) <= 1e-13 * max(scale, 1e-300))
        }
        if let response {
          var s = 0.0
          var scale = 0.0
          for i in 0..<n {
            let t = (weights?[i] ?? 1) * x[i, a] * response[i]
            s += t
            scale += abs(t)
          }
          #expect(abs(result.xty[a] - s) <= 1e-13 * max(scale, 1e-300))
        }
      }
      // The IRLS engine (packed blocks) agrees with the direct kernel.
      let packed = Kernels.withOptionalPointer(weights) { wp in
        Kernels.withOptionalPointer(response) { yp in
          Kernels.gramPass(x, columns: nil, hasResponse: response != nil) { start, count, _, _, wOut, yOut in
            for k in 0..<count {
              wOut[k] = wp.map { $0[start + k] } ?? 1
              if let yp { yOut[k] = yp[start + k] }
            }
          }
        }
      }
      for a in 0..<p {
        for b in 0..<p { #expect(abs(packed.xtx[a, b] - result.xtx[a, b]) <= 1e-12 * (abs(result.xtx[a, b]) + 1)) }
      }
    }
  }

  @Test(
    "Gram kernel over listed rows, weighted or not, equals the defining sums (repeats, any order, partial blocks)",
    arguments: [
      (10, 3, 0), (5_000, 7, 1_234), (9_001, 13, 4_097),
    ])
  func gramOfListedRows(_ shape: (Int, Int, Int)) {
    let (n, p, listedCount) = shape
    let x = Self.random(n, p, seed: UInt64(n + p))
    var g = Xoshiro256StarStar(seed: 9)
    let y = (0..<n).map { _ in g.nextNormal() }
    // Rows in random order, with repeats.
    let rows = (0..<listedCount).map { _ in Int(g.next() % UInt64(n)) }
    let result = Kernels.gram(x, rows: rows, response: y)
    for a in 0..<p {
      for b in 0..<p {
        var s = 0.0
        var scale = 0.0
        for i in rows {
          s += x[i, a] * x[i, b]
          scale += abs(x[i, a] * x[i, b])
        }
        #expect(abs(result.xtx[a, b] - s) <= 1e-13 * max(scale, 1e-300))
      }
      var s = 0.0
      var scale = 0.0
      for i in rows {
        s += x[i, a] * y[i]
        scale += abs(x[i, a] * y[i])
      }
      #expect(abs(result.xty[a] - s) <= 1e-13 * max(scale, 1e-300))
    }
    #expect(abs(result.yty - rows.reduce(0.0) { $0 + y[$1] * y[$1] }) <= 1e-12 * max(1, result.yty))
    // Weighted: each listing counts with its row's weight (some negative, some 0).
    let w = (0..<n).map { _ in g.nextNormal() }
    let weighted = Kernels.gram(x, rows: rows, weights: w, response: y)
    for a in 0..<p {
      for b in 0..<p {
        var s = 0.0
        var scale = 0.0
        for i in rows {
          s += w[i] * x[i, a] * x[i, b]
          scale += abs(w[i] * x[i, a] * x[i, b])
        }
        #expect(abs(weighted.xtx[a, b] - s) <= 1e-13 * max(scale, 1e-300))
      }
      let s = rows.reduce(0.0) { $0 + w[$1] * x[$1, a] * y[$1] }
      let scale = rows.reduce(0.0) { $0 + abs(w[$1] * x[$1, a] * y[$1]) }
      #expect(abs(weighted.xty[a] - s) <= 1e-13 * max(scale, 1e-300))
    }
  }

  @Test(
    "batched Gram kernel: each weighted listing equals its defining sums (signed weights, odd and partial blocks)",
    arguments: [
      (9, 2, 4), (6_001, 12, 2_048), (5_000, 3, 7),
    ])
  func gramBatchOfWeightedListings(_ shape: (Int, Int, Int)) {
    let (n, p, blockRows) = shape
    let x = Self.random(n, p, seed: UInt64(3 * n + p))
    var g = Xoshiro256StarStar(seed: 10)
    let y = (0..<n).map { _ in g.nextNormal() }
    // Three listings: every row weighted -1...3 (some 0), every third row twice, none.
    let weights = (0..<n).map { _ in Double(Int(g.next() % 5) - 1) }
    let listings: [[(row: Int, weight: Double)]] = [
      (0..<n).map { ($0, weights[$0]) },
      stride(from: 0, to: n, by: 3).flatMap { [($0, 1.0), ($0, 1.0)] },
      [],
    ]
    let results = Kernels.gramBatch(x, response: y, listings: listings.count, blockRows: blockRows) {
      s, start, count, rows, w in
      var k = 0
      for entry in listings[s] where entry.row >= start && entry.row < start + count {
        rows[k] = entry.row
        w[k] = entry.weight
        k += 1
      }
      return k
    }
    for (s, listing) in listings.enumerated() {
      let result = results[s]
      func defining(_ f: (Int) -> Double) -> (sum: Double, scale: Double) {
        var sum = 0.0
        var scale = 0.0
        for (i, w) in listing {
          sum += w * f(i)
          scale += abs(w * f(i))
        }
        return (sum, scale)
      }
      for a in 0..<p {
        for b in 0..<p {
          let d = defining { x[$0, a] * x[$0, b] }
          #expect(abs(result.xtx[a, b] - d.sum) <= 1e-13 * max(d.scale, 1e-300))
        }
        let d = defining { x[$0, a] * y[$0] }
        #expect(abs(result.xty[a] - d.sum) <= 1e-13 * max(d.scale, 1e-300))
      }
      let d = defining { y[$0] * y[$0] }
      #expect(abs(result.yty - d.sum) <= 1e-13 * max(d.scale, 1e-300))
    }
  }

  @Test("products, sums and multiples, transpose, identity, dot, axpy, sums")
  func basics() {
    let a = Self.random(7, 5, seed: 1)
    let b = Self.random(5, 3, seed: 2)
    let c = a.multiplied(by: b)
    for i in 0..<7 {
      for j in 0..<3 {
        let s = (0..<5).reduce(0.0) { $0 + a[i, $1] * b[$1, j] }
        #expect(abs(c[i, j] - s) < 1e-13)
      }
    }
    #expect(a.transposed.transposed == a)
    #expect(a.transposed[3, 6] == a[6, 3])
    #expect(Matrix.identity(5).multiplied(by: b) == b)
    let v = [1.0, -2, 0.5, 3, 0]
    let av = a.multiplied(by: v)
    for i in 0..<7 { #expect(abs(av[i] - (0..<5).reduce(0.0) { $0 + a[i, $1] * v[$1] }) < 1e-13) }
    #expect(Kernels.dot([1, 2, 3, 4, 5, 6, 7, 8, 9], [9, 8, 7, 6, 5, 4, 3, 2, 1]) == 165)
    var y = [1.0, 1, 1, 1, 1]
    Kernels.axpy(2, [1, 2, 3, 4, 5], &y)
    #expect(y == [3, 5, 7, 9, 11])
    #expect(Kernels.sum(Array(repeating: 0.5, count: 13)) == 6.5)
    #expect(Kernels.weightedSum([1, 2, 3], weights: [3, 2, 1]) == 10)
    var m = Matrix(columns: [[1, 2], [3, 4]])
    m.setColumn(1, [5, 6])
    #expect(m.column(1) == [5, 6])
    #expect(Matrix(rows: 2, columns: 2, columnMajor: [1, 2, 5, 6]) == m)
    m += Matrix(columns: [[0.5, -1], [2, 0]])
    #expect(m == Matrix(columns: [[1.5, 1], [7, 6]]))
    #expect(m.scaled(by: 2) == Matrix(columns: [[3, 2], [14, 12]]))
  }

  @Test("Cholesky and inverses reproduce the identity; singular matrices are refused")
  func inverses() {
    let a = Self.random(30, 6, seed: 3)
    let spd = Kernels.gram(a, weights: nil, response: nil).xtx
    let l = spd.choleskyFactor()
    #expect(l != nil)
    if let l {
      let llt = l.multiplied(by: l.transposed)
      for i in 0..<6 { for j in 0..<6 { #expect(abs(llt[i, j] - spd[i, j]) < 1e-12 * abs(spd[i, i])) } }
    }
    for m in [spd, Self.random(6, 6, seed: 4)] {
      guard let inverse = m.inverse() else {
        Issue.record("no inverse")
        continue
      }
      let product = m.multiplied(by: inverse)
      for i in 0..<6 { for j in 0..<6 { #expect(abs(product[i, j] - (i == j ? 1 : 0)) < 1e-10) } }
    }
    let singular = Matrix(columns: [[1, 2], [2, 4]])
    #expect(singular.choleskyFactor() == nil)
    #expect(singular.luInverse() == nil)
  }
}
