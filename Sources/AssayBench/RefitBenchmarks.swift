import Foundation
import NumericKernels

/// Issue 17, item 1: refits of a logistic propensity model on perturbed
/// data (bootstrap resamples, 80% subsets, as the `bootstrap` and
/// `data_subset` checks make them), started cold (R's starting means) and
/// warm (at the full data's coefficients): IRLS iterations (weighted
/// least-squares solves) and milliseconds per refit, at n = 10⁵ with 10
/// covariates and an intercept.
enum RefitBenchmarks {
  static func run(into report: inout BenchReport) {
    let n = 100_000
    let p = 11
    var rng = Xoshiro256StarStar(seed: 17)
    var columns = [[Double]](repeating: [Double](repeating: 1, count: n), count: p)
    var y = [Double](repeating: 0, count: n)
    for i in 0..<n {
      var eta = -0.2
      for j in 1..<p {
        columns[j][i] = rng.nextNormal()
        eta += 0.15 * Double(j % 3 + 1) * columns[j][i] * (j % 2 == 0 ? 1 : -1)
      }
      y[i] = rng.nextUniform() < 1 / (1 + exp(-eta)) ? 1 : 0
    }
    let x = Matrix(columns: columns)
    let full = GLM.fit(design: x, response: y, family: .binomial, link: .logit)
    let refits = 10
    placebo(x: x, y: y, refits: refits, rng: &rng, into: &report)
    for kind in ["bootstrap", "subset 0.8"] {
      var cold = (iterations: 0, seconds: 0.0)
      var warm = (iterations: 0, seconds: 0.0)
      var shortcut = (iterations: 0, seconds: 0.0)
      var chord = (iterations: 0, fits: 0, seconds: 0.0)
      for _ in 0..<refits {
        var counts = [Double](repeating: 0, count: n)
        if kind == "bootstrap" {
          for _ in 0..<n { counts[Int(rng.next() % UInt64(n))] += 1 }
        } else {
          for i in 0..<n where rng.nextUniform() < 0.8 { counts[i] = 1 }
        }
        let clock = ContinuousClock()
        var start = clock.now
        let c = GLM.fit(design: x, response: y, family: .binomial, link: .logit, weights: counts)
        cold.seconds += seconds(clock.now - start)
        start = clock.now
        let w = GLM.fit(
          design: x, response: y, family: .binomial, link: .logit, weights: counts, start: full.coefficients)
        warm.seconds += seconds(clock.now - start)
        cold.iterations += c.iterations
        warm.iterations += w.iterations
        // The propensity-weighting shortcut's criterion (`PropensityRefitter.tolerance`).
        start = clock.now
        let s = GLM.fit(
          design: x, response: y, family: .binomial, link: .logit, weights: counts, tolerance: 1e-5,
          start: full.coefficients)
        shortcut.seconds += seconds(clock.now - start)
        shortcut.iterations += s.iterations
        // The chord method from the full fit, its information at the start computed once per refit.
        start = clock.now
        if let h = chordFit(x: x, y: y, counts: counts, start: full.coefficients, fullMeans: full.fittedMeans) {
          chord.iterations += h.iterations
          chord.fits += 1
        }
        chord.seconds += seconds(clock.now - start)
      }
      let r = Double(refits)
      report.add("refits", "logistic \(kind): iterations per refit, cold", Double(cold.iterations) / r, "iter")
      report.add(
        "refits", "logistic \(kind): iterations per refit, warm", Double(warm.iterations) / r, "iter",
        note: "started at the full fit")
      report.add("refits", "logistic \(kind): per refit, cold", cold.seconds / r * 1_000, "ms", note: "n = 1e5, p = 11")
      report.add("refits", "logistic \(kind): per refit, warm", warm.seconds / r * 1_000, "ms", note: "n = 1e5, p = 11")
      report.add(
        "refits", "logistic \(kind): iterations per refit, warm, shortcut", Double(shortcut.iterations) / r, "iter",
        note: "stops at a step of 1e-5 SE (error ~1e-10 SE)")
      report.add(
        "refits", "logistic \(kind): per refit, warm, shortcut", shortcut.seconds / r * 1_000, "ms",
        note: "PropensityRefitter's criterion until 2026-12")
      report.add(
        "refits", "logistic \(kind): passes per refit, chord", Double(chord.iterations) / Double(max(1, chord.fits)),
        "pass", note: "\(chord.fits)/\(refits) taken; plus one Gram pass for the information")
      report.add(
        "refits", "logistic \(kind): per refit, chord", chord.seconds / r * 1_000, "ms",
        note: "LogisticChord, as PropensityRefitter")
    }
  }

