import Foundation
import NumericKernels
import StudyModel

/// `rd_density`: the manipulation test of Cattaneo, Jansson & Ma (2020) on
/// the running variable, as rddensity computes it with its defaults
/// (``DensityDiscontinuityTest``).
///
/// Rule: fails when the p-value of `T = (f̂₊ − f̂₋)/sd_jk` (rddensity's
/// `test$p_jk`) is below alpha: units appear to sort themselves across the
/// cutoff, and continuity at the cutoff is in doubt. The record carries the
/// test (`density`, `p_value`) and a histogram of the running variable within
/// twice the test's bandwidths, for the density plot.
///
/// Sampling weights (`data.weights`) do not enter: manipulation is a
/// property of where the sampled units sit, so the test is on the units'
/// running variable as they are (rddensity has no weights either); clusters
/// do not enter the density either (rddensity assumes independent units).
struct DiscontinuityDensityRefuter: Refuter {
  static let kind = CheckKind.discontinuityDensity

  func refute(_ context: RefutationContext) -> CheckRecord {
    let options = context.problem.options(as: RegressionDiscontinuityOptions.self)
    let alpha = context.alpha
    let rule =
      "fails when the p-value of the density discontinuity test (rddensity's jackknife T, p = 2, q = 3) < alpha = \(short(alpha))"
    let x = context.problem.data.values(options.runningVariable)
    let test: DensityDiscontinuityTest
    do {
      test = try DensityDiscontinuityTest.test(x, cutoff: options.cutoff)
    } catch {
      return record(context, verdict: .error, rule: rule, detail: error.message)
    }
    guard test.pValue.isFinite else {
      return record(
        context, verdict: .error, rule: rule,
        detail: "the jackknife variance of the density difference is not positive: the test is undefined")
    }
    let fails = test.pValue < alpha
    var r = record(
      context, verdict: fails ? .failed : .passed, rule: rule,
      detail:
        "the density of \(options.runningVariable) is \(short(test.density.left)) just below and \(short(test.density.right)) just above \(short(options.cutoff)) (T = \(short(test.statistic)), p = \(short(test.pValue)))"
        + (fails
          ? ": units appear to sort across the cutoff, so continuity at the cutoff is in doubt"
          : ": no evidence of sorting across the cutoff"))
    r.statistic = test.statistic
    r.statisticName = "T (jackknife)"
    r.threshold = alpha
    r.pValue = test.pValue
    r.values = [
      NamedValue("density below", test.density.left), NamedValue("density above", test.density.right),
      NamedValue("bandwidth below", test.h.left), NamedValue("bandwidth above", test.h.right),
    ]
    r.density = DensityTestRecord(
      runningVariable: options.runningVariable, cutoff: options.cutoff,
      bandwidth: SideValues(below: test.h.left, above: test.h.right),
      observations: SideCounts(below: test.count.left, above: test.count.right),
      effectiveObservations: SideCounts(below: test.effectiveCount.left, above: test.effectiveCount.right),
      density: SideValues(below: test.density.left.finiteOrNil, above: test.density.right.finiteOrNil),
      densityStandardError: SideValues(
        below: test.standardError.left.finiteOrNil, above: test.standardError.right.finiteOrNil),
      difference: test.difference.finiteOrNil, differenceStandardError: test.differenceStandardError.finiteOrNil,
      statistic: test.statistic.finiteOrNil, pValue: test.pValue.finiteOrNil,
      massPointsAdjusted: test.massPointsAdjusted,
      histogram: Self.histogram(x, cutoff: options.cutoff, below: test.h.left, above: test.h.right))
    return r
  }

  /// Twelve equal bins on each side within twice the test's bandwidth (and the
  /// data), heights `count/(n · width)` over all n rows.
  static func histogram(_ x: [Double], cutoff c: Double, below hl: Double, above hr: Double) -> DensityHistogram {
    let bins = 12
    let lower = max(x.min() ?? c, c - 2 * hl)
    let upper = min(x.max() ?? c, c + 2 * hr)
    let stepBelow = (c - lower) / Double(bins)
    let stepAbove = (upper - c) / Double(bins)
    var edges = (0..<bins).map { lower + Double($0) * stepBelow }
    edges += (0...bins).map { $0 == bins ? upper : c + Double($0) * stepAbove }
    var counts = [Int](repeating: 0, count: 2 * bins)
    for v in x where v >= lower && v <= upper {
      var slot: Int
      if v < c {
        slot = stepBelow > 0 ? Int(((v - lower) / stepBelow).rounded(.down)) : 0
        slot = min(max(slot, 0), bins - 1)
      } else {
        slot = stepAbove > 0 ? bins + Int(((v - c) / stepAbove).rounded(.down)) : bins
        slot = min(max(slot, bins), 2 * bins - 1)
      }
      counts[slot] += 1
    }
    let n = Double(x.count)
    let heights = counts.indices.map { i in
      let width = edges[i + 1] - edges[i]
      return width > 0 ? Double(counts[i]) / (n * width) : 0
    }
    return DensityHistogram(edges: edges, counts: counts, heights: heights)
  }
}
