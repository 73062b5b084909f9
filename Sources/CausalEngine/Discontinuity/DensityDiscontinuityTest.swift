import Foundation
import NumericKernels
import StudyModel

/// The manipulation test of Cattaneo, Jansson & Ma (2020, JASA 115(531)):
/// is the density of the running variable continuous at the cutoff? As
/// rddensity 3.0 computes it with its defaults (Python and R agree): local
/// polynomial density estimation with p = 2, bias-corrected by q = 3, a
/// triangular kernel, separate fits on each side (`unrestricted`), the
/// jackknife variance, bandwidths `comb`, and mass points adjusted.
///
/// The empirical distribution function `F̂(xᵢ) = (i − 1)/(n − 1)` of the
/// sorted running variable (tied values share the rank of the last of them)
/// is regressed on `[(x − c)/h]^j`, j ≤ q, on each side with triangular
/// weights; the density at c± is the linear coefficient divided by h. The
/// statistic is `T = (f̂₊ − f̂₋)/sd_jk` with the jackknife variance
/// `H⁻¹S⁻¹(LᵀL)S⁻¹H⁻¹`, where row i of L sums the weighted design over the
/// units after i (after the first of its ties, with mass points), divided by
/// n − 1; p = 2Φ(−|T|) (rddensity's `test$p_jk`).
///
/// Bandwidths (`rdbwdensity`, p = 2): normal-reference pilots for the bias
/// (order p + 2) and the variance (order p), each at least the distance to
/// the 25th (bias) or 23rd (variance) nearest value on each side and at most
/// the largest distance; then `h = (V/(2p · B² · n))^{1/(2p+1)}` for the left
/// density, the right density, their difference and their sum, each floored
/// at the distance to the 23rd nearest value (and distinct value) on each
/// side and capped at the range. `h₋ = median(h_left, h_diff, h_sum)` and
/// `h₊ = median(h_right, h_diff, h_sum)`.
///
/// Edge cases: the cutoff must lie within the data, with at least one value
/// on each side; a negative variance is NaN (as rddensity).
struct DensityDiscontinuityTest: Sendable {
  var n: Int
  var count: SidePair<Int>
  /// Units within the bandwidth on each side.
  var effectiveCount: SidePair<Int>
  var h: SidePair<Double>
  /// The density estimates at the cutoff (order q).
  var density: SidePair<Double>
  var standardError: SidePair<Double>
  /// `f̂₊ − f̂₋` and its jackknife standard error.
  var difference: Double
  var differenceStandardError: Double
  var statistic: Double
  var pValue: Double
  var massPointsAdjusted: Bool
  /// rdbwdensity's four bandwidths: left, right, difference, sum.
  var pilotBandwidths: [Double]

  static let order = 2

  static func test(_ values: [Double], cutoff c: Double) throws(EstimationFailure) -> DensityDiscontinuityTest {
    let p = order
    let q = p + 1
    let sorted = values.sorted()
    let n = sorted.count
    guard n > 1, let first = sorted.first, let last = sorted.last, first < c, last >= c else {
      throw .invalidData("the density test needs running-variable values on both sides of the cutoff")
    }
    let nl = sorted.firstIndex { $0 >= c } ?? n
    let nr = n - nl
    let x = sorted.map { $0 - c }
    var unique: [Double] = []
    var lastIndex: [Int] = []
    var frequency: [Int] = []
    for (i, v) in sorted.enumerated() {
      if unique.last == v {
        frequency[frequency.count - 1] += 1
        lastIndex[lastIndex.count - 1] = i
      } else {
        unique.append(v)
        frequency.append(1)
        lastIndex.append(i)
      }
    }
    let xUnique = unique.map { $0 - c }
    let massPoints = unique.count != n
    var ranks = (0..<n).map { Double($0) / Double(n - 1) }
    if massPoints {
      var adjusted: [Double] = []
      adjusted.reserveCapacity(n)
      for (g, index) in lastIndex.enumerated() {
        adjusted += [Double](repeating: ranks[index], count: frequency[g])
      }
      ranks = adjusted
    }
    let bandwidths = pilotBandwidths(x: x, ranks: ranks, xUnique: xUnique, nl: nl, nr: nr, massPoints: massPoints)
    func median(_ a: Double, _ b: Double, _ c: Double) -> Double { [a, b, c].sorted()[1] }
    let hl = median(bandwidths[0], bandwidths[2], bandwidths[3])
    let hr = median(bandwidths[1], bandwidths[2], bandwidths[3])
    let window = x.indices.filter { x[$0] >= -hl && x[$0] <= hr }
    let xh = window.map { x[$0] }
    let yh = window.map { ranks[$0] }
    let nlh = xh.filter { $0 < 0 }.count
    let fit = localFit(
      y: yh, x: xh, n: n, nlh: nlh, hl: hl, hr: hr, order: q, derivativeIndex: 1, massPoints: massPoints)
    let statistic = fit.hat[2] / fit.jackknife[2].squareRoot()
    return DensityDiscontinuityTest(
      n: n, count: SidePair(left: nl, right: nr), effectiveCount: SidePair(left: nlh, right: xh.count - nlh),
      h: SidePair(left: hl, right: hr), density: SidePair(left: fit.hat[0], right: fit.hat[1]),
      standardError: SidePair(left: fit.jackknife[0].squareRoot(), right: fit.jackknife[1].squareRoot()),
      difference: fit.hat[2], differenceStandardError: fit.jackknife[2].squareRoot(), statistic: statistic,
      pValue: 2 * Normal.survival(abs(statistic)), massPointsAdjusted: massPoints, pilotBandwidths: bandwidths)
  }

