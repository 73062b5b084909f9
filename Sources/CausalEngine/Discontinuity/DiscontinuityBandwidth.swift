import Foundation
import NumericKernels
import StudyModel

/// The data-driven bandwidths of rdrobust: one common MSE-optimal bandwidth
/// (`mserd`) and the coverage-error-optimal one (`cerrd`), with their
/// regularisation (Calonico, Cattaneo & Farrell 2020; Calonico, Cattaneo &
/// Titiunik 2014), as Python rdrobust 2.1.1 computes them.
///
/// With q = p + 1, on standardised data (x and y divided by their standard
/// deviations, as rdrobust's default `stdvars`):
///
/// 1. Pilot `c = C_K · min(1, IQR/(1.349 sd)) · M^{−1/5}`, M the number of
///    distinct x values (C_K = 2.576, 2.34, 1.843 for the triangular,
///    Epanechnikov and uniform kernels; IQR from type-2 quantiles), capped at
///    the largest distance from the cutoff to an end of the data.
/// 2. `d = ((V₋ + V₊)/(B₊ − B₋)²)^{1/(2q+5)}` from order-(q+1) fits at c and
///    order-(q+2) fits over each whole side (no regularisation);
///    `b = ((V₋ + V₊)/((B₊ − B₋)² + R₋ + R₊))^{1/(2q+3)}` for order q at c and
///    q + 1 at d; `h` the same for order p at c and q at b, with exponent
///    `1/(2p+3)`. Here `V = (2ν+1) c^{2ν+1} Var̂(β̂_ν)`,
///    `B = sqrt(2(o+1−ν)) · BConst · β̂_{o+1}` and the regularisation
///    `R = 2(o+1−ν) · 3 BConst² Var̂(β̂_{o+1})`; each is capped at the largest
///    distance. With covariates or a fuzzy design, β̂ is the combination `s`
///    of the columns (the adjusted outcome, or the ratio's linearisation),
///    estimated again in each pilot.
/// 3. Mass points: when either side has at least 20% repeated values, c and d
///    (not b or h) are floored at the 10th distinct distance from the cutoff
///    on each side, times `1 + sqrt(ε)` (Python's convention; R adds 1e-8).
///    Python also widens the whole-side pilot of step 2 by `1 + sqrt(ε)`.
/// 4. `cer`: `h_cer = h_mse · N^{−p/((3+p)(3+2p))}` (N: rows, or clusters
///    when clustered); b is the MSE-optimal one.
///
/// Edge cases: fewer than 20 rows, or a pilot without enough distinct values
/// to fit, is an error (rdrobust falls back on the data range).
enum DiscontinuityBandwidth {
  enum Kind: Sendable { case meanSquaredError, coverageError }

  struct Selection: Sendable {
    var h: Double
    var b: Double
    /// Whether a side had ≥ 20% repeated running-variable values, so the pilots were floored.
    var massPointsAdjusted: Bool
  }

  /// One side, standardised for the selector.
  private struct Side {
    var x: [Double]
    var columns: [[Double]]
    var cluster: [Int]?
    var weights: [Double]?
  }

