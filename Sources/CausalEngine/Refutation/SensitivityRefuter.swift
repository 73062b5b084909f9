import NumericKernels
import StudyModel

/// `sensitivity`: the partial-R² sensitivity analysis of Cinelli & Hazlett
/// (2020, JRSS-B) for the OLS estimate.
///
/// From the treatment's t statistic (classical OLS standard error, as the
/// framework assumes) and the residual degrees of freedom df:
/// - `R²_{Y~D|X} = t²/(t² + df)`; `f = |t|/√df`; `f_q = q f`;
/// - `RV_q = (√(f_q⁴ + 4f_q²) − f_q²)/2`: the partial R² a confounder needs
///   with both treatment and outcome to remove 100q% of the estimate;
/// - with `f* = |t_{α/2, df−1}|/√(df − 1)` and `f_{q,α} = f_q − f*`:
///   `RV_{q,α} = 0` if `f_{q,α} < 0`; `(f_q² − f*²)/(1 + f_q²)` if
///   `f_q > 1/f*`; else `(√(f_{q,α}⁴ + 4f_{q,α}²) − f_{q,α}²)/2` — the
///   strength that would make the estimate insignificant.
/// - Benchmarks (§6.1): a confounder k times as strong as covariate X_j has
///   `R²_{D~Z|X} = k R²_{D~Xj|X−j}/(1 − R²_{D~Xj|X−j})` and
///   `R²_{Y~Z|D,X} = ((√k + √η)/√(1 − η))² R²_{Y~Xj|D,X−j}/(1 − R²_{Y~Xj|D,X−j})`
///   with `η = k R²_{D~Xj}² / ((1 − k R²_{D~Xj})(1 − R²_{D~Xj}))` (capped at 1);
///   bias `= se √df √(R²_{Y~Z} R²_{D~Z}/(1 − R²_{D~Z}))`, adjusted estimate
///   moved towards 0 by the bias, adjusted SE
///   `se √((1 − R²_{Y~Z})/(1 − R²_{D~Z})) √(df/(df − 1))`, interval with t
///   on df (as R's sensemakr 0.1.6).
/// Fails when `RV_{q,α} < min_robustness_value`. Not applicable with effect
/// modifiers (the estimate is then not one coefficient).
struct SensitivityRefuter: Refuter {
  static let kind = CheckKind.sensitivity

