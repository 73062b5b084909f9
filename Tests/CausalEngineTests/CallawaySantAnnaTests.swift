import Foundation
import NumericKernels
import Testing

@testable import CausalEngine

/// Callaway & Sant'Anna (2021) against R did 2.1.2 (with DRDID 1.2.3) on
/// the committed fixtures: every configuration of did_mpdta, did_second_panel,
/// did_simulated and did_2x2 (Fixtures/README.md, "did_*").
///
/// Tolerances (relative, with a floor of 1e-3 outcome units for values near
/// zero; the pre-test statistic 10×, its p-value 100× the tolerance):
/// - 1e-11 without covariates, and with covariates under outcome regression:
///   closed forms (means of outcome changes, least squares, sums of squares)
///   that R and the engine evaluate in a different order, so they differ by
///   rounding only (observed: below 1e-12);
/// - 1e-8 with covariates and a propensity model (dr, ipw): R's fastglm stops
///   its logit at its own convergence tolerance, the engine's IRLS at 1e-10
///   standard errors (observed: up to 4.4e-9; the README's numpy
///   transcription iterating to 1e-13 differs from R by up to 1.2e-9
///   absolute).
@Suite struct CallawaySantAnnaTests {
  static func tolerance(_ options: JSONNode) -> Double {
    guard options["cov"].string != nil else { return 1e-11 }
    return options["est"].string == "reg" ? 1e-11 : 1e-8
  }

  @Test(arguments: PanelFixtures.configurations())
  func matchesRDid(_ configuration: String) throws {
    let parts = configuration.split(separator: "/").map(String.init)
    let c = PanelFixtures.find(parts[0])
    let expected = EngineFixtures.expected(c.name)["configurations"][parts[1]]
    let options = expected["options"]
    let tol = Self.tolerance(options)
    let panel = try PanelFixtures.panel(c, weighted: options["weights"].string != nil)
    let result = try CallawaySantAnna.estimate(panel, options: PanelFixtures.options(options))
    #expect(result.units == expected["n_units"].int)

    let cells = expected["att_gt"].array
    #expect(result.cells.count == cells.count, "\(configuration): number of ATT(g,t)")
    for (a, e) in zip(result.cells, cells) {
      let label = "\(configuration) ATT(\(a.cohort), \(a.time))"
      #expect(a.cohort == e["cohort"].double && a.time == e["time"].double, "\(label): cell order")
      #expect(a.basePeriod == e["base_period"].double, "\(label): base period")
      expectClose(a.value, e["value"].double, relative: tol, floor: 1e-3, label)
      if let se = e["std_error"].double {
        expectClose(a.standardError, se, relative: tol, floor: 1e-3, "\(label) std_error")
      } else {
        #expect(a.standardError == nil, "\(label): std_error should be null")
      }
    }

    let pretest = expected["pretest"]
    #expect(result.preTestCells == pretest["df"].int, "\(configuration): pre-test cells")
    if let w = pretest["statistic"].double {
      expectClose(result.preTest?.statistic, w, relative: tol * 10, "\(configuration) pre-test W")
      #expect(result.preTest?.df == pretest["df"].int)
      expectClose(result.preTest?.pValue, pretest["p_value"].double, relative: tol * 100, "\(configuration) pre-test p")
    } else {
      #expect(result.preTest == nil, "\(configuration): R returns no pre-test")
    }

    let aggregations = expected["aggregations"]
    expectAggregate(
      result.simple, aggregations["simple"], key: nil, relative: tol, floor: 1e-3, "\(configuration) simple")
    expectAggregate(
      result.dynamic, aggregations["dynamic"], key: "event_time", relative: tol, floor: 1e-3, "\(configuration) dynamic"
    )
    expectAggregate(
      result.calendar, aggregations["calendar"], key: "time", relative: tol, floor: 1e-3, "\(configuration) calendar")
    // The overall group SE: the intended weight term by default (README: "did quirk").
    expectAggregate(
      result.group, aggregations["group"], key: "cohort", relative: tol, floor: 1e-3, "\(configuration) group",
      overallStandardError: aggregations["group"]["std_error_intended_wif_supplementary"].double)
  }