  static func select(
    _ sample: DiscontinuitySample, order p: Int, kernel: RegressionDiscontinuityOptions.Kernel,
    variance: DiscontinuityVariance, kind: Kind
  ) throws(EstimationFailure) -> Selection {
    let q = p + 1
    let c = sample.cutoff
    let xAll = sample.left.x + sample.right.x
    let yAll = sample.left.columns[0] + sample.right.columns[0]
    let n = xAll.count
    guard n >= 20 else {
      throw .invalidData("only \(n) rows: too few to choose a bandwidth from the data; give a bandwidth")
    }
    let xsd = standardDeviation(xAll)
    let ysd = standardDeviation(yAll)
    let sortedX = xAll.sorted()
    let iqr = typeTwoQuantile(sortedX, 0.75) - typeTwoQuantile(sortedX, 0.25)
    let spread = min(1.0, (iqr / xsd) / 1.349)
    let cs = c / xsd
    let xMin = sortedX[0] / xsd
    let xMax = sortedX[n - 1] / xsd
    let rangeLeft = abs(c - (sample.left.x.first ?? c)) / xsd
    let rangeRight = abs(c - (sample.right.x.last ?? c)) / xsd
    let mLeft = sample.left.distinctCount
    let mRight = sample.right.distinctCount
    let massPoints =
      1 - Double(mLeft) / Double(sample.left.count) >= 0.2 || 1 - Double(mRight) / Double(sample.right.count) >= 0.2
    let maxLeft = abs(cs - xMin)
    let maxRight = abs(cs - xMax)
    let maxBandwidth = max(maxLeft, maxRight)
    var pilot = kernel.pilotConstant * spread * pow(Double(mLeft + mRight), -0.2)
    pilot = min(pilot, maxBandwidth)
    let pad = 1 + Double.ulpOfOne.squareRoot()
    var floor = -Double.infinity
    if massPoints {
      // The 10th distinct value from the cutoff on each side (or the farthest).
      let uniqueLeft = unique(sample.left.x).reversed().map { $0 / xsd }
      let uniqueRight = unique(sample.right.x).map { $0 / xsd }
      let floorLeft = abs(uniqueLeft[min(10, mLeft) - 1] - cs) * pad
      let floorRight = abs(uniqueRight[min(10, mRight) - 1] - cs) * pad
      floor = max(floorLeft, floorRight)
      pilot = max(pilot, floorLeft, floorRight)
    }
    // A fuzzy design with a constant treatment on a side (perfect compliance) selects as if sharp.
    let fuzzyInSelection =
      sample.isFuzzy && populationVariance(sample.left.columns[1]) != 0
      && populationVariance(sample.right.columns[1]) != 0
    func standardised(_ side: DiscontinuitySample.Side) -> Side {
      var columns = side.columns
      columns[0] = columns[0].map { $0 / ysd }
      if sample.isFuzzy, !fuzzyInSelection { columns.remove(at: 1) }
      return Side(x: side.x.map { $0 / xsd }, columns: columns, cluster: side.cluster, weights: side.weights)
    }
    let left = standardised(sample.left)
    let right = standardised(sample.right)
    let setting = Setting(
      cutoff: cs, kernel: kernel, variance: variance, fuzzy: fuzzyInSelection, covariates: sample.covariateCount)

    func constants(_ o: Int, _ nu: Int, _ oB: Int, _ hB: (Double, Double), _ scale: Double) throws(EstimationFailure)
      -> (left: Constants, right: Constants)
    {
      guard
        let l = setting.constants(
          left, order: o, derivative: nu, biasOrder: oB, pilot: pilot, biasPilot: hB.0, scale: scale),
        let r = setting.constants(
          right, order: o, derivative: nu, biasOrder: oB, pilot: pilot, biasPilot: hB.1, scale: scale)
      else {
        throw .numerical(
          "the data-driven bandwidth cannot be computed: too few distinct running-variable values near the cutoff; give a bandwidth"
        )
      }
      return (l, r)
    }
    // Step 1: d, from order q + 1 at the pilot and q + 2 over each whole side.
    let cd = try constants(q + 1, q + 1, q + 2, (rangeLeft * pad, rangeRight * pad), 0)
    var d = pow((cd.left.v + cd.right.v) / pow(cd.right.b - cd.left.b, 2), cd.left.rate)
    d = min(d, maxBandwidth)
    if massPoints { d = max(d, floor) }
    // Step 2: b.
    let cb = try constants(q, p + 1, q + 1, (d, d), 1)
    var b = pow(
      (cb.left.v + cb.right.v) / (pow(cb.right.b - cb.left.b, 2) + (cb.right.r + cb.left.r)), cb.left.rate)
    b = min(b, maxBandwidth)
    // Step 3: h.
    let ch = try constants(p, 0, q, (b, b), 1)
    var h = pow(
      (ch.left.v + ch.right.v) / (pow(ch.right.b - ch.left.b, 2) + (ch.right.r + ch.left.r)), ch.left.rate)
    h = min(h, maxBandwidth)
    var hOut = xsd * h
    let bOut = xsd * b
    guard hOut.isFinite, hOut > 0, bOut.isFinite, bOut > 0 else {
      throw .numerical(
        "the data-driven bandwidth is not defined (no curvature or no variability near the cutoff); give a bandwidth")
    }
    if kind == .coverageError {
      var units = Double(n)
      if let l = sample.left.cluster, let r = sample.right.cluster {
        units = Double(Set(l).count + Set(r).count)
      }
      hOut *= pow(units, -Double(p) / Double((3 + p) * (3 + 2 * p)))
    }
    return Selection(h: hOut, b: bOut, massPointsAdjusted: massPoints)
  }

