import Foundation
import NumericKernels
import StudyModel

/// Weak-instrument diagnostics and weak-instrument-robust inference for one
/// endogenous regressor: the effective first-stage F of Montiel Olea &
/// Pflueger (2013) with its critical values, LIML, and Anderson–Rubin
/// confidence sets (Anderson & Rubin 1949).
///
/// Model: `y = βx + Wγ + u`, `x = Zπ + Wδ + v`, with W the exogenous controls
/// (the intercept first) and Z the k excluded instruments. Every quantity
/// below is computed after partialling W out of y, x and Z (Frisch–Waugh),
/// written ỹ, x̃, Z̃; n rows, kW columns of W.
///
/// - Effective F: `F_eff = π̂ᵀQπ̂ / tr(Σ̂_π Q)` with `Q = Z̃ᵀZ̃` and Σ̂_π the HC1
///   covariance of the first-stage coefficients, scaled by `n/(n − kW − k)`
///   as Pflueger & Wang's `weakivtest`. Its 5% critical values for a
///   tolerated bias τ use Patnaik's approximation: with w the eigenvalues of
///   the first-stage block W₂ of the scores' covariance divided by their sum,
///   `K_eff = (1 + 2x)/(Σw² + 2x·max w)` and
///   `cv = χ²′⁻¹(0.95; K_eff, x·K_eff)/K_eff`, where `x = 1/τ` (simplified)
///   or `x = B/τ` (generalized), B the maximum over β of the Nagar-bias bound
///   `max_λ |tr(S₁₂) − 2λ| / sqrt(tr(S₂) tr(S₁))`, λ the extreme eigenvalues of
///   the symmetric part of `S₁₂ = W₁₂ − βW₂`, `S₁ = W₁ − 2βW₁₂ + β²W₂`,
///   `S₂ = W₂`. B is maximised on 20,001 points of `β = s·tan θ` (s the
///   natural scale `sqrt(tr W₁/tr W₂)`) and refined by golden sections; the
///   numerical maximum is good to about 1e-8 relative. One instrument gives
///   `F_eff` = the robust first-stage F, K_eff = B = 1.
/// - LIML: κ the smallest root of `det(Ŷᵀ M_W Ŷ − κ Ŷᵀ M_{WZ} Ŷ) = 0`,
///   `Ŷ = [y, x]`; `b = (Xᵀ(I − κM_{WZ})X)⁻¹ Xᵀ(I − κM_{WZ})y`, `X = [W, x]`.
///   Standard errors as linearmodels' IVLIML: `V = v⁻¹ S v⁻¹ / n` with
///   `v = Xᵀ(I − κM_{WZ})X/n` and S the HC0 (`Σ (P X)ᵢ(P X)ᵢᵀ uᵢ²/n`) or
///   classical (`σ̂² v`) score covariance, times n/(n − kW − 1) for HC1 and
///   the classical covariance.
/// - Anderson–Rubin sets, `{β₀ : AR(β₀) ≤ critical value}`: homoskedastic,
///   the F test of Z in the regression of `y − β₀x` on [W, Z] against
///   F(level; k, n − kW − k), solved exactly as a quadratic inequality; robust,
///   `g(β₀)ᵀV(β₀)⁻¹g(β₀)` with g the coefficients of Z in that regression and
///   V their HC1 covariance, against χ²(level; k): exactly a quadratic for
///   one instrument, else located on 39,999 points of `β₀ = β̂ + s·tan θ`
///   (β̂ and s the 2SLS estimate and HC1 standard error) with the limits at
///   ±∞, each crossing refined by bisection in θ to machine precision.
struct InstrumentDiagnostics: Sendable {
  var effectiveF: Double
  var nagarBiasBound: Double
  /// The eigenvalues of W₂ divided by their sum.
  var firstStageWeights: [Double]
  var liml: (estimate: Double, kappa: Double, hc1: Double, hc0: Double, classical: Double)?
  var andersonRubinRobust: ConfidenceSetRecord
  var andersonRubinHomoskedastic: ConfidenceSetRecord

