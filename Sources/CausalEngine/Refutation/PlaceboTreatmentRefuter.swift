import Foundation
import NumericKernels
import StudyModel

/// `placebo_treatment`: replaces the treatment by a placebo and re-estimates
/// S times; the placebo effects must centre on zero.
///
/// Placebo (`placebo`): `permute` (default) shuffles the treatment across
/// units (for instrumental variables the treatment and the instruments are
/// shuffled together, keeping the first stage and breaking every path to
/// the outcome; for a regression discontinuity, the treatment and the
/// running variable); `random` draws a new treatment of the same type
/// (Bernoulli with the observed share for a binary treatment, each level
/// with its observed share for a categorical one, normal with the observed
/// mean and standard deviation otherwise). Each simulation
/// draws from its own stream, so simulations differ (DoWhy, when seeded,
/// draws the same subset every time in some refuters).
///
/// On a panel (`data.panel`) the placebo moves whole treatment paths: the
/// units' adoption dates (cohorts, never treated included) are permuted
/// across units, and each unit is treated from its new date on (Bertrand,
/// Duflo & Mullainathan 2004's placebo laws); rows are never shuffled
/// within or across units. `random` is read as this permutation.
///
/// Rule: with h the share of placebo estimates above 0 (ties half),
/// `p = 2 min(h, 1 − h)`; the check fails when `p < alpha`. With
/// `expect_effect: true` it also fails when the original estimate does not
/// stand outside the placebo distribution: permutation `p = (1 + #{|θ_k| ≥
/// |θ̂|})/(S + 1) ≥ alpha`. Both p-values are always reported.
struct PlaceboTreatmentRefuter: Refuter {
  static let kind = CheckKind.placeboTreatment

