import Foundation
import NumericKernels
import StudyModel
import Testing

@testable import CausalEngine

/// The panel methods as the study runner calls them (``StaggeredDidEstimator``,
/// ``TwoWayFixedEffectsEstimator``) and the panel checks, on mpdta, against
/// R did 2.1.2 and fixest 0.14.2 (Fixtures/did_mpdta: r_did.json from
/// scripts/did.R, placebo_time.json from scripts/did_placebo.R).
@Suite("Panel estimators and checks (R did, fixest)")
struct PanelEstimatorTests {
  static var reference: JSONNode { EngineFixtures.json("did_mpdta/r_did.json") }

  static func problem(_ method: EstimatorMethod, _ params: [String: ParameterValue] = [:]) throws -> EstimationProblem {
    var problem = EngineFixtures.problem(
      try PanelFixtures.data(PanelFixtures.mpdta), method: method, treatment: "d", outcome: "lemp",
      effect: .averageTreatmentEffectOnTreated, params: params)
    problem.panel = ("countyreal", "year")
    return problem
  }

  static func context(
    _ problem: EstimationProblem, _ original: EstimationResult, _ kind: CheckKind, alpha: Double = 0.05
  )
    -> RefutationContext
  {
    RefutationContext(
      problem: problem, estimator: EstimatorRegistry.estimator(for: problem.method), original: original,
      check: CheckTests.check(kind, ["alpha": .number(alpha)]), streamLabel: "panel", threads: 1)
  }

  // Closed forms (no iteration without covariates): 1e-9 relative.
  @Test("staggered_did records the dynamic aggregate, the event study, every ATT(g,t) and the pre-test of R did")
  func staggered() throws {
    let r = Self.reference["cs"]["nevertreated_dr_varying_nocov"]
    let problem = try Self.problem(.staggeredDid, ["aggregation": .string("dynamic"), "uniform_bands": .bool(false)])
    let result = try StaggeredDidEstimator().estimate(problem)
    expectClose(result.value, r["dynamic"]["overall_att"].double, relative: 1e-9, "dynamic overall")
    expectClose(result.standardError, r["dynamic"]["overall_se"].double, relative: 1e-9, "dynamic overall se")
    #expect(result.eventStudy.map(\.eventTime) == r["dynamic"]["egt"].doubles.map { Int($0) })
    for (point, (value, se)) in zip(
      result.eventStudy, zip(r["dynamic"]["att_egt"].doubles, r["dynamic"]["se_egt"].doubles))
    {
      expectClose(point.value, value, relative: 1e-9, floor: 1e-6, "event time \(point.eventTime)")
      expectClose(point.standardError, se, relative: 1e-9, "event time \(point.eventTime) se")
      #expect(point.uniformBand == nil)
    }
    #expect(result.groupTime.count == r["att"].doubles.count)
    for (k, cell) in result.groupTime.enumerated() {
      #expect(cell.cohort == r["att_group"][k].double && cell.time == r["att_t"][k].double)
      expectClose(cell.value, r["att"][k].double, relative: 1e-9, floor: 1e-6, "ATT(\(cell.cohort), \(cell.time))")
      expectClose(cell.standardError, r["se"][k].double, relative: 1e-9, "se(\(cell.cohort), \(cell.time))")
    }
    expectClose(result.preTrends?.statistic, r["pretest"]["W"].double, relative: 1e-9, "pre-test W")
    expectClose(result.preTrends?.pValue, r["pretest"]["p_value_unrounded"].double, relative: 1e-8, "pre-test p")
    #expect(result.nTreated == 191 && result.nControl == 309 && result.n == 2500)

    // pre_trends: p = 0.168 passes at alpha 0.05 and fails at 0.2.
    let passed = PreTrendsRefuter().refute(Self.context(problem, result, .preTrends))
    #expect(passed.verdict == .passed)
    expectClose(passed.pValue, r["pretest"]["p_value_unrounded"].double, relative: 1e-8, "pre_trends p")
    #expect(PreTrendsRefuter().refute(Self.context(problem, result, .preTrends, alpha: 0.2)).verdict == .failed)
  }

  @Test("staggered_did with uniform bands: the event study's band is wider than its pointwise interval")
  func bands() throws {
    let problem = try Self.problem(.staggeredDid, ["aggregation": .string("dynamic"), "bootstrap": .integer(499)])
    let result = try StaggeredDidEstimator().estimate(problem)
    for point in result.eventStudy {
      let band = try #require(point.uniformBand)
      let ci = try #require(point.confidenceInterval)
      #expect(band[0] < ci[0] && band[1] > ci[1], "event time \(point.eventTime)")
    }
  }