  /// Estimates and jackknife variances of (left, right, difference, sum), and the
  /// coefficient `s` on each side (rddensity's `rddensity_fv`, unrestricted, triangular).
  struct LocalFit {
    var hat: [Double]
    var jackknife: [Double]
    var coefficient: SidePair<Double>
  }

  static func localFit(
    y: [Double], x: [Double], n: Int, nlh: Int, hl: Double, hr: Double, order p: Int, derivativeIndex s: Int,
    massPoints: Bool
  ) -> LocalFit {
    let nh = x.count
    let k = 2 * p + 2
    var w = [Double](repeating: 0, count: nh)
    var design = [Double](repeating: 0, count: nh * k)
    for i in 0..<nh {
      let isLeft = i < nlh
      let h = isLeft ? hl : hr
      w[i] = isLeft ? (1 + x[i] / hl) / hl : (1 - x[i] / hr) / hr
      let u = x[i] / h
      var power = 1.0
      for j in 0...p {
        design[i * k + 2 * j + (isLeft ? 0 : 1)] = power
        power *= u
      }
    }
    var scale = [Double](repeating: 1, count: k)
    for j in 0...p {
      scale[2 * j] = pow(hl, Double(j))
      scale[2 * j + 1] = pow(hr, Double(j))
    }
    var gram = Matrix(rows: k, columns: k)
    for a in 0..<k {
      for b in a..<k {
        var sum = 0.0
        for i in 0..<nh { sum += design[i * k + a] * w[i] * design[i * k + b] }
        gram[a, b] = sum
        gram[b, a] = sum
      }
    }
    let nan = [Double](repeating: .nan, count: 4)
    guard let inverse = LocalPolynomial.invert(gram) else {
      return LocalFit(hat: nan, jackknife: nan, coefficient: SidePair(left: .nan, right: .nan))
    }
    var xwy = [Double](repeating: 0, count: k)
    for i in 0..<nh { for j in 0..<k { xwy[j] += design[i * k + j] * w[i] * y[i] } }
    let coefficients = inverse.multiplied(by: xwy).enumerated().map { $0.element / scale[$0.offset] }
    // Jackknife: L[i] = Σ_{k>i} (XpW)[k] / (n − 1); with ties, from the first of i's group.
    var tail = [Double](repeating: 0, count: nh * k)
    var running = [Double](repeating: 0, count: k)
    for i in stride(from: nh - 1, through: 0, by: -1) {
      for j in 0..<k { tail[i * k + j] = running[j] / Double(n - 1) }
      for j in 0..<k { running[j] += design[i * k + j] * w[i] }
    }
    if massPoints {
      var i = 0
      while i < nh {
        var end = i + 1
        while end < nh, x[end] == x[i] { end += 1 }
        for r in (i + 1)..<max(i + 1, end) { for j in 0..<k { tail[r * k + j] = tail[i * k + j] } }
        i = end
      }
    }
    var ltl = Matrix(rows: k, columns: k)
    for a in 0..<k {
      for b in a..<k {
        var sum = 0.0
        for i in 0..<nh { sum += tail[i * k + a] * tail[i * k + b] }
        ltl[a, b] = sum
        ltl[b, a] = sum
      }
    }
    var v = inverse.multiplied(by: ltl).multiplied(by: inverse)
    for a in 0..<k { for b in 0..<k { v[a, b] /= scale[a] * scale[b] } }
    func positive(_ value: Double) -> Double { value < 0 ? .nan : value }
    let hat = [
      coefficients[2], coefficients[3], coefficients[3] - coefficients[2], coefficients[3] + coefficients[2],
    ]
    let jackknife = [
      positive(v[2, 2]), positive(v[3, 3]), positive(v[2, 2] + v[3, 3] - 2 * v[2, 3]),
      positive(v[2, 2] + v[3, 3] + 2 * v[2, 3]),
    ]
    return LocalFit(
      hat: hat, jackknife: jackknife, coefficient: SidePair(left: coefficients[2 * s], right: coefficients[2 * s + 1]))
  }

