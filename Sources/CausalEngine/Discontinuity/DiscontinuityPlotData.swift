import Foundation
import NumericKernels
import StudyModel

/// The data of an RD plot as rdplot draws it by default (Calonico, Cattaneo &
/// Titiunik 2015, JASA 110(512)): evenly spaced bins whose number mimics the
/// variance of the data (`esmv`), the mean outcome in each non-empty bin, and
/// a global polynomial of order 4 on each side.
///
/// Bins: `J₋ = ⌈(s²₋/V₋) · n/log(n)²⌉` (and J₊ likewise), with s² the sample
/// variance of the outcome on that side and V the spacings estimate
/// `(1/(2·range)) Σ Δxᵢ (Δyᵢ)²` over consecutive sorted x. With mass points
/// (≥ 20% repeated values on a side) rdplot switches to `esmvpr`, where
/// `V = (1/range) Σ Δxᵢ σ̂²(x̄ᵢ)`, σ̂² the conditional variance from global
/// quartic regressions of y and y² on x, evaluated at the midpoints of
/// consecutive x (a negative value is replaced by s²). Edges are
/// `linspace(min x, c, J₋ + 1)` and `linspace(c, max x, J₊ + 1)`; bins are
/// `[eᵢ, eᵢ₊₁)`, the last right bin closed. Empty bins are left out.
///
/// The fitted curves are the least-squares polynomials of order 4 in `x − c`
/// on each side (rdplot's uniform kernel over the whole side).
struct DiscontinuityPlotData: Sendable {
  var binCount: SidePair<Int>
  var edges: SidePair<[Double]>
  var bins: [DiscontinuityBin]
  var polynomial: SidePair<[Double]>
  /// Whether mass points switched the bin rule to `esmvpr`.
  var massPoints: Bool

  static let polynomialOrder = 4

  static func build(x: [Double], y: [Double], cutoff c: Double) -> DiscontinuityPlotData? {
    let leftRows = x.indices.filter { x[$0] < c }
    let rightRows = x.indices.filter { x[$0] >= c }
    let n = x.count
    guard n >= 20, leftRows.count >= 2, rightRows.count >= 2, let xMin = x.min(), let xMax = x.max() else {
      return nil
    }
    let xl = leftRows.map { x[$0] }
    let yl = leftRows.map { y[$0] }
    let xr = rightRows.map { x[$0] }
    let yr = rightRows.map { y[$0] }
    let massPoints =
      1 - Double(LocalPolynomial.distinctCount(xl.sorted())) / Double(xl.count) >= 0.2
      || 1 - Double(LocalPolynomial.distinctCount(xr.sorted())) / Double(xr.count) >= 0.2
    let logN = log(Double(n))
    func binNumber(_ xs: [Double], _ ys: [Double], range: Double) -> Int? {
      let order = xs.indices.sorted { xs[$0] < xs[$1] || (xs[$0] == xs[$1] && $0 < $1) }
      let sx = order.map { xs[$0] }
      let sy = order.map { ys[$0] }
      let mean = ys.reduce(0, +) / Double(ys.count)
      let variance = ys.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(ys.count - 1)
      guard variance > 0 else { return 1 }
      var v = 0.0
      if massPoints {
        guard let first = globalPolynomial(sx, sy), let second = globalPolynomial(sx, sy.map { $0 * $0 }) else {
          return nil
        }
        for i in 0..<(sx.count - 1) {
          let mid = (sx[i + 1] + sx[i]) / 2
          var sigma2 = evaluate(second, mid) - pow(evaluate(first, mid), 2)
          if sigma2 < 0 { sigma2 = variance }
          v += (sx[i + 1] - sx[i]) * sigma2
        }
        v /= range
      } else {
        for i in 0..<(sx.count - 1) {
          let dy = sy[i + 1] - sy[i]
          v += (sx[i + 1] - sx[i]) * dy * dy
        }
        v *= 0.5 / range
      }
      let j = ((variance / v) * (Double(n) / (logN * logN))).rounded(.up)
      guard j.isFinite, j >= 1 else { return nil }
      return Int(j)
    }
    guard let jl = binNumber(xl, yl, range: c - xMin), let jr = binNumber(xr, yr, range: xMax - c) else { return nil }
    func linspace(_ start: Double, _ stop: Double, _ count: Int) -> [Double] {
      let step = (stop - start) / Double(count)
      var e = (0...count).map { Double($0) * step + start }
      e[count] = stop
      return e
    }
    let edgesLeft = linspace(xMin, c, jl)
    let edgesRight = linspace(c, xMax, jr)
    /// The number of edges ≤ v (numpy's searchsorted, side right).
    func rank(_ edges: [Double], _ v: Double) -> Int {
      var lo = 0
      var hi = edges.count
      while lo < hi {
        let mid = (lo + hi) / 2
        if edges[mid] <= v { lo = mid + 1 } else { hi = mid }
      }
      return lo
    }
    var bins: [DiscontinuityBin] = []
    func collect(_ xs: [Double], _ ys: [Double], _ edges: [Double], left: Bool) {
      let j = edges.count - 1
      var sums: [Int: (x: Double, y: Double, n: Int)] = [:]
      for (v, w) in zip(xs, ys) {
        var slot = rank(edges, v) - 1  // 0-based bin
        if !left, slot == j { slot = j - 1 }
        slot = min(max(slot, 0), j - 1)
        let current = sums[slot] ?? (0, 0, 0)
        sums[slot] = (current.x + v, current.y + w, current.n + 1)
      }
      for slot in sums.keys.sorted() {
        guard let s = sums[slot] else { continue }
        bins.append(
          DiscontinuityBin(
            index: left ? slot - j : slot + 1, lower: edges[slot], upper: edges[slot + 1],
            meanX: s.x / Double(s.n), meanY: s.y / Double(s.n), count: s.n))
      }
    }
    collect(xl, yl, edgesLeft, left: true)
    collect(xr, yr, edgesRight, left: false)
    func sidePolynomial(_ xs: [Double], _ ys: [Double]) -> [Double] {
      let design = Matrix(columns: (0...polynomialOrder).map { j in xs.map { pow($0 - c, Double(j)) } })
      let fit = LeastSquares.fit(design: design, response: ys)
      return fit.coefficients
    }
    return DiscontinuityPlotData(
      binCount: SidePair(left: jl, right: jr), edges: SidePair(left: edgesLeft, right: edgesRight), bins: bins,
      polynomial: SidePair(left: sidePolynomial(xl, yl), right: sidePolynomial(xr, yr)), massPoints: massPoints)
  }

  /// Least squares of y on `[1, x, …, x⁴]` (raw x, as rdplot), or `nil` when singular.
  private static func globalPolynomial(_ x: [Double], _ y: [Double]) -> [Double]? {
    let design = Matrix(columns: (0...polynomialOrder).map { j in x.map { pow($0, Double(j)) } })
    let fit = LeastSquares.fit(design: design, response: y)
    return fit.isRankDeficient ? nil : fit.coefficients
  }

  private static func evaluate(_ coefficients: [Double], _ x: Double) -> Double {
    var v = 0.0
    var power = 1.0
    for c in coefficients {
      v += c * power
      power *= x
    }
    return v
  }
}

/// A non-empty bin of the RD plot.
struct DiscontinuityBin: Sendable, Equatable {
  /// rdplot's index: −J₋…−1 on the left, 1…J₊ on the right.
  var index: Int
  var lower: Double
  var upper: Double
  var meanX: Double
  var meanY: Double
  var count: Int
}
