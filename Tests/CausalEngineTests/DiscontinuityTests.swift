import Foundation
import NumericKernels
import StudyModel
import Tabular
import Testing

@testable import CausalEngine

/// Regression discontinuity against Python rdrobust 2.1.1 and rddensity 3.0
/// (Fixtures/rdr_*, weights_clusters; README: rdr_lee …).
///
/// Tolerances, from the fixtures' README: fixed bandwidths 1e-9 relative;
/// data-driven bandwidths 1e-8 (Python's conventions, which the engine
/// follows); the density test 1e-8; bins exactly.
@Suite("Regression discontinuity (rdrobust, rddensity, rdplot)")
struct DiscontinuityTests {
  /// One rdrobust call of a fixture (`fit_specs`).
  struct Spec: Sendable, CustomTestStringConvertible {
    var fixture: String
    var key: String
    var testDescription: String { "\(fixture) \(key)" }
  }

  static func specs(_ fixture: String) -> [Spec] {
    EngineFixtures.expected(fixture)["fit_specs"].array.compactMap { $0["key"].string }.map {
      Spec(fixture: fixture, key: $0)
    }
  }

  static let allSpecs =
    specs("rdr_lee") + specs("rdr_senate") + specs("rdr_below") + specs("rdr_fuzzy") + specs("rdr_placebo_cutoffs")

  static func variance(_ vce: String?) -> DiscontinuityVariance {
    switch vce {
    case "hc0": .hc0
    case "hc1": .hc1
    case "hc2": .hc2
    case "hc3": .hc3
    case "cr1": .cluster
    default: .nearestNeighbor(matches: 3)
    }
  }

  static func kernel(_ name: String?) -> RegressionDiscontinuityOptions.Kernel {
    RegressionDiscontinuityOptions.Kernel(rawValue: name ?? "") ?? .triangular
  }

  /// Reads the fixture's data for one spec and fits it as rdrobust did.
  static func fit(_ spec: Spec) throws -> (DiscontinuityFit, JSONNode) {
    let expected = EngineFixtures.expected(spec.fixture)
    let options = expected["fit_specs"].array.first { $0["key"].string == spec.key } ?? JSONNode(nil)
    let outcome = options["outcome_override"].string ?? expected["outcome"].string ?? ""
    let running = expected["running_variable"].string ?? ""
    let covariates = options["covs"].array.compactMap(\.string)
    let cluster = options["cluster"].string.map { $0 == "state_id" ? "state" : $0 }
    let fuzzy = options["fuzzy"].string
    var columns = [outcome, running] + covariates
    if let cluster { columns.append(cluster) }
    if let fuzzy { columns.append(fuzzy) }
    let data = try EngineFixtures.data(spec.fixture, columns: columns, dropMissing: true)
    var rows = Array(0..<data.rowCount)
    let x = data.values(running)
    let subset = options["subset"]
    if let side = subset["side"].string, let split = subset["split"].double {
      rows = rows.filter { side == "left" ? x[$0] < split : x[$0] >= split }
    }
    func pick(_ name: String) -> [Double] { rows.map { data.values(name)[$0] } }
    let sample = DiscontinuitySample(
      running: pick(running), outcome: pick(outcome), treatment: fuzzy.map(pick), covariates: covariates.map(pick),
      cluster: cluster.map { ClusterIdentifiers.codes(pick($0)) }, weights: nil,
      cutoff: options["c"].double ?? expected["cutoff"].double ?? expected["true_cutoff"].double ?? 0)
    let p = options["p"].int ?? 1
    let kernel = kernel(options["kernel"].string)
    let variance = variance(options["vce"].string)
    var h: Double
    var b: Double
    if let bwselect = options["bwselect"].string {
      let selection = try DiscontinuityBandwidth.select(
        sample, order: p, kernel: kernel, variance: variance,
        kind: bwselect == "cerrd" ? .coverageError : .meanSquaredError)
      (h, b) = (selection.h, selection.b)
    } else {
      h = options["h"].double ?? 0
      b = options["b"].double ?? h
    }
    let fit = try DiscontinuityFit.fit(
      sample, order: p, kernel: kernel, variance: variance, h: SidePair(left: h, right: h),
      b: SidePair(left: b, right: b))
    return (fit, expected["fits"][spec.key])
  }