  /// - Parameters:
  ///   - controls: the columns of W, the intercept included.
  ///   - estimate, standardError: the 2SLS estimate and its HC1 SE (centre and scale of the AR grid).
  static func compute(
    y: [Double], x: [Double], controls: [[Double]], instruments: [[Double]], estimate: Double,
    standardError: Double, level: Double
  ) -> InstrumentDiagnostics {
    let n = y.count
    let kW = controls.count
    let k = instruments.count
    let w = Matrix(columns: controls)
    func partial(_ v: [Double]) -> [Double] { LeastSquares.fit(design: w, response: v).residuals }
    let yt = partial(y)
    let xt = partial(x)
    let zt = instruments.map(partial)
    let dof = Double(n) / Double(n - kW - k)

    // Effective F: orthonormalise Z̃ (Z*ᵀZ*/n = I) through the Cholesky factor of Z̃ᵀZ̃/n.
    var q = Matrix(rows: k, columns: k)
    for a in 0..<k { for b in 0..<k { q[a, b] = dot(zt[a], zt[b]) / Double(n) } }
    let cholesky = q.choleskyFactor() ?? Matrix.identity(k)
    let lowerInverse = Matrix.inverseFromCholesky(cholesky).multiplied(by: cholesky)  // L⁻ᵀ
    var zs = [[Double]](repeating: [Double](repeating: 0, count: n), count: k)
    for j in 0..<k {
      for a in 0..<k where lowerInverse[a, j] != 0 {
        let f = lowerInverse[a, j]
        for i in 0..<n { zs[j][i] += zt[a][i] * f }
      }
    }
    let zsMatrix = Matrix(columns: zs)
    let firstStage = LeastSquares.fit(design: zsMatrix, response: xt)
    let reduced = LeastSquares.fit(design: zsMatrix, response: yt)
    let v1 = firstStage.residuals
    let v2 = reduced.residuals
    var big = Matrix(rows: 2 * k, columns: 2 * k)
    for a in 0..<(2 * k) {
      for b in a..<(2 * k) {
        var s = 0.0
        for i in 0..<n {
          let sa = zs[a % k][i] * (a < k ? v2[i] : v1[i])
          let sb = zs[b % k][i] * (b < k ? v2[i] : v1[i])
          s += sa * sb
        }
        s = s / Double(n) * dof
        big[a, b] = s
        big[b, a] = s
      }
    }
    func block(_ r: Int, _ c: Int) -> Matrix {
      var m = Matrix(rows: k, columns: k)
      for a in 0..<k { for b in 0..<k { m[a, b] = big[r * k + a, c * k + b] } }
      return m
    }
    let w1 = block(0, 0)
    let w12 = block(0, 1)
    let w2 = block(1, 1)
    let pi = firstStage.coefficients
    let traceW2 = trace(w2)
    let effectiveF = Double(n) * dot(pi, pi) / traceW2
    let weights = SymmetricEigen.values(w2).map { $0 / traceW2 }
    let bound = nagarBound(w1: w1, w12: w12, w2: w2)

    // y and x on [W, Z], once for LIML and the robust Anderson–Rubin set.
    let wz = Matrix(columns: controls + instruments)
    let fy = LeastSquares.fit(design: wz, response: y)
    let fx = LeastSquares.fit(design: wz, response: x)

    // LIML.
    let liml = Self.liml(y: y, x: x, controls: controls, yw: yt, xw: xt, yz: fy.residuals, xz: fx.residuals)

    // Anderson–Rubin.
    let homoskedastic = andersonRubinHomoskedastic(yt: yt, xt: xt, zt: zt, n: n, kW: kW, level: level)
    let robust = andersonRubinRobust(
      fy: fy, fx: fx, wz: wz, kW: kW, level: level, center: estimate,
      scale: standardError.isFinite && standardError > 0 ? standardError : 1)
    return InstrumentDiagnostics(
      effectiveF: effectiveF, nagarBiasBound: bound,
      firstStageWeights: weights, liml: liml, andersonRubinRobust: robust, andersonRubinHomoskedastic: homoskedastic)
  }

  /// The 5% critical value of the effective F for a tolerated bias τ (Patnaik's approximation).
  func criticalValue(tau: Double, generalized: Bool) -> Double {
    let x = (generalized ? nagarBiasBound : 1) / tau
    let sumSquares = firstStageWeights.reduce(0) { $0 + $1 * $1 }
    let largest = firstStageWeights.max() ?? 1
    let kEff = 2 * (1 + 2 * x) / (2 * sumSquares + 4 * x * largest)
    return NoncentralChiSquared(degreesOfFreedom: kEff, noncentrality: x * kEff).quantile(0.95) / kEff
  }

  // MARK: - Pieces