  func refute(_ context: RefutationContext) -> CheckRecord {
    let options = context.check.options(as: PlaceboTreatmentOptions.self)
    let expectEffect = options.expectEffect
    let rule =
      "fails when the placebo estimates are not centred on 0: p = 2 min(h, 1 - h) < alpha"
      + (expectEffect ? "; or when the estimate does not stand outside them: permutation p >= alpha" : "")
    let problem = context.problem
    var placeboColumns = [problem.treatment]
    switch problem.method {
    case .instrumentalVariable:
      placeboColumns += problem.options(as: InstrumentalVariableOptions.self).instruments ?? problem.instruments
    case .regressionDiscontinuity:
      placeboColumns.append(problem.options(as: RegressionDiscontinuityOptions.self).runningVariable)
    default:
      break
    }
    let columns = placeboColumns
    let paths = try? problem.panel.map { _ throws(EstimationFailure) in try PanelPaths(problem) }
    let requestedRandom = options.placebo == .random
    let random = requestedRandom && columns.count == 1 && paths == nil
    let treatment = problem.data.values(problem.treatment)
    let binary = problem.data.isBinary(problem.treatment)
    let mean = treatment.reduce(0, +) / Double(treatment.count)
    let sd = (treatment.reduce(0.0) { $0 + ($1 - mean) * ($1 - mean) } / Double(max(1, treatment.count - 1)))
      .squareRoot()
    let levels = Array(Set(treatment)).sorted()
    let share =
      binary && levels.count == 2
      ? Double(treatment.filter { $0 == levels[1] }.count) / Double(treatment.count) : 0
    let n = problem.data.rowCount
    // A categorical treatment draws its levels with their observed shares.
    let categorical = problem.data.column(problem.treatment).kind == .categorical
    let cumulative: [Double] = levels.reduce(into: []) { sums, level in
      sums.append((sums.last ?? 0) + Double(treatment.filter { $0 == level }.count) / Double(treatment.count))
    }
    let drawRandom: @Sendable (inout Xoshiro256StarStar) -> [Double] = { rng in
      var values = [Double](repeating: 0, count: n)
      for i in 0..<n {
        if binary, levels.count == 2 {
          values[i] = rng.nextUniform() < share ? levels[1] : levels[0]
        } else if categorical {
          let u = rng.nextUniform()
          values[i] = levels[cumulative.firstIndex { u < $0 } ?? (levels.count - 1)]
        } else {
          values[i] = mean + sd * rng.nextNormal()
        }
      }
      return values
    }
    // A permuted two-valued treatment is a uniformly random choice of which
    // units get the higher value (as many as observed): drawn by selection
    // sampling, one draw per unit, without shuffling the column.
    let twoValued = !random && columns.count == 1 && levels.count == 2 && paths == nil
    let raisedCount = twoValued ? treatment.filter { $0 == levels[1] }.count : 0
    let fast =
      columns.count == 1 && !twoValued
      ? context.refitter.map { refitter in
        { @Sendable (rng: inout Xoshiro256StarStar) -> Double? in
          if random { return refitter.replacingTreatment(drawRandom(&rng)) }
          let order = Sampling.permutation(n, using: &rng)
          return refitter.replacingTreatment(order.map { treatment[$0] })
        }
      } : nil
    let batch =
      twoValued
      ? context.refitter.map { refitter in
        { @Sendable (streams: inout [Xoshiro256StarStar]) -> [Double?] in
          refitter.replacingBinaryTreatment(
            raisedCount: raisedCount, low: levels[0], high: levels[1], generators: &streams)
        }
      }
        ?? context.weightedRefitter.map { refitter in
          { @Sendable (streams: inout [Xoshiro256StarStar]) -> [Double?] in
            refitter.replacingBinaryTreatment(
              raisedCount: raisedCount, low: levels[0], high: levels[1], generators: &streams)
          }
        } : nil
    // Hashed draws by row for one numeric column; a panel's adoption dates and a
    // categorical treatment's levels keep the sequential streams.
    let hashedRows = columns.count == 1 && paths == nil && !categorical ? context.rowHashes : nil
    let run: (values: [Double], failures: Int, messages: [String])
    if let rows = hashedRows {
      // Hashed randomness: each unit's placebo is drawn by row, whether the
      // study asked to permute or to draw (a permutation ties all units
      // together, which a row-wise draw cannot): a two-valued treatment
      // takes the higher value with the observed share (draw 0), any other
      // the observed mean and standard deviation (draws 0 and 1).
      let twoLevels = levels.count == 2
      let highShare = twoLevels ? Double(treatment.filter { $0 == levels[1] }.count) / Double(treatment.count) : 0
      let threshold = RowHash.threshold(probability: highShare)
      let draw: @Sendable (Int) -> [Double] = { k in
        rows.map { row in
          if twoLevels { return RowHash.draw(row: row, simulation: k) < threshold ? levels[1] : levels[0] }
          return mean
            + sd
            * RowHash.normal(
              RowHash.draw(row: row, simulation: k, draw: 0), RowHash.draw(row: row, simulation: k, draw: 1))
        }
      }
      let hashedBatch =
        context.refitter.map { refitter in
          { @Sendable (ks: [Int]) -> [Double?] in
            twoLevels
              ? refitter.replacingBinaryTreatment(
                rows: rows, threshold: threshold, low: levels[0], high: levels[1], simulations: ks)
              : ks.map { refitter.replacingTreatment(draw($0)) }
          }
        }
        ?? (twoLevels
          ? context.weightedRefitter.map { refitter in
            { @Sendable (ks: [Int]) -> [Double?] in
              refitter.replacingBinaryTreatment(
                rows: rows, threshold: threshold, low: levels[0], high: levels[1], simulations: ks)
            }
          } : nil)
      run = context.simulate(indexed: hashedBatch) { base, k in
        var p = base
        p.data = p.data.replacing(p.treatment, with: draw(k))
        return p
      }
    } else {
      run = context.simulate(fast: fast, batch: batch, warmStart: false) { base, rng in
        var p = base
        if let paths = paths ?? nil {
          p.data = p.data.replacing(p.treatment, with: paths.permuted(using: &rng))
        } else if random {
          p.data = p.data.replacing(p.treatment, with: drawRandom(&rng))
        } else if twoValued {
          let mask = Sampling.subsetMask(n: n, size: raisedCount, using: &rng)
          p.data = p.data.replacing(p.treatment, with: mask.map { $0 ? levels[1] : levels[0] })
        } else {
          let order = Sampling.permutation(n, using: &rng)
          for column in columns {
            let v = p.data.values(column)
            p.data = p.data.replacing(column, with: order.map { v[$0] })
          }
        }
        return p
      }
    }
    return conclude(
      context, run: run, rule: rule,
      note: paths != nil
        ? "adoption dates permuted across whole units; "
        : requestedRandom && !random
          ? "random draws would break the instrument's or running variable's link to the treatment, so the placebo permutes them together; "
          : "")
  }

