import Foundation
import NumericKernels
import StudyModel
import Tabular
import TestSupport
import Testing

@testable import CausalEngine

/// Propensity-score weighting, matching and stratification against R
/// PSweight, R Matching and the documented definitions (Fixtures/ipw_*,
/// psm_lalonde, dm_lalonde, pss_binary).
@Suite("Propensity-score estimators")
struct PropensityEstimatorTests {
  static let lalondeCovariates = ["age", "educ", "black", "hisp", "marr", "nodegree", "re74", "re75"]
  static let effects: [(EffectKind, String)] = [
    (.averageTreatmentEffect, "ate"), (.averageTreatmentEffectOnTreated, "att"),
    (.averageTreatmentEffectOnControls, "atc"),
  ]

  struct WeightingCase: Sendable, CustomTestStringConvertible {
    var name: String
    var treatment: String
    var outcome: String
    var covariates: [String]
    var testDescription: String { name }
  }

  static let weightingCases = [
    WeightingCase(name: "ipw_lalonde", treatment: "treat", outcome: "re78", covariates: lalondeCovariates),
    WeightingCase(name: "ipw_binary", treatment: "v0", outcome: "y", covariates: ["W0", "W1", "W2", "W3", "W4"]),
  ]

  @Test("Hajek and Horvitz-Thompson weighting with M-estimation sandwich SEs", arguments: weightingCases)
  func weighting(_ c: WeightingCase) throws {
    let data = try EngineFixtures.data(c.name)
    let expected = EngineFixtures.expected(c.name)["estimates"]
    for scheme in ["hajek", "horvitz_thompson"] {
      for (effect, key) in Self.effects {
        let problem = EngineFixtures.problem(
          data, method: .propensityScoreWeighting, treatment: c.treatment, outcome: c.outcome,
          adjustment: c.covariates, effect: effect, params: ["weighting": .string(scheme)])
        let result = try PropensityScoreWeightingEstimator().estimate(problem)
        expectClose(result.value, expected[scheme][key]["estimate"].double, relative: 1e-8, "\(scheme) \(key) estimate")
        expectClose(result.standardError, expected[scheme][key]["se"].double, relative: 1e-7, "\(scheme) \(key) se")
      }
    }
  }

  @Test("overlap weights deliver the ATO, with its sandwich SE and effective sample sizes", arguments: weightingCases)
  func overlapWeights(_ c: WeightingCase) throws {
    let data = try EngineFixtures.data(c.name)
    let expected = EngineFixtures.expected(c.name)["estimates"]["overlap_ato"]
    let problem = EngineFixtures.problem(
      data, method: .propensityScoreWeighting, treatment: c.treatment, outcome: c.outcome, adjustment: c.covariates,
      params: ["weighting": .string("overlap")])
    let result = try PropensityScoreWeightingEstimator().estimate(problem)
    expectClose(result.value, expected["estimate"].double, relative: 1e-8, "ATO estimate")
    expectClose(result.standardError, expected["se"].double, relative: 1e-7, "ATO se")
    #expect(result.deliveredEstimand?.hasPrefix("ATO") == true)
    let ess = result.diagnostics.first { $0.name == "effective sample size (treated)" }?.value
    expectClose(ess, expected["ess_treated"].double, relative: 1e-8, "ESS treated")
  }

  @Test("overlap weights cannot deliver the ATT: an error, not a silent ATO")
  func overlapRefusesATT() throws {
    let data = try EngineFixtures.data("ipw_lalonde")
    let problem = EngineFixtures.problem(
      data, method: .propensityScoreWeighting, treatment: "treat", outcome: "re78",
      adjustment: Self.lalondeCovariates, effect: .averageTreatmentEffectOnTreated,
      params: ["weighting": .string("overlap")])
    #expect(throws: EstimationFailure.self) { try PropensityScoreWeightingEstimator().estimate(problem) }
  }

