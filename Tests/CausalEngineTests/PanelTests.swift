import Foundation
import NumericKernels
import StudyModel
import Tabular
import Testing

@testable import CausalEngine

/// Panel data: shape, located errors, balancing; the canonical 2×2 through
/// both estimators; clustered standard errors; the multiplier bootstrap.
@Suite struct PanelTests {
  /// A small table: unit, time, d, y (and optional extra columns).
  static func table(
    units: [Double], times: [Double], d: [Double], y: [Double]? = nil, extra: [String: [Double]] = [:]
  ) -> AnalysisData {
    var columns = [
      DataColumn(name: "unit", kind: .integer, values: units),
      DataColumn(name: "time", kind: .integer, values: times),
      DataColumn(name: "d", kind: .binary, values: d),
      DataColumn(name: "y", kind: .continuous, values: y ?? units.indices.map { Double($0) * 0.1 }),
    ]
    for (name, values) in extra.sorted(by: { $0.key < $1.key }) {
      columns.append(DataColumn(name: name, kind: .continuous, values: values))
    }
    return AnalysisData(table: DataTable(columns: columns))
  }

  static func build(_ data: AnalysisData, weights: [Double]? = nil) -> Result<PanelData, PanelError> {
    PanelData.build(
      data: data, unit: "unit", time: "time", treatment: "d", outcome: "y", covariates: [], weights: weights)
  }

  /// The shape of every fixture panel as its expected.json's `panel` block records it.
  @Test(arguments: PanelFixtures.all.map(\.name))
  func shapeMatchesFixture(_ name: String) throws {
    let expected = EngineFixtures.expected(name)["panel"]
    let panel = try PanelFixtures.panel(PanelFixtures.find(name))
    #expect(panel.unitCount == expected["units"].int)
    #expect(panel.periods == expected["time_values"].doubles)
    #expect(panel.rowCount == expected["rows"].int)
    #expect(panel.isBalanced == (expected["balanced"].value as? Bool))
    #expect(panel.neverTreatedUnits == expected["never_treated"].int)
    #expect(panel.treatedRows == expected["treated_rows"].int)
    let cohorts = expected["cohorts"].array
    #expect(panel.cohorts.map(\.cohort) == cohorts.compactMap { $0["cohort"].double })
    #expect(panel.cohorts.map(\.units) == cohorts.compactMap { $0["size"].int })
  }

  @Test func duplicateRowsAreLocated() {
    let data = Self.table(units: [1, 1, 1, 2, 2], times: [1, 2, 2, 1, 2], d: [0, 0, 0, 0, 0])
    guard case .failure(let error) = Self.build(data) else {
      Issue.record("a repeated (unit, period) must be refused")
      return
    }
    #expect(error.message.contains("unit 1 has more than one row in period 2"))
    #expect(error.rows == [1, 2])
  }

  @Test func treatmentThatSwitchesOffIsLocated() {
    let data = Self.table(units: [7, 7, 7, 8, 8, 8], times: [1, 2, 3, 1, 2, 3], d: [0, 1, 0, 0, 0, 1])
    guard case .failure(let error) = Self.build(data) else {
      Issue.record("a treatment that switches off must be refused")
      return
    }
    #expect(error.message.contains("unit 7 is 1 in period 2 and 0 in period 3"))
    #expect(error.rows == [1, 2])
  }

  @Test func everyProblemIsReportedAtOnce() {
    let data = Self.table(
      units: [1, 1, 2, 2], times: [1, 2, 1, 2], d: [0, 2, 0, 1], y: [0, .nan, 1, 2])
    guard case .failure(let error) = Self.build(data, weights: [1, 1, 0, 1]) else {
      Issue.record("the table must be refused")
      return
    }
    let messages = error.all.map(\.message)
    #expect(messages.count == 3)
    #expect(messages[0].contains("outcome column 'y' has 1 missing"))
    #expect(messages[1].contains("must be 0 or 1") && error.all[1].rows == [1])
    #expect(messages[2].contains("sampling weights must be positive") && error.all[2].rows == [2])
  }

