import Foundation
import NumericKernels

/// The logistic propensity refits of the weighted refitters
/// (``PropensityRefitter``, ``DoublyRobustRefitter``) by the chord method
/// (`LogisticChord`), with the information at the start computed once per
/// refit or once per check instead of at every Newton step.
///
/// The start and its information:
/// - a subset or bootstrap refit starts at the full fit's coefficients
///   `β̂`; the information there is `Xᵀ diag(mᵢ wᵢ) X` with the refit's
///   prior weights `mᵢ` and `wᵢ = μᵢ(1 − μᵢ)` at `β̂` (``startWeights``,
///   once per check): one Gram pass per refit (or per resample for all the
///   cross-fitting folds at once);
/// - a placebo refit starts at the intercept-only model, the logit of the
///   weighted share `p̄` of treated units, where every mean is `p̄`: the
///   information is `p̄(1 − p̄) Xᵀ diag(m) X`, a multiple of a Gram matrix
///   computed once per check.
///
/// Both are the information of `GLM.fit`'s first pass from the same start, so
/// the rank is decided as `GLM.fit` decides it (`GLM.aliasingByCholesky`). The
/// refit declines (the caller then runs `GLM.fit`, which applies the same
/// rules as the full re-estimate) when a column is aliased, the chord method
/// declines, or a counted unit's fitted mean is within 1e-8 of 0 or 1 (where
/// `GLM.fit` looks for separation).
enum LogisticRefit {
  /// `μᵢ(1 − μᵢ)` at `coefficients` for every row of `design`.
  static func startWeights(design: Matrix, coefficients: [Double]) -> [Double] {
    design.multiplied(by: coefficients).map { eta in
      let (mean, complement, _) = GLMLink.logit.inverse(eta)
      return mean * complement
    }
  }

  /// The intercept-only start: `logit(p̄)` in the intercept column, 0
  /// elsewhere, with `p̄` the share of treated units weighted by `weights`;
  /// nil without an intercept column or when an arm has no weight.
  static func nullStart(columns: Int, intercept: Int?, indicator d: [Double], weights: [Double]?) -> (
    coefficients: [Double], share: Double
  )? {
    guard let intercept else { return nil }
    var treated = 0.0
    var total = 0.0
    for i in d.indices {
      let c = weights?[i] ?? 1
      treated += c * d[i]
      total += c
    }
    guard treated > 0, treated < total else { return nil }
    var beta = [Double](repeating: 0, count: columns)
    beta[intercept] = Foundation.log(treated / (total - treated))
    return (beta, treated / total)
  }

  /// The chord method's model of `d` on `design` with prior weights
  /// `prior`, from `start` with the information there; nil when a column is
  /// aliased (the rank decided as `GLM.fit` decides it from that information).
  static func model(
    design: Matrix, indicator d: [Double], prior: [Double]?, start: [Double], information: Matrix
  ) -> LogisticChord.Model? {
    guard GLM.aliasingByCholesky(information).count == design.columns else { return nil }
    return LogisticChord.Model(response: d, weights: prior, start: start, information: information)
  }

  /// The fitted means of each model, fitted in lockstep on `design`
  /// (`LogisticChord`); nil for a model that is nil or declines (see the type).
  static func fittedMeans(design: Matrix, models: [LogisticChord.Model?]) -> [[Double]?] {
    let listed = models.indices.filter { models[$0] != nil }
    let fits = LogisticChord.fit(design: design, models: listed.map { models[$0]! })
    var means = [[Double]?](repeating: nil, count: models.count)
    for (position, m) in listed.enumerated() {
      guard let fit = fits[position] else { continue }
      let prior = models[m]?.weights
      let clean = fit.fittedMeans.indices.allSatisfy { i in
        (prior?[i] ?? 1) <= 0 || (fit.fittedMeans[i] >= 1e-8 && fit.fittedMeans[i] <= 1 - 1e-8)
      }
      if clean { means[m] = fit.fittedMeans }
    }
    return means
  }

  /// ``fittedMeans(design:models:)`` for one model.
  static func fittedMeans(
    design: Matrix, indicator d: [Double], prior: [Double]?, start: [Double], information: Matrix
  ) -> [Double]? {
    fittedMeans(
      design: design,
      models: [model(design: design, indicator: d, prior: prior, start: start, information: information)]
    )[0]
  }
}
