import CausalGraph
import Foundation
import NumericKernels
import StudyModel
import Tabular
import Testing

@testable import CausalEngine

/// The checks' procedures and pass rules on simulated data whose truth is known.
@Suite("Refuters")
struct RefuterTests {
  static let simulatedChecks: [CheckKind] = [
    .placeboTreatment, .randomCommonCause, .dataSubset, .bootstrap, .dummyOutcome,
  ]

  func problem(_ data: AnalysisData, _ method: EstimatorMethod = .linearRegression) -> EstimationProblem {
    EngineFixtures.problem(data, method: method, treatment: "T", outcome: "Y", adjustment: ["W1", "W2"])
  }

  @Test("a sound estimate passes every simulated check", arguments: simulatedChecks)
  func soundEstimatePasses(_ kind: CheckKind) throws {
    let data = Simulated.confounded(n: 2000, effect: 2, seed: 11)
    let record = try Simulated.refute(kind, problem: problem(data), estimator: LinearRegressionEstimator())
    #expect(record.verdict == .passed, "\(record.detail)")
    #expect(record.simulated.count == 100)
  }

  /// n = 5,003 spans several blocks of the fused passes, the last one partial.
  @Test("the OLS shortcut gives the same simulated estimates as full refits", arguments: simulatedChecks, [500, 5_003])
  func shortcutMatchesRefits(_ kind: CheckKind, n: Int) throws {
    let data = Simulated.confounded(n: n, effect: 2, seed: 12)
    let simulations = n > 1_000 ? 8 : 30
    let fast = try Simulated.refute(
      kind, problem: problem(data), estimator: LinearRegressionEstimator(), simulations: simulations)
    let slow = try Simulated.refute(
      kind, problem: problem(data), estimator: LinearRegressionEstimator(), simulations: simulations, shortcuts: false)
    #expect(fast.simulated.count == slow.simulated.count)
    for (a, b) in zip(fast.simulated, slow.simulated) {
      #expect(abs(a - b) <= 1e-9 * max(1, abs(b)), "\(a) vs \(b)")
    }
  }

  @Test("results are identical for 1, 2 and 8 threads", arguments: simulatedChecks)
  func threadInvariance(_ kind: CheckKind) throws {
    let data = Simulated.confounded(n: 400, effect: 1, seed: 13)
    let runs = try [1, 2, 8].map { threads in
      try Simulated.refute(
        kind, problem: problem(data, .propensityScoreWeighting),
        estimator: PropensityScoreWeightingEstimator(), simulations: 20, threads: threads)
    }
    #expect(runs[0].simulated == runs[1].simulated)
    #expect(runs[0].simulated == runs[2].simulated)
    #expect(runs[0].pValue == runs[2].pValue)
  }

  @Test("bootstrap SEs are identical for any thread count")
  func bootstrapThreads() throws {
    let data = Simulated.confounded(n: 300, effect: 1, seed: 14)
    let values = try [1, 2, 8].map { threads in
      var p = EngineFixtures.problem(
        data, method: .propensityScoreStratification, treatment: "T", outcome: "Y",
        adjustment: ["W1", "W2"], params: ["se": .string("bootstrap"), "bootstrap": .integer(60)])
      p.threads = threads
      return try PropensityScoreStratificationEstimator().estimate(p).standardError
    }
    #expect(values[0] != nil && values[0] == values[1] && values[1] == values[2])
  }

  @Test("placebo with expect_effect fails when the true effect is zero, passes when it is large")
  func placeboExpectEffect() throws {
    let null = try Simulated.refute(
      .placeboTreatment, problem: problem(Simulated.confounded(n: 1000, effect: 0, seed: 15)),
      estimator: LinearRegressionEstimator(), ["expect_effect": .bool(true)])
    #expect(null.verdict == .failed)
    #expect((null.value("permutation p (estimate outside placebo)") ?? 0) >= 0.05)
    let real = try Simulated.refute(
      .placeboTreatment, problem: problem(Simulated.confounded(n: 1000, effect: 1, seed: 15)),
      estimator: LinearRegressionEstimator(), ["expect_effect": .bool(true)])
    #expect(real.verdict == .passed)
  }

  @Test("a dummy outcome learned from the confounders has no effect on the adjusted estimate")
  func dummyOutcomeFromConfounders() throws {
    let data = Simulated.confounded(n: 2000, effect: 1, seed: 16, strength: 3)
    let adjusted = try Simulated.refute(
      .dummyOutcome, problem: problem(data), estimator: LinearRegressionEstimator(),
      ["outcome": .string("confounders")])
    #expect(adjusted.verdict == .passed, "\(adjusted.detail)")
    #expect(abs(SimulationTest.median(adjusted.simulated)) < 0.1)
  }