  /// Gaps are kept (two-way fixed effects use every row), recorded, and
  /// available as a located error; balancing drops the units with gaps.
  @Test func gapsAreRecordedAndBalancingDropsThem() throws {
    let data = Self.table(
      units: [1, 1, 1, 2, 2, 3, 3, 3], times: [1, 2, 3, 1, 3, 1, 2, 3], d: [0, 0, 1, 0, 1, 0, 0, 0])
    guard case .success(let panel) = Self.build(data) else {
      Issue.record("gaps are not a build error")
      return
    }
    #expect(!panel.isBalanced)
    #expect(panel.gaps == [PanelGap(unit: "2", missingPeriods: [2], rows: [3, 4])])
    #expect(panel.undeterminedAdoption == ["2"])
    let gap = try #require(panel.gapError())
    #expect(gap.message.contains("unit 2 has no row for period 2") && gap.rows == [3, 4])
    let balanced = panel.balanced()
    #expect(balanced.unitLabels == ["1", "3"] && balanced.droppedForBalance == ["2"])
    #expect(balanced.isBalanced && balanced.dataRows == [0, 1, 2, 5, 6, 7])
    #expect(balanced.cohorts.map(\.cohort) == [3] && balanced.neverTreatedUnits == 1)
  }

  /// Weights and cluster ids must be constant within unit for Callaway &
  /// Sant'Anna; the error names the unit and its rows.
  @Test func unitLevelWeightsAreRequired() throws {
    let data = Self.table(units: [1, 1, 2, 2, 3, 3], times: [1, 2, 1, 2, 1, 2], d: [0, 1, 0, 0, 0, 0])
    guard case .success(let panel) = Self.build(data, weights: [1, 2, 1, 1, 1, 1]) else {
      Issue.record("varying weights are a valid panel")
      return
    }
    let problem = try #require(panel.unitConstancyError(panel.weights ?? [], name: "sampling weights"))
    #expect(problem.message.contains("unit 1") && problem.rows == [0, 1])
    let options = CallawaySantAnna.Options(
      controlGroup: .neverTreated, approach: .doublyRobust, basePeriod: .varying, anticipation: 0, covariates: [],
      confidenceLevel: 0.95, bootstrap: nil, seed: 1, streamLabel: "cs")
    #expect(throws: EstimationFailure.self) { try CallawaySantAnna.estimate(panel, options: options) }
  }

  /// The canonical 2×2 (did_2x2): Callaway & Sant'Anna's ATT(2,2), every
  /// aggregation and the TWFE coefficient all equal the difference of mean
  /// changes (README `two_by_two`), and the CS standard error equals the
  /// CR0 cluster-robust TWFE standard error (fixest's divided by the square
  /// root of its small-sample factor). Tolerance 1e-12 relative: closed forms.
  @Test func canonicalTwoByTwoAgrees() throws {
    let expected = EngineFixtures.expected("did_2x2")["two_by_two"]
    let panel = try PanelFixtures.panel(PanelFixtures.twoByTwo)
    let twfe = try TwoWayFixedEffects.estimate(panel)
    let difference = try #require(expected["difference_of_mean_changes"].double)
    for approach in [CallawaySantAnna.Approach.doublyRobust, .outcomeRegression, .inverseProbability] {
      let cs = try CallawaySantAnna.estimate(
        panel,
        options: CallawaySantAnna.Options(
          controlGroup: .neverTreated, approach: approach, basePeriod: .varying, anticipation: 0, covariates: [],
          confidenceLevel: 0.95, bootstrap: nil, seed: 1, streamLabel: "cs"))
      #expect(cs.cells.count == 1 && cs.preTest == nil && cs.preTestCells == 0)
      for value in [cs.cells[0].value, cs.simple.value, cs.dynamic.value, cs.group.value, cs.calendar.value] {
        expectClose(value, difference, relative: 1e-12, "CS (\(approach))")
      }
      expectClose(cs.simple.standardError, expected["se_unpooled_divisor_n"].double, relative: 1e-12, "CS se")
      expectClose(
        cs.simple.standardError, twfe.standardError / twfe.smallSampleFactor.squareRoot(), relative: 1e-12,
        "CS se = TWFE CR0")
    }
    expectClose(twfe.value, difference, relative: 1e-12, "TWFE")
    expectClose(twfe.standardError, expected["twfe_std_error_fixest"].double, relative: 1e-12, "TWFE se")
    #expect(twfe.bacon?.count == 1 && twfe.negativeWeights?.count == 0)
  }