  @Test("1-NN propensity matching with ties: estimates (R Matching) and the AI (2016) SE for the estimated score")
  func propensityMatching() throws {
    let data = try EngineFixtures.data("psm_lalonde")
    let expected = EngineFixtures.expected("psm_lalonde")
    let corrected = expected["ai2016_estimated_pscore"]["results"]["varcalc1_tol1e-05"]
    for (effect, key) in Self.effects {
      let problem = EngineFixtures.problem(
        data, method: .propensityScoreMatching, treatment: "treat", outcome: "re78",
        adjustment: Self.lalondeCovariates, effect: effect)
      let result = try PropensityScoreMatchingEstimator().estimate(problem)
      let e = expected["results"]["\(key.uppercased())_varcalc1_tol1e-05"]
      expectClose(result.value, e["estimate"].double, relative: 1e-9, "\(key) estimate")
      if key != "atc" {
        expectClose(result.standardError, corrected[key.uppercased()]["se"].double, relative: 1e-7, "\(key) AI 2016 se")
      }
      // With a caliper the 2016 correction does not apply: the AI (2006) SE of R's Matching.
      let known = try PropensityScoreMatchingEstimator().estimate(
        EngineFixtures.problem(
          data, method: .propensityScoreMatching, treatment: "treat", outcome: "re78",
          adjustment: Self.lalondeCovariates, effect: effect, params: ["caliper": .number(1000)]))
      expectClose(known.standardError, e["se_AI"].double, relative: 1e-8, "\(key) AI 2006 se")
    }
  }

  @Test("two neighbours, and a caliper on the logit that drops units, as R Matching")
  func propensityMatchingVariants() throws {
    // Fixtures/psm_lalonde/r_match_variants.json (scripts/matching_variants.R, R Matching 4.10-8):
    // M = 2 on the score, and M = 1 on the logit within 0.1 of its standard deviation.
    let data = try EngineFixtures.data("psm_lalonde")
    let expected = EngineFixtures.json("psm_lalonde/r_match_variants.json")
    for (effect, key) in Self.effects {
      func run(_ params: [String: ParameterValue]) throws -> EstimationResult {
        try PropensityScoreMatchingEstimator().estimate(
          EngineFixtures.problem(
            data, method: .propensityScoreMatching, treatment: "treat", outcome: "re78",
            adjustment: Self.lalondeCovariates, effect: effect, params: params))
      }
      // A caliper wide enough to drop no one keeps the AI (2006) SE, which R reports.
      let two = try run(["neighbors": .integer(2), "caliper": .number(1000)])
      let m2 = expected["\(key.uppercased())_M2_pscore"]
      expectClose(two.value, m2["estimate"].double, relative: 1e-8, "\(key) M = 2 estimate")
      expectClose(two.standardError, m2["se"].double, relative: 1e-7, "\(key) M = 2 se")
      let narrow = try run(["scale": .string("logit"), "caliper": .number(0.1)])
      let caliper = expected["\(key.uppercased())_M1_logit_caliper0.1"]
      expectClose(narrow.value, caliper["estimate"].double, relative: 1e-8, "\(key) caliper estimate")
      // R's SE with a caliper keeps the dropped target units in the variance: each adds
      // (0 − τ̂)² (its unit effect is left at 0) and the divisor is the number of targets
      // before the drops (Matching 4.10-8 RmatchLoop: iot.t = Tr·weight, SN = sum(iot.t)).
      // Assay's variance is that of the matched sample alone, so the reference is R's, undone:
      // V = (se_R² N² − drops · τ̂²) / N_m², N targets, N_m matched (wnobs).
      let targets = Double(key == "att" ? 185 : key == "atc" ? 260 : 445)
      let drops = caliper["n_dropped"].double ?? .nan
      let matched = caliper["wnobs"].double ?? .nan
      let estimate = caliper["estimate"].double ?? .nan
      let seR = caliper["se"].double ?? .nan
      let matchedSE = ((seR * seR * targets * targets - drops * estimate * estimate) / (matched * matched)).squareRoot()
      expectClose(narrow.standardError, matchedSE, relative: 1e-7, "\(key) caliper se")
      #expect(narrow.diagnostics.first { $0.name == "unmatched units" }?.value == drops)
    }
  }

