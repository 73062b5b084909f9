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
    for kind in ["bootstrap", "subset 0.8"] {
      var cold = (iterations: 0, seconds: 0.0)
      var warm = (iterations: 0, seconds: 0.0)
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
      }
      let r = Double(refits)
      report.add("refits", "logistic \(kind): iterations per refit, cold", Double(cold.iterations) / r, "iter")
      report.add(
        "refits", "logistic \(kind): iterations per refit, warm", Double(warm.iterations) / r, "iter",
        note: "started at the full fit")
      report.add("refits", "logistic \(kind): per refit, cold", cold.seconds / r * 1_000, "ms", note: "n = 1e5, p = 11")
      report.add("refits", "logistic \(kind): per refit, warm", warm.seconds / r * 1_000, "ms", note: "n = 1e5, p = 11")
    }
  }

  static func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
  }
}
