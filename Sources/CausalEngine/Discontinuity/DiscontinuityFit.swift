import Foundation
import NumericKernels
import StudyModel

/// A value on each side of the cutoff.
struct SidePair<Value: Sendable & Equatable>: Sendable, Equatable {
  var left: Value
  var right: Value
}

/// One of rdrobust's three rows: an estimate and its standard error.
struct DiscontinuityRow: Sendable, Equatable {
  var estimate: Double
  var standardError: Double
}

/// rdrobust's three rows for one quantity: conventional, bias-corrected
/// (with the conventional standard error) and robust (bias-corrected estimate,
/// robust standard error).
struct DiscontinuityRows: Sendable, Equatable {
  var conventional: DiscontinuityRow
  var biasCorrected: DiscontinuityRow
  var robust: DiscontinuityRow
}

/// A local-polynomial regression-discontinuity fit at given bandwidths, as
/// Python rdrobust 2.1.1 computes it (Calonico, Cattaneo & Titiunik 2014;
/// Calonico, Cattaneo & Farrell 2018; with covariates, Calonico, Cattaneo,
/// Farrell & Titiunik 2019).
///
/// Estimand: `τ = lim_{x↓c} E[Y | X = x] − lim_{x↑c} E[Y | X = x]` (sharp), or
/// that jump divided by the jump in E[T | X = x] (fuzzy). On each side a
/// polynomial of order p in `x − c` is fitted with kernel weights
/// `K((x − c)/h)/h` (times the sampling weights); the conventional estimate
/// is the difference of the intercepts. The bias correction subtracts
/// `h^{p+1}` times the order-(p+1) coefficient from an order-q = p + 1 fit at
/// bandwidth b; the robust variance replaces the design `R_p W_h` in the
/// sandwich by `Q_q = R_p W_h − h^{p+1} (R_q W_b (R_qᵀW_bR_q)⁻¹ e_{p+1}) (R_pᵀ W_h u^{p+1})ᵀ`.
///
/// Covariates: the same fits with the covariates Z as extra columns; `γ̂` is
/// the pooled regression of the outcome on Z after each side's polynomial is
/// partialled out at h, the estimate is `τ_Y − γ̂ᵀτ_Z`, and the variance uses
/// the combination `s = (1, −γ̂)`. Fuzzy: `τ = τ_Y/τ_T`, with the bias and the
/// variance through the delta method, `s = (1/τ_T, −τ_Y/τ_T²)`.
///
/// Edge cases: each side needs p + 1 distinct x values with positive weight
/// at h and q + 1 at b; singular fits, a zero first stage and covariates that
/// are collinear within the window are errors (rdrobust silently drops
/// collinear covariates; Assay refuses them).
struct DiscontinuityFit: Sendable {
  /// The effect (`Y` rows; for a fuzzy design, the ratio).
  var rows: DiscontinuityRows
  /// The jump in the treatment (fuzzy designs).
  var firstStage: DiscontinuityRows?
  var h: SidePair<Double>
  var b: SidePair<Double>
  /// Rows on each side.
  var n: SidePair<Int>
  /// Rows with positive weight at h and at b.
  var effectiveN: SidePair<Int>
  var biasN: SidePair<Int>
  /// Distinct running-variable values on each side.
  var distinct: SidePair<Int>
  /// The limits at the cutoff of the (adjusted) outcome, conventional and bias-corrected.
  var limitsConventional: SidePair<Double>
  var limitsBiasCorrected: SidePair<Double>
  /// `conventional − bias-corrected` on each side (for the ratio, its delta-method share).
  var bias: SidePair<Double>
  /// The coefficients of the covariates (`γ̂`, outcome column), in the order given.
  var covariateCoefficients: [Double]
  /// The order-p polynomial of the (covariate-adjusted) outcome on each side, in powers of `x − c`.
  var polynomial: SidePair<[Double]>
  /// Clusters with a row in the window (either side), when clustered.
  var clusters: Int?
  var order: Int

