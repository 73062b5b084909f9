import NumericKernels
import StudyModel

/// The rule shared by `random_common_cause`, `data_subset` and `bootstrap`:
/// the estimate must not move.
///
/// Fails when the original estimate lies outside the simulated distribution
/// (`p = 2 min(h, 1 − h) < alpha`, h the share of simulated estimates above
/// the original, ties half) AND the shift `|median(simulated) − estimate|`
/// exceeds `tolerance` standard errors of the original estimate (default
/// 0.5), so that a huge n alone cannot fail a sound estimate. Without a
/// standard error, the shift is compared with `tolerance × |estimate|`.
enum StabilityRule {
  static func apply(
    _ refuter: some Refuter, _ context: RefutationContext, run: (values: [Double], failures: Int, messages: [String]),
    what: String, tolerance: Double
  ) -> CheckRecord {
    let rule =
      "fails when p = 2 min(h, 1 - h) < alpha (h: share of \(what) estimates above the estimate) and |median - estimate| > \(short(tolerance)) standard errors"
    guard run.failures * 10 <= context.simulations, run.values.count >= 2 else {
      return refuter.failedSimulations(context, rule: rule, failures: run.failures, messages: run.messages)
    }
    let estimate = context.original.value
    let p = SimulationTest.twoSidedP(run.values, reference: estimate)
    let median = SimulationTest.median(run.values)
    let shift = abs(median - estimate)
    let scale = context.original.standardError ?? abs(estimate)
    let limit = tolerance * scale
    let fails = p < context.alpha && shift > limit
    var detail =
      "\(what) estimates: median \(short(median)) against the estimate \(short(estimate)); shift \(short(shift)) (limit \(short(limit))), p = \(short(p))"
    if fails { detail += "; the estimate moves when it should not" }
    if run.failures > 0 { detail += "; \(run.failures) re-estimates failed" }
    var r = refuter.record(context, verdict: fails ? .failed : .passed, rule: rule, detail: detail)
    r.statistic = p
    r.statisticName = "p (estimate inside the \(what) distribution)"
    r.threshold = context.alpha
    r.reference = estimate
    r.pValue = p
    r.simulated = run.values
    r.values = [
      NamedValue("shift of the median", shift.finiteOrNil),
      NamedValue("shift limit", limit.finiteOrNil),
      NamedValue("failed simulations", Double(run.failures)),
    ]
    return r
  }
}

/// `random_common_cause`: adds an independent N(0, 1) column to the
/// adjustment set, S times (a fresh column each time); the estimate must not
/// move (``StabilityRule``).
struct RandomCommonCauseRefuter: Refuter {
  static let kind = CheckKind.randomCommonCause
  static let column = "random_common_cause"

  static func draw(_ n: Int, _ rng: inout Xoshiro256StarStar) -> [Double] {
    var values = [Double](repeating: 0, count: n)
    Sampling.fillNormal(&values, using: &rng)  // the draws of n calls of nextNormal()
    return values
  }

  func refute(_ context: RefutationContext) -> CheckRecord {
    @Sendable func adding(_ values: [Double], to base: EstimationProblem) -> EstimationProblem {
      var p = base
      var name = Self.column
      while p.data.contains(name) { name += "_" }
      p.data = p.data.replacing(name, with: values, kind: .continuous)
      p.adjustment.append(name)
      return p
    }
    let run: (values: [Double], failures: Int, messages: [String])
    if let rows = context.rowHashes {
      // Hashed randomness: u_i = RowHash.normal(draw 0, draw 1) of row i.
      let batch = context.refitter.map { refitter in
        { @Sendable (ks: [Int]) -> [Double?] in refitter.withRandomNormalColumns(rows: rows, simulations: ks) }
      }
      run = context.simulate(indexed: batch) { base, k in
        adding(
          rows.map {
            RowHash.normal(RowHash.draw(row: $0, simulation: k, draw: 0), RowHash.draw(row: $0, simulation: k, draw: 1))
          }, to: base)
      }
    } else {
      let batch = context.refitter.map { refitter in
        { @Sendable (streams: inout [Xoshiro256StarStar]) -> [Double?] in
          refitter.withRandomNormalColumns(generators: &streams)
        }
      }
      run = context.simulate(batch: batch) { base, rng in adding(Self.draw(base.data.rowCount, &rng), to: base) }
    }
    return StabilityRule.apply(
      self, context, run: run, what: "random-common-cause",
      tolerance: context.check.options(as: RandomCommonCauseOptions.self).tolerance)
  }
}

/// `data_subset`: re-estimates on S random subsets of `fraction` of the
/// rows, or of the whole clusters when the problem has them (without
/// replacement, each simulation its own subset).
struct DataSubsetRefuter: Refuter {
  static let kind = CheckKind.dataSubset