  /// V, B and R of one side for one step (rdrobust's `rdrobust_bw`), and the rate exponent.
  struct Constants {
    var v: Double
    var b: Double
    var r: Double
    var rate: Double
  }

  private struct Setting {
    var cutoff: Double
    var kernel: RegressionDiscontinuityOptions.Kernel
    var variance: DiscontinuityVariance
    var fuzzy: Bool
    var covariates: Int

    /// Fits the variance pilot (order o at `pilot`) and the bias pilot
    /// (order oB at `biasPilot`); `nil` when either cannot be fitted.
    func constants(
      _ side: Side, order o: Int, derivative nu: Int, biasOrder oB: Int, pilot hV: Double, biasPilot hB: Double,
      scale: Double
    ) -> Constants? {
      let c = cutoff
      // Variance pilot.
      guard let vFit = WindowFit(side, cutoff: c, bandwidth: hV, order: o, kernel: kernel) else { return nil }
      let dT = fuzzy ? 1 : 0
      let zColumns = Array((1 + dT)..<(1 + dT + covariates))
      var s: [Double] = [1] + [Double](repeating: 0, count: dT + covariates)
      var gamma: [[Double]] = []
      if covariates > 0 {
        guard let g = vFit.covariateCoefficients(outcomes: 1 + dT, zColumns: zColumns) else { return nil }
        gamma = g
        s = [1] + [Double](repeating: 0, count: dT) + gamma[0].map { -$0 }
      }
      let factorial = Double((1...max(1, nu)).reduce(1, *))
      if fuzzy {
        func limit(_ column: Int, _ g: [Double]) -> Double {
          var v = vFit.beta[column][nu]
          for (a, z) in zColumns.enumerated() { v -= g[a] * vFit.beta[z][nu] }
          return factorial * v
        }
        let tauY = limit(0, covariates > 0 ? gamma[0] : [])
        let tauT = limit(1, covariates > 0 ? gamma[1] : [])
        s = [1 / tauT, -(tauY / (tauT * tauT))]
        if covariates > 0 {
          s += zip(gamma[0], gamma[1]).map { -(1 / tauT) * $0 + (tauY / (tauT * tauT)) * $1 }
        }
      }
      let residualsV = vFit.residuals(variance)
      let varianceV = LocalPolynomial.sandwichElement(
        scores: vFit.scores(nu), residuals: residualsV, combination: s, cluster: vFit.cluster, parameters: o + 1)
      var moment = [Double](repeating: 0, count: o + 1)
      for i in 0..<vFit.n {
        let u = pow((vFit.x[i] - c) / hV, Double(o + 1))
        for j in 0...o { moment[j] += vFit.rows[i * (o + 1) + j] * vFit.w[i] * u }
      }
      let biasConstant = pow(hV, Double(nu)) * vFit.inverse.multiplied(by: moment)[nu]
      // Bias pilot.
      guard hB.isFinite, hB > 0, let bFit = WindowFit(side, cutoff: c, bandwidth: hB, order: oB, kernel: kernel)
      else { return nil }
      var regularisation = 0.0
      if scale > 0 {
        let varianceB = LocalPolynomial.sandwichElement(
          scores: bFit.scores(oB), residuals: bFit.residuals(variance), combination: s, cluster: bFit.cluster,
          parameters: oB + 1)
        regularisation = 3 * biasConstant * biasConstant * varianceB
      }
      var lead = 0.0
      for (l, coefficients) in bFit.beta.enumerated() { lead += s[l] * coefficients[oB] }
      let k = Double(o + 1 - nu)
      return Constants(
        v: Double(2 * nu + 1) * pow(hV, Double(2 * nu + 1)) * varianceV,
        b: (2 * k).squareRoot() * biasConstant * lead,
        r: scale * 2 * k * regularisation,
        rate: 1 / Double(2 * o + 3))
    }
  }

  /// A weighted polynomial fit over the rows with positive kernel weight.
  private struct WindowFit {
    var n: Int
    var x: [Double]
    var w: [Double]
    var rows: [Double]
    var order: Int
    var inverse: Matrix
    var columns: [[Double]]
    var beta: [[Double]]
    var cluster: [Int]?

