/// Vector kernels over contiguous `Double` storage.
///
/// Each kernel loops over raw memory inside one `withUnsafeBufferPointer`
/// scope, allocates nothing, and accumulates in several independent SIMD
/// lanes, so the result of a sum differs from the naive left-to-right sum by
/// rounding only (the lanes are added in a fixed order: results are
/// deterministic for a given input).
///
/// Edge cases: empty inputs give 0. Shapes are checked with `precondition`.
public enum Kernels {
  /// The inner product `Σ xᵢ yᵢ`.
  public static func dot(_ x: [Double], _ y: [Double]) -> Double {
    precondition(x.count == y.count, "Kernels.dot: lengths \(x.count) and \(y.count)")
    return x.withUnsafeBufferPointer { xb in
      y.withUnsafeBufferPointer { yb in
        guard let xp = xb.baseAddress, let yp = yb.baseAddress else { return 0 }
        return dot(xp, yp, count: x.count)
      }
    }
  }

  /// `y ← a·x + y` (BLAS `daxpy`).
  public static func axpy(_ a: Double, _ x: [Double], _ y: inout [Double]) {
    precondition(x.count == y.count, "Kernels.axpy: lengths \(x.count) and \(y.count)")
    x.withUnsafeBufferPointer { xb in
      y.withUnsafeMutableBufferPointer { yb in
        guard let xp = xb.baseAddress, let yp = yb.baseAddress else { return }
        axpy(a, xp, yp, count: xb.count)
      }
    }
  }

  /// `Σ wᵢ xᵢ`, or `Σ xᵢ` when `weights` is `nil`.
  public static func weightedSum(_ values: [Double], weights: [Double]? = nil) -> Double {
    guard let weights else { return sum(values) }
    return dot(values, weights)
  }

  /// `Σ xᵢ` (eight SIMD lanes, added pairwise at the end).
  public static func sum(_ values: [Double]) -> Double {
    values.withUnsafeBufferPointer { b in
      guard let p = b.baseAddress else { return 0 }
      let raw = UnsafeRawPointer(p)
      var a0 = SIMD4<Double>()
      var a1 = SIMD4<Double>()
      var i = 0
      let n = b.count
      while i + 8 <= n {
        a0 += raw.loadUnaligned(fromByteOffset: i * 8, as: SIMD4<Double>.self)
        a1 += raw.loadUnaligned(fromByteOffset: (i + 4) * 8, as: SIMD4<Double>.self)
        i += 8
      }
      var s = (a0 + a1).sum()
      while i < n {
        s += p[i]
        i += 1
      }
      return s
    }
  }

  /// The inner product of two raw runs of `count` doubles.
  @inlinable
  public static func dot(_ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>, count n: Int) -> Double {
    let rx = UnsafeRawPointer(x)
    let ry = UnsafeRawPointer(y)
    var a0 = SIMD4<Double>()
    var a1 = SIMD4<Double>()
    var i = 0
    while i + 8 <= n {
      a0 +=
        rx.loadUnaligned(fromByteOffset: i * 8, as: SIMD4<Double>.self)
        * ry.loadUnaligned(fromByteOffset: i * 8, as: SIMD4<Double>.self)
      a1 +=
        rx.loadUnaligned(fromByteOffset: (i + 4) * 8, as: SIMD4<Double>.self)
        * ry.loadUnaligned(fromByteOffset: (i + 4) * 8, as: SIMD4<Double>.self)
      i += 8
    }
    var s = (a0 + a1).sum()
    while i < n {
      s += x[i] * y[i]
      i += 1
    }
    return s
  }

  /// `y ← a·x + y` over raw runs of `count` doubles.
  @inlinable
  public static func axpy(_ a: Double, _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, count n: Int) {
    let rx = UnsafeRawPointer(x)
    let ry = UnsafeMutableRawPointer(y)
    let va = SIMD4<Double>(repeating: a)
    var i = 0
    while i + 4 <= n {
      let v =
        ry.loadUnaligned(fromByteOffset: i * 8, as: SIMD4<Double>.self)
        + va * rx.loadUnaligned(fromByteOffset: i * 8, as: SIMD4<Double>.self)
      ry.storeBytes(of: v, toByteOffset: i * 8, as: SIMD4<Double>.self)
      i += 4
    }
    while i < n {
      y[i] += a * x[i]
      i += 1
    }
  }

}