  func refute(_ context: RefutationContext) -> CheckRecord {
    let options = context.check.options(as: DataSubsetOptions.self)
    let fraction = options.fraction
    let resampling = Resampling(context.problem)
    let size = max(2, Int((fraction * Double(resampling.unitCount)).rounded(.down)))
    let run: (values: [Double], failures: Int, messages: [String])
    if let rows = context.rowHashes, resampling.groups == nil {
      // Hashed randomness: row i is kept when its draw is below ⌊fraction · 2³²⌋.
      let threshold = RowHash.threshold(probability: fraction)
      let batch =
        context.refitter.map { refitter in
          { @Sendable (ks: [Int]) -> [Double?] in
            refitter.keeping(rows: rows, threshold: threshold, fraction: fraction, simulations: ks)
          }
        }
        ?? context.weightedRefitter.map { refitter in
          { @Sendable (ks: [Int]) -> [Double?] in refitter.keeping(rows: rows, threshold: threshold, simulations: ks) }
        }
      run = context.simulate(indexed: batch) { base, k in
        var p = base
        p.data = p.data.rows(rows.indices.filter { RowHash.draw(row: rows[$0], simulation: k) < threshold })
        return p
      }
    } else {
      // Whole clusters (or rows without a row key) from the check's streams.
      let batch =
        context.refitter.map { refitter in
          { @Sendable (streams: inout [Xoshiro256StarStar]) -> [Double?] in
            refitter.keeping(size: size, generators: &streams)
          }
        }
        ?? (resampling.groups == nil
          ? context.weightedRefitter.map { refitter in
            { @Sendable (streams: inout [Xoshiro256StarStar]) -> [Double?] in
              refitter.keeping(size: size, generators: &streams)
            }
          } : nil)
      run = context.simulate(batch: batch) { base, rng in
        var p = base
        p.data = p.data.rows(resampling.subset(size: size, using: &rng))
        return p
      }
    }
    return StabilityRule.apply(self, context, run: run, what: "subset", tolerance: options.tolerance)
  }
}

/// `bootstrap`: re-estimates on S bootstrap resamples, optionally adding
/// Gaussian measurement noise `N(0, (noise_scale · sd)²)` to the `noise`
/// covariates in each resample.
struct BootstrapRefuter: Refuter {
  static let kind = CheckKind.bootstrap

  func refute(_ context: RefutationContext) -> CheckRecord {
    let options = context.check.options(as: BootstrapCheckOptions.self)
    let noisy = options.noise
    let scale = options.noiseScale
    let sds: [String: Double] = Dictionary(
      uniqueKeysWithValues: noisy.map { name in
        let v = context.problem.data.values(name)
        let m = v.reduce(0, +) / Double(v.count)
        return (name, (v.reduce(0.0) { $0 + ($1 - m) * ($1 - m) } / Double(max(1, v.count - 1))).squareRoot())
      })
    let resampling = Resampling(context.problem)
    let batch =
      noisy.isEmpty
      ? context.refitter.map { refitter in
        { @Sendable (streams: inout [Xoshiro256StarStar]) -> [Double?] in refitter.resampled(generators: &streams) }
      }
        ?? (resampling.groups == nil && resampling.panelUnits == nil
          ? context.weightedRefitter.map { refitter in
            { @Sendable (streams: inout [Xoshiro256StarStar]) -> [Double?] in
              refitter.resampled(generators: &streams)
            }
          } : nil) : nil
    let run: (values: [Double], failures: Int, messages: [String])
    if let rows = context.rowHashes, resampling.groups == nil {
      // Hashed randomness: row i appears w_i ~ Poisson(1) times (draw 0);
      // its measurement noise, when asked for, comes from draws 2 and 3.
      let fast =
        noisy.isEmpty
        ? context.refitter.map { refitter in
          { @Sendable (ks: [Int]) -> [Double?] in refitter.poissonResampled(rows: rows, simulations: ks) }
        }
          ?? context.weightedRefitter.map { refitter in
            { @Sendable (ks: [Int]) -> [Double?] in refitter.poissonResampled(rows: rows, simulations: ks) }
          } : nil
      let n = context.problem.data.rowCount
      run = context.simulate(indexed: fast) { base, k in
        var p = base
        var indices: [Int] = []
        indices.reserveCapacity(n)
        var noise: [Double] = []
        for i in 0..<n {
          let w = RowHash.poisson(RowHash.draw(row: rows[i], simulation: k))
          for _ in 0..<w {
            indices.append(i)
            if !noisy.isEmpty {
              noise.append(
                RowHash.normal(
                  RowHash.draw(row: rows[i], simulation: k, draw: 2), RowHash.draw(row: rows[i], simulation: k, draw: 3)
                ))
            }
          }
        }
        p.data = p.data.rows(indices)
        for name in noisy {
          let sd = (sds[name] ?? 0) * scale
          p.data = p.data.replacing(name, with: zip(p.data.values(name), noise).map { $0 + sd * $1 })
        }
        return p
      }
    } else {
      run = context.simulate(batch: batch) { base, rng in
        var p = base
        p.data = resampling.bootstrap(p.data, using: &rng)
        for name in noisy {
          let sd = (sds[name] ?? 0) * scale
          let values = p.data.values(name).map { $0 + sd * rng.nextNormal() }
          p.data = p.data.replacing(name, with: values)
        }
        return p
      }
    }
    return StabilityRule.apply(
      self, context, run: run, what: noisy.isEmpty ? "bootstrap" : "noisy bootstrap", tolerance: options.tolerance)
  }
}

