import Foundation
import NumericKernels
import StudyModel
import Tabular
import Testing

@testable import CausalEngine

/// The weights-instead-of-copies refits of `propensity_score_weighting`
/// (``PropensityRefitter``) equal full re-estimates on the materialised rows.
/// Tolerance 1e-8 of the estimate's scale (`max(1, |b|)`): the two IRLS runs
/// maximise the same likelihood and stop within 1e-10 standard errors of its
/// optimum, but add the rows in another order (a resampled row once with
/// count c, or c times), so they agree to rounding, about 1e-10 relative.
@Suite("Propensity-weighting refits with weights instead of copies")
struct PropensityRefitterTests {
  static let checks: [CheckKind] = [.placeboTreatment, .dataSubset, .bootstrap]

  static let methods: [(EstimatorMethod, MethodEstimator)] = [
    (.propensityScoreWeighting, MethodEstimator(PropensityScoreWeightingEstimator())),
    (.propensityScoreMatching, MethodEstimator(PropensityScoreMatchingEstimator())),
    (.doublyRobust, MethodEstimator(DoublyRobustEstimator())),
  ]

  static func problem(
    _ data: AnalysisData, method: EstimatorMethod = .propensityScoreWeighting,
    effect: EffectKind = .averageTreatmentEffect, params: [String: ParameterValue] = [:]
  ) -> EstimationProblem {
    EngineFixtures.problem(
      data, method: method, treatment: "T", outcome: "Y", adjustment: ["W1", "W2"], effect: effect, params: params)
  }

  static func expectClose(_ fast: CheckRecord, _ slow: CheckRecord, _ label: String) {
    #expect(fast.simulated.count == slow.simulated.count, "\(label)")
    #expect(!fast.simulated.isEmpty, "\(label)")
    for (a, b) in zip(fast.simulated, slow.simulated) {
      #expect(abs(a - b) <= 1e-8 * max(1, abs(b)), "\(label): \(a) vs \(b)")
    }
  }

  @Test("the shortcut equals full refits at several sizes", arguments: [0, 1, 2], checks)
  func shortcutMatchesRefits(_ m: Int, _ kind: CheckKind) throws {
    let (method, estimator) = Self.methods[m]
    for n in [300, 1_201, 6_007] {
      let data = Simulated.confounded(n: n, effect: 1, seed: 31)
      let simulations = n > 5_000 ? 3 : 9
      let p = Self.problem(data, method: method)
      let fast = try Simulated.refute(kind, problem: p, estimator: estimator, simulations: simulations)
      let slow = try Simulated.refute(
        kind, problem: p, estimator: estimator, simulations: simulations, shortcuts: false)
      Self.expectClose(fast, slow, "\(method.rawValue) \(kind.rawValue) n=\(n)")
    }
  }

  /// Matching's variants: the ATT and ATC, several neighbours, the
  /// probability scale, a caliper, and greedy matching without replacement.
  @Test(
    "the matching shortcut equals full refits for its variants",
    arguments: [
      (EffectKind.averageTreatmentEffectOnTreated, ["neighbors": ParameterValue.integer(3)]),
      (.averageTreatmentEffectOnControls, ["scale": .string("probability")]),
      (.averageTreatmentEffect, ["caliper": .number(0.2)]),
      (.averageTreatmentEffectOnTreated, ["replacement": .bool(false)]),
    ])
  func matchingVariants(_ effect: EffectKind, _ params: [String: ParameterValue]) throws {
    let data = Simulated.confounded(n: 600, effect: 1, seed: 38)
    let p = Self.problem(data, method: .propensityScoreMatching, effect: effect, params: params)
    let estimator = MethodEstimator(PropensityScoreMatchingEstimator())
    for kind in Self.checks {
      let fast = try Simulated.refute(kind, problem: p, estimator: estimator, simulations: 4)
      let slow = try Simulated.refute(kind, problem: p, estimator: estimator, simulations: 4, shortcuts: false)
      Self.expectClose(fast, slow, "matching \(kind.rawValue) \(effect.rawValue) \(params)")
    }
  }