  /// Standard errors clustered above the unit: R did's influence functions
  /// summed by cluster (scripts/did_clusters.R) on mpdta by state, and on
  /// the 2×2 by blocks of 4 units, where fixest's CR0 SE with the same
  /// clusters is the same number (the two influence functions coincide).
  @Test func clusteredStandardErrors() throws {
    let mpdta = EngineFixtures.json("did_mpdta/clusters.json")["cs_nevertreated_dr_varying_nocov_state"]
    let data = try PanelFixtures.data(PanelFixtures.mpdta)
    let state = data.values("countyreal").map { Int($0) / 1000 }
    var options = PanelFixtures.options(
      EngineFixtures.expected("did_mpdta")["configurations"]["nevertreated_dr_varying_nocov"]["options"])
    options.clusters = state
    let result = try CallawaySantAnna.estimate(try PanelFixtures.panel(PanelFixtures.mpdta), options: options)
    for (a, e) in zip(result.cells, mpdta["att_gt"].array) {
      expectClose(a.standardError, e["std_error_cluster"].double, relative: 1e-10, "ATT(\(a.cohort), \(a.time))")
    }
    expectClose(result.simple.standardError, mpdta["simple"]["std_error_cluster"].double, relative: 1e-10, "simple")

    let twoByTwo = EngineFixtures.json("did_2x2/clusters.json")
    let blocks = try PanelFixtures.data(PanelFixtures.twoByTwo).values("unit").map { (Int($0) - 1) / 4 }
    options.clusters = blocks
    let panel = try PanelFixtures.panel(PanelFixtures.twoByTwo)
    let cs = try CallawaySantAnna.estimate(panel, options: options)
    expectClose(cs.simple.standardError, twoByTwo["cs"]["simple"]["std_error_cluster"].double, relative: 1e-10, "CS")
    expectClose(cs.simple.standardError, twoByTwo["twfe"]["std_error_CR0"].double, relative: 1e-10, "= fixest CR0")
    let twfe = try TwoWayFixedEffects.estimate(panel, clusters: blocks)
    expectClose(twfe.standardError, twoByTwo["twfe"]["std_error"].double, relative: 1e-10, "fixest")
    #expect(twfe.clusters == 50 && twfe.k == 3)
  }

  /// The multiplier bootstrap's critical value against closed forms: for
  /// `k` parameters with independent influence functions (disjoint
  /// supports), `max_j |Z_j|` has the Šidák quantile
  /// `Φ⁻¹((1 + 0.95^{1/k})/2)` (2.4904 for k = 4); for identical columns it
  /// is the pointwise 1.96. 3,000 replicates estimate the 95% quantile with
  /// a Monte-Carlo standard error near 0.03 (k = 4; 0.016 for one column),
  /// so the tolerance is 0.12.
  @Test func bootstrapCriticalValueMatchesClosedForms() {
    let perColumn = 200
    let k = 4
    var generator = Xoshiro256StarStar(seed: 20_240_701)
    var psi = Matrix(rows: perColumn * k, columns: k)
    for j in 0..<k {
      for i in 0..<perColumn { psi[j * perColumn + i, j] = generator.nextNormal() }
    }
    let variance = InfluenceVariance(units: perColumn * k, clusters: nil)
    let errors = (0..<k).map { variance.standardError(psi.column($0)) }
    let independent = MultiplierBootstrap.criticalValue(
      psi: psi, columns: Array(0..<k), standardErrors: errors, variance: variance, replicates: 3000, level: 0.95,
      seed: 7, label: "test")
    let sidak = Normal.quantile((1 + pow(0.95, 1 / Double(k))) / 2)
    #expect(abs((independent ?? 0) - sidak) < 0.12, "\(independent ?? .nan) vs Šidák \(sidak)")
    let same = MultiplierBootstrap.criticalValue(
      psi: psi, columns: [0, 0, 0], standardErrors: [errors[0], errors[0], errors[0]], variance: variance,
      replicates: 3000, level: 0.95, seed: 7, label: "test")
    #expect(abs((same ?? 0) - 1.959964) < 0.12, "\(same ?? .nan) vs 1.96")
    let again = MultiplierBootstrap.criticalValue(
      psi: psi, columns: Array(0..<k), standardErrors: errors, variance: variance, replicates: 3000, level: 0.95,
      seed: 7, label: "test")
    #expect(again == independent, "the same seed and label give the same band")
  }

  /// Uniform bands on mpdta's event study: at least the pointwise 1.96 and
  /// at most the Bonferroni bound for its 7 event times, 2.69.
  @Test func eventStudyBandsLieBetweenPointwiseAndBonferroni() throws {
    let options = PanelFixtures.options(
      EngineFixtures.expected("did_mpdta")["configurations"]["nevertreated_dr_varying_nocov"]["options"],
      bootstrap: 999)
    let result = try CallawaySantAnna.estimate(try PanelFixtures.panel(PanelFixtures.mpdta), options: options)
    let critical = try #require(result.dynamic.uniformCriticalValue)
    let bonferroni = Normal.quantile(1 - 0.025 / 7)
    #expect(critical >= 1.959964 && critical <= bonferroni, "critical value \(critical)")
    #expect(result.simple.uniformCriticalValue == nil)
    #expect((result.cellsUniformCriticalValue ?? 0) > critical - 0.3)
  }
}