  @Test("graph implications: a true independence passes, a false one fails after correction")
  func graphIndependencies() {
    var rng = Xoshiro256StarStar(seed: 19)
    var x = [Double]()
    var y = [Double]()
    var z = [Double]()
    for _ in 0..<1000 {
      let a = rng.nextNormal()
      let b = 0.8 * a + rng.nextNormal()
      x.append(a)
      y.append(b)
      z.append(0.8 * b + rng.nextNormal())
    }
    let data = AnalysisData(
      table: DataTable(columns: [
        DataColumn(name: "x", kind: .continuous, values: x), DataColumn(name: "y", kind: .continuous, values: y),
        DataColumn(name: "z", kind: .continuous, values: z),
      ]))
    let check = Simulated.check(.graphIndependencies)
    let right = GraphIndependenciesCheck.run(
      check, statements: [IndependenceStatement(a: "x", b: "z", given: ["y"])], data: data)
    #expect(right.verdict == .passed, "\(right.detail)")
    let wrong = GraphIndependenciesCheck.run(
      check,
      statements: [
        IndependenceStatement(a: "x", b: "z", given: ["y"]), IndependenceStatement(a: "x", b: "z", given: []),
      ], data: data)
    #expect(wrong.verdict == .failed)
    #expect(wrong.tests.filter(\.rejected).map(\.statement.given) == [[]])
  }

  @Test("graph falsification: the true graph is not falsified, a relabelled one is")
  func graphFalsification() {
    var rng = Xoshiro256StarStar(seed: 20)
    let names = ["a", "b", "c", "d", "e"]
    var columns = [[Double]](repeating: [], count: 5)
    for _ in 0..<1500 {
      let a = rng.nextNormal()
      let b = 0.9 * a + rng.nextNormal()
      let c = 0.9 * b + rng.nextNormal()
      let d = 0.9 * c + rng.nextNormal()
      let e = 0.9 * d + 0.9 * a + rng.nextNormal()
      for (k, v) in [a, b, c, d, e].enumerated() { columns[k].append(v) }
    }
    let data = AnalysisData(
      table: DataTable(
        columns: names.indices.map {
          DataColumn(name: names[$0], kind: .continuous, values: columns[$0])
        }))
    func graph(_ edges: [(String, String)]) -> MixedGraph {
      var g = MixedGraph()
      for n in names { g.addNode(n) }
      for (f, t) in edges { g.addDirectedEdge(from: g.node(named: f)!, to: g.node(named: t)!) }
      return g
    }
    let check = Simulated.check(.graphFalsification, simulations: 60)
    let truth = GraphFalsificationCheck.run(
      check, graph: graph([("a", "b"), ("b", "c"), ("c", "d"), ("d", "e"), ("a", "e")]), data: data, seed: 1,
      streamLabel: "f", threads: 1)
    #expect(truth.verdict == .passed, "\(truth.detail)")
    let relabelled = GraphFalsificationCheck.run(
      check, graph: graph([("c", "e"), ("e", "a"), ("a", "b"), ("b", "d"), ("c", "d")]), data: data, seed: 1,
      streamLabel: "f", threads: 1)
    #expect(relabelled.verdict == .failed, "\(relabelled.detail)")
  }

  @Test("overlap fails when the treatment is nearly determined by a covariate")
  func overlap() throws {
    let good = try Simulated.refute(
      .overlap, problem: problem(Simulated.confounded(n: 1000, effect: 1, seed: 17)),
      estimator: LinearRegressionEstimator())
    #expect(good.verdict == .passed, "\(good.detail)")
    let bad = try Simulated.refute(
      .overlap, problem: problem(Simulated.confounded(n: 1000, effect: 1, seed: 17, strength: 12)),
      estimator: LinearRegressionEstimator())
    #expect(bad.verdict == .failed, "\(bad.detail)")
  }

  @Test("overlap judges the estimand: controls far from every treated unit break the ATE and ATC, not the ATT")
  func overlapByEstimand() throws {
    // X ~ U(-6, 2), T ~ Bernoulli(expit(X)), Y = T + X + N(0, 1). Closed forms (n = 2000):
    // P(e < 0.01) = P(X < -4.595) = 0.176, so the ATE share fails; no treated unit has e above
    // expit(2) = 0.881, so the ATT share is 0; the controls' odds weights are e^X, with
    // E[n₁] = 250 (ln(1 + e²) − ln(1 + e⁻⁶)) = 531.1 and Σw² ≈ 250 (e² − ln(1 + e²)) = 1315.5,
    // so ESS₀/n₁ ≈ 531.1 / 1315.5 = 0.404. The checks use the fitted model, whose slope
    // error (about 0.05) moves the cut-off X by about 0.2, so the shares get a wide band.
    var rng = Xoshiro256StarStar(seed: 31)
    var x = [Double]()
    var t = [Double]()
    var y = [Double]()
    for _ in 0..<2000 {
      let xi = -6 + 8 * rng.nextUniform()
      let d: Double = rng.nextUniform() < 1 / (1 + exp(-xi)) ? 1 : 0
      x.append(xi)
      t.append(d)
      y.append(d + xi + rng.nextNormal())
    }
    let data = AnalysisData(
      table: DataTable(columns: [
        DataColumn(name: "X", kind: .continuous, values: x), DataColumn(name: "T", kind: .binary, values: t),
        DataColumn(name: "Y", kind: .continuous, values: y),
      ]))
    func judged(_ effect: EffectKind) throws -> CheckRecord {
      let problem = EngineFixtures.problem(
        data, method: .linearRegression, treatment: "T", outcome: "Y", adjustment: ["X"], effect: effect)
      return try Simulated.refute(.overlap, problem: problem, estimator: LinearRegressionEstimator())
    }
    let ate = try judged(.averageTreatmentEffect)
    #expect(ate.verdict == .failed, "\(ate.detail)")
    #expect(abs((ate.statistic ?? 0) - 0.176) < 0.06, "\(ate.detail)")
    let att = try judged(.averageTreatmentEffectOnTreated)
    #expect(att.verdict == .passed, "\(att.detail)")
    #expect(att.statistic == 0)
    #expect(abs((att.value("effective sample size share") ?? 0) - 0.404) < 0.1, "\(att.detail)")
    #expect(att.detail.contains("treated units"))
    let atc = try judged(.averageTreatmentEffectOnControls)
    #expect(atc.verdict == .failed, "\(atc.detail)")
    #expect(atc.detail.contains("control units"))
  }

