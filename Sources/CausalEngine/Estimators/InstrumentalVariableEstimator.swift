import NumericKernels
import StudyModel

/// `instrumental_variable`: two-stage least squares with the adjustment set
/// as exogenous controls and any number of instruments.
///
/// Model: `Y = β₀ + β_T T + γᵀW + u`, `T` instrumented by `Z` (the
/// instruments of identification, or `instruments`). The effect is
/// `β_T (t₁ − t₀)`. With one binary instrument and no controls this is the
/// Wald estimator `(Ȳ|Z=1 − Ȳ|Z=0)/(T̄|Z=1 − T̄|Z=0)`; with a binary treatment
/// it is a local average effect for compliers (Imbens & Angrist 1994), which
/// the record notes. DoWhy ignores covariates and, with several instruments,
/// fits without an intercept; this estimator does neither.
///
/// Uncertainty: HC1 by default (`se`), see ``TwoStageLeastSquares``;
/// normal intervals, except with clusters: CR1 (the common `cluster`
/// parameter) with Student t on G − 1 degrees of freedom, as
/// `linear_regression` and Stata's `vce(cluster) small`.
///
/// Sampling weights (`data.weights`): weighted 2SLS (both stages weighted),
/// the sandwich with `wᵢ²` in the meat; checked with clusters against
/// linearmodels `IV2SLS(weights=)` and R AER + sandwich (Fixtures/weights_clusters).
/// The first stage is recorded as a fitted model with the same covariance,
/// and its robust F uses HC1 (CR1 with clusters). The diagnostics derived
/// for independent unweighted observations (classical F, partial R², Sargan,
/// Hansen, the effective F, LIML, Anderson–Rubin sets) are not computed with
/// weights or clusters, and a `weak_instrument` check on such an estimate
/// is refused at validation.
///
/// Diagnostics: the first-stage F statistic of the excluded instruments,
/// classical and heteroskedasticity-robust (Wald/q with HC1), with a warning
/// under 10 (Staiger & Stock 1997); when over-identified, Sargan's statistic
/// `n R²` of the residuals on all instruments and Hansen's J from efficient
/// two-step GMM, each χ² with (instruments − 1) degrees of freedom.
struct InstrumentalVariableEstimator: Estimator {
  static let method = EstimatorMethod.instrumentalVariable

