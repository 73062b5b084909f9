import NumericKernels
import StudyModel

/// The nonparametric bootstrap of an estimator: resample rows (whole
/// clusters when the problem has them, see ``Resampling``) with
/// replacement, re-estimate, and summarise the replicates.
///
/// Replicate b draws from its own stream, derived from (study seed,
/// `"bootstrap:" + estimator name`, b), so replicates — and the result — are
/// identical for any number of threads. Replicates that fail (e.g. a
/// resample with one arm empty) are counted and reported, never silently
/// dropped; if more than 5% fail, the bootstrap itself fails.
///
/// Intervals: `percentile` = `[q_{α/2}, q_{1−α/2}]` of the replicates;
/// `basic` (reflected) = `[2θ̂ − q_{1−α/2}, 2θ̂ − q_{α/2}]` (Davison & Hinkley
/// 1997, §5.2), with R type-7 quantiles. The standard error is the
/// replicates' standard deviation (n − 1 divisor). The p-value is the
/// normal-approximation p of θ̂ / SE.
enum Bootstrap {
  struct Summary {
    var replicates: [Double]
    var failures: Int
  }

  static func replicates(problem: EstimationProblem, estimator: MethodEstimator, count: Int) -> Summary {
    var point = problem
    point.pointOnly = true
    let pointProblem = point
    let resampling = Resampling(problem)
    let label = "bootstrap:" + problem.estimatorName
    let seed = problem.seed
    let data = problem.data
    let values: [Double?] = ParallelMap.map(count: count, threads: problem.threads) { b in
      var rng = Xoshiro256StarStar.stream(seed: seed, label: label, index: b)
      var replicate = pointProblem
      replicate.data = resampling.bootstrap(data, using: &rng)
      do {
        let value = try estimator.estimate(replicate).value
        return value.isFinite ? value : nil
      } catch {
        return nil
      }
    }
    let kept = values.compactMap { $0 }
    return Summary(replicates: kept, failures: values.count - kept.count)
  }

  /// Bootstraps `estimator` on `problem` and sets the result's uncertainty.
  static func apply(to result: inout EstimationResult, problem: EstimationProblem, estimator: MethodEstimator)
    throws(EstimationFailure)
  {
    let count = problem.common.bootstrapReplicates
    let summary = replicates(problem: problem, estimator: estimator, count: count)
    if summary.failures > 0 {
      result.warnings.append("\(summary.failures) of \(count) bootstrap replicates could not be estimated")
    }
    guard summary.failures * 20 <= count, summary.replicates.count >= 2 else {
      throw .numerical("the bootstrap failed: \(summary.failures) of \(count) replicates could not be estimated")
    }
    let sorted = summary.replicates.sorted()
    let level = problem.confidenceLevel
    let lo = Ordering.quantile(sorted: sorted, (1 - level) / 2)
    let hi = Ordering.quantile(sorted: sorted, (1 + level) / 2)
    let interval = problem.common.bootstrapInterval
    let mean = sorted.reduce(0, +) / Double(sorted.count)
    let variance = sorted.reduce(0.0) { $0 + ($1 - mean) * ($1 - mean) } / Double(sorted.count - 1)
    let se = variance.squareRoot()
    result.standardError = se.finiteOrNil
    result.confidenceInterval = interval == .basic ? [2 * result.value - hi, 2 * result.value - lo] : [lo, hi]
    result.pValue = Inference.wald(estimate: result.value, standardError: se, level: level).pValue
    result.uncertainty = UncertaintyRecord(
      kind: .bootstrap,
      method: "nonparametric bootstrap of \(Resampling(problem).unitName), \(interval.rawValue) interval",
      replicates: sorted.count, interval: interval, seed: problem.seed)
  }
}
