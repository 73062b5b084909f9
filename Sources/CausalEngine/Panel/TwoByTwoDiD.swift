import NumericKernels

/// The two-period panel difference-in-differences estimators of R's DRDID
/// (Sant'Anna & Zhao 2020), with their influence functions: the building
/// block of every ATT(g,t) in ``CallawaySantAnna``.
///
/// Data: `m` units, the outcome change `ΔYᵢ = Yᵢ,post − Yᵢ,pre`, a 0/1 group
/// `Dᵢ` (1 = the cohort, 0 = the comparison units), covariates `Xᵢ` with an
/// intercept first (`X = [1, x…]`), and weights `wᵢ` normalised to mean 1
/// (`wᵢ = 1` without sampling weights).
///
/// Estimand: `ATT = E[ΔY(1) − ΔY(0) | D = 1]` under (conditional) parallel
/// trends, `E[ΔY(0) | X, D = 1] = E[ΔY(0) | X, D = 0]`, and overlap.
///
/// - Outcome regression (`reg_did_panel`; Heckman, Ichimura & Todd 1997):
///   `m̂(x) = xᵀβ̂`, the weighted OLS of `ΔY` on `X` among the comparison
///   units; `ATT = Σ wD(ΔY − m̂(X)) / Σ wD`.
/// - Inverse probability weighting (`std_ipw_did_panel`; Abadie 2005, Hájek
///   normalised): `p̂(x)` the weighted ML logit of `D` on `X`;
///   `ATT = Σ w₁ΔY/Σ w₁ − Σ w₀ΔY/Σ w₀` with `w₁ = wD`,
///   `w₀ = w p̂(1 − D)/(1 − p̂)`.
/// - Doubly robust (`drdid_panel`, Sant'Anna & Zhao's "traditional" locally
///   efficient estimator, eq. 3.1 with their Theorem 3.1 influence function):
///   `ATT = Σ w₁(ΔY − m̂)/Σ w₁ − Σ w₀(ΔY − m̂)/Σ w₀`; consistent when either
///   the outcome model or the propensity model is right.
///
/// The influence functions include the estimation effect of `β̂` (through
/// the OLS's asymptotic linear representation) and of the logit
/// coefficients (through its score and Hessian), exactly as DRDID 1.2.3
/// writes them, so that `Var(ATT) ≈ Σ ψᵢ² / m²`.
///
/// DRDID's numerical conventions, kept so the numbers agree: fitted scores
/// are capped at `1 − 10⁻⁶`; comparison units with `p̂ ≥ 0.995` get weight
/// 0 (trimming, `trim.level`); the logit's Hessian uses the capped scores.
/// Without covariates the three estimators coincide (the difference of mean
/// changes), and the two models are solved in closed form (the comparison
/// units' weighted mean change; the weighted share treated).
///
/// Errors: collinear covariates in either model, or a singular outcome
/// regression design (`rcond < ε`, as DRDID's check), throw `invalidData`.
/// A logit that does not converge is a warning (DRDID warns too).
enum TwoByTwoDiD {
  /// Which estimator.
  enum Approach: Sendable, Hashable {
    case doublyRobust
    case outcomeRegression
    case inverseProbability
  }

  /// The estimate and its per-unit influence function.
  struct Estimate: Sendable {
    /// The ATT.
    var value: Double
    /// `ψᵢ`, one per unit, in input order (`Var ≈ Σψ²/m²`).
    var influence: [Double]
    /// Non-fatal problems (a logit that did not converge).
    var warnings: [String]
  }

  /// Comparison units with a fitted score at or above this get weight 0.
  static let trimLevel = 0.995
  /// Fitted scores are capped here.
  static let scoreCap = 1 - 1e-6

