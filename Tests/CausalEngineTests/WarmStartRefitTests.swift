import Foundation
import NumericKernels
import StudyModel
import Testing

@testable import CausalEngine

/// Re-estimates of the simulated checks with the propensity model started at
/// the full data's fit equal those started cold (the full refit), for the
/// estimators with a logistic propensity model, and do not depend on the
/// thread count. Tolerance 1e-9 relative: the warm and cold propensity fits
/// agree to about 1e-10 standard errors (GLM's convergence criterion), which
/// moves a weighting or matching estimate far less than that.
@Suite("Warm-started refits")
struct WarmStartRefitTests {
  static let estimators: [(EstimatorMethod, MethodEstimator)] = [
    (.propensityScoreWeighting, MethodEstimator(PropensityScoreWeightingEstimator())),
    (.propensityScoreMatching, MethodEstimator(PropensityScoreMatchingEstimator())),
    (.propensityScoreStratification, MethodEstimator(PropensityScoreStratificationEstimator())),
    (.doublyRobust, MethodEstimator(DoublyRobustEstimator())),
  ]
  static let checks: [CheckKind] = [.placeboTreatment, .randomCommonCause, .dataSubset, .bootstrap]

  func problem(_ data: AnalysisData, _ method: EstimatorMethod) -> EstimationProblem {
    EngineFixtures.problem(data, method: method, treatment: "T", outcome: "Y", adjustment: ["W1", "W2"])
  }

  @Test("warm-started re-estimates equal cold ones", arguments: [0, 1, 2, 3], checks)
  func warmEqualsCold(_ e: Int, _ kind: CheckKind) throws {
    let (method, estimator) = Self.estimators[e]
    for n in [300, 1_201] {
      let data = Simulated.confounded(n: n, effect: 1, seed: 21)
      let simulations = n > 1_000 ? 3 : 6
      let warm = try Simulated.refute(
        kind, problem: problem(data, method), estimator: estimator, simulations: simulations)
      let cold = try Simulated.refute(
        kind, problem: problem(data, method), estimator: estimator, simulations: simulations, warmStarts: false)
      #expect(warm.simulated.count == simulations)
      #expect(warm.simulated.count == cold.simulated.count)
      for (a, b) in zip(warm.simulated, cold.simulated) {
        #expect(abs(a - b) <= 1e-9 * max(1, abs(b)), "\(method.rawValue) \(kind.rawValue) n=\(n): \(a) vs \(b)")
      }
    }
  }

  @Test(
    "simulated checks of every propensity estimator are identical for 1 and 2 threads", arguments: [0, 1, 2, 3], checks)
  func threadInvariance(_ e: Int, _ kind: CheckKind) throws {
    let (method, estimator) = Self.estimators[e]
    let data = Simulated.confounded(n: 400, effect: 1, seed: 22)
    let runs = try [1, 2].map { threads in
      try Simulated.refute(
        kind, problem: problem(data, method), estimator: estimator, simulations: 10, threads: threads)
    }
    #expect(runs[0].simulated == runs[1].simulated)
    #expect(runs[0].pValue == runs[1].pValue)
  }

  @Test("the warm start is the full fit's propensity coefficients, by column name")
  func startCoefficients() throws {
    let data = Simulated.confounded(n: 400, effect: 1, seed: 23)
    let p = problem(data, .propensityScoreWeighting)
    let result = try PropensityScoreWeightingEstimator().estimate(p)
    let start = try #require(RefutationContext.propensityCoefficients(result))
    let design = ModelDesign.build(data: data, treatment: nil, covariates: ["W1", "W2"], terms: [])
    let fit = GLM.fit(design: design.matrix, response: data.values("T"), family: .binomial, link: .logit)
    var warm = p
    warm.propensityStart = start
    #expect(warm.propensityStart(names: design.names) == fit.coefficients)
    // A column the start does not name (random_common_cause's) starts at 0.
    #expect(warm.propensityStart(names: design.names + ["random_common_cause"]) == fit.coefficients + [0])
  }
}