  func estimate(_ problem: EstimationProblem, options: InstrumentalVariableOptions) throws(EstimationFailure)
    -> EstimationResult
  {
    let instruments = options.instruments ?? problem.instruments
    guard !instruments.isEmpty else {
      throw .notApplicable("no instrument: the graph identifies none and 'instruments' is not set")
    }
    let y = problem.data.values(problem.outcome)
    let t = problem.data.values(problem.treatment)
    let weights = problem.weights
    let controls = ModelDesign.build(
      data: problem.data, treatment: nil, covariates: problem.adjustment, terms: problem.outcomeTerms)
    let zDesign = ModelDesign.build(
      data: problem.data, treatment: nil, covariates: instruments, terms: [], intercept: false)
    let exogenous = (0..<controls.matrix.columns).map { controls.matrix.column($0) }
    let excluded = (0..<zDesign.matrix.columns).map { zDesign.matrix.column($0) }
    let fit: TwoStageLeastSquares
    do {
      fit = try TwoStageLeastSquares.fit(
        y: y, endogenous: [t], exogenous: exogenous, instruments: excluded, weights: weights,
        names: [problem.treatment] + controls.names)
    } catch {
      throw .numerical(
        error == .underidentified
          ? "fewer instruments than endogenous regressors"
          : "the second-stage design is singular: the instruments do not move the treatment independently of the controls"
      )
    }
    var result = EstimationResult(value: fit.coefficients[0] * problem.contrast, n: y.count)
    Counting.arms(problem, into: &result)
    if problem.pointOnly { return result }
    // The study's clusters (also with `se: bootstrap`, which draws them whole).
    let clusters = options.cluster == nil ? nil : problem.clusterCodes
    if options.standardErrors == .cluster, clusters == nil {
      throw .invalidData("se: cluster needs a 'cluster' column")
    }
    // Weak-instrument diagnostics with an i.i.d. derivation (classical F, partial R², Sargan,
    // Hansen, effective F, LIML, Anderson–Rubin) are computed only without weights and clusters.
    let design = weights == nil && clusters == nil
    let firstStage = Self.firstStage(
      treatment: t, exogenous: exogenous, excluded: excluded, weights: weights,
      covariance: clusters.map { .cluster($0) } ?? .hc1)
    let classicalF = design ? firstStage.classicalF : .nan
    let robustF = firstStage.robustF
    let robustLabel = clusters == nil ? "first-stage F (robust)" : "first-stage F (cluster-robust)"
    var diagnostics = [
      DiagnosticValue(robustLabel, value: robustF.finiteOrNil, flagged: robustF < 10),
      DiagnosticValue("instruments", text: instruments.joined(separator: ", ")),
    ]
    if design {
      diagnostics.insert(
        DiagnosticValue("first-stage F", value: classicalF.finiteOrNil, flagged: classicalF < 10), at: 0)
    }
    if (design && classicalF < 10) || robustF < 10 {
      let smallest = design ? min(classicalF, robustF) : robustF
      result.warnings.append(
        "weak instruments: the first-stage F is \(JSONValue.format((smallest * 100).rounded() / 100)) (< 10, Staiger & Stock 1997); the 2SLS estimate is biased towards OLS and its interval unreliable"
      )
    }
    if excluded.count > 1, design {
      let (sargan, hansen) = Self.overidentification(fit)
      let df = Double(excluded.count - 1)
      let chi = ChiSquared(degreesOfFreedom: df)
      diagnostics += [
        DiagnosticValue("Sargan statistic", value: sargan.finiteOrNil),
        DiagnosticValue(
          "Sargan p-value", value: chi.survival(sargan).finiteOrNil, flagged: chi.survival(sargan) < 0.05),
        DiagnosticValue("Hansen J statistic", value: hansen.finiteOrNil),
        DiagnosticValue(
          "Hansen J p-value", value: chi.survival(hansen).finiteOrNil, flagged: chi.survival(hansen) < 0.05),
      ]
    }
    if problem.data.isBinary(problem.treatment) {
      result.warnings.append(
        "with a binary treatment, 2SLS estimates a local average effect for the units the instrument moves (compliers; Imbens & Angrist 1994)"
      )
    }
    result.diagnostics = diagnostics
    let kind: TwoStageLeastSquares.Kind
    let label: String
    switch options.standardErrors {
    case .classical:
      kind = .classical
      label = "classical"
    case .hc0:
      kind = .hc0
      label = "HC0 sandwich"
    case .cluster:
      kind = .cluster(clusters ?? [])
      label = "cluster-robust CR1 (\(Set(clusters ?? []).count) clusters)"
    default:
      kind = .hc1
      label = "HC1 sandwich"
    }
    let weighted = weights == nil ? "" : ", sampling weights"
    let covariance = fit.covariance(kind)
    let controlTerms = controls.formula.isEmpty ? "" : " + " + controls.formula
    let instrumentTerms = zDesign.formula + controlTerms
    let firstStageKind: CovarianceKind =
      switch kind {
      case .classical: .classical
      case .hc0: .hc0
      case .cluster(let ids): .cluster(ids)
      case .hc1: .hc1
      }
    result.models = [
      ModelRecord(
        role: "second stage (2SLS)", kind: weights == nil ? "2SLS" : "weighted 2SLS", columns: fit.names,
        coefficients: fit.coefficients.map(\.finiteOrNil),
        standardErrors: (0..<fit.parameters).map { covariance[$0, $0].squareRoot().finiteOrNil },
        referenceLevels: controls.referenceLevels,
        formula: "\(problem.outcome) ~ \(problem.treatment)\(controlTerms) | \(instrumentTerms)"),
      ModelRecord(
        role: "first stage", kind: weights == nil ? "OLS" : "WLS", columns: zDesign.names + controls.names,
        coefficients: firstStage.fit.coefficients.map(\.finiteOrNil),
        standardErrors: firstStage.fit.standardErrors(firstStageKind).map(\.finiteOrNil),
        referenceLevels: controls.referenceLevels, formula: "\(problem.treatment) ~ \(instrumentTerms)"),
    ]
    if options.standardErrors != .bootstrap {
      let se = covariance[0, 0].squareRoot() * abs(problem.contrast)
      // Clustered: Student t on G − 1 degrees of freedom (Stata's `vce(cluster) small`, as
      // linear_regression); otherwise normal quantiles, as before.
      let df = clusters.map { Double(Set($0).count - 1) }
      result.apply(
        .wald(estimate: result.value, standardError: se, level: problem.confidenceLevel, degreesOfFreedom: df),
        method: "2SLS, \(label) covariance\(weighted)")
    }
    guard design else {
      result.instrumental = InstrumentalVariableRecord(
        instruments: zDesign.names, controls: Array(controls.names.dropFirst()), firstStageF: nil,
        firstStageRobustF: robustF.finiteOrNil, partialR2: nil, effectiveF: nil, nagarBiasBound: nil,
        criticalValues: [], liml: nil, andersonRubin: [])
      result.diagnostics.append(
        DiagnosticValue(
          "weak-instrument diagnostics",
          text:
            "the effective F, LIML and Anderson–Rubin sets are derived for independent, unweighted observations; with \(weights == nil ? "" : "sampling weights")\(weights != nil && clusters != nil ? " and " : "")\(clusters == nil ? "" : "clusters") they are not computed"
        ))
      return result
    }
    let strength = InstrumentDiagnostics.compute(
      y: y, x: t, controls: exogenous, instruments: excluded, estimate: fit.coefficients[0],
      standardError: fit.covariance(.hc1)[0, 0].squareRoot(), level: problem.confidenceLevel)
    result.instrumental = Self.record(
      strength, instruments: zDesign.names, controls: Array(controls.names.dropFirst()), classicalF: classicalF,
      robustF: robustF, partialR2: Self.partialR2(treatment: t, exogenous: exogenous, excluded: excluded),
      options: options, problem: problem)
    result.diagnostics.append(
      DiagnosticValue(
        "effective F (Montiel Olea & Pflueger)", value: strength.effectiveF.finiteOrNil,
        flagged: strength.effectiveF < strength.criticalValue(tau: 0.1, generalized: true)))
    if let set = result.instrumental?.andersonRubin.first, set.kind != .interval {
      result.warnings.append(set.statement)
    }
    return result
  }