  /// The record of a placebo run: the rule applied to its estimates.
  func conclude(
    _ context: RefutationContext, run: (values: [Double], failures: Int, messages: [String]), rule: String,
    note: String
  ) -> CheckRecord {
    let expectEffect = context.check.options(as: PlaceboTreatmentOptions.self).expectEffect
    guard run.failures * 10 <= context.simulations, run.values.count >= 2 else {
      return failedSimulations(context, rule: rule, failures: run.failures, messages: run.messages)
    }
    let p = SimulationTest.twoSidedP(run.values, reference: 0)
    let permutation = SimulationTest.permutationP(run.values, estimate: context.original.value)
    let centredFails = p < context.alpha
    let effectFails = expectEffect && permutation >= context.alpha
    var detail =
      note
      + "placebo estimates: median \(short(SimulationTest.median(run.values))), p = \(short(p))"
    if centredFails {
      detail += "; the placebo effects are not centred on 0: the estimator finds an effect where there is none"
    }
    if effectFails {
      detail += "; the estimate does not stand out from the placebo estimates (permutation p = \(short(permutation)))"
    }
    if run.failures > 0 { detail += "; \(run.failures) re-estimates failed" }
    var r = record(context, verdict: centredFails || effectFails ? .failed : .passed, rule: rule, detail: detail)
    r.statistic = p
    r.statisticName = "p (placebo centred on 0)"
    r.threshold = context.alpha
    r.reference = 0
    r.pValue = p
    r.simulated = run.values
    r.values = [
      NamedValue("permutation p (estimate outside placebo)", permutation),
      NamedValue("median placebo estimate", SimulationTest.median(run.values).finiteOrNil),
      NamedValue("failed simulations", Double(run.failures)),
    ]
    return r
  }
}

/// Short number text for check details: 4 significant digits, C locale.
func short(_ x: Double) -> String {
  guard x.isFinite else { return "undefined" }
  return String(format: "%.4g", x)
}

/// The treatment paths of a panel's units, for a placebo that permutes
/// adoption dates across units.
struct PanelPaths: Sendable {
  let rowCount: Int
  /// Per data row: its unit and period index.
  let unitOfRow: [Int]
  let periodOfRow: [Int]
  /// Per unit: the period index of its adoption, or `nil` (never treated).
  let cohorts: [Int?]

  init(_ problem: EstimationProblem) throws(EstimationFailure) {
    let panel = try PanelData.build(problem, covariates: [])
    rowCount = problem.data.rowCount
    var unit = [Int](repeating: 0, count: rowCount)
    var period = [Int](repeating: 0, count: rowCount)
    for r in 0..<panel.rowCount {
      unit[panel.dataRows[r]] = panel.unitOfRow[r]
      period[panel.dataRows[r]] = panel.periodOfRow[r]
    }
    unitOfRow = unit
    periodOfRow = period
    cohorts = panel.cohortIndexOfUnit
  }

  /// A treatment column in which unit `u` follows the path of unit `π(u)`, `π` a uniform permutation.
  func permuted(using rng: inout Xoshiro256StarStar) -> [Double] {
    let order = Sampling.permutation(cohorts.count, using: &rng)
    var values = [Double](repeating: 0, count: rowCount)
    for i in 0..<rowCount {
      if let g = cohorts[order[unitOfRow[i]]], periodOfRow[i] >= g { values[i] = 1 }
    }
    return values
  }
}