  /// rdbwdensity's bandwidths (left, right, difference, sum) for p = 2.
  static func pilotBandwidths(
    x: [Double], ranks: [Double], xUnique: [Double], nl: Int, nr: Int, massPoints: Bool
  ) -> [Double] {
    let p = order
    let n = x.count
    let mean = x.reduce(0, +) / Double(n)
    let sd = (x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)).squareRoot()
    let z = mean / sd
    // Normal reference with Hermite polynomials H₂ = z² − 1 and H₄ = z⁴ − 6z² + 3;
    // the constants are rddensity's Cb and Cc for p = 2.
    let h2 = z * z - 1
    let h4 = z * z * z * z - 6 * z * z + 3
    let fb = 1 / (h4 * h4 * Normal.density(z))
    let fc = 1 / (h2 * h2 * Normal.density(z))
    let cb = 3_430_865.4551236177795
    let cc = 548.57142857155463389
    var bn = pow(Double(2 * p + 1) / 4 * fb * cb / Double(n), 1 / Double(2 * p + 5)) * sd
    var cn = pow(1 / Double(2 * p) * fc * cc / Double(n), 1 / Double(2 * p + 1)) * sd
    let leftDistances = x[..<nl].map { abs($0) }.sorted()
    let rightValues = Array(x[nl...])
    let nlUnique = xUnique.filter { $0 < 0 }.count
    let leftUnique = xUnique[..<nlUnique].map { abs($0) }.sorted()
    let rightUnique = Array(xUnique[nlUnique...])
    let largest = xUnique.map { abs($0) }.max() ?? 0
    func nth(_ values: [Double], _ k: Int) -> Double { values[min(k, values.count) - 1] }
    bn = min(bn, largest)
    cn = min(cn, largest)
    bn = max(bn, nth(leftDistances, 20 + p + 2 + 1), nth(rightValues, 20 + p + 2 + 1))
    cn = max(cn, nth(leftDistances, 20 + p + 1), nth(rightValues, 20 + p + 1))
    bn = max(bn, nth(leftUnique, 20 + p + 2 + 1), nth(rightUnique, 20 + p + 2 + 1))
    cn = max(cn, nth(leftUnique, 20 + p + 1), nth(rightUnique, 20 + p + 1))
    func window(_ h: Double) -> (x: [Double], y: [Double], nl: Int) {
      let rows = x.indices.filter { abs(x[$0]) <= h }
      let xs = rows.map { x[$0] }
      return (xs, rows.map { ranks[$0] }, xs.filter { $0 < 0 }.count)
    }
    let wb = window(bn)
    let wc = window(cn)
    let fitB = localFit(
      y: wb.y, x: wb.x, n: n, nlh: wb.nl, hl: bn, hr: bn, order: p + 2, derivativeIndex: p + 1,
      massPoints: massPoints)
    let fitC = localFit(
      y: wc.y, x: wc.x, n: n, nlh: wc.nl, hl: cn, hr: cn, order: p, derivativeIndex: 1, massPoints: massPoints)
    // The kernel constant (S⁻¹C)[1] of the triangular kernel on [0, 1].
    func moment(_ m: Int) -> Double { 1 / (Double(m + 1) * Double(m + 2)) }
    var s = Matrix(rows: p + 1, columns: p + 1)
    for a in 0...p { for b in 0...p { s[a, b] = moment(a + b) } }
    let cVector = (0...p).map { moment($0 + p + 1) }
    let biasConstant = (LocalPolynomial.invert(s)?.multiplied(by: cVector) ?? [.nan, .nan])[1]
    let sign = p % 2 == 0 ? 1.0 : -1.0
    let biasLeft = fitB.coefficient.left * biasConstant * sign
    let biasRight = fitB.coefficient.right * biasConstant
    let bias = [biasLeft, biasRight, biasRight - biasLeft, biasRight + biasLeft].map { $0 * $0 }
    var bandwidths = (0..<4).map { i -> Double in
      let variance = Double(n) * cn * fitC.jackknife[i]
      let h = pow(1 / Double(2 * p) * variance / bias[i] / Double(n), 1 / Double(2 * p + 1))
      return variance < 0 || h.isNaN ? 0 : h
    }
    let leftRange = abs(xUnique[0])
    let rightRange = xUnique[xUnique.count - 1]
    bandwidths[0] = min(bandwidths[0], leftRange)
    bandwidths[1] = min(bandwidths[1], rightRange)
    bandwidths[2] = min(bandwidths[2], max(leftRange, rightRange))
    bandwidths[3] = min(bandwidths[3], max(leftRange, rightRange))
    for (leftMin, rightMin) in [
      (nth(leftDistances, 20 + p + 1), nth(rightValues, 20 + p + 1)),
      (nth(leftUnique, 20 + p + 1), nth(rightUnique, 20 + p + 1)),
    ] {
      bandwidths[0] = max(bandwidths[0], leftMin)
      bandwidths[1] = max(bandwidths[1], rightMin)
      bandwidths[2] = max(bandwidths[2], leftMin, rightMin)
      bandwidths[3] = max(bandwidths[3], leftMin, rightMin)
    }
    return bandwidths
  }
}
