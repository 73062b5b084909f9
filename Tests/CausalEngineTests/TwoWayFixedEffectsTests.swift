import Foundation
import NumericKernels
import Testing

@testable import CausalEngine

/// Two-way fixed effects against R fixest 0.14.2 (coefficient, clustered SE
/// with fixest's default small-sample correction), bacondecomp 0.1.1 and
/// TwoWayFEWeights 2.0.4 on the committed did_* fixtures.
///
/// Tolerance 1e-10 relative for everything: closed forms (least squares on
/// demeaned data, sums of squares), where R and the engine differ by
/// rounding only (the fixtures' numpy cross-checks agree to 4e-14).
@Suite struct TwoWayFixedEffectsTests {
  static let tolerance = 1e-10

  static func expectTWFE(
    _ result: TwoWayFixedEffects.Result, _ expected: JSONNode, _ label: String,
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    expectClose(result.value, expected["coefficient"].double, relative: tolerance, "\(label) coefficient")
    expectClose(result.standardError, expected["std_error"].double, relative: tolerance, "\(label) std_error")
    if let factor = expected["small_sample_factor"].double {
      expectClose(result.smallSampleFactor, factor, relative: tolerance, "\(label) factor")
      expectClose(result.pValue, expected["p_value"].double, relative: 1e-8, "\(label) p_value")
      #expect(result.degreesOfFreedom == expected["df"].int, "\(label) df", sourceLocation: sourceLocation)
    }
    #expect(result.n == expected["n_obs"].int, "\(label) n", sourceLocation: sourceLocation)
    #expect(result.clusters == expected["n_clusters"].int, "\(label) G", sourceLocation: sourceLocation)
    #expect(result.k == expected["K"].int, "\(label) K", sourceLocation: sourceLocation)
  }

  static func expectChaisemartin(_ result: TwoWayFixedEffects.Result, _ expected: JSONNode, _ label: String) {
    #expect(result.negativeWeights?.count == expected["negative_count"].int, "\(label) negative count")
    #expect(result.negativeWeights?.total == expected["treated_cells"].int, "\(label) treated cells")
    expectClose(
      result.negativeWeights?.sum, expected["negative_sum"].double, relative: 1e-9, floor: 1e-12,
      "\(label) negative sum")
    let cells = expected["weights"].array
    #expect(result.cellWeights.count == cells.count, "\(label) cells")
    for (a, e) in zip(result.cellWeights, cells) {
      #expect(a.cohort == e["cohort"].double && a.time == e["time"].double, "\(label) cell order")
      #expect(a.unitPeriods == e["n_units"].int)
      expectClose(a.weight, e["weight"].double, relative: 1e-9, floor: 1e-6, "\(label) (\(a.cohort), \(a.time))")
    }
    if let sigma = expected["sensitivity_sigma_fe"].double {
      expectClose(result.sensitivity, sigma, relative: 1e-9, "\(label) sigma_fe")
    } else {
      #expect(result.sensitivity == nil, "\(label): equal weights give no sigma_fe (R: null)")
    }
  }

  static func expectBacon(_ components: [TwoWayFixedEffects.BaconComponent]?, _ expected: JSONNode, _ label: String) {
    guard let components else {
      Issue.record("\(label): no Bacon decomposition")
      return
    }
    let rows = expected["comparisons"].array
    #expect(components.count == rows.count, "\(label) number of 2x2s")
    for row in rows {
      let control: Double? = row["untreated"].double == 99_999 ? nil : row["untreated"].double
      guard
        let match = components.first(where: {
          $0.type == row["type"].string && $0.treated == row["treated"].double && $0.control == control
        })
      else {
        Issue.record("\(label): missing \(row["type"].string ?? "") \(row["treated"].double ?? 0)")
        continue
      }
      expectClose(
        match.estimate, row["estimate"].double, relative: 1e-9, floor: 1e-6, "\(label) \(match.type) estimate")
      expectClose(match.weight, row["weight"].double, relative: 1e-9, "\(label) \(match.type) weight")
    }
    let sum = components.reduce(0) { $0 + $1.weight * $1.estimate }
    expectClose(sum, expected["twfe_coefficient"].double, relative: 1e-9, "\(label) weighted sum = TWFE")
  }

  @Test(arguments: PanelFixtures.all.map(\.name))
  func matchesFixestBaconAndWeights(_ name: String) throws {
    let c = PanelFixtures.find(name)
    let expected = EngineFixtures.expected(name)
    let result = try TwoWayFixedEffects.estimate(try PanelFixtures.panel(c))
    Self.expectTWFE(result, expected["twfe"], name)
    Self.expectBacon(result.bacon, expected["bacon"], name)
    Self.expectChaisemartin(result, expected["dcdh"], name)
  }

  /// Castle weighted by population (fixest `weights = ~popwt`,
  /// TwoWayFEWeights with the weight vector); no Bacon decomposition then.
  @Test func castleWeightedByPopulation() throws {
    let expected = EngineFixtures.expected("did_second_panel")
    let result = try TwoWayFixedEffects.estimate(try PanelFixtures.panel(PanelFixtures.castle, weighted: true))
    Self.expectTWFE(result, expected["twfe_weighted"], "castle weighted")
    Self.expectChaisemartin(result, expected["dcdh_weighted"], "castle weighted")
    #expect(result.bacon == nil && result.baconNote != nil)
  }