  @Test("matching without replacement takes, in order of decreasing score, each unit's nearest unused units")
  func propensityMatchingWithoutReplacement() throws {
    // The reference is the rule written out by brute force on the fixture's score
    // (psm_lalonde/data.csv `pscore`, R glm; the engine's own fit agrees to 1e-9): treated
    // units by decreasing score (ties by row), each taking the k unused controls nearest in
    // |e_i − e_j| (ties by row), inside the caliper when there is one. ATT = mean of
    // y_i − mean(y of its matches) over the matched treated.
    let data = try EngineFixtures.data("psm_lalonde")
    let e = data.values("pscore")
    let d = data.values("treat")
    let y = data.values("re78")
    for (k, caliper) in [(1, nil), (2, nil), (1, 0.05)] as [(Int, Double?)] {
      let logit = e.map { Foundation.log($0 / (1 - $0)) }
      let width = caliper.map { c -> Double in
        let m = logit.reduce(0, +) / Double(logit.count)
        return c * (logit.reduce(0.0) { $0 + ($1 - m) * ($1 - m) } / Double(logit.count - 1)).squareRoot()
      }
      var used = Set<Int>()
      var effects: [Double] = []
      for i in d.indices.filter({ d[$0] == 1 }).sorted(by: { (-e[$0], $0) < (-e[$1], $1) }) {
        let chosen = d.indices
          .filter { j in d[j] == 0 && !used.contains(j) && (width.map { w in abs(logit[i] - logit[j]) <= w } ?? true) }
          .sorted { (abs(e[i] - e[$0]), $0) < (abs(e[i] - e[$1]), $1) }.prefix(k)
        guard !chosen.isEmpty else { continue }
        used.formUnion(chosen)
        effects.append(y[i] - chosen.reduce(0.0) { $0 + y[$1] } / Double(chosen.count))
      }
      var params: [String: ParameterValue] = ["replacement": .bool(false), "neighbors": .integer(k)]
      if let caliper { params["caliper"] = .number(caliper) }
      let result = try PropensityScoreMatchingEstimator().estimate(
        EngineFixtures.problem(
          data, method: .propensityScoreMatching, treatment: "treat", outcome: "re78",
          adjustment: Self.lalondeCovariates, effect: .averageTreatmentEffectOnTreated, params: params))
      expectClose(
        result.value, effects.reduce(0, +) / Double(effects.count), relative: 1e-9, "k = \(k), caliper \(caliper ?? 0)")
      #expect(result.diagnostics.first { $0.name == "matched units" }?.value == Double(effects.count))
    }
  }

  @Test("balance rows: standardised mean differences before and after weighting, by hand")
  func balanceRows() {
    // x = 1…6 with the first three treated; pooled sd = sqrt((var₁ + var₀)/2) = sqrt((1 + 1)/2) = 1.
    // Before: (2 − 5)/1 = −3. After, weights (1, 1, 2 | 1, 3, 1): treated mean (1 + 2 + 6)/4 = 2.25,
    // control mean (4 + 15 + 6)/5 = 5, so (2.25 − 5)/1 = −2.75. A constant column has no row.
    let data = AnalysisData(
      table: DataTable(columns: [
        DataColumn(name: "x", kind: .continuous, values: [1, 2, 3, 4, 5, 6]),
        DataColumn(name: "constant", kind: .continuous, values: [7, 7, 7, 7, 7, 7]),
      ]))
    let design = ModelDesign.build(data: data, treatment: nil, covariates: ["x", "constant"], terms: [])
    let rows = Balance.rows(design: design, indicator: [1, 1, 1, 0, 0, 0], weights: [1, 1, 2, 1, 3, 1])
    #expect(rows.map(\.covariate) == ["x"])
    #expect(abs((rows.first?.before ?? .nan) + 3) < 1e-12)
    #expect(abs((rows.first?.after ?? .nan) + 2.75) < 1e-12)
    #expect(Balance.rows(design: design, indicator: [1, 1, 1, 0, 0, 0], weights: nil).first?.after == nil)
  }