  /// A chord refit (`LogisticChord`) from `start`, the information at the
  /// start from the full fit's means, as ``PropensityRefitter`` computes it.
  static func chordFit(x: Matrix, y: [Double], counts: [Double], start: [Double], fullMeans: [Double])
    -> LogisticChord.Fit?
  {
    let weights = (0..<y.count).map { counts[$0] * fullMeans[$0] * (1 - fullMeans[$0]) }
    let information = Kernels.gram(x, weights: weights, response: nil).xtx
    return LogisticChord.fit(design: x, response: y, weights: counts, start: start, information: information)
  }

  /// A permuted treatment (the placebo check's) on the same covariates:
  /// IRLS iterations and time from R's starting means (the full
  /// re-estimate) and from the intercept-only model with the shortcut's
  /// criterion (`PropensityRefitter`).
  static func placebo(
    x: Matrix, y: [Double], refits: Int, rng: inout Xoshiro256StarStar, into report: inout BenchReport
  ) {
    let n = y.count
    var cold = (iterations: 0, seconds: 0.0)
    var null = (iterations: 0, seconds: 0.0)
    let share = y.reduce(0, +) / Double(n)
    var start = [Double](repeating: 0, count: x.columns)
    start[0] = log(share / (1 - share))
    // The chord method's information at the intercept-only start: p̄(1 − p̄) XᵀX, XᵀX once.
    let plain = Kernels.gram(x, weights: nil, response: nil).xtx
    var chord = (iterations: 0, fits: 0, seconds: 0.0)
    for _ in 0..<refits {
      let order = Sampling.permutation(n, using: &rng)
      let placebo = order.map { y[$0] }
      let clock = ContinuousClock()
      var t0 = clock.now
      let c = GLM.fit(design: x, response: placebo, family: .binomial, link: .logit)
      cold.seconds += seconds(clock.now - t0)
      t0 = clock.now
      let s = GLM.fit(design: x, response: placebo, family: .binomial, link: .logit, tolerance: 1e-5, start: start)
      null.seconds += seconds(clock.now - t0)
      cold.iterations += c.iterations
      null.iterations += s.iterations
      t0 = clock.now
      let information = plain.scaled(by: share * (1 - share))
      if let h = LogisticChord.fit(design: x, response: placebo, weights: nil, start: start, information: information) {
        chord.iterations += h.iterations
        chord.fits += 1
      }
      chord.seconds += seconds(clock.now - t0)
    }
    let r = Double(refits)
    report.add("refits", "logistic placebo: iterations per refit, cold", Double(cold.iterations) / r, "iter")
    report.add(
      "refits", "logistic placebo: iterations per refit, null start, shortcut", Double(null.iterations) / r, "iter",
      note: "intercept-only start, 1e-5 SE steps")
    report.add("refits", "logistic placebo: per refit, cold", cold.seconds / r * 1_000, "ms", note: "n = 1e5, p = 11")
    report.add(
      "refits", "logistic placebo: per refit, null start, shortcut", null.seconds / r * 1_000, "ms",
      note: "n = 1e5, p = 11")
    report.add(
      "refits", "logistic placebo: passes per refit, chord", Double(chord.iterations) / Double(max(1, chord.fits)),
      "pass", note: "\(chord.fits)/\(refits) taken; information p̄(1 − p̄) XᵀX")
    report.add(
      "refits", "logistic placebo: per refit, chord", chord.seconds / r * 1_000, "ms",
      note: "LogisticChord, as PropensityRefitter")
    // The same refits, all in lockstep (one read of the design per iteration for all of them).
    let information = plain.scaled(by: share * (1 - share))
    let models = (0..<refits).map { _ in
      LogisticChord.Model(
        response: Sampling.permutation(n, using: &rng).map { y[$0] }, weights: nil, start: start,
        information: information)
    }
    let clock = ContinuousClock()
    let t0 = clock.now
    let fits = LogisticChord.fit(design: x, models: models)
    report.add(
      "refits", "logistic placebo: per refit, chord, \(refits) in lockstep", seconds(clock.now - t0) / r * 1_000, "ms",
      note: "\(fits.compactMap { $0 }.count)/\(refits) taken")
  }

  static func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
  }
}