  /// The bacondecomp vignette's castle decomposition (post = 1[year ≥ effyear],
  /// column post_bacon): TWFE 0.0818 and the by-type weights and averages,
  /// pinned by the fixture to full precision (`reproduced_with_post_bacon`).
  @Test func bacondecompVignette() throws {
    let published = EngineFixtures.expected("did_second_panel")["published"]["bacondecomp_vignette"]
    let reproduced = published["reproduced_with_post_bacon"]
    let panel = try PanelFixtures.panel(PanelFixtures.castle, treatment: "post_bacon")
    let result = try TwoWayFixedEffects.estimate(panel)
    expectClose(result.value, reproduced["twfe_coefficient"].double, relative: 1e-10, "coefficient")
    expectClose(
      result.standardError, reproduced["twfe_std_error_cluster_sid"].double, relative: 1e-10, "std_error")
    #expect((result.value * 10_000).rounded() / 10_000 == published["twfe_coefficient_4dp"].double)
    for type in [
      TwoWayFixedEffects.BaconType.earlierVersusLater, TwoWayFixedEffects.BaconType.laterVersusEarlier,
      TwoWayFixedEffects.BaconType.treatedVersusUntreated,
    ] {
      let parts = result.bacon?.filter { $0.type == type } ?? []
      let weight = parts.reduce(0) { $0 + $1.weight }
      let average = parts.reduce(0) { $0 + $1.weight * $1.estimate } / weight
      expectClose(weight, reproduced["by_type"][type]["weight"].double, relative: 1e-9, "\(type) weight")
      expectClose(average, reproduced["by_type"][type]["avg_estimate"].double, relative: 1e-9, "\(type) average")
      #expect((weight * 100_000).rounded() / 100_000 == published["by_type_5dp"][type]["weight"].double)
    }
  }

  /// fixest on the unbalanced rows of did_simulated (every row used; K = 11).
  @Test func unbalancedRows() throws {
    let expected = EngineFixtures.expected("did_simulated")["unbalanced"]["twfe"]
    let panel = try PanelFixtures.panel(PanelFixtures.simulated, file: "data_unbalanced.csv")
    #expect(!panel.isBalanced && !panel.gaps.isEmpty)
    let result = try TwoWayFixedEffects.estimate(panel)
    Self.expectTWFE(result, expected, "unbalanced")
    #expect(result.bacon == nil)
  }

  /// Fixed-effect singletons are set aside in one step, as fixest 0.14.2
  /// does by default (did_simulated/edges.json, scripts/did_edges.R): the
  /// unbalanced rows with units 1 and 2 reduced to their period-5 row.
  @Test func singletonsAreSetAsideAsFixest() throws {
    let expected = EngineFixtures.json("did_simulated/edges.json")["twfe_singletons"]
    let data = try PanelFixtures.data(PanelFixtures.simulated, file: "data_unbalanced.csv")
    let unit = data.values("unit")
    let time = data.values("time")
    let rows = unit.indices.filter { !(unit[$0] == 1 || unit[$0] == 2) || time[$0] == 5 }
    guard
      case .success(let panel) = PanelData.build(
        data: data.rows(rows), unit: "unit", time: "time", treatment: "d", outcome: "y", covariates: [], weights: nil)
    else {
      Issue.record("panel")
      return
    }
    #expect(panel.rowCount == expected["rows_given"].int)
    let result = try TwoWayFixedEffects.estimate(panel)
    Self.expectTWFE(result, expected, "singletons")
    #expect(result.setAside.map { $0 + 1 } == expected["removed_rows_1based"].array.compactMap(\.int))
    #expect(result.warnings.contains { $0.hasPrefix("2 rows are the only row of their unit or period") })
  }

  /// The staggered panels warn with the share of negative weights and of
  /// already-treated comparisons; the 2x2 does not.
  @Test func warnsUnderStaggeredAdoption() throws {
    let simulated = try TwoWayFixedEffects.estimate(try PanelFixtures.panel(PanelFixtures.simulated))
    #expect(simulated.warnings.contains { $0.hasPrefix("216 of 1062 treated unit-periods (20.3%)") })
    #expect(simulated.warnings.contains { $0.contains("already-treated units as controls") })
    let twoByTwo = try TwoWayFixedEffects.estimate(try PanelFixtures.panel(PanelFixtures.twoByTwo))
    #expect(twoByTwo.warnings.isEmpty)
  }

  /// Clusters coarser than units (units nested: K = 1 + T), crossing
  /// units and periods (K = U + T) and by period (K = 1 + U), as fixest
  /// counts them (did_mpdta/clusters.json, scripts/did_clusters.R).
  @Test func clusterNestingRule() throws {
    let expected = EngineFixtures.json("did_mpdta/clusters.json")["twfe"]
    let data = try PanelFixtures.data(PanelFixtures.mpdta)
    let panel = try PanelFixtures.panel(PanelFixtures.mpdta)
    let county = data.values("countyreal").map { Int($0) }
    let year = data.values("year").map { Int($0) }
    let clusters: [(String, [Int])] = [
      ("state", county.map { $0 / 1000 }), ("crossing", zip(county, year).map { ($0 * 7 + $1) % 37 }), ("year", year),
    ]
    for (name, ids) in clusters {
      let result = try TwoWayFixedEffects.estimate(panel, clusters: ids)
      let e = expected[name]
      expectClose(result.value, e["coefficient"].double, relative: Self.tolerance, "\(name) coefficient")
      expectClose(result.standardError, e["std_error"].double, relative: Self.tolerance, "\(name) std_error")
      #expect(result.k == e["K"].int, "\(name) K")
      #expect(result.clusters == e["n_clusters"].int, "\(name) G")
    }
  }
}