  @Test("the unobserved common cause tips the estimate and fails inside plausible strengths")
  func unobservedCommonCause() throws {
    let data = Simulated.confounded(n: 1000, effect: 0.3, seed: 18)
    let report = try Simulated.refute(
      .unobservedCommonCause, problem: problem(data), estimator: LinearRegressionEstimator(),
      [
        "treatment_strengths": .list([0, 0.5, 1, 2].map(ParameterValue.number)),
        "outcome_strengths": .list([0, 0.5, 1, 2].map(ParameterValue.number)),
      ])
    #expect(report.verdict == .passed)
    #expect(report.grid.count == 16)
    #expect(report.value("tipping treatment strength") != nil)
    let plausible = try Simulated.refute(
      .unobservedCommonCause, problem: problem(data), estimator: LinearRegressionEstimator(),
      [
        "treatment_strengths": .list([0, 0.5, 1, 2].map(ParameterValue.number)),
        "outcome_strengths": .list([0, 0.5, 1, 2].map(ParameterValue.number)),
        "plausible": .list([2, 2].map(ParameterValue.number)),
      ])
    #expect(plausible.verdict == .failed)
  }

  @Test("the simulation p-value counts ties as half (DoWhy's rule) and the permutation p has the +1 correction")
  func pValues() {
    #expect(SimulationTest.twoSidedP([1, 2, 3, 4], reference: 0) == 0)
    #expect(SimulationTest.twoSidedP([-1, 1, -2, 2], reference: 0) == 1)
    #expect(SimulationTest.twoSidedP([0, 0, 1, -1], reference: 0) == 1)
    #expect(SimulationTest.twoSidedP([1, 1, 1, -1], reference: 0) == 0.5)
    #expect(SimulationTest.permutationP([0.1, -0.2, 3], estimate: 1) == 0.5)
  }

  @Test("estimator agreement fails on disjoint intervals, passes on overlapping ones")
  func agreement() {
    func estimate(_ name: String, _ value: Double, _ ci: [Double]) -> EstimateRecord {
      EstimateRecord(
        name: name, method: .linearRegression, effect: .averageTreatmentEffect, treatmentValue: 1,
        controlValue: 0, strategy: .backdoor, value: value, confidenceInterval: ci)
    }
    let check = Simulated.check(.estimatorAgreement)
    #expect(
      EstimatorAgreementCheck.run(check, estimates: [estimate("a", 1, [0.5, 1.5]), estimate("b", 1.2, [0.9, 1.6])])
        .verdict == .passed)
    #expect(
      EstimatorAgreementCheck.run(check, estimates: [estimate("a", 1, [0.5, 1.5]), estimate("b", 3, [2, 4])]).verdict
        == .failed)
    let spread = Simulated.check(.estimatorAgreement, ["max_relative_spread": .number(0.1)])
    #expect(
      EstimatorAgreementCheck.run(spread, estimates: [estimate("a", 1, [0.5, 1.5]), estimate("b", 1.2, [0.9, 1.6])])
        .verdict == .failed)
  }

  @Test("expectations: sign, significance and bounds")
  func expectations() {
    let estimate = EstimateRecord(
      name: "ols", method: .linearRegression, effect: .averageTreatmentEffect, treatmentValue: 1,
      controlValue: 0, strategy: .backdoor, value: 1794, confidenceInterval: [476, 3113])
    func run(_ sign: ExpectationSpec.Sign?, _ significant: Bool?, _ between: [Double]?) -> Verdict {
      let spec = ExpectationSpec(
        estimator: .defaulted("ols"), sign: sign.map { .defaulted($0) },
        significant: significant.map { .defaulted($0) }, between: between.map { .defaulted($0) },
        severity: .defaulted(.error), origin: .defaultValue)
      return ExpectationCheck.run(spec, estimates: [estimate])[0].verdict
    }
    #expect(run(.positive, true, [1500, 2100]) == .passed)
    #expect(run(.negative, nil, nil) == .failed)
    #expect(run(.zero, nil, nil) == .failed)
    #expect(run(nil, false, nil) == .failed)
    #expect(run(nil, nil, [0, 1000]) == .failed)
  }
}