  @Test("rdrobust estimates, SEs, bandwidths and counts", arguments: allSpecs)
  func rdrobust(_ spec: Spec) throws {
    let (fit, expected) = try Self.fit(spec)
    let dataDriven = expected["options"]["bwselect"].string != nil
    let tolerance = dataDriven ? 1e-8 : 1e-9
    let label = "\(spec.fixture) \(spec.key)"
    expectClose(fit.h.left, expected["h"]["left"].double, relative: tolerance, "\(label) h")
    expectClose(fit.b.left, expected["b"]["left"].double, relative: tolerance, "\(label) b")
    expectClose(
      fit.rows.conventional.estimate, expected["conventional"]["estimate"].double, relative: tolerance,
      "\(label) conventional")
    expectClose(
      fit.rows.conventional.standardError, expected["conventional"]["std_error"].double, relative: tolerance,
      "\(label) conventional SE")
    expectClose(
      fit.rows.robust.estimate, expected["robust"]["estimate"].double, relative: tolerance, "\(label) bias-corrected")
    expectClose(
      fit.rows.robust.standardError, expected["robust"]["std_error"].double, relative: tolerance, "\(label) robust SE")
    #expect(fit.effectiveN.left == expected["N_h"]["left"].int, "\(label) N_h left")
    #expect(fit.effectiveN.right == expected["N_h"]["right"].int, "\(label) N_h right")
    #expect(fit.biasN.left == expected["N_b"]["left"].int, "\(label) N_b left")
    #expect(fit.n.right == expected["N"]["right"].int, "\(label) N right")
    expectClose(
      fit.limitsConventional.left, expected["limits_conventional"]["left"].double, relative: tolerance,
      "\(label) left limit")
    if let clusters = expected["n_clusters"].int { #expect(fit.clusters == clusters, "\(label) clusters") }
    let covariates = expected["coef_covs"]
    for (i, name) in (expected["options"]["covs"].array.compactMap(\.string)).enumerated() {
      expectClose(fit.covariateCoefficients[i], covariates[name].double, relative: tolerance, "\(label) γ \(name)")
    }
    if expected["first_stage"].value != nil {
      let stage = try #require(fit.firstStage)
      expectClose(
        stage.conventional.estimate, expected["first_stage"]["conventional"]["estimate"].double,
        relative: tolerance, "\(label) first stage")
      expectClose(
        stage.robust.standardError, expected["first_stage"]["robust"]["std_error"].double, relative: tolerance,
        "\(label) first stage robust SE")
    }
  }

  @Test("sampling weights and clusters (weights_clusters: rdrobust weights= and cluster=)")
  func weightsAndClusters() throws {
    let block = EngineFixtures.expected("weights_clusters")["methods"]["regression_discontinuity"]
    let data = try EngineFixtures.data("weights_clusters")
    let x = data.values("R")
    let y = data.values("Y_rd")
    let w = data.values("w")
    let cluster = ClusterIdentifiers.codes(data.values("cluster"))
    for fitKey in ["h0.3", "mserd"] {
      for configuration in ["unweighted", "weights", "cluster", "weights_cluster"] {
        let expected = block["fits"][fitKey][configuration]
        let weighted = configuration.hasPrefix("weights")
        let clustered = configuration.hasSuffix("cluster")
        let sample = DiscontinuitySample(
          running: x, outcome: y, treatment: nil, covariates: [], cluster: clustered ? cluster : nil,
          weights: weighted ? w : nil, cutoff: 0)
        let variance: DiscontinuityVariance = clustered ? .cluster : .nearestNeighbor(matches: 3)
        var h = 0.3
        var b = 0.3
        if fitKey == "mserd" {
          let selection = try DiscontinuityBandwidth.select(
            sample, order: 1, kernel: .triangular, variance: variance, kind: .meanSquaredError)
          (h, b) = (selection.h, selection.b)
        }
        let fit = try DiscontinuityFit.fit(
          sample, order: 1, kernel: .triangular, variance: variance, h: SidePair(left: h, right: h),
          b: SidePair(left: b, right: b))
        let tolerance = fitKey == "mserd" ? 1e-8 : 1e-9
        let label = "\(fitKey) \(configuration)"
        expectClose(h, expected["h"]["left"].double, relative: tolerance, "\(label) h")
        expectClose(b, expected["b"]["left"].double, relative: tolerance, "\(label) b")
        expectClose(
          fit.rows.conventional.estimate, expected["conventional"]["value"].double, relative: tolerance,
          "\(label) estimate")
        expectClose(
          fit.rows.conventional.standardError, expected["conventional"]["std_error"].double, relative: tolerance,
          "\(label) SE")
        expectClose(
          fit.rows.robust.estimate, expected["robust"]["value"].double, relative: tolerance, "\(label) bias-corrected")
        expectClose(
          fit.rows.robust.standardError, expected["robust"]["std_error"].double, relative: tolerance,
          "\(label) robust SE")
        if clustered { #expect(fit.clusters == expected["n_clusters"].int, "\(label) clusters") }
      }
    }
  }

  struct DensityCase: Sendable, CustomTestStringConvertible {
    var fixture: String
    var column: String
    var path: [String]
    var testDescription: String { "\(fixture) \(column)" }
  }

  @Test(
    "rddensity's manipulation test (p = 2, q = 3, jackknife, comb bandwidths)",
    arguments: [
      DensityCase(fixture: "rdr_lee", column: "lagdemvoteshare", path: ["density_test"]),
      DensityCase(fixture: "rdr_senate", column: "margin", path: ["density_test"]),
      DensityCase(fixture: "rdr_manipulated", column: "x_clean", path: ["density_test", "clean"]),
      DensityCase(fixture: "rdr_manipulated", column: "x_manipulated", path: ["density_test", "manipulated"]),
    ])
  func density(_ test: DensityCase) throws {
    var expected = EngineFixtures.expected(test.fixture)
    for key in test.path { expected = expected[key] }
    let data = try EngineFixtures.data(test.fixture, columns: [test.column], dropMissing: true)
    let cutoff = EngineFixtures.expected(test.fixture)["cutoff"].double ?? 0
    let result = try DensityDiscontinuityTest.test(data.values(test.column), cutoff: cutoff)
    let label = test.testDescription
    expectClose(result.h.left, expected["h"]["left"].double, relative: 1e-8, "\(label) h left")
    expectClose(result.h.right, expected["h"]["right"].double, relative: 1e-8, "\(label) h right")
    expectClose(result.density.left, expected["density_hat_q3"]["left"].double, relative: 1e-8, "\(label) f left")
    expectClose(result.density.right, expected["density_hat_q3"]["right"].double, relative: 1e-8, "\(label) f right")
    expectClose(
      result.differenceStandardError, expected["sd_jk_q3"]["diff"].double, relative: 1e-8, "\(label) sd_jk")
    expectClose(result.statistic, expected["test"]["t_jk"].double, relative: 1e-8, "\(label) T_jk")
    expectClose(result.pValue, expected["test"]["p_jk"].double, relative: 1e-8, "\(label) p_jk")
    #expect(result.effectiveCount.left == expected["N"]["eff_left"].int, "\(label) eff left")
    #expect(result.effectiveCount.right == expected["N"]["eff_right"].int, "\(label) eff right")
    #expect(result.massPointsAdjusted == expected["mass_points_adjusted"].value as? Bool, "\(label) mass points")
    for (i, row) in ["l", "r", "diff", "sum"].enumerated() {
      expectClose(
        result.pilotBandwidths[i], expected["rdbwdensity_p2"][row]["bw"].double, relative: 1e-8,
        "\(label) rdbwdensity \(row)")
    }
  }

  @Test("rdplot's bins (esmv; esmvpr with mass points) and global quartic fits", arguments: ["rdr_lee", "rdr_senate"])
  func plotBins(_ fixture: String) throws {
    let expected = EngineFixtures.expected(fixture)
    let plot = expected["rdplot"]
    let outcome = expected["outcome"].string ?? ""
    let running = expected["running_variable"].string ?? ""
    let data = try EngineFixtures.data(fixture, columns: [outcome, running], dropMissing: true)
    let built = try #require(
      DiscontinuityPlotData.build(
        x: data.values(running), y: data.values(outcome), cutoff: expected["cutoff"].double ?? 0))
    #expect(built.binCount.left == plot["J"]["left"].int)
    #expect(built.binCount.right == plot["J"]["right"].int)
    let bins = plot["bins"]
    #expect(built.bins.map(\.index) == bins["bin"].array.compactMap(\.int))
    #expect(built.bins.map(\.count) == bins["N"].array.compactMap(\.int))
    // The edges are numpy's linspace, computed the same way. They are compared
    // at 1e-15 because Foundation's JSONSerialization on Linux does not parse
    // every double correctly rounded (-6.666666666666657 reads as …659).
    for (side, edges) in [("left", built.edges.left), ("right", built.edges.right)] {
      let reference = plot["edges"][side].doubles
      #expect(edges.count == reference.count, "\(fixture) \(side) edges")
      for (e, r) in zip(edges, reference) {
        expectClose(e, r, relative: 1e-15, floor: 1, "\(fixture) \(side) edge")
      }
    }
    for (i, bin) in built.bins.enumerated() {
      expectClose(bin.lower, bins["min_edge"][i].double, relative: 1e-15, floor: 1, "\(fixture) bin \(bin.index) lower")
      expectClose(bin.upper, bins["max_edge"][i].double, relative: 1e-15, floor: 1, "\(fixture) bin \(bin.index) upper")
      expectClose(bin.meanY, bins["mean_y"][i].double, relative: 1e-12, "\(fixture) bin \(bin.index) mean y")
      expectClose(bin.meanX, bins["mean_x"][i].double, relative: 1e-12, "\(fixture) bin \(bin.index) mean x")
    }
    // The quartic fits are least squares on raw powers; R agrees with Python to 3e-9.
    for (j, coefficient) in built.polynomial.left.enumerated() {
      expectClose(coefficient, plot["poly_coef_p4"]["left"][j].double, relative: 1e-7, "\(fixture) left quartic \(j)")
    }
    for (j, coefficient) in built.polynomial.right.enumerated() {
      expectClose(
        coefficient, plot["poly_coef_p4"]["right"][j].double, relative: 1e-7, "\(fixture) right quartic \(j)")
    }
  }

  // MARK: - The estimator: design, sides, inference rows

  @Test("sharp RD treated above, robust inference (Lee: rdr_lee mserd_triangular_p1_nn)")
  func estimatorAbove() throws {
    let fit = EngineFixtures.expected("rdr_lee")["fits"]["mserd_triangular_p1_nn"]
    let data = try EngineFixtures.data(
      "rdr_lee", columns: ["score", "lagdemvoteshare", "lagdemocrat"], dropMissing: true)
    let problem = EngineFixtures.problem(
      data, method: .regressionDiscontinuity, treatment: "lagdemocrat", outcome: "score",
      params: ["running_variable": .string("lagdemvoteshare"), "cutoff": .number(0.5)])
    let result = try RegressionDiscontinuityEstimator().estimate(problem)
    let record = try #require(result.discontinuity)
    #expect(record.design == .sharp)
    #expect(record.treatedSide == .above && record.treatedSideInferred)
    expectClose(result.value, fit["conventional"]["estimate"].double, relative: 1e-8, "value = conventional")
    expectClose(result.standardError, fit["robust"]["std_error"].double, relative: 1e-8, "robust SE")
    expectClose(result.confidenceInterval?[0], fit["robust"]["ci"][0].double, relative: 1e-8, "robust CI lower")
    expectClose(result.confidenceInterval?[1], fit["robust"]["ci"][1].double, relative: 1e-8, "robust CI upper")
    expectClose(result.pValue, fit["robust"]["p_value"].double, relative: 1e-6, "robust p")
    expectClose(record.bandwidth.below, fit["h"]["left"].double, relative: 1e-8, "h")
    expectClose(record.biasBandwidth.above, fit["b"]["right"].double, relative: 1e-8, "b")
    #expect(record.massPointsAdjusted)
    #expect(record.effectiveObservations == SideCounts(below: 2207, above: 1940))
  }

  @Test("sharp RD treated below: treated minus untreated, interval reflected (rdr_below)")
  func estimatorBelow() throws {
    let expected = EngineFixtures.expected("rdr_below")["fits"]
    var data = try EngineFixtures.data("rdr_below", columns: ["vote", "margin"], dropMissing: true)
    data = data.replacing("treated", with: data.values("margin").map { $0 < 0 ? 1 : 0 }, kind: .binary)
    for (key, params) in [
      ("mserd_triangular_p1_nn", [String: ParameterValue]()), ("cerrd_triangular_p1_nn", ["bandwidth": .string("cer")]),
      ("h10.0_triangular_p1_nn", ["bandwidth": .number(10), "inference": .string("conventional")]),
    ] {
      let problem = EngineFixtures.problem(
        data, method: .regressionDiscontinuity, treatment: "treated", outcome: "vote",
        params: params.merging(["running_variable": .string("margin"), "cutoff": .number(0)]) { a, _ in a })
      let result = try RegressionDiscontinuityEstimator().estimate(problem)
      let fit = expected[key]["treated_minus_untreated"]
      let row = params["inference"] == nil ? fit["robust"] : fit["conventional"]
      let tolerance = params["bandwidth"].map { if case .number = $0 { 1e-9 } else { 1e-8 } } ?? 1e-8
      #expect(result.discontinuity?.treatedSide == .below)
      expectClose(result.value, fit["conventional"]["estimate"].double, relative: tolerance, "\(key) value")
      expectClose(result.confidenceInterval?[0], row["ci"][0].double, relative: tolerance, "\(key) CI lower")
      expectClose(result.confidenceInterval?[1], row["ci"][1].double, relative: tolerance, "\(key) CI upper")
      expectClose(
        result.discontinuity?.biasCorrected.estimate, fit["bias_corrected"]["estimate"].double, relative: tolerance,
        "\(key) bias-corrected")
    }
    // Naming the wrong side of an exactly sharp design is refused, with the fix.
    let wrong = EngineFixtures.problem(
      data, method: .regressionDiscontinuity, treatment: "treated", outcome: "vote",
      params: ["running_variable": .string("margin"), "cutoff": .number(0), "treated_side": .string("above")])
    #expect(throws: EstimationFailure.self) { try RegressionDiscontinuityEstimator().estimate(wrong) }
    do {
      _ = try RegressionDiscontinuityEstimator().estimate(wrong)
    } catch {
      #expect(error.message.contains("write 'treated_side: below'"))
    }
  }

  @Test("fuzzy RD detected from the data, with covariates (rdr_fuzzy)")
  func estimatorFuzzy() throws {
    let expected = EngineFixtures.expected("rdr_fuzzy")["fits"]
    let data = try EngineFixtures.data("rdr_fuzzy")
    for (key, covariates) in [("mserd_triangular_p1_nn", [String]()), ("mserd_triangular_p1_nn_covs_W", ["W"])] {
      let problem = EngineFixtures.problem(
        data, method: .regressionDiscontinuity, treatment: "D", outcome: "Y",
        params: [
          "running_variable": .string("X"), "cutoff": .number(0), "covariates": .list(covariates.map { .string($0) }),
        ])
      let result = try RegressionDiscontinuityEstimator().estimate(problem)
      let fit = expected[key]
      let record = try #require(result.discontinuity)
      #expect(record.design == .fuzzy)
      #expect(record.treatedSide == .above)
      expectClose(result.value, fit["conventional"]["estimate"].double, relative: 1e-8, "\(key) value")
      expectClose(result.standardError, fit["robust"]["std_error"].double, relative: 1e-8, "\(key) robust SE")
      expectClose(
        record.firstStage?.conventional.estimate, fit["first_stage"]["conventional"]["estimate"].double,
        relative: 1e-8, "\(key) first stage")
    }
  }

  @Test("a categorical running variable or covariate is refused, never read as its level codes")
  func categoricalRefused() throws {
    var data = try EngineFixtures.data("rdr_fuzzy")
    data = data.replacing("group", with: data.values("W").map { $0 > 0 ? 1 : 0 }, kind: .categorical)
    let problem = EngineFixtures.problem(
      data, method: .regressionDiscontinuity, treatment: "D", outcome: "Y",
      params: ["running_variable": .string("X"), "cutoff": .number(0), "covariates": .list([.string("group")])])
    do {
      _ = try RegressionDiscontinuityEstimator().estimate(problem)
      Issue.record("a categorical covariate was accepted")
    } catch {
      #expect(error.message.contains("'group' is categorical"))
    }
  }
}