/// `dummy_outcome`: replaces the outcome by one with no treatment effect and
/// re-estimates S times; the estimates must centre on zero.
///
/// `noise` (default): standard normal noise. `confounders`: a linear model of
/// the outcome on the adjustment set learned on the control arm, applied to
/// every unit, plus normal noise with that model's residual standard
/// deviation — an outcome that depends on the confounders as the real one
/// does, but not on the treatment. A 0/1 outcome gets 0/1 dummies
/// (Bernoulli draws with the outcome's mean, or the model's prediction).
/// Rule: `p = 2 min(h, 1 − h) < alpha` with h the share of estimates above 0.
struct DummyOutcomeRefuter: Refuter {
  static let kind = CheckKind.dummyOutcome

  func refute(_ context: RefutationContext) -> CheckRecord {
    let rule = "fails when the dummy-outcome estimates are not centred on 0: p = 2 min(h, 1 - h) < alpha"
    let problem = context.problem
    var fitted: [Double]?
    var residualSD = 1.0
    if context.check.options(as: DummyOutcomeOptions.self).outcome == .confounders, !problem.adjustment.isEmpty {
      let design = ModelDesign.build(data: problem.data, treatment: nil, covariates: problem.adjustment, terms: [])
      let t = problem.data.values(problem.treatment)
      let controlRows = t.indices.filter { t[$0] == problem.controlValue }
      let rows = controlRows.count > design.matrix.columns ? controlRows : Array(t.indices)
      let fit = LeastSquares.fit(
        design: CrossFitting.rows(design.matrix, rows), response: rows.map { problem.data.values(problem.outcome)[$0] })
      let beta = fit.coefficients.map { $0.isFinite ? $0 : 0 }
      fitted = design.matrix.multiplied(by: beta)
      residualSD = fit.residualVariance.squareRoot()
    }
    let base = fitted
    let sd = residualSD
    // A 0/1 outcome gets a 0/1 dummy: Bernoulli with the outcome's mean
    // (noise) or with the confounder model's prediction clipped to [0, 1].
    let binary = problem.data.isBinary(problem.outcome)
    let prevalence = problem.data.values(problem.outcome).reduce(0, +) / Double(problem.data.rowCount)
    let n = problem.data.rowCount
    let draw: @Sendable (inout Xoshiro256StarStar) -> [Double] = { rng in
      var values = [Double](repeating: 0, count: n)
      for i in values.indices {
        if binary {
          let probability = base.map { min(1, max(0, $0[i])) } ?? prevalence
          values[i] = rng.nextUniform() < probability ? 1 : 0
        } else {
          values[i] = (base?[i] ?? 0) + sd * rng.nextNormal()
        }
      }
      return values
    }
    let fast = context.refitter.map { refitter in
      { @Sendable (rng: inout Xoshiro256StarStar) -> Double? in refitter.replacingOutcome(draw(&rng)) }
    }
    let run = context.simulate(fast: fast) { p0, rng in
      var p = p0
      p.data = p.data.replacing(p.outcome, with: draw(&rng), kind: binary ? .binary : .continuous)
      return p
    }
    guard run.failures * 10 <= context.simulations, run.values.count >= 2 else {
      return failedSimulations(context, rule: rule, failures: run.failures, messages: run.messages)
    }
    let p = SimulationTest.twoSidedP(run.values, reference: 0)
    var r = record(
      context, verdict: p < context.alpha ? .failed : .passed, rule: rule,
      detail: "dummy-outcome estimates: median \(short(SimulationTest.median(run.values))), p = \(short(p))"
        + (p < context.alpha ? "; the estimator finds an effect on an outcome the treatment cannot affect" : ""))
    r.statistic = p
    r.statisticName = "p (dummy estimates centred on 0)"
    r.threshold = context.alpha
    r.reference = 0
    r.pValue = p
    r.simulated = run.values
    r.values = [NamedValue("failed simulations", Double(run.failures))]
    return r
  }
}