  static func dot(_ a: [Double], _ b: [Double]) -> Double {
    var s = 0.0
    for i in a.indices { s += a[i] * b[i] }
    return s
  }

  static func trace(_ m: Matrix) -> Double { (0..<m.rows).reduce(0) { $0 + m[$1, $1] } }

  /// Montiel Olea & Pflueger's B for TSLS: the largest Nagar-bias bound over β.
  static func nagarBound(w1: Matrix, w12: Matrix, w2: Matrix) -> Double {
    let k = w2.rows
    let scale = (trace(w1) / trace(w2)).squareRoot()
    func bound(_ theta: Double) -> Double {
      let beta = scale * Foundation.tan(theta)
      var s12 = Matrix(rows: k, columns: k)
      var s1 = Matrix(rows: k, columns: k)
      for a in 0..<k {
        for b in 0..<k {
          s12[a, b] = w12[a, b] - beta * w2[a, b]
          s1[a, b] = w1[a, b] - 2 * beta * w12[a, b] + beta * beta * w2[a, b]
        }
      }
      var symmetric = Matrix(rows: k, columns: k)
      for a in 0..<k { for b in 0..<k { symmetric[a, b] = 0.5 * (s12[a, b] + s12[b, a]) } }
      let values = SymmetricEigen.values(symmetric)
      let t12 = trace(s12)
      let denominator = (trace(w2) * trace(s1)).squareRoot()
      let low = values.min() ?? 0
      let high = values.max() ?? 0
      return max(abs(t12 - 2 * low) / denominator, abs(t12 - 2 * high) / denominator)
    }
    let points = 20_001
    let lo = -Double.pi / 2 + 1e-9
    let hi = Double.pi / 2 - 1e-9
    var best = -Double.infinity
    var bestIndex = 0
    for i in 0..<points {
      let v = bound(lo + (hi - lo) * Double(i) / Double(points - 1))
      if v > best {
        best = v
        bestIndex = i
      }
    }
    // Golden-section refinement between the neighbours of the best grid point.
    var a = lo + (hi - lo) * Double(max(bestIndex - 1, 0)) / Double(points - 1)
    var b = lo + (hi - lo) * Double(min(bestIndex + 1, points - 1)) / Double(points - 1)
    let ratio = (5.0.squareRoot() - 1) / 2
    var c = b - ratio * (b - a)
    var d = a + ratio * (b - a)
    var fc = bound(c)
    var fd = bound(d)
    for _ in 0..<200 where b - a > 1e-15 {
      if fc > fd {
        b = d
        d = c
        fd = fc
        c = b - ratio * (b - a)
        fc = bound(c)
      } else {
        a = c
        c = d
        fc = fd
        d = a + ratio * (b - a)
        fd = bound(d)
      }
    }
    let limit = 1 - 2 * (SymmetricEigen.values(w2).min() ?? 0) / trace(w2)
    return max(best, fc, fd, limit)
  }