  /// The record of the weak-instrument diagnostics, on the scale of the effect
  /// (`β (t₁ − t₀)`): LIML and the Anderson–Rubin sets are multiplied by the contrast.
  static func record(
    _ d: InstrumentDiagnostics, instruments: [String], controls: [String], classicalF: Double, robustF: Double,
    partialR2: Double, options: InstrumentalVariableOptions, problem: EstimationProblem
  ) -> InstrumentalVariableRecord {
    let contrast = problem.contrast
    var liml: LIMLRecord?
    if let l = d.liml {
      let se: Double
      switch options.standardErrors {
      case .classical: se = l.classical
      case .hc0: se = l.hc0
      default: se = l.hc1
      }
      let inference = Inference.wald(
        estimate: l.estimate * contrast, standardError: se * abs(contrast), level: problem.confidenceLevel)
      liml = LIMLRecord(
        estimate: (l.estimate * contrast).finiteOrNil, standardError: inference.standardError,
        confidenceInterval: inference.interval, kappa: l.kappa.finiteOrNil)
    }
    func scaled(_ set: ConfidenceSetRecord) -> ConfidenceSetRecord {
      guard contrast != 1 else { return set }
      var out = set
      out.pieces = set.pieces.map { p in
        let ends = p.map { $0.map { $0 * contrast } }
        return contrast > 0 ? ends : [ends[1], ends[0]]
      }
      if contrast < 0 { out.pieces.reverse() }
      out.statement = InstrumentDiagnostics.statement(
        set.kind, out.pieces, level: set.level, limit: set.limitAtInfinity ?? .nan, critical: set.criticalValue)
      return out
    }
    let sets = [d.andersonRubinRobust, d.andersonRubinHomoskedastic].map(scaled)
    return InstrumentalVariableRecord(
      instruments: instruments, controls: controls, firstStageF: classicalF.finiteOrNil,
      firstStageRobustF: robustF.finiteOrNil, partialR2: partialR2.finiteOrNil, effectiveF: d.effectiveF.finiteOrNil,
      nagarBiasBound: d.nagarBiasBound.finiteOrNil,
      criticalValues: WeakInstrumentOptions.tabulatedTau.map { tau in
        EffectiveFCriticalValue(
          tau: tau, simplified: d.criticalValue(tau: tau, generalized: false).finiteOrNil,
          generalized: d.criticalValue(tau: tau, generalized: true).finiteOrNil)
      }, liml: liml, andersonRubin: options.standardErrors == .classical ? sets.reversed() : sets)
  }

