import NumericKernels

/// The variance correction of Abadie & Imbens (2016, Econometrica 84(2),
/// "Matching on the estimated propensity score") for 1-NN matching on a
/// logistic propensity score `e = Λ(x'θ)` estimated by maximum likelihood.
///
/// With `V_θ` the logit's covariance (inverse information), `f_i = e_i(1 − e_i)`,
/// `H_i` unit i with its nearest same-arm unit(s) in |e_i − e_j| (ties kept,
/// L = 1), and `côv_i(X, Y)` the sample covariance (divisor |H_i| − 1) of the
/// logit's design columns with the outcome over `H_i`:
/// - ATE: `Var = Var_AI2006 − ĉᵀ V_θ ĉ`, `ĉ = (1/N) Σ_i w_i côv_i(X, Y)` with
///   `w_i = (1 − e_i)/e_i` for treated and `e_i/(1 − e_i)` for controls
///   (Theorem 1);
/// - ATT: `Var = Var_AI2006 − ĉ_tᵀ V_θ ĉ_t + (∂τ/∂θ)ᵀ V_θ (∂τ/∂θ)` with
///   `ĉ_t = (1/N₁) Σ_i X_i f_i (Ŷ_i(1) − Ŷ_i(0) − τ̂) + (1/N₁) Σ_i [D_i(1 − e_i) + (1 − D_i) e_i²/(1 − e_i)] côv_i(X, Y)`
///   — Ŷ of the unit's own arm the mean over `H_i \ {i}`, of the other arm
///   the mean over its propensity matches — and
///   `∂τ/∂θ = (1/N₁) Σ_i X_i f_i (Ỹ_i(1) − Ỹ_i(0) − τ̂)`, where Ỹ of the own
///   arm is the unit's outcome and of the other arm that of its nearest
///   unit by covariates (standardised Euclidean distance, ties averaged)
///   (Theorem 2). The ATC is the ATT with the arms swapped.
///
/// Authority: the CRAN package IUPS (`bpsm`, method "AI") on tie-free data,
/// and a transcription of the theorems (Tests fixtures psm_lalonde).
enum AbadieImbens2016 {
  struct Inputs {
    /// The logit's design (with its constant column), n × k.
    var x: Matrix
    var indicator: [Double]
    var scores: [Double]
    var outcome: [Double]
    /// `V_θ`.
    var covariance: Matrix
    /// `Σ_i w_i côv_i(X_j, Y)` over `H_i` for every design column j (k
    /// values), given one weight per unit.
    var weightedGroupCovariance: ([Double]) -> [Double]
  }

  /// `ĉᵀ V_θ ĉ` of the ATE, to subtract from the AI (2006) variance.
  static func ateCorrection(_ input: Inputs) -> Double {
    let n = input.indicator.count
    let k = input.x.columns
    let weights = (0..<n).map { i in
      let e = input.scores[i]
      return input.indicator[i] == 1 ? (1 - e) / e : e / (1 - e)
    }
    var c = input.weightedGroupCovariance(weights)
    for j in 0..<k { c[j] /= Double(n) }
    return quadratic(c, input.covariance)
  }

  /// `−ĉ_tᵀ V_θ ĉ_t + (∂τ/∂θ)ᵀ V_θ (∂τ/∂θ)` of the ATT, to add to the AI (2006) variance.
  ///
  /// - Parameters:
  ///   - ownMeans: per unit, the mean outcome over `H_i` without i (its own outcome when alone).
  ///   - matchMeans: per unit, the mean outcome of its propensity matches in the other arm.
  ///   - covariateMeans: per unit, the mean outcome of its nearest units of the other arm by covariates.
  static func attCorrection(
    _ input: Inputs, effect tau: Double, ownMeans: [Double], matchMeans: [Double], covariateMeans: [Double]
  ) -> Double {
    let n = input.indicator.count
    let k = input.x.columns
    let y = input.outcome
    let d = input.indicator
    let n1 = d.reduce(0, +)
    let weights = (0..<n).map { i in
      let e = input.scores[i]
      return d[i] == 1 ? 1 - e : e * e / (1 - e)
    }
    var ct = input.weightedGroupCovariance(weights)
    var gradient = [Double](repeating: 0, count: k)
    for i in 0..<n {
      let e = input.scores[i]
      let f = e * (1 - e)
      let (y1, y0) = d[i] == 1 ? (ownMeans[i], matchMeans[i]) : (matchMeans[i], ownMeans[i])
      let (z1, z0) = d[i] == 1 ? (y[i], covariateMeans[i]) : (covariateMeans[i], y[i])
      for j in 0..<k {
        let xij = input.x[i, j]
        ct[j] += xij * f * (y1 - y0 - tau)
        gradient[j] += xij * f * (z1 - z0 - tau)
      }
    }
    for j in 0..<k {
      ct[j] /= n1
      gradient[j] /= n1
    }
    return -quadratic(ct, input.covariance) + quadratic(gradient, input.covariance)
  }

  static func quadratic(_ v: [Double], _ m: Matrix) -> Double {
    var total = 0.0
    for a in v.indices { for b in v.indices { total += v[a] * m[a, b] * v[b] } }
    return total
  }
}