  @Test("the conditional variances on a line equal the group definition, with long runs of near-ties")
  func conditionalVariancesOnLine() {
    // Scores with heavy near-ties: 300 controls within 1e-4 of 0 (the probability-scale
    // propensities of units far from treatment), the rest spread out. The reference is
    // the definition computed by brute force: the unit, its nearest same-arm unit and every
    // same-arm unit within the tolerance of that squared distance; sample variance.
    var rng = SplitMix64(seed: 7)
    var z = [Double]()
    var d = [Double]()
    var y = [Double]()
    for i in 0..<700 {
      let arm: Double = i % 5 == 0 ? 1 : 0
      let score = i < 300 ? Double(rng.next() % 1000) * 1e-7 : 0.002 * Double(rng.next() % 1000)
      z.append(score)
      d.append(arm)
      y.append(1000 + Double(rng.next() % 10_000) / 7)
    }
    let tolerance = 1e-5
    let expected = z.indices.map { i -> Double in
      let others = z.indices.filter { $0 != i && d[$0] == d[i] }
      guard let nearest = others.map({ (z[$0] - z[i]) * (z[$0] - z[i]) }).min() else { return 0 }
      let group = [i] + others.filter { (z[$0] - z[i]) * (z[$0] - z[i]) <= nearest + tolerance }
      let mean = group.map { y[$0] }.reduce(0, +) / Double(group.count)
      return group.map { (y[$0] - mean) * (y[$0] - mean) }.reduce(0, +) / Double(group.count - 1)
    }
    let found = Matching.conditionalVariancesOnLine(score: z, indicator: d, outcome: y, tolerance: tolerance)
    // Groups of over 64 units exist (the near-zero controls), so the prefix-sum path runs.
    #expect(z.indices.contains { i in z.indices.filter { d[$0] == d[i] && abs(z[$0] - z[i]) < 0.003 }.count > 64 })
    for i in z.indices {
      #expect(abs(found[i] - expected[i]) <= 1e-9 * max(1, expected[i]), "unit \(i)")
    }
  }

  @Test("the ATC is the ATT of the swapped arms, with the same corrected SE")
  func matchingSymmetry() throws {
    let data = try EngineFixtures.data("psm_lalonde")
    let flipped = data.replacing("treat", with: data.values("treat").map { 1 - $0 }, kind: .binary)
    let atc = try PropensityScoreMatchingEstimator().estimate(
      EngineFixtures.problem(
        data, method: .propensityScoreMatching, treatment: "treat", outcome: "re78",
        adjustment: Self.lalondeCovariates, effect: .averageTreatmentEffectOnControls))
    let att = try PropensityScoreMatchingEstimator().estimate(
      EngineFixtures.problem(
        flipped, method: .propensityScoreMatching, treatment: "treat", outcome: "re78",
        adjustment: Self.lalondeCovariates, effect: .averageTreatmentEffectOnTreated))
    expectClose(atc.value, -att.value, relative: 1e-9, "ATC = -ATT(swapped)")
    expectClose(atc.standardError, att.standardError, relative: 1e-6, "same SE")
  }

  @Test("Mahalanobis distance matching with and without bias correction (R Matching)")
  func distanceMatching() throws {
    let data = try EngineFixtures.data("dm_lalonde")
    let results = EngineFixtures.expected("dm_lalonde")["results"]
    for (effect, key) in Self.effects {
      for bias in [false, true] {
        let problem = EngineFixtures.problem(
          data, method: .distanceMatching, treatment: "treat", outcome: "re78", adjustment: Self.lalondeCovariates,
          effect: effect, params: ["bias_correction": .bool(bias)])
        let result = try DistanceMatchingEstimator().estimate(problem)
        let e = results["\(key.uppercased())_varcalc1_tol1e-05_bias\(bias ? "TRUE" : "FALSE")"]
        expectClose(result.value, e["estimate"].double, relative: 1e-9, "\(key) bias \(bias) estimate")
        expectClose(result.standardError, e["se_AI"].double, relative: 1e-8, "\(key) bias \(bias) AI se")
      }
    }
  }

  @Test("stratification on propensity quintiles")
  func stratification() throws {
    let data = try EngineFixtures.data("pss_binary")
    let expected = EngineFixtures.expected("pss_binary")["estimates"]
    for (effect, key) in Self.effects {
      let problem = EngineFixtures.problem(
        data, method: .propensityScoreStratification, treatment: "v0", outcome: "y",
        adjustment: ["W0", "W1", "W2", "W3", "W4"], effect: effect, params: ["se": .string("stratified")])
      let result = try PropensityScoreStratificationEstimator().estimate(problem)
      expectClose(result.value, expected[key]["estimate"].double, relative: 1e-9, "\(key) estimate")
      expectClose(result.standardError, expected[key]["se"].double, relative: 1e-9, "\(key) se")
    }
  }
}