  /// LIML's estimate, κ, and its HC1, HC0 and classical standard errors (linearmodels' conventions).
  ///
  /// - Parameters:
  ///   - yw, xw: the residuals of y and x on the controls W (`M_W y`, `M_W x`).
  ///   - yz, xz: their residuals on the controls and instruments (`M_{WZ} y`, `M_{WZ} x`).
  static func liml(
    y: [Double], x: [Double], controls: [[Double]], yw: [Double], xw: [Double], yz: [Double], xz: [Double]
  ) -> (
    estimate: Double, kappa: Double, hc1: Double, hc0: Double, classical: Double
  )? {
    let n = y.count
    // det(S1 − κ S2) = 0 with S1 = ŶᵀM_WŶ, S2 = ŶᵀM_{WZ}Ŷ.
    let s1 = [dot(yw, yw), dot(yw, xw), dot(xw, xw)]
    let s2 = [dot(yz, yz), dot(yz, xz), dot(xz, xz)]
    let qa = s2[0] * s2[2] - s2[1] * s2[1]
    let qb = -(s1[0] * s2[2] + s1[2] * s2[0] - 2 * s1[1] * s2[1])
    let qc = s1[0] * s1[2] - s1[1] * s1[1]
    let discriminant = qb * qb - 4 * qa * qc
    guard qa > 0, discriminant >= 0 else { return nil }
    // The smaller root, written to avoid cancellation.
    let root = -0.5 * (qb - discriminant.squareRoot())
    let kappa = min(qc / root, root / qa)
    // X = [W, x]; coefficients from (XᵀX − κ(M X)ᵀ(M X)) b = Xᵀy − κ (M X)ᵀ(M y).
    let columns = controls + [x]
    // M_{WZ} of each column: a control is a column of [W, Z], so its residual is exactly 0.
    let mx = controls.map { [Double](repeating: 0, count: $0.count) } + [xz]
    let p = columns.count
    var lhs = Matrix(rows: p, columns: p)
    var rhs = [Double](repeating: 0, count: p)
    for a in 0..<p {
      for b in 0..<p { lhs[a, b] = dot(columns[a], columns[b]) - kappa * dot(mx[a], mx[b]) }
      rhs[a] = dot(columns[a], y) - kappa * dot(mx[a], yz)
    }
    guard let inverse = lhs.inverse() else { return nil }
    let beta = inverse.multiplied(by: rhs)
    var u = y
    for a in 0..<p { for i in 0..<n { u[i] -= beta[a] * columns[a][i] } }
    // Projections P X of each column on [W, Z].
    let px = zip(columns, mx).map { c, m in zip(c, m).map { $0 - $1 } }
    var meat = Matrix(rows: p, columns: p)
    for a in 0..<p {
      for b in a..<p {
        var s = 0.0
        for i in 0..<n { s += px[a][i] * px[b][i] * u[i] * u[i] }
        meat[a, b] = s
        meat[b, a] = s
      }
    }
    // V = (Xᵀ(I − κM)X)⁻¹ meat (Xᵀ(I − κM)X)⁻¹ (the 1/n factors cancel).
    let hc0Cov = inverse.multiplied(by: meat).multiplied(by: inverse)
    let hc0 = hc0Cov[p - 1, p - 1].squareRoot()
    let factor = Double(n) / Double(n - p)
    let sigma2 = dot(u, u) / Double(n)
    let classical = (sigma2 * inverse[p - 1, p - 1] * factor).squareRoot()
    return (beta[p - 1], kappa, hc0 * factor.squareRoot(), hc0, classical)
  }

  // MARK: - Anderson–Rubin

  static func andersonRubinHomoskedastic(
    yt: [Double], xt: [Double], zt: [[Double]], n: Int, kW: Int, level: Double
  ) -> ConfidenceSetRecord {
    let k = zt.count
    let dfResidual = Double(n - kW - k)
    let critical = FDistribution(numerator: Double(k), denominator: dfResidual).quantile(level)
    let z = Matrix(columns: zt)
    let fy = LeastSquares.fit(design: z, response: yt)
    let fx = LeastSquares.fit(design: z, response: xt)
    let py = fy.fittedValues
    let px = fx.fittedValues
    let my = fy.residuals
    let mx = fx.residuals
    let lambda = critical * Double(k) / dfResidual
    let a = dot(px, px) - lambda * dot(mx, mx)
    let b = -2 * (dot(px, py) - lambda * dot(mx, my))
    let c = dot(py, py) - lambda * dot(my, my)
    let (kind, pieces) = quadraticSet(a, b, c)
    let limit = (dot(px, px) / Double(k)) / (dot(mx, mx) / dfResidual)
    return ConfidenceSetRecord(
      variance: "classical", level: level,
      statistic:
        "F test of the instruments in the regression of y − b₀x on the controls and instruments (homoskedastic)",
      criticalValue: critical, kind: kind, pieces: pieces, limitAtInfinity: limit.finiteOrNil,
      statement: statement(kind, pieces, level: level, limit: limit, critical: critical))
  }