  /// Fits at the given bandwidths.
  static func fit(
    _ sample: DiscontinuitySample, order p: Int, kernel: RegressionDiscontinuityOptions.Kernel,
    variance: DiscontinuityVariance, h: SidePair<Double>, b: SidePair<Double>
  ) throws(EstimationFailure) -> DiscontinuityFit {
    let c = sample.cutoff
    let left = try SideFit(sample.left, cutoff: c, h: h.left, b: b.left, order: p, kernel: kernel, variance: variance)
    let right = try SideFit(
      sample.right, cutoff: c, h: h.right, b: b.right, order: p, kernel: kernel, variance: variance)
    let dT = sample.isFuzzy ? 1 : 0
    let dZ = sample.covariateCount
    let nD = 1 + dT + dZ
    let zColumns = Array((1 + dT)..<nD)

    // γ̂: pooled over both sides, Z partialled on each side's polynomial at h.
    var gamma: [[Double]] = []  // gamma[outcome column 0..<1+dT][covariate]
    if dZ > 0 {
      var zwz = Matrix(rows: dZ, columns: dZ)
      var zwy = [[Double]](repeating: [Double](repeating: 0, count: dZ), count: 1 + dT)
      for side in [left, right] {
        let partial = side.partialledCrossProducts(zColumns: zColumns)
        for a in 0..<dZ {
          for bIndex in 0..<dZ { zwz[a, bIndex] += partial[a][zColumns[bIndex]] }
          for l in 0..<(1 + dT) { zwy[l][a] += partial[a][l] }
        }
      }
      guard let inverse = LocalPolynomial.invert(zwz) else {
        throw .numerical(
          "the covariates are collinear within the bandwidth after the running variable's polynomial is partialled out")
      }
      gamma = zwy.map { inverse.multiplied(by: $0) }
    }

    func intercepts(_ beta: [[Double]]) -> [Double] { beta.map { $0[0] } }
    let pL = intercepts(left.betaP)
    let pR = intercepts(right.betaP)
    let bcL = intercepts(left.betaBC)
    let bcR = intercepts(right.betaBC)
    // Combination of columns for the outcome (and treatment) limits.
    let sY = [1.0] + [Double](repeating: 0, count: dT) + (dZ > 0 ? gamma[0].map { -$0 } : [])
    func combine(_ s: [Double], _ v: [Double]) -> Double { zip(s, v).reduce(0) { $0 + $1.0 * $1.1 } }

    var s: [Double]
    var rows: DiscontinuityRows
    var firstStage: DiscontinuityRows?
    var limitsCL: SidePair<Double>
    var limitsBC: SidePair<Double>
    var bias: SidePair<Double>
    if !sample.isFuzzy {
      s = sY
      let tauCL = combine(s, pR) - combine(s, pL)
      let tauBC = combine(s, bcR) - combine(s, bcL)
      limitsCL = SidePair(left: combine(s, pL), right: combine(s, pR))
      limitsBC = SidePair(left: combine(s, bcL), right: combine(s, bcR))
      bias = SidePair(left: limitsCL.left - limitsBC.left, right: limitsCL.right - limitsBC.right)
      let vCL = left.conventionalVariance(s) + right.conventionalVariance(s)
      let vRB = left.robustVariance(s) + right.robustVariance(s)
      rows = DiscontinuityRows(
        conventional: DiscontinuityRow(estimate: tauCL, standardError: vCL.squareRoot()),
        biasCorrected: DiscontinuityRow(estimate: tauBC, standardError: vCL.squareRoot()),
        robust: DiscontinuityRow(estimate: tauBC, standardError: vRB.squareRoot()))
    } else {
      // s_Y over (Y, Z) and s_T over (T, Z), written over all columns (Y, T, Z).
      let gY = dZ > 0 ? gamma[0] : []
      let gT = dZ > 0 ? gamma[1] : []
      let sYfull = [1.0, 0.0] + gY.map { -$0 }
      let sT = [0.0, 1.0] + gT.map { -$0 }
      let tauYCL = combine(sYfull, pR) - combine(sYfull, pL)
      let tauTCL = combine(sT, pR) - combine(sT, pL)
      let tauYBC = combine(sYfull, bcR) - combine(sYfull, bcL)
      let tauTBC = combine(sT, bcR) - combine(sT, bcL)
      guard tauTCL != 0, tauTCL.isFinite else {
        throw .numerical("the treatment does not jump at the cutoff: the fuzzy design's first stage is zero")
      }
      let tauCL = tauYCL / tauTCL
      let ratio = [1 / tauTCL, -(tauYCL / (tauTCL * tauTCL))]
      let tauBC = tauCL - (ratio[0] * (tauYCL - tauYBC) + ratio[1] * (tauTCL - tauTBC))
      func sideBias(_ pv: [Double], _ bcv: [Double]) -> Double {
        ratio[0] * (combine(sYfull, pv) - combine(sYfull, bcv)) + ratio[1] * (combine(sT, pv) - combine(sT, bcv))
      }
      bias = SidePair(left: sideBias(pL, bcL), right: sideBias(pR, bcR))
      limitsCL = SidePair(left: combine(sYfull, pL), right: combine(sYfull, pR))
      limitsBC = SidePair(left: combine(sYfull, bcL), right: combine(sYfull, bcR))
      s = ratio + zip(gY, gT).map { -(1 / tauTCL) * $0 + (tauYCL / (tauTCL * tauTCL)) * $1 }
      let vCL = left.conventionalVariance(s) + right.conventionalVariance(s)
      let vRB = left.robustVariance(s) + right.robustVariance(s)
      rows = DiscontinuityRows(
        conventional: DiscontinuityRow(estimate: tauCL, standardError: vCL.squareRoot()),
        biasCorrected: DiscontinuityRow(estimate: tauBC, standardError: vCL.squareRoot()),
        robust: DiscontinuityRow(estimate: tauBC, standardError: vRB.squareRoot()))
      let vTCL = left.conventionalVariance(sT) + right.conventionalVariance(sT)
      let vTRB = left.robustVariance(sT) + right.robustVariance(sT)
      firstStage = DiscontinuityRows(
        conventional: DiscontinuityRow(estimate: tauTCL, standardError: vTCL.squareRoot()),
        biasCorrected: DiscontinuityRow(estimate: tauTBC, standardError: vTCL.squareRoot()),
        robust: DiscontinuityRow(estimate: tauTBC, standardError: vTRB.squareRoot()))
    }
    var clusters: Int?
    if let l = left.windowCluster, let r = right.windowCluster { clusters = Set(l + r).count }
    func polynomial(_ side: SideFit) -> [Double] {
      (0...p).map { j in
        var v = side.betaP[0][j]
        for (a, column) in zColumns.enumerated() { v -= gamma.isEmpty ? 0 : gamma[0][a] * side.betaP[column][j] }
        return v
      }
    }
    return DiscontinuityFit(
      rows: rows, firstStage: firstStage, h: h, b: b, n: SidePair(left: sample.left.count, right: sample.right.count),
      effectiveN: SidePair(left: left.countH, right: right.countH),
      biasN: SidePair(left: left.countB, right: right.countB),
      distinct: SidePair(left: sample.left.distinctCount, right: sample.right.distinctCount),
      limitsConventional: limitsCL, limitsBiasCorrected: limitsBC, bias: bias,
      covariateCoefficients: gamma.first ?? [], polynomial: SidePair(left: polynomial(left), right: polynomial(right)),
      clusters: clusters, order: p)
  }
}