  /// R did 2.1.2's own group-overall SE, reproduced through the internal
  /// switch (`didCompatible`) on every fixture configuration; the default
  /// (`intended`) differs from it (README: 0.012415 vs 0.012446 on mpdta,
  /// 0.1669 vs 0.2255 on did_simulated).
  @Test(arguments: PanelFixtures.configurations())
  func groupStandardErrorQuirk(_ configuration: String) throws {
    let parts = configuration.split(separator: "/").map(String.init)
    let c = PanelFixtures.find(parts[0])
    let expected = EngineFixtures.expected(c.name)["configurations"][parts[1]]
    let panel = try PanelFixtures.panel(c, weighted: expected["options"]["weights"].string != nil)
    var options = PanelFixtures.options(expected["options"])
    options.groupWeightInfluence = .didCompatible
    let result = try CallawaySantAnna.estimate(panel, options: options)
    let tol = Self.tolerance(expected["options"])
    expectClose(
      result.group.standardError, expected["aggregations"]["group"]["std_error"].double, relative: tol, floor: 1e-3,
      "\(configuration) group std_error as R did")
    expectClose(
      result.group.value, expected["aggregations"]["group"]["value"].double, relative: tol, floor: 1e-3, "value")
  }

  /// did's per-unit influence functions (Fixtures influence_*.csv): each
  /// ATT(g,t) column and the simple aggregation's, to 1e-9 of the column's
  /// largest value (1e-7 with a propensity model on covariates).
  @Test(arguments: [
    ("did_mpdta", "nevertreated_dr_varying_nocov"), ("did_mpdta", "nevertreated_dr_varying_lpop"),
    ("did_second_panel", "nevertreated_dr_varying_nocov_popwt"), ("did_simulated", "nevertreated_dr_varying_x"),
    ("did_2x2", "nevertreated_dr_varying_nocov"),
  ])
  func influenceFunctionsMatchRDid(_ name: String, _ configuration: String) throws {
    let c = PanelFixtures.find(name)
    let expected = EngineFixtures.expected(name)["configurations"][configuration]
    let panel = try PanelFixtures.panel(c, weighted: expected["options"]["weights"].string != nil)
    let result = try CallawaySantAnna.estimate(panel, options: PanelFixtures.options(expected["options"]))
    let csv = readNumericCSV("\(EngineFixtures.directory)/\(name)/influence_\(configuration).csv")
    let ids = csv[c.unit] ?? []
    #expect(ids.map(PanelData.format) == result.influence.units, "unit order")
    let tol = expected["options"]["cov"].string == nil ? 1e-9 : 1e-7
    func compare(_ actual: [Double], _ reference: [Double]?, _ label: String) {
      guard let reference, reference.count == actual.count else {
        Issue.record("\(label): missing column")
        return
      }
      let scale = reference.map(abs).max() ?? 1
      let worst = zip(actual, reference).map { abs($0 - $1) }.max() ?? 0
      #expect(worst <= tol * scale, "\(label): largest difference \(worst) (scale \(scale))")
    }
    for (k, cell) in result.cells.enumerated() {
      let column = "attgt_\(PanelData.format(cell.cohort))_\(PanelData.format(cell.time))"
      compare(result.influence.cells.column(k), csv[column], column)
    }
    compare(result.influence.simple, csv["simple"], "simple")
  }

  /// The unbalanced panel: balanced first (the 183 units observed in every
  /// period; 117 dropped and listed), then as R did's default
  /// (`allow_unbalanced_panel = FALSE`), which the fixture records.
  @Test func unbalancedPanelIsBalancedAsRDid() throws {
    let expected = EngineFixtures.expected("did_simulated")["unbalanced"]
    let panel = try PanelFixtures.panel(PanelFixtures.simulated, file: "data_unbalanced.csv")
    #expect(!panel.isBalanced)
    #expect(panel.unitCount == 300)
    #expect(panel.balanced().unitCount == expected["units_observed_in_every_period"].int)
    for name in ["nevertreated_dr_varying_nocov", "nevertreated_dr_varying_x", "notyettreated_dr_varying_x"] {
      let block = expected["configurations"]["\(name)_default_balanced"]
      let tol = Self.tolerance(block["options"])
      let result = try CallawaySantAnna.estimate(panel, options: PanelFixtures.options(block["options"]))
      #expect(result.units == 183)
      #expect(result.droppedForBalance.count == expected["units_not_observed_in_every_period"].int)
      #expect(result.warnings.contains { $0.contains("117 of 300 units are not observed in every period") })
      for (a, e) in zip(result.cells, block["att_gt"].array) {
        expectClose(a.value, e["value"].double, relative: tol, floor: 1e-3, "\(name) ATT(\(a.cohort), \(a.time))")
        expectClose(a.standardError, e["std_error"].double, relative: tol, floor: 1e-3, "\(name) std_error")
      }
      expectClose(result.preTest?.statistic, block["pretest"]["statistic"].double, relative: tol * 10, "\(name) W")
      let aggregations = block["aggregations"]
      expectAggregate(result.simple, aggregations["simple"], key: nil, relative: tol, floor: 1e-3, "\(name) simple")
      expectAggregate(
        result.dynamic, aggregations["dynamic"], key: "event_time", relative: tol, floor: 1e-3, "\(name) dynamic")
      expectAggregate(
        result.calendar, aggregations["calendar"], key: "time", relative: tol, floor: 1e-3, "\(name) calendar")
    }
  }