  /// `1 − RSS(full)/RSS(controls only)` of the first stage.
  static func partialR2(treatment t: [Double], exogenous: [[Double]], excluded: [[Double]]) -> Double {
    let full = LeastSquares.fit(design: Matrix(columns: excluded + exogenous), response: t)
    let restricted = LeastSquares.fit(design: Matrix(columns: exogenous), response: t)
    return 1 - full.residualSumOfSquares / restricted.residualSumOfSquares
  }

  /// The first stage: the (weighted) least-squares fit of the treatment on
  /// `[instruments, exogenous]`, its classical F of the excluded instruments
  /// (nested models) and its robust F (the Wald statistic of the excluded
  /// instruments with the given covariance, HC1 or CR1, divided by their number).
  static func firstStage(
    treatment t: [Double], exogenous: [[Double]], excluded: [[Double]], weights: [Double]? = nil,
    covariance: CovarianceKind = .hc1
  ) -> (fit: LeastSquaresFit, classicalF: Double, robustF: Double) {
    let full = LeastSquares.fit(design: Matrix(columns: excluded + exogenous), response: t, weights: weights)
    let restricted = LeastSquares.fit(design: Matrix(columns: exogenous), response: t, weights: weights)
    let q = Double(excluded.count)
    let classical =
      ((restricted.residualSumOfSquares - full.residualSumOfSquares) / q)
      / (full.residualSumOfSquares / Double(full.residualDegreesOfFreedom))
    let v = full.covariance(covariance)
    let k = excluded.count
    var sub = Matrix(rows: k, columns: k)
    for a in 0..<k { for b in 0..<k { sub[a, b] = v[a, b] } }
    guard let inverse = sub.inverse() else { return (full, classical, .nan) }
    let beta = Array(full.coefficients[0..<k])
    var wald = 0.0
    for a in 0..<k { for b in 0..<k { wald += beta[a] * inverse[a, b] * beta[b] } }
    return (full, classical, wald / q)
  }

  /// Sargan's `n R²` (homoskedastic) and Hansen's J from two-step efficient GMM.
  static func overidentification(_ fit: TwoStageLeastSquares) -> (Double, Double) {
    let n = Double(fit.observations)
    let aux = LeastSquares.fit(design: fit.z, response: fit.residuals)
    let mean = fit.residuals.reduce(0, +) / n
    let tss = fit.residuals.reduce(0.0) { $0 + ($1 - mean) * ($1 - mean) }
    let sargan = n * (1 - aux.residualSumOfSquares / tss)
    // Two-step GMM: S = (1/n) Σ u² z zᵀ at the 2SLS residuals.
    let l = fit.z.columns
    var s = Matrix(rows: l, columns: l)
    for i in 0..<fit.observations {
      let u2 = fit.residuals[i] * fit.residuals[i]
      for a in 0..<l { for b in 0..<l { s[a, b] += u2 * fit.z[i, a] * fit.z[i, b] / n } }
    }
    guard let w = s.inverse() else { return (sargan, .nan) }
    let zx = fit.z.transposed.multiplied(by: fit.x)  // l × k
    let zy = fit.z.transposed.multiplied(by: fit.y)
    let a = zx.transposed.multiplied(by: w)  // k × l
    guard let inverse = a.multiplied(by: zx).inverse() else { return (sargan, .nan) }
    let beta = inverse.multiplied(by: a.multiplied(by: zy))
    let u = zip(fit.y, fit.x.multiplied(by: beta)).map { $0 - $1 }
    let g = fit.z.transposed.multiplied(by: u).map { $0 / n }
    let wg = w.multiplied(by: g)
    let j = n * zip(g, wg).reduce(0.0) { $0 + $1.0 * $1.1 }
    return (sargan, j)
  }
}
