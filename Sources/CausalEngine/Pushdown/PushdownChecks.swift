import NumericKernels
import StudyModel

/// The checks of a `compute: database` run: each simulated check of a
/// linear-regression estimate as one aggregate query over the rows, every
/// simulation in the same scan (`GROUP BY` simulation), with the draws of
/// ``RowHash`` — the draws the in-memory engine makes when the data have a
/// `row_key`, so `compute: local` and `compute: database` agree.
///
/// The verdicts follow the same rules (``StabilityRule``, the placebo's
/// rule), applied to the simulated estimates. A simulation whose system is
/// too ill-conditioned to solve from its Gram matrix counts as failed (the
/// in-memory engine would refit it by QR; the database cannot).
enum PushdownChecks {
  /// The kinds pushed down (``Pushdown`` lists what validation accepts).
  static func refute(_ context: RefutationContext, regression: PushdownRegression, layout: PushdownLayout)
    -> CheckRecord
  {
    let kind = context.check.kind.value
    let stream = RowHash.stream(seed: context.problem.seed, label: context.streamLabel)
    let simulations = context.simulations
    do throws(EstimationFailure) {
      switch kind {
      case .bootstrap:
        let run = collect(try regression.bootstrap(stream: stream, simulations: simulations))
        return StabilityRule.apply(
          BootstrapRefuter(), context, run: run, what: "bootstrap",
          tolerance: context.check.options(as: BootstrapCheckOptions.self).tolerance)
      case .dataSubset:
        let options = context.check.options(as: DataSubsetOptions.self)
        let run = collect(
          try regression.subsets(
            stream: stream, threshold: RowHash.threshold(probability: options.fraction), simulations: simulations))
        return StabilityRule.apply(DataSubsetRefuter(), context, run: run, what: "subset", tolerance: options.tolerance)
      case .randomCommonCause:
        let run = collect(try regression.randomCommonCause(stream: stream, simulations: simulations))
        return StabilityRule.apply(
          RandomCommonCauseRefuter(), context, run: run, what: "random-common-cause",
          tolerance: context.check.options(as: RandomCommonCauseOptions.self).tolerance)
      case .placeboTreatment:
        let t = layout.treatment
        let values: [Double?]
        if t.levels.count == 2 {
          values = try regression.binaryPlacebo(
            stream: stream, threshold: RowHash.threshold(probability: t.highShare), low: t.levels[0],
            high: t.levels[1], simulations: simulations)
        } else {
          values = try regression.normalPlacebo(
            stream: stream, mean: t.mean, sd: t.standardDeviation, simulations: simulations)
        }
        let expectEffect = context.check.options(as: PlaceboTreatmentOptions.self).expectEffect
        let rule =
          "fails when the placebo estimates are not centred on 0: p = 2 min(h, 1 - h) < alpha"
          + (expectEffect ? "; or when the estimate does not stand outside them: permutation p >= alpha" : "")
        return PlaceboTreatmentRefuter().conclude(context, run: collect(values), rule: rule, note: "")
      default:
        return StudyRunner.notApplicable(
          context.check, estimator: context.problem.estimatorName,
          reason: "\(kind.rawValue) is not computed under compute: database")
      }
    } catch {
      var record = StudyRunner.notApplicable(
        context.check, estimator: context.problem.estimatorName,
        reason: "the database could not compute it: \(error.message)")
      record.verdict = .error
      return record
    }
  }

  /// The finite estimates, and the simulations that failed.
  static func collect(_ values: [Double?]) -> (values: [Double], failures: Int, messages: [String]) {
    let finite = values.compactMap { $0 }.filter(\.isFinite)
    let failures = values.count - finite.count
    return (
      finite, failures,
      failures > 0 ? ["the simulated system was too ill-conditioned to solve from its Gram matrix"] : []
    )
  }
}
