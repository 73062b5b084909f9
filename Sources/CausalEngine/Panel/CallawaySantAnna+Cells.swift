import NumericKernels

extension CallawaySantAnna {
  /// The estimated cells and their influence functions (`n × cells`).
  struct Cells: Sendable {
    var effects: [CellEffect]
    var psi: Matrix
  }

  /// Every ATT(g,t) of the cohorts `cohorts`, in R `did`'s order (cohort by
  /// cohort, period by period); see ``CallawaySantAnna`` for the rules.
  static func estimateCells(
    _ sample: Sample, cohorts: [Double], options: Options, warnings: inout [String]
  ) throws(EstimationFailure) -> Cells {
    let n = sample.units
    let periods = sample.periods
    let nT = periods.count
    let delta = Double(options.anticipation)
    let shift = options.basePeriod == .varying ? 1 : 0
    let variance = InfluenceVariance(units: n, clusters: sample.clusters)
    var effects: [CellEffect] = []
    var columns: [Double] = []
    columns.reserveCapacity(n * cohorts.count * nT)
    let outcome = sample.outcome.columnMajorValues

    for g in cohorts {
      // The last period before g − δ (exists: g > first period + δ).
      guard let lastBefore = periods.lastIndex(where: { $0 + delta < g }) else { continue }
      for t in 0..<(nT - shift) {
        let current = t + shift
        var base = options.basePeriod == .universal ? lastBefore : t
        let horizon = periods[max(t, base) + shift] + delta
        let isComparison: (Double) -> Bool =
          switch options.controlGroup {
          case .neverTreated: { !$0.isFinite }
          case .notYetTreated: { !$0.isFinite || ($0 > horizon && $0 != g) }
          }
        if g <= periods[current] { base = lastBefore }
        let label = "cohort \(PanelData.format(g)), period \(PanelData.format(periods[current]))"
        if options.basePeriod == .universal && base == current {
          effects.append(
            CellEffect(
              cohort: g, time: periods[current], basePeriod: periods[base], value: 0, standardError: nil, units: 0))
          columns.append(contentsOf: repeatElement(0, count: n))
          continue
        }
        let selected = (0..<n).filter { sample.cohort[$0] == g || isComparison(sample.cohort[$0]) }
        let m = selected.count
        let treated = selected.map { sample.cohort[$0] == g ? 1.0 : 0.0 }
        let treatedCount = treated.filter { $0 == 1 }.count
        guard treatedCount > 0, treatedCount < m else {
          warnings.append("\(label): no comparison units; the cell is left out")
          continue
        }
        let earlier = min(current, base)
        var design = Matrix(rows: m, columns: 1 + sample.covariates.count, repeating: 1)
        for (k, x) in sample.covariates.enumerated() {
          let column = x.column(earlier)
          design.setColumn(k + 1, selected.map { column[$0] })
        }
        let screening = screen(design: design, treated: treated, approach: options.approach)
        if let problem = screening.problem {
          warnings.append("\(label): \(problem); the cell is left out")
          continue
        }
        let deltaY = selected.map { outcome[current * n + $0] - outcome[base * n + $0] }
        let estimate: TwoByTwoDiD.Estimate
        do throws(EstimationFailure) {
          estimate = try TwoByTwoDiD.estimate(
            options.approach, deltaY: deltaY, treated: treated, design: design,
            weights: sample.weighted ? selected.map { sample.weights[$0] } : nil,
            propensity: sample.weighted ? nil : screening.propensity)
        } catch {
          throw prefixed(error, "\(label): ")
        }
        warnings.append(contentsOf: estimate.warnings.map { "\(label): \($0)" })
        var psi = [Double](repeating: 0, count: n)
        let scale = Double(n) / Double(m)
        for (a, i) in selected.enumerated() { psi[i] = scale * estimate.influence[a] }
        effects.append(
          CellEffect(
            cohort: g, time: periods[current], basePeriod: periods[base], value: estimate.value,
            standardError: variance.standardError(psi), units: m))
        columns.append(contentsOf: psi)
      }
    }
    guard !effects.isEmpty else { throw .invalidData("no group-time effect could be estimated") }
    return Cells(effects: effects, psi: Matrix(rows: n, columns: effects.count, columnMajor: columns))
  }

  /// R `did`'s checks before each cell's 2×2: an unweighted preliminary logit
  /// whose largest score reaches 0.999 (dr, ipw: overlap fails), or
  /// comparison-unit covariates with `rcond(XᵀX) < ε` (dr, reg). Returns the
  /// problem, if any, and the preliminary logit (reused when unweighted).
  static func screen(
    design: Matrix, treated: [Double], approach: Approach
  ) -> (problem: String?, propensity: GLMFit?) {
    let m = design.rows
    var propensity: GLMFit? = nil
    if approach != .outcomeRegression {
      let largest: Double
      if design.columns == 1 {
        largest = treated.reduce(0, +) / Double(m)
      } else {
        let fit = GLM.fit(design: design, response: treated, family: .binomial, link: .logit)
        largest = fit.fittedMeans.max() ?? 0
        propensity = fit
      }
      if largest >= 0.999 { return ("the overlap condition fails (a propensity score reaches 0.999)", propensity) }
    }
    if approach != .inverseProbability {
      let controls = (0..<m).filter { treated[$0] == 0 }
      let gram = Kernels.gram(design, rows: controls, response: nil).xtx
      if gram.reciprocalConditionNumber() < Double.ulpOfOne {
        return ("too few comparison units for the outcome regression on the covariates", propensity)
      }
    }
    return (nil, propensity)
  }
}

/// The same failure with `prefix` before its message.
private func prefixed(_ failure: EstimationFailure, _ prefix: String) -> EstimationFailure {
  switch failure {
  case .invalidData(let m): .invalidData(prefix + m)
  case .numerical(let m): .numerical(prefix + m)
  case .notApplicable(let m): .notApplicable(prefix + m)
  }
}