  /// Every weighting scheme, the ATT and the ATC, and clipping.
  @Test(
    "the shortcut equals full refits for every scheme and estimand",
    arguments: [
      (EffectKind.averageTreatmentEffect, "hajek"), (.averageTreatmentEffect, "horvitz_thompson"),
      (.averageTreatmentEffect, "stabilized"), (.averageTreatmentEffect, "overlap"),
      (.averageTreatmentEffectOnTreated, "hajek"), (.averageTreatmentEffectOnControls, "horvitz_thompson"),
    ])
  func schemes(_ effect: EffectKind, _ scheme: String) throws {
    let data = Simulated.confounded(n: 700, effect: 1, seed: 32)
    var params: [String: ParameterValue] = ["weighting": .string(scheme)]
    if scheme == "hajek" { params["clip"] = .list([.number(0.1), .number(0.9)]) }
    let estimator = MethodEstimator(PropensityScoreWeightingEstimator())
    let p = Self.problem(data, effect: effect, params: params)
    for kind in Self.checks {
      let fast = try Simulated.refute(kind, problem: p, estimator: estimator, simulations: 4)
      let slow = try Simulated.refute(kind, problem: p, estimator: estimator, simulations: 4, shortcuts: false)
      Self.expectClose(fast, slow, "\(kind.rawValue) \(effect.rawValue) \(scheme)")
    }
  }

  /// The doubly robust estimate's ATT and ATC scores, and other fold counts.
  @Test(
    "the doubly robust shortcut equals full refits for its estimands",
    arguments: [
      (EffectKind.averageTreatmentEffectOnTreated, 5), (.averageTreatmentEffectOnControls, 5),
      (.averageTreatmentEffect, 2), (.averageTreatmentEffect, 3),
    ])
  func doublyRobustVariants(_ effect: EffectKind, _ folds: Int) throws {
    let data = Simulated.confounded(n: 600, effect: 1, seed: 39)
    let p = Self.problem(data, method: .doublyRobust, effect: effect, params: ["folds": .integer(folds)])
    let estimator = MethodEstimator(DoublyRobustEstimator())
    for kind in Self.checks {
      let fast = try Simulated.refute(kind, problem: p, estimator: estimator, simulations: 4)
      let slow = try Simulated.refute(kind, problem: p, estimator: estimator, simulations: 4, shortcuts: false)
      Self.expectClose(fast, slow, "doubly robust \(kind.rawValue) \(effect.rawValue) \(folds) folds")
    }
  }

  /// Under hashed randomness (row keys): two-valued placebos, subsets and Poisson resamples.
  @Test(
    "the shortcut equals full refits with row keys", arguments: [0, 1, 2],
    [CheckKind.placeboTreatment, .dataSubset, .bootstrap])
  func hashed(_ m: Int, _ kind: CheckKind) throws {
    let (method, estimator) = Self.methods[m]
    let n = 900
    let base = Simulated.confounded(n: n, effect: 1, seed: 33)
    let data = AnalysisData(table: base.table, rowKeys: (0..<n).map { Int64(1000 + 7 * $0) })
    let p = Self.problem(data, method: method)
    let fast = try Simulated.refute(kind, problem: p, estimator: estimator, simulations: 5)
    let slow = try Simulated.refute(kind, problem: p, estimator: estimator, simulations: 5, shortcuts: false)
    Self.expectClose(fast, slow, "hashed \(method.rawValue) \(kind.rawValue)")
  }

  /// A simulation's value depends on its own stream only: computed in one
  /// batch of 8 or one at a time, the values are the same bits.
  /// (Every value comes from the shortcut: none falls back to a full re-estimate.)
  @Test("a simulation's value does not depend on its batch", arguments: [0, 1, 2])
  func batchInvariance(_ m: Int) throws {
    let data = Simulated.confounded(n: 500, effect: 1, seed: 34)
    let p = Self.problem(data, method: Self.methods[m].0)
    let refitter: any WeightedRefitter =
      try m == 2 ? #require(DoublyRobustRefitter(p, start: nil)) : #require(PropensityRefitter(p, start: nil))
    func streams(_ ks: Range<Int>) -> [Xoshiro256StarStar] {
      ks.map { Xoshiro256StarStar.stream(seed: 9, label: "batch", index: $0) }
    }
    var batch = streams(0..<8)
    let together = refitter.resampled(generators: &batch)
    let alone = (0..<8).flatMap { k -> [Double?] in
      var one = streams(k..<(k + 1))
      return refitter.resampled(generators: &one)
    }
    #expect(together == alone)
    #expect(together.allSatisfy { $0 != nil })
    var subsetBatch = streams(0..<8)
    let subsets = refitter.keeping(size: 400, generators: &subsetBatch)
    let subsetAlone = (0..<8).flatMap { k -> [Double?] in
      var one = streams(k..<(k + 1))
      return refitter.keeping(size: 400, generators: &one)
    }
    #expect(subsets == subsetAlone)
    #expect(subsets.allSatisfy { $0 != nil })
    var placeboBatch = streams(0..<8)
    let placebos = refitter.replacingBinaryTreatment(raisedCount: 200, low: 0, high: 1, generators: &placeboBatch)
    #expect(placebos.allSatisfy { $0 != nil })
    let keys = (0..<500).map { UInt64($0 + 1) &* 0x9E37_79B9_7F4A_7C15 }
    let hashed = refitter.replacingBinaryTreatment(
      rows: keys, threshold: RowHash.threshold(probability: 0.4), low: 0, high: 1, simulations: [0, 1, 2])
    #expect(hashed.allSatisfy { $0 != nil })
  }