  /// - Parameters:
  ///   - fy, fx: the fits of y and x on `wz` (the controls, then the instruments).
  static func andersonRubinRobust(
    fy: LeastSquaresFit, fx: LeastSquaresFit, wz: Matrix, kW: Int, level: Double, center: Double, scale: Double
  ) -> ConfidenceSetRecord {
    let n = wz.rows
    let k = wz.columns - kW
    let critical = ChiSquared(degreesOfFreedom: Double(k)).quantile(level)
    let bread = fy.unscaledCovariance  // (WZᵀWZ)⁻¹
    // Rows of (WZᵀWZ)⁻¹WZᵀ for the instruments: s_a,i.
    var rows = [[Double]](repeating: [Double](repeating: 0, count: n), count: k)
    for a in 0..<k {
      for j in 0..<wz.columns {
        let f = bread[kW + a, j]
        if f == 0 { continue }
        for i in 0..<n { rows[a][i] += f * wz[i, j] }
      }
    }
    let gy = (0..<k).map { fy.coefficients[kW + $0] }
    let gx = (0..<k).map { fx.coefficients[kW + $0] }
    let ry = fy.residuals
    let rx = fx.residuals
    let factor = Double(n) / Double(n - kW - k)
    func covariance(_ weights: [Double]) -> Matrix {
      var m = Matrix(rows: k, columns: k)
      for a in 0..<k {
        for b in a..<k {
          var s = 0.0
          for i in 0..<n { s += rows[a][i] * weights[i] * rows[b][i] }
          m[a, b] = factor * s
          m[b, a] = factor * s
        }
      }
      return m
    }
    let vyy = covariance(zip(ry, ry).map { $0 * $1 })
    let vxy = covariance(zip(ry, rx).map { $0 * $1 })
    let vxx = covariance(zip(rx, rx).map { $0 * $1 })
    func quadraticForm(_ g: [Double], _ v: Matrix) -> Double {
      guard let inverse = v.inverse() else { return .infinity }
      return dot(g, inverse.multiplied(by: g))
    }
    let limit = quadraticForm(gx, vxx)
    let statisticText =
      "Wald test (HC1) of the instruments in the regression of y − b₀x on the controls and instruments"
    var kind: ConfidenceSetRecord.Kind
    var pieces: [[Double?]]
    if k == 1 {
      let a = gx[0] * gx[0] - critical * vxx[0, 0]
      let b = -2 * gx[0] * gy[0] + 2 * critical * vxy[0, 0]
      let c = gy[0] * gy[0] - critical * vyy[0, 0]
      (kind, pieces) = quadraticSet(a, b, c)
    } else {
      func excess(_ theta: Double) -> Double {
        let b0 = center + scale * Foundation.tan(theta)
        let g = zip(gy, gx).map { $0 - b0 * $1 }
        var v = Matrix(rows: k, columns: k)
        for a in 0..<k {
          for c in 0..<k { v[a, c] = vyy[a, c] - 2 * b0 * vxy[a, c] + b0 * b0 * vxx[a, c] }
        }
        return quadraticForm(g, v) - critical
      }
      (kind, pieces) = gridSet(excess, limit: limit - critical, center: center, scale: scale)
    }
    return ConfidenceSetRecord(
      variance: "hc1", level: level, statistic: statisticText, criticalValue: critical, kind: kind, pieces: pieces,
      limitAtInfinity: limit.finiteOrNil,
      statement: statement(kind, pieces, level: level, limit: limit, critical: critical))
  }

  /// `{β : aβ² + bβ + c ≤ 0}`.
  static func quadraticSet(_ a: Double, _ b: Double, _ c: Double) -> (ConfidenceSetRecord.Kind, [[Double?]]) {
    let discriminant = b * b - 4 * a * c
    func roots() -> (Double, Double) {
      let r1 = (-b - discriminant.squareRoot()) / (2 * a)
      let r2 = (-b + discriminant.squareRoot()) / (2 * a)
      return (min(r1, r2), max(r1, r2))
    }
    if a > 0 {
      guard discriminant >= 0 else { return (.empty, []) }
      let (lo, hi) = roots()
      return (.interval, [[lo, hi]])
    }
    if a < 0 {
      guard discriminant > 0 else { return (.wholeLine, [[nil, nil]]) }
      let (lo, hi) = roots()
      return (.unionOfRays, [[nil, lo], [hi, nil]])
    }
    // a = 0: a half-line or all/nothing.
    if b > 0 { return (.other, [[nil, -c / b]]) }
    if b < 0 { return (.other, [[-c / b, nil]]) }
    return c <= 0 ? (.wholeLine, [[nil, nil]]) : (.empty, [])
  }