  /// R did's warnings for castle's small cohorts and its singular pre-test
  /// covariance (no W returned) are reported too.
  @Test func castleWarnsLikeRDid() throws {
    let panel = try PanelFixtures.panel(PanelFixtures.castle)
    let options = PanelFixtures.options(
      EngineFixtures.expected("did_second_panel")["configurations"]["nevertreated_dr_varying_nocov"]["options"])
    let result = try CallawaySantAnna.estimate(panel, options: options)
    #expect(result.warnings.contains { $0.contains("fewer than 5 units: 2006, 2008, 2009, 2010") })
    #expect(result.warnings.contains { $0.contains("pre-test is not reported") })
    #expect(result.preTest == nil)
  }

  /// R did's sample rules on modified mpdta (did_mpdta/edges.json,
  /// scripts/did_edges.R): without never-treated units (not yet treated:
  /// periods from the last cohort on dropped, that cohort only a comparison
  /// group), and with a cohort treated from the first period (dropped).
  /// Tolerance 1e-11 (no covariates: closed forms).
  @Test(arguments: ["no_never_treated", "treated_in_first_period"])
  func sampleRulesMatchRDid(_ name: String) throws {
    let expected = EngineFixtures.json("did_mpdta/edges.json")[name]
    var c = PanelFixtures.mpdta
    c.extra = ["first.treat"]
    var data = try PanelFixtures.data(c)
    let first = data.values("first.treat")
    let control: CallawaySantAnna.ControlGroup
    if name == "no_never_treated" {
      data = data.rows(first.indices.filter { first[$0] > 0 })
      control = .notYetTreated
    } else {
      data = data.replacing("d", with: first.indices.map { first[$0] == 2004 ? 1 : data.values("d")[$0] })
      control = .neverTreated
    }
    guard
      case .success(let panel) = PanelData.build(
        data: data, unit: c.unit, time: c.time, treatment: c.treatment, outcome: c.outcome, covariates: [],
        weights: nil)
    else {
      Issue.record("panel")
      return
    }
    var options = CallawaySantAnna.Options(
      controlGroup: control, approach: .doublyRobust, basePeriod: .varying, anticipation: 0, covariates: [],
      confidenceLevel: 0.95, bootstrap: nil, seed: 1, streamLabel: "cs", groupWeightInfluence: .didCompatible)
    let result = try CallawaySantAnna.estimate(panel, options: options)
    let tol = 1e-11
    #expect(result.units == expected["n_units"].int)
    #expect(result.periods == expected["periods"].doubles && result.cohorts == expected["cohorts"].doubles)
    #expect(result.cells.count == expected["att_gt"].array.count)
    for (a, e) in zip(result.cells, expected["att_gt"].array) {
      #expect(a.cohort == e["cohort"].double && a.time == e["time"].double)
      expectClose(a.value, e["value"].double, relative: tol, floor: 1e-3, "\(name) ATT(\(a.cohort), \(a.time))")
      expectClose(a.standardError, e["std_error"].double, relative: tol, floor: 1e-3, "\(name) se")
    }
    expectClose(result.preTest?.statistic, expected["pretest"]["statistic"].double, relative: tol * 10, "\(name) W")
    #expect(result.preTestCells == expected["pretest"]["df"].int)
    for (aggregate, key) in [
      (result.simple, "simple"), (result.dynamic, "dynamic"), (result.group, "group"), (result.calendar, "calendar"),
    ] {
      let e = expected[key]
      expectClose(aggregate.value, e["value"].double, relative: tol, floor: 1e-3, "\(name) \(key)")
      expectClose(aggregate.standardError, e["std_error"].double, relative: tol, floor: 1e-3, "\(name) \(key) se")
      for (a, b) in zip(aggregate.elements, e["elements"].array) {
        #expect(a.key == b["key"].double)
        expectClose(a.value, b["value"].double, relative: tol, floor: 1e-3, "\(name) \(key)[\(a.key)]")
        expectClose(a.standardError, b["std_error"].double, relative: tol, floor: 1e-3, "\(name) \(key)[\(a.key)] se")
      }
    }
    if name == "treated_in_first_period" {
      #expect(result.droppedAlreadyTreated.count == 20)
      #expect(result.warnings.contains { $0.hasPrefix("20 units were already treated in the first period (2003)") })
      options.controlGroup = .neverTreated
    } else {
      #expect(result.warnings.contains { $0.contains("the last cohort (2007) serves only as a comparison group") })
      options.controlGroup = .neverTreated
      #expect(throws: EstimationFailure.self) { try CallawaySantAnna.estimate(panel, options: options) }
    }
  }
}