  @Test("the shortcut's checks are identical for 1 and 2 threads", arguments: [0, 1, 2], checks)
  func threadInvariance(_ m: Int, _ kind: CheckKind) throws {
    let (method, estimator) = Self.methods[m]
    let data = Simulated.confounded(n: 400, effect: 1, seed: 35)
    let runs = try [1, 2].map { threads in
      try Simulated.refute(
        kind, problem: Self.problem(data, method: method), estimator: estimator, simulations: 20, threads: threads)
    }
    #expect(runs[0].simulated == runs[1].simulated)
    #expect(runs[0].pValue == runs[1].pValue)
  }

  /// Counts above 1 (a resample) against the estimator on the rows repeated.
  @Test("weighted counts equal the estimator on the materialised rows")
  func countsEqualMaterialised() throws {
    let data = Simulated.confounded(n: 250, effect: 1, seed: 36)
    let p = Self.problem(data)
    let refitter = try #require(PropensityRefitter(p, start: nil))
    var rng = Xoshiro256StarStar(seed: 5)
    let drawn = Sampling.resampleIndices(count: 250, from: 250, using: &rng)
    var counts = [Double](repeating: 0, count: 250)
    for i in drawn { counts[i] += 1 }
    let fast = try #require(refitter.estimate(counts: counts, rows: drawn, indicator: refitter.indicator, start: nil))
    var materialised = p
    materialised.data = p.data.rows(drawn)
    materialised.pointOnly = true
    let full = try PropensityScoreWeightingEstimator().estimate(materialised).value
    #expect(abs(fast - full) <= 1e-8 * max(1, abs(full)), "\(fast) vs \(full)")
    // Matching on the resample (duplicates are exact ties, kept in draw order).
    let matchingProblem = Self.problem(data, method: .propensityScoreMatching)
    let matchingRefitter = try #require(PropensityRefitter(matchingProblem, start: nil))
    let fastMatch = try #require(
      matchingRefitter.estimate(counts: counts, rows: drawn, indicator: matchingRefitter.indicator, start: nil))
    var materialisedMatch = matchingProblem
    materialisedMatch.data = matchingProblem.data.rows(drawn)
    materialisedMatch.pointOnly = true
    let fullMatch = try PropensityScoreMatchingEstimator().estimate(materialisedMatch).value
    #expect(abs(fastMatch - fullMatch) <= 1e-8 * max(1, abs(fullMatch)), "\(fastMatch) vs \(fullMatch)")
  }

  /// The chord refits (``LogisticRefit``) are the path taken, not a silent
  /// fall-back to `GLM.fit`, and give `GLM.fit`'s scores on the same weights
  /// (to 1e-9: both stop within about 1e-10 standard errors of the optimum).
  @Test("the propensity refits take the chord method and give GLM.fit's scores")
  func chordTaken() throws {
    let n = 2_003
    let data = Simulated.confounded(n: n, effect: 1, seed: 41)
    let p = Self.problem(data)
    let indicator = try TreatmentIndicator.values(p)
    let full = try PropensityModel.fit(p, indicator: indicator)
    let start = Dictionary(uniqueKeysWithValues: zip(full.design.names, full.fit.coefficients))
    let refitter = try #require(PropensityRefitter(p, start: start))
    var rng = Xoshiro256StarStar(seed: 8)
    var counts = [Double](repeating: 0, count: n)
    for i in Sampling.resampleIndices(count: n, from: n, using: &rng) { counts[i] += 1 }
    let subset = Sampling.subsetMask(n: n, size: n * 4 / 5, using: &rng).map { $0 ? 1.0 : 0.0 }
    let placebo = Sampling.subsetMask(n: n, size: n / 3, using: &rng).map { $0 ? 1.0 : 0.0 }
    func expectGLM(_ scores: [Double]?, _ d: [Double], _ weights: [Double]?, _ label: String) throws {
      let chord = try #require(scores, "\(label): the chord refit declined")
      let glm = GLM.fit(design: refitter.design, response: d, family: .binomial, link: .logit, weights: weights)
      for i in 0..<n { #expect(abs(chord[i] - glm.fittedMeans[i]) <= 1e-9, "\(label) row \(i)") }
    }
    for (label, weights) in [("bootstrap", counts), ("subset", subset)] {
      try expectGLM(
        refitter.chordScores(counts: weights, prior: weights, indicator: indicator, start: refitter.start),
        indicator, weights, label)
    }
    try expectGLM(
      refitter.chordScores(counts: nil, prior: nil, indicator: placebo, start: nil), placebo, nil, "placebo")

    // Doubly robust: fold 0's model on the other folds' rows, warm and placebo.
    let robust = try #require(DoublyRobustRefitter(Self.problem(data, method: .doublyRobust), start: start))
    let fold = EstimationProblem.crossFittingFolds(5, rowCount: n, seed: 1, estimatorName: "x")
    let training = fold.map { $0 == 0 ? 0.0 : 1.0 }
    for (label, d, warm) in [("warm", indicator, true), ("placebo", placebo, false)] {
      let parts = (0..<10).map { index in
        Kernels.gram(
          robust.propensityDesign, rows: (0..<n).filter { fold[$0] == index / 2 && Int(d[$0]) == index % 2 },
          weights: warm ? robust.startWeights : nil, response: nil
        ).xtx
      }
      let model = robust.chordModel(training, indicator: d, start: warm ? robust.start : nil, fold: 0, parts: parts)
      try expectGLM(
        LogisticRefit.fittedMeans(design: robust.propensityDesign, models: [model])[0], d, training,
        "doubly robust \(label)")
    }
  }

  /// A covariate present in three rows only: a subset without them aliases its column. The chord
  /// refit sees it in the information at the start and declines, as `GLM.fit` does; a subset
  /// keeping them is refitted.
  @Test("a subset that aliases a rare covariate declines the chord refit, as GLM.fit does")
  func rareCovariate() throws {
    let n = 1_500
    let base = Simulated.confounded(n: n, effect: 1, seed: 43)
    let rare = (0..<n).map { $0 < 3 ? 1.0 : 0.0 }
    let data = AnalysisData(
      table: DataTable(
        columns: ["W1", "W2", "T", "Y"].map {
          DataColumn(name: $0, kind: base.column($0).kind, values: base.values($0))
        }
          + [DataColumn(name: "R", kind: .binary, values: rare)]))
    let p = EngineFixtures.problem(
      data, method: .propensityScoreWeighting, treatment: "T", outcome: "Y", adjustment: ["W1", "W2", "R"])
    let indicator = try TreatmentIndicator.values(p)
    let full = try PropensityModel.fit(p, indicator: indicator)
    let start = Dictionary(uniqueKeysWithValues: zip(full.design.names, full.fit.coefficients))
    let refitter = try #require(PropensityRefitter(p, start: start))
    let dropping = (0..<n).map { $0 < 3 || $0 % 5 == 0 ? 0.0 : 1.0 }
    #expect(refitter.chordScores(counts: dropping, prior: dropping, indicator: indicator, start: refitter.start) == nil)
    let glm = GLM.fit(design: refitter.design, response: indicator, family: .binomial, link: .logit, weights: dropping)
    #expect(!glm.aliasedColumns.isEmpty)
    #expect(refitter.estimate(counts: dropping, rows: nil, indicator: indicator, start: refitter.start) == nil)
    let keeping = (0..<n).map { $0 >= 3 && $0 % 5 == 0 ? 0.0 : 1.0 }
    #expect(refitter.chordScores(counts: keeping, prior: keeping, indicator: indicator, start: refitter.start) != nil)
  }

  @Test("trimming, clusters, weights and logistic outcome models re-estimate in full")
  func declines() {
    let data = Simulated.confounded(n: 200, effect: 1, seed: 37)
    #expect(PropensityRefitter(Self.problem(data), start: nil) != nil)
    let trimmed = Self.problem(data, params: ["trim": .list([.number(0.05), .number(0.95)])])
    #expect(PropensityRefitter(trimmed, start: nil) == nil)
    var clustered = Self.problem(data)
    clustered.common.cluster = "W1"
    #expect(PropensityRefitter(clustered, start: nil) == nil)
    let robust = Self.problem(data, method: .doublyRobust)
    #expect(DoublyRobustRefitter(robust, start: nil) != nil)
    let logistic = Self.problem(data, method: .doublyRobust, params: ["outcome_model": .string("logistic")])
    #expect(DoublyRobustRefitter(logistic, start: nil) == nil)
  }
}