  /// The set `{θ : excess(θ) ≤ 0}` mapped to β = centre + scale·tan θ, on 39,999
  /// interior points with the limits at ±∞ at the ends; crossings bisected.
  static func gridSet(
    _ excess: (Double) -> Double, limit: Double, center: Double, scale: Double
  ) -> (ConfidenceSetRecord.Kind, [[Double?]]) {
    let count = 40_001
    let thetas = (0..<count).map { -Double.pi / 2 + Double.pi * Double($0) / Double(count - 1) }
    var values = [Double](repeating: 0, count: count)
    values[0] = limit
    values[count - 1] = limit
    for i in 1..<(count - 1) { values[i] = excess(thetas[i]) }
    var pieces: [[Double?]] = []
    var lower: Double?
    var inside = values[0] <= 0
    for i in 0..<(count - 1) {
      let next = values[i + 1] <= 0
      guard next != inside else { continue }
      // Bisection between thetas[i] and thetas[i + 1] (ends stand for ±∞).
      var a = max(thetas[i], -Double.pi / 2 + 1e-15)
      var b = min(thetas[i + 1], Double.pi / 2 - 1e-15)
      let aInside = inside
      for _ in 0..<200 {
        let m = 0.5 * (a + b)
        if m <= a || m >= b { break }
        if (excess(m) <= 0) == aInside { a = m } else { b = m }
      }
      let root = center + scale * Foundation.tan(0.5 * (a + b))
      if inside {
        pieces.append([lower, root])
      } else {
        lower = root
      }
      inside = next
    }
    if inside { pieces.append([lower, nil]) }
    if pieces.count == 1, pieces[0][0] == nil, pieces[0][1] == nil { return (.wholeLine, pieces) }
    if pieces.isEmpty { return (.empty, pieces) }
    if pieces.count == 1, pieces[0][0] != nil, pieces[0][1] != nil { return (.interval, pieces) }
    if pieces.count == 2, pieces[0][0] == nil, pieces[1][1] == nil { return (.unionOfRays, pieces) }
    return (.other, pieces)
  }

  /// The set in words.
  static func statement(
    _ kind: ConfidenceSetRecord.Kind, _ pieces: [[Double?]], level: Double, limit: Double, critical: Double
  ) -> String {
    let percent = JSONValue.format((level * 1000).rounded() / 10) + "%"
    func number(_ v: Double?) -> String { v.map { String(format: "%.4g", $0) } ?? "∞" }
    func piece(_ p: [Double?]) -> String {
      "[\(p[0].map { String(format: "%.4g", $0) } ?? "−∞"), \(number(p[1]))]"
    }
    switch kind {
    case .interval:
      return "the \(percent) Anderson–Rubin set is the interval \(piece(pieces[0]))"
    case .unionOfRays:
      return
        "the \(percent) Anderson–Rubin set is unbounded: the union of two rays, \(piece(pieces[0])) ∪ \(piece(pieces[1])); the data cannot exclude effects of any large size, because the instruments are weak (the test cannot reject as the effect goes to ±∞: \(String(format: "%.4g", limit)) ≤ \(String(format: "%.4g", critical)))"
    case .wholeLine:
      return
        "the \(percent) Anderson–Rubin set is the whole real line: no effect size is rejected, so the instruments carry no usable information about the effect"
    case .empty:
      return
        "the \(percent) Anderson–Rubin set is empty: every effect size is rejected, which says that the instruments' exclusion (or the homoskedastic model) fails, not that the effect is known"
    case .other:
      return "the \(percent) Anderson–Rubin set is the union " + pieces.map(piece).joined(separator: " ∪ ")
    }
  }
}

/// Eigenvalues of a small symmetric matrix by cyclic Jacobi rotations.
enum SymmetricEigen {
  static func values(_ matrix: Matrix) -> [Double] {
    var a = matrix
    let n = a.rows
    guard n > 1 else { return n == 1 ? [a[0, 0]] : [] }
    for _ in 0..<100 {
      var off = 0.0
      for p in 0..<n { for q in (p + 1)..<n { off += a[p, q] * a[p, q] } }
      if off < 1e-300 { break }
      for p in 0..<n {
        for q in (p + 1)..<n where a[p, q] != 0 {
          let theta = (a[q, q] - a[p, p]) / (2 * a[p, q])
          let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
          let c = 1 / (t * t + 1).squareRoot()
          let s = t * c
          for k in 0..<n {
            let akp = a[k, p]
            let akq = a[k, q]
            a[k, p] = c * akp - s * akq
            a[k, q] = s * akp + c * akq
          }
          for k in 0..<n {
            let apk = a[p, k]
            let aqk = a[q, k]
            a[p, k] = c * apk - s * aqk
            a[q, k] = s * apk + c * aqk
          }
        }
      }
    }
    return (0..<n).map { a[$0, $0] }.sorted()
  }
}