/// One side's local polynomials at h (order p) and b (order q = p + 1), with
/// what the estimate and both variances need.
struct SideFit {
  /// Rows with positive weight at h and at b.
  var countH: Int
  var countB: Int
  /// `β_p`, `β_bc` per fitted column (p + 1 coefficients each).
  var betaP: [[Double]]
  var betaBC: [[Double]]
  /// `U_p = R_pᵀW_h D` and `ZᵀW_h D` (rows: covariates), for γ̂.
  var weightedCross: [[Double]]
  var inverseGramP: Matrix
  /// Scores `eᵀ(R_pᵀW_hR_p)⁻¹(R_p W_h)ᵢ` and `eᵀ(R_pᵀW_hR_p)⁻¹ Q_qᵢ` of the window's rows.
  var conventionalScores: [Double]
  var robustScores: [Double]
  var residualsH: [[Double]]
  var residualsB: [[Double]]
  var windowCluster: [Int]?
  var order: Int
  /// `Σ wₕ zₐ d` for each covariate a and column d.
  var covariateCross: [[Double]]

  init(
    _ side: DiscontinuitySample.Side, cutoff c: Double, h: Double, b: Double, order p: Int,
    kernel: RegressionDiscontinuityOptions.Kernel, variance: DiscontinuityVariance
  ) throws(EstimationFailure) {
    let q = p + 1
    order = p
    let wh = LocalPolynomial.kernelWeights(side.x, cutoff: c, bandwidth: h, kernel: kernel, weights: side.weights)
    let wb = LocalPolynomial.kernelWeights(side.x, cutoff: c, bandwidth: b, kernel: kernel, weights: side.weights)
    countH = wh.filter { $0 > 0 }.count
    countB = wb.filter { $0 > 0 }.count
    let window = side.x.indices.filter { h > b ? wh[$0] > 0 : wb[$0] > 0 }
    let distinctH = LocalPolynomial.distinctCount(side.x.indices.filter { wh[$0] > 0 }.map { side.x[$0] })
    let distinctB = LocalPolynomial.distinctCount(side.x.indices.filter { wb[$0] > 0 }.map { side.x[$0] })
    guard distinctH >= p + 1, distinctB >= q + 1 else {
      throw .invalidData(
        "too few distinct running-variable values with positive weight near the cutoff (\(distinctH) within h, \(distinctB) within b) to fit polynomials of order \(p) and \(q)"
      )
    }
    let n = window.count
    let x = window.map { side.x[$0] }
    let whW = window.map { wh[$0] }
    let wbW = window.map { wb[$0] }
    let columns = side.columns.map { column in window.map { column[$0] } }
    windowCluster = side.cluster.map { cl in window.map { cl[$0] } }
    var rq = [Double](repeating: 0, count: n * (q + 1))
    var rp = [Double](repeating: 0, count: n * (p + 1))
    for i in 0..<n {
      let row = LocalPolynomial.powers(x[i] - c, order: q)
      for j in 0...q { rq[i * (q + 1) + j] = row[j] }
      for j in 0...p { rp[i * (p + 1) + j] = row[j] }
    }
    guard let invGp = LocalPolynomial.invert(LocalPolynomial.gram(rp, weights: whW, width: p + 1)),
      let invGq = LocalPolynomial.invert(LocalPolynomial.gram(rq, weights: wbW, width: q + 1))
    else { throw .numerical("a local polynomial near the cutoff is singular") }
    inverseGramP = invGp
    // L = R_pᵀ W_h u^{p+1}, u = (x − c)/h.
    var l = [Double](repeating: 0, count: p + 1)
    for i in 0..<n {
      let u = (x[i] - c) / h
      let up = pow(u, Double(p + 1))
      for j in 0...p { l[j] += rp[i * (p + 1) + j] * whW[i] * up }
    }
    // Q_q rows.
    let hp = pow(h, Double(p + 1))
    var qq = [Double](repeating: 0, count: n * (p + 1))
    for i in 0..<n {
      var m = 0.0
      for j in 0...q { m += rq[i * (q + 1) + j] * invGq[p + 1, j] }
      m *= wbW[i]
      let base = i * (p + 1)
      for j in 0...p {
        let weighted: Double = rp[base + j] * whW[i]
        let correction: Double = hp * m * l[j]
        qq[base + j] = weighted - correction
      }
    }
    betaP = LocalPolynomial.coefficients(inverse: invGp, rows: rp, weights: whW, width: p + 1, columns: columns)
    let betaQ = LocalPolynomial.coefficients(inverse: invGq, rows: rq, weights: wbW, width: q + 1, columns: columns)
    betaBC = columns.map { d in
      var u = [Double](repeating: 0, count: p + 1)
      for i in 0..<n { for j in 0...p { u[j] += qq[i * (p + 1) + j] * d[i] } }
      return invGp.multiplied(by: u)
    }
    weightedCross = columns.map { d in
      var u = [Double](repeating: 0, count: p + 1)
      for i in 0..<n where whW[i] != 0 { for j in 0...p { u[j] += rp[i * (p + 1) + j] * whW[i] * d[i] } }
      return u
    }
    covariateCross = columns.map { a in
      columns.map { d in
        var sum = 0.0
        for i in 0..<n { sum += a[i] * whW[i] * d[i] }
        return sum
      }
    }
    // Scores for element [0, 0] of both sandwiches.
    conventionalScores = (0..<n).map { i in
      var z = 0.0
      for j in 0...p {
        let a: Double = invGp[j, 0]
        z += a * rp[i * (p + 1) + j] * whW[i]
      }
      return z
    }
    robustScores = (0..<n).map { i in
      var z = 0.0
      for j in 0...p {
        let a: Double = invGp[j, 0]
        z += a * qq[i * (p + 1) + j]
      }
      return z
    }
    // Residuals.
    func fitted(_ beta: [[Double]], _ rows: [Double], _ k: Int) -> [[Double]] {
      beta.map { coefficients in
        (0..<n).map { i in
          var v = 0.0
          for j in 0..<k { v += rows[i * k + j] * coefficients[j] }
          return v
        }
      }
    }
    func leverage(_ rows: [Double], _ k: Int, _ inverse: Matrix, _ w: [Double]) -> [Double] {
      (0..<n).map { i in
        var v = 0.0
        for a in 0..<k { for bb in 0..<k { v += rows[i * k + a] * inverse[a, bb] * rows[i * k + bb] } }
        return v * w[i]
      }
    }
    let needsLeverage = variance == .hc2 || variance == .hc3
    residualsH = LocalPolynomial.residuals(
      x: x, columns: columns, fitted: fitted(betaP, rp, p + 1),
      leverage: needsLeverage ? leverage(rp, p + 1, invGp, whW) : nil, variance: variance, parameters: p + 1)
    if case .nearestNeighbor = variance {
      residualsB = residualsH
    } else {
      residualsB = LocalPolynomial.residuals(
        x: x, columns: columns, fitted: fitted(betaQ, rq, q + 1),
        leverage: needsLeverage ? leverage(rq, q + 1, invGq, wbW) : nil, variance: variance, parameters: q + 1)
    }
  }

  /// `(ZᵀW D − U_Zᵀ G⁻¹ U)` for each covariate column (rows) and every column d.
  func partialledCrossProducts(zColumns: [Int]) -> [[Double]] {
    zColumns.map { a in
      let ga = inverseGramP.multiplied(by: weightedCross[a])
      return covariateCross[a].indices.map { d in
        var uigu = 0.0
        for j in ga.indices { uigu += weightedCross[d][j] * ga[j] }
        return covariateCross[a][d] - uigu
      }
    }
  }

  func conventionalVariance(_ s: [Double]) -> Double {
    LocalPolynomial.sandwichElement(
      scores: conventionalScores, residuals: residualsH, combination: s, cluster: windowCluster, parameters: order + 1)
  }

  func robustVariance(_ s: [Double]) -> Double {
    LocalPolynomial.sandwichElement(
      scores: robustScores, residuals: residualsB, combination: s, cluster: windowCluster, parameters: order + 2)
  }
}