  @Test("two_way_fixed_effects records fixest's coefficient, clustered SE and p-value, and bacondecomp's weights")
  func twoWay() throws {
    let r = Self.reference["twfe"]
    let problem = try Self.problem(.twoWayFixedEffects)
    let result = try TwoWayFixedEffectsEstimator().estimate(problem)
    expectClose(result.value, r["coefficient"].double, relative: 1e-9, "coefficient")
    expectClose(result.standardError, r["std_error"].double, relative: 1e-9, "std error")
    expectClose(result.pValue, r["p_value"].double, relative: 1e-8, "p-value")
    let bacon = Self.reference["bacon"]
    expectClose(
      result.bacon.reduce(0) { $0 + $1.weight }, bacon["weight"].doubles.reduce(0, +), relative: 1e-9, "weights")
    expectClose(
      result.bacon.filter { $0.comparison == "treated vs never treated" }.reduce(0) { $0 + $1.weight },
      zip(bacon["weight"].doubles, bacon["untreated"].doubles).filter { $0.1 == 99999 }.reduce(0) { $0 + $1.0 },
      relative: 1e-9, "treated vs never treated weight")
    let negative = result.diagnostics.first { $0.name == "negative weights" }
    #expect(negative?.value == 20)
  }

  @Test("placebo_time: a fake adoption one year early, against fixest and did on the shifted cohorts")
  func placeboTime() throws {
    let r = EngineFixtures.json("did_mpdta/placebo_time.json")
    let twfe = try Self.problem(.twoWayFixedEffects)
    let twfeRecord = PlaceboTimeRefuter().refute(
      Self.context(twfe, try TwoWayFixedEffectsEstimator().estimate(twfe), .placeboTime))
    expectClose(twfeRecord.values.first?.value, r["twfe"]["coefficient"].double, relative: 1e-9, "TWFE placebo")
    // On unbalanced rows fixest demeans iteratively (to its fixef.tol), so its SE agrees to about 1e-9: 1e-7.
    expectClose(twfeRecord.values[1].value, r["twfe"]["std_error"].double, relative: 1e-7, "TWFE placebo se")
    expectClose(twfeRecord.pValue, r["twfe"]["p_value"].double, relative: 1e-7, "TWFE placebo p")
    #expect(twfeRecord.verdict == .passed)

    let cs = try Self.problem(.staggeredDid, ["uniform_bands": .bool(false)])
    let csRecord = PlaceboTimeRefuter().refute(Self.context(cs, try StaggeredDidEstimator().estimate(cs), .placeboTime))
    expectClose(csRecord.values.first?.value, r["cs"]["event_time_0"].double, relative: 1e-9, "CS placebo")
    // did's SE adds the estimated-weights term, which the check leaves out (it vanishes under the null): within 1%.
    expectClose(
      csRecord.values[1].value, r["cs"]["event_time_0_se_with_wif"].double, relative: 0.01, "CS placebo se")
  }

  @Test("placebo_treatment on a panel permutes whole adoption paths: absorbing, with the same cohorts")
  func placeboPaths() throws {
    let problem = try Self.problem(.twoWayFixedEffects)
    let paths = try PanelPaths(problem)
    var rng = Xoshiro256StarStar.stream(seed: 7, label: "paths", index: 0)
    let permuted = paths.permuted(using: &rng)
    var placebo = problem
    placebo.data = problem.data.replacing("d", with: permuted)
    let original = try PanelData.build(problem, covariates: [])
    let moved = try PanelData.build(placebo, covariates: [])
    #expect(moved.cohorts.map(\.cohort) == original.cohorts.map(\.cohort))
    #expect(moved.cohorts.map(\.units) == original.cohorts.map(\.units))
    #expect(moved.neverTreatedUnits == original.neverTreatedUnits)
    #expect(permuted != problem.data.values("d"))
  }

  @Test("the bootstrap of a panel draws whole units and gives each drawn copy its own key")
  func bootstrapUnits() throws {
    let problem = try Self.problem(.twoWayFixedEffects)
    let resampling = Resampling(problem)
    #expect(resampling.unitCount == 500)
    var rng = Xoshiro256StarStar.stream(seed: 3, label: "bootstrap", index: 0)
    var resampled = problem
    resampled.data = resampling.bootstrap(problem.data, using: &rng)
    let panel = try PanelData.build(resampled, covariates: [])
    #expect(panel.unitCount == 500 && panel.rowCount == 2500 && panel.isBalanced)
    // A whole-unit bootstrap SE of the TWFE coefficient is finite and near fixest's clustered SE.
    var boot = try Self.problem(.twoWayFixedEffects, ["se": .string("bootstrap"), "bootstrap": .integer(99)])
    boot.threads = 1
    let result = try TwoWayFixedEffectsEstimator().estimate(boot)
    let se = try #require(result.standardError)
    #expect(se > 0.5 * 0.01327 && se < 2 * 0.01327)
  }
}