    init?(
      _ side: Side, cutoff c: Double, bandwidth h: Double, order o: Int, kernel: RegressionDiscontinuityOptions.Kernel
    ) {
      let all = LocalPolynomial.kernelWeights(side.x, cutoff: c, bandwidth: h, kernel: kernel, weights: side.weights)
      let window = side.x.indices.filter { all[$0] > 0 }
      x = window.map { side.x[$0] }
      guard LocalPolynomial.distinctCount(x) >= o + 1 else { return nil }
      n = window.count
      w = window.map { all[$0] }
      order = o
      columns = side.columns.map { column in window.map { column[$0] } }
      cluster = side.cluster.map { cl in window.map { cl[$0] } }
      var rows = [Double](repeating: 0, count: n * (o + 1))
      for i in 0..<n {
        let row = LocalPolynomial.powers(x[i] - c, order: o)
        for j in 0...o { rows[i * (o + 1) + j] = row[j] }
      }
      self.rows = rows
      guard let inverse = LocalPolynomial.invert(LocalPolynomial.gram(rows, weights: w, width: o + 1)) else {
        return nil
      }
      self.inverse = inverse
      beta = LocalPolynomial.coefficients(inverse: inverse, rows: rows, weights: w, width: o + 1, columns: columns)
    }

    /// `eᵀ(RᵀWR)⁻¹(RW)ᵢ` for coefficient `index`.
    func scores(_ index: Int) -> [Double] {
      let k = order + 1
      return (0..<n).map { i in
        var z = 0.0
        for j in 0..<k { z += inverse[j, index] * rows[i * k + j] * w[i] }
        return z
      }
    }

    func residuals(_ variance: DiscontinuityVariance) -> [[Double]] {
      let k = order + 1
      let fitted = beta.map { coefficients in
        (0..<n).map { i in
          var v = 0.0
          for j in 0..<k { v += rows[i * k + j] * coefficients[j] }
          return v
        }
      }
      var leverage: [Double]?
      if variance == .hc2 || variance == .hc3 {
        leverage = (0..<n).map { i in
          var v = 0.0
          for a in 0..<k { for b in 0..<k { v += rows[i * k + a] * inverse[a, b] * rows[i * k + b] } }
          return v * w[i]
        }
      }
      return LocalPolynomial.residuals(
        x: x, columns: columns, fitted: fitted, leverage: leverage, variance: variance, parameters: k)
    }

    /// γ̂ (one array per outcome column, over the covariates) from the
    /// covariates partialled on this fit's polynomial; `nil` when collinear.
    func covariateCoefficients(outcomes: Int, zColumns: [Int]) -> [[Double]]? {
      let k = order + 1
      let u = columns.map { d in
        var v = [Double](repeating: 0, count: k)
        for i in 0..<n { for j in 0..<k { v[j] += rows[i * k + j] * w[i] * d[i] } }
        return v
      }
      func cross(_ a: Int, _ d: Int) -> Double {
        var s = 0.0
        for i in 0..<n { s += columns[a][i] * w[i] * columns[d][i] }
        let ga = inverse.multiplied(by: u[a])
        var uigu = 0.0
        for j in 0..<k { uigu += u[d][j] * ga[j] }
        return s - uigu
      }
      var zwz = Matrix(rows: zColumns.count, columns: zColumns.count)
      for (a, za) in zColumns.enumerated() {
        for (b, zb) in zColumns.enumerated() { zwz[a, b] = cross(za, zb) }
      }
      guard let inverseZ = LocalPolynomial.invert(zwz) else { return nil }
      return (0..<outcomes).map { l in inverseZ.multiplied(by: zColumns.map { cross($0, l) }) }
    }
  }

  static func standardDeviation(_ v: [Double]) -> Double {
    let mean = v.reduce(0, +) / Double(v.count)
    return (v.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(v.count - 1)).squareRoot()
  }

  static func populationVariance(_ v: [Double]) -> Double {
    let mean = v.reduce(0, +) / Double(v.count)
    return v.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(v.count)
  }

  /// Hyndman & Fan type-2 quantile of sorted values (R's `quantile(type = 2)`).
  static func typeTwoQuantile(_ sorted: [Double], _ probability: Double) -> Double {
    let n = sorted.count
    let h = Double(n) * probability
    let j = Int(h.rounded(.down))
    return h == Double(j) ? 0.5 * (sorted[j - 1] + sorted[j]) : sorted[j]
  }

  /// The distinct values of an ascending array.
  static func unique(_ sorted: [Double]) -> [Double] {
    var out: [Double] = []
    for v in sorted where out.last != v { out.append(v) }
    return out
  }
}