  func refute(_ context: RefutationContext) -> CheckRecord {
    let problem = context.problem
    let options = context.check.options(as: SensitivityOptions.self)
    let minimum = options.minRobustnessValue
    let rule = "fails when the robustness value RV_{q,alpha} < \(short(minimum))"
    guard problem.method == .linearRegression else {
      return record(
        context, verdict: .notApplicable, rule: rule,
        detail: "the partial-R2 analysis needs an OLS estimate; \(problem.estimatorName) is not a linear regression")
    }
    guard problem.modifiers.isEmpty else {
      return record(
        context, verdict: .notApplicable, rule: rule,
        detail: "with effect modifiers the estimate is not a single regression coefficient")
    }
    let design = ModelDesign.build(
      data: problem.data, treatment: problem.treatment, covariates: problem.adjustment, terms: problem.outcomeTerms)
    let y = problem.data.values(problem.outcome)
    let fit = LeastSquares.fit(design: design.matrix, response: y, columnNames: design.names)
    guard let tColumn = design.treatmentColumn, !fit.isRankDeficient else {
      return record(context, verdict: .error, rule: rule, detail: "the outcome model is rank deficient")
    }
    let q = options.q
    let alpha = context.alpha
    let estimate = fit.coefficients[tColumn]
    let se = fit.standardErrors(.classical)[tColumn]
    let df = Double(fit.residualDegreesOfFreedom)
    let t = estimate / se
    let r2yd = t * t / (t * t + df)
    let f = abs(t) / df.squareRoot()
    let fq = q * f
    let rv = Self.robustnessValue(fq)
    let fStar = abs(StudentT(degreesOfFreedom: df - 1).quantile(alpha / 2)) / (df - 1).squareRoot()
    let fqa = fq - fStar
    let rvAlpha: Double
    if fqa < 0 {
      rvAlpha = 0
    } else if fq > 1 / fStar {
      rvAlpha = (fq * fq - fStar * fStar) / (1 + fq * fq)
    } else {
      rvAlpha = Self.robustnessValue(fqa)
    }
    // Benchmarks.
    var benchmarks: [SensitivityBenchmark] = []
    var skipped: [String] = []
    // sensemakr's adjusted interval uses t on the original residual df.
    let tQuantile = StudentT(degreesOfFreedom: df).quantile(1 - alpha / 2)
    let treatmentFit = LeastSquares.fit(
      design: Matrix(columns: (0..<design.matrix.columns).filter { $0 != tColumn }.map { design.matrix.column($0) }),
      response: design.matrix.column(tColumn))
    let names = design.names
    for covariate in options.benchmark {
      guard let j = names.firstIndex(of: covariate) else {
        skipped.append(covariate)
        continue
      }
      let jInTreatmentFit = j > tColumn ? j - 1 : j
      let tD = treatmentFit.coefficients[jInTreatmentFit] / treatmentFit.standardErrors(.classical)[jInTreatmentFit]
      let dfD = Double(treatmentFit.residualDegreesOfFreedom)
      let r2dxj = tD * tD / (tD * tD + dfD)
      let tY = fit.coefficients[j] / fit.standardErrors(.classical)[j]
      let r2yxj = tY * tY / (tY * tY + df)
      for k in options.multipliers {
        let r2dz = k * r2dxj / (1 - r2dxj)
        guard r2dz < 1 else { continue }
        let eta = k * r2dxj * r2dxj / ((1 - k * r2dxj) * (1 - r2dxj))
        guard eta < 1 else { continue }
        let r2yz = min(1, pow2((k.squareRoot() + eta.squareRoot()) / (1 - eta).squareRoot()) * r2yxj / (1 - r2yxj))
        let bias = se * df.squareRoot() * (r2yz * r2dz / (1 - r2dz)).squareRoot()
        let adjusted = estimate >= 0 ? estimate - bias : estimate + bias
        let adjustedSE = se * ((1 - r2yz) / (1 - r2dz)).squareRoot() * (df / (df - 1)).squareRoot()
        benchmarks.append(
          SensitivityBenchmark(
            covariate: covariate, multiplier: k, partialR2Treatment: r2dz, partialR2Outcome: r2yz,
            adjustedEstimate: adjusted, adjustedStandardError: adjustedSE,
            adjustedLower: adjusted - tQuantile * adjustedSE, adjustedUpper: adjusted + tQuantile * adjustedSE))
      }
    }
    let maxR2 = min(
      0.95, max(0.4, (benchmarks.map { max($0.partialR2Treatment, $0.partialR2Outcome) }.max() ?? 0) * 1.25, rv * 1.5))
    let axis = (0...20).map { maxR2 * Double($0) / 20 }
    let contour = SensitivityContour(
      treatmentR2: axis, outcomeR2: axis,
      values: axis.map { r2yz in
        axis.map { r2dz in
          guard r2dz < 1 else { return .nan }
          let bias = se * df.squareRoot() * (r2yz * r2dz / (1 - r2dz)).squareRoot()
          return estimate >= 0 ? estimate - bias : estimate + bias
        }
      })
    let fails = rvAlpha < minimum
    var detail =
      "RV_q = \(short(rv)), RV_{q,alpha} = \(short(rvAlpha)): a confounder explaining \(short(100 * rvAlpha))% of the residual variance of both treatment and outcome would make the estimate insignificant"
    if !skipped.isEmpty { detail += "; benchmarks not in the model: \(skipped.joined(separator: ", "))" }
    var r = record(context, verdict: fails ? .failed : .passed, rule: rule, detail: detail)
    r.statistic = rvAlpha
    r.statisticName = "RV_{q,alpha}"
    r.threshold = minimum
    r.values = [
      NamedValue("partial R2 of treatment with outcome", r2yd),
      NamedValue("RV_q", rv),
      NamedValue("RV_q,alpha", rvAlpha),
      NamedValue("t statistic", t),
      NamedValue("degrees of freedom", df),
    ]
    r.sensitivity = SensitivityRecord(
      partialR2TreatmentOutcome: r2yd, robustnessValue: rv, robustnessValueAlpha: rvAlpha, q: q, alpha: alpha,
      degreesOfFreedom: Int(df), benchmarks: benchmarks, contour: contour)
    return r
  }

  static func robustnessValue(_ f: Double) -> Double {
    ((f * f * f * f + 4 * f * f).squareRoot() - f * f) / 2
  }
}

@inline(__always) func pow2(_ x: Double) -> Double { x * x }