  /// Estimates the ATT of the `treated` units (`1`) against the others (`0`).
  ///
  /// - Parameters:
  ///   - deltaY: `ΔYᵢ`, `m` values.
  ///   - treated: `Dᵢ ∈ {0, 1}`, at least one of each.
  ///   - design: `m × p`, first column all ones.
  ///   - weights: `m` positive weights, or `nil` (normalised to mean 1 here).
  ///   - propensity: the logit of `treated` on `design` with these weights,
  ///     when the caller has fitted it already.
  static func estimate(
    _ approach: Approach, deltaY: [Double], treated: [Double], design: Matrix, weights: [Double]?,
    propensity: GLMFit? = nil
  ) throws(EstimationFailure) -> Estimate {
    let m = deltaY.count
    precondition(treated.count == m && design.rows == m, "TwoByTwoDiD: inconsistent lengths")
    var iw = weights ?? [Double](repeating: 1, count: m)
    let meanWeight = Kernels.sum(iw) / Double(m)
    for i in 0..<m { iw[i] /= meanWeight }
    let count = Double(m)
    var warnings: [String] = []

    // Outcome regression among the comparison units (dr, reg).
    var fitted = [Double](repeating: 0, count: m)
    var olsBread = Matrix(rows: 0, columns: 0)
    if approach != .inverseProbability {
      if design.columns == 1 {
        // Intercept only: the weighted mean change of the comparison units (the OLS solution, exactly).
        var sum = 0.0
        var total = 0.0
        for i in 0..<m where treated[i] == 0 {
          sum += iw[i] * deltaY[i]
          total += iw[i]
        }
        fitted = [Double](repeating: sum / total, count: m)
      } else {
        let controls = (0..<m).filter { treated[$0] == 0 }
        var xc = Matrix(rows: controls.count, columns: design.columns)
        for j in 0..<design.columns {
          let column = design.column(j)
          xc.setColumn(j, controls.map { column[$0] })
        }
        let fit = LeastSquares.fit(
          design: xc, response: controls.map { deltaY[$0] }, weights: controls.map { iw[$0] })
        guard fit.aliasedColumns.isEmpty else {
          throw .invalidData(
            "the outcome regression among the comparison units has collinear covariates (\(fit.aliasedColumns.count) aliased column\(fit.aliasedColumns.count == 1 ? "" : "s"))"
          )
        }
        fitted = design.multiplied(by: fit.coefficients)
      }
      var olsWeights = iw
      for i in 0..<m { olsWeights[i] *= 1 - treated[i] }
      var xpx = Kernels.gram(design, weights: olsWeights, response: nil).xtx
      xpx.withUnsafeMutableBufferPointer { b in
        for k in 0..<b.count { b[k] /= count }
      }
      guard xpx.reciprocalConditionNumber() >= Double.ulpOfOne, let inverse = xpx.inverse() else {
        throw .invalidData("the outcome regression's design is singular among the comparison units")
      }
      olsBread = inverse
    }

    // Propensity score (dr, ipw).
    var scores = [Double](repeating: 0, count: m)
    var psHessian = Matrix(rows: 0, columns: 0)
    if approach != .outcomeRegression {
      if design.columns == 1 {
        // Intercept only: the logit's maximum-likelihood score is the weighted share treated, exactly.
        var share = 0.0
        for i in 0..<m { share += iw[i] * treated[i] }
        scores = [Double](repeating: min(share / count, scoreCap), count: m)
      } else {
        let fit =
          propensity ?? GLM.fit(design: design, response: treated, family: .binomial, link: .logit, weights: iw)
        guard fit.aliasedColumns.isEmpty else {
          throw .invalidData(
            "the propensity model has collinear covariates (\(fit.aliasedColumns.count) aliased column\(fit.aliasedColumns.count == 1 ? "" : "s"))"
          )
        }
        if !fit.converged { warnings.append("the propensity model did not converge") }
        scores = fit.fittedMeans.map { min($0, scoreCap) }
      }
      var information = iw
      for i in 0..<m { information[i] *= scores[i] * (1 - scores[i]) }
      guard let inverse = Kernels.gram(design, weights: information, response: nil).xtx.inverse() else {
        throw .numerical("the propensity model's information matrix is singular")
      }
      psHessian = inverse
      psHessian.withUnsafeMutableBufferPointer { b in
        for k in 0..<b.count { b[k] *= count }
      }
    }

    /// `(asy. linear rep. of β̂) · M`, per unit: `wᵢ(1 − Dᵢ)(ΔYᵢ − m̂ᵢ) xᵢᵀ (XᵀWX/m)⁻¹ M`.
    func olsTerm(_ moment: [Double]) -> [Double] {
      var out = design.multiplied(by: olsBread.multiplied(by: moment))
      for i in 0..<m {
        let factor: Double = iw[i] * (1 - treated[i]) * (deltaY[i] - fitted[i])
        out[i] *= factor
      }
      return out
    }
    /// `(asy. linear rep. of the logit) · M`, per unit: `wᵢ(Dᵢ − p̂ᵢ) xᵢᵀ H M`.
    func propensityTerm(_ moment: [Double]) -> [Double] {
      var out = design.multiplied(by: psHessian.multiplied(by: moment))
      for i in 0..<m {
        let factor: Double = iw[i] * (treated[i] - scores[i])
        out[i] *= factor
      }
      return out
    }
    /// `colMeans(v ⊙ X)`.
    func moment(_ v: [Double]) -> [Double] { design.transposedMultiplied(by: v).map { $0 / count } }
    func mean(_ v: [Double]) -> Double { Kernels.sum(v) / count }
    func product(_ a: [Double], _ b: [Double]) -> [Double] {
      var out = a
      for i in 0..<m { out[i] *= b[i] }
      return out
    }

    // Group weights: w₁ = w·D (trimmed for dr/ipw), w₀ = w·p̂(1 − D)/(1 − p̂) (trimmed).
    var weightTreated = [Double](repeating: 0, count: m)
    var weightControl = [Double](repeating: 0, count: m)
    for i in 0..<m {
      let keep: Double = treated[i] == 1 || scores[i] < trimLevel || approach == .outcomeRegression ? 1 : 0
      weightTreated[i] = keep * iw[i] * treated[i]
      if approach != .outcomeRegression {
        let odds: Double = scores[i] / (1 - scores[i])
        weightControl[i] = keep * iw[i] * odds * (1 - treated[i])
      }
    }
    var influence = [Double](repeating: 0, count: m)
    let value: Double
    switch approach {
    case .doublyRobust:
      var residual = deltaY
      for i in 0..<m { residual[i] -= fitted[i] }
      let meanT = mean(weightTreated)
      let meanC = mean(weightControl)
      let etaT = mean(product(weightTreated, residual)) / meanT
      let etaC = mean(product(weightControl, residual)) / meanC
      value = etaT - etaC
      let treatOls = olsTerm(moment(weightTreated))
      var centred = residual
      for i in 0..<m { centred[i] = weightControl[i] * (residual[i] - etaC) }
      let controlPs = propensityTerm(moment(centred))
      let controlOls = olsTerm(moment(weightControl))
      for i in 0..<m {
        let inT: Double = (weightTreated[i] * (residual[i] - etaT) - treatOls[i]) / meanT
        let inC: Double = (weightControl[i] * (residual[i] - etaC) + controlPs[i] - controlOls[i]) / meanC
        influence[i] = inT - inC
      }
    case .outcomeRegression:
      let meanT = mean(weightTreated)
      let etaT = mean(product(weightTreated, deltaY)) / meanT
      let etaC = mean(product(weightTreated, fitted)) / meanT
      value = etaT - etaC
      let controlOls = olsTerm(moment(weightTreated))
      for i in 0..<m {
        let inT: Double = weightTreated[i] * (deltaY[i] - etaT) / meanT
        let inC: Double = (weightTreated[i] * (fitted[i] - etaC) + controlOls[i]) / meanT
        influence[i] = inT - inC
      }
    case .inverseProbability:
      let meanT = mean(weightTreated)
      let meanC = mean(weightControl)
      let etaT = mean(product(weightTreated, deltaY)) / meanT
      let etaC = mean(product(weightControl, deltaY)) / meanC
      value = etaT - etaC
      var centred = deltaY
      for i in 0..<m { centred[i] = weightControl[i] * (deltaY[i] - etaC) }
      let controlPs = propensityTerm(moment(centred))
      for i in 0..<m {
        let inT: Double = weightTreated[i] * (deltaY[i] - etaT) / meanT
        let inC: Double = (weightControl[i] * (deltaY[i] - etaC) + controlPs[i]) / meanC
        influence[i] = inT - inC
      }
    }
    guard value.isFinite else {
      throw .numerical("the 2×2 difference-in-differences is not finite (no comparison weight left after trimming)")
    }
    return Estimate(value: value, influence: influence, warnings: warnings)
  }
}
