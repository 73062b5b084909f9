import CausalEngine
import Foundation
import NumericKernels
import StudyModel

/// The scenarios of the coverage study: one or more per estimation method.
public enum CoverageScenarios {
  /// Binary treatment confounded by two covariates, constant effect 2:
  /// `W1, W2 ~ N(0, 1)`, `T ~ Bernoulli(expit(0.5 W1 − 0.3 W2))`,
  /// `Y = 2T + W1 + 0.5 W2 + N(0, 1)`.
  static func confounded(
    _ name: String, _ method: EstimatorMethod, effect: EffectKind = .averageTreatmentEffect,
    _ parameters: [String: ParameterValue] = [:]
  ) -> CoverageScenario {
    CoverageScenario(name: name, method: method, effect: effect, parameters: parameters) { n, rng in
      var w1 = [Double]()
      var w2 = [Double]()
      var t = [Double]()
      var y = [Double]()
      for _ in 0..<n {
        let a = rng.nextNormal()
        let b = rng.nextNormal()
        let d: Double = rng.nextUniform() < Build.expit(0.5 * a - 0.3 * b) ? 1 : 0
        w1.append(a)
        w2.append(b)
        t.append(d)
        y.append(2 * d + a + 0.5 * b + rng.nextNormal())
      }
      let data = Build.table([
        ("W1", .continuous, w1), ("W2", .continuous, w2), ("T", .binary, t), ("Y", .continuous, y),
      ])
      return (Build.problem(data, (method, effect, parameters), adjustment: ["W1", "W2"]), 2)
    }
  }

  public static let all: [CoverageScenario] = [
    confounded("linear_regression (ATE, HC1)", .linearRegression),
    CoverageScenario(name: "generalized_linear_model (logit, risk difference)", method: .generalizedLinearModel) {
      n, rng in
      var w1 = [Double]()
      var w2 = [Double]()
      var t = [Double]()
      var y = [Double]()
      var truth = 0.0
      for _ in 0..<n {
        let a = rng.nextNormal()
        let b = rng.nextNormal()
        let d: Double = rng.nextUniform() < Build.expit(0.5 * a - 0.3 * b) ? 1 : 0
        let eta0 = -0.5 + 0.8 * a - 0.5 * b
        truth += Build.expit(eta0 + 1) - Build.expit(eta0)
        w1.append(a)
        w2.append(b)
        t.append(d)
        y.append(rng.nextUniform() < Build.expit(eta0 + d) ? 1 : 0)
      }
      let data = Build.table([("W1", .continuous, w1), ("W2", .continuous, w2), ("T", .binary, t), ("Y", .binary, y)])
      return (
        Build.problem(data, (.generalizedLinearModel, .averageTreatmentEffect, [:]), adjustment: ["W1", "W2"]),
        truth / Double(n)
      )
    },
    confounded("propensity_score_weighting (Hajek ATE)", .propensityScoreWeighting),
    confounded(
      "propensity_score_weighting (Hajek ATT)", .propensityScoreWeighting, effect: .averageTreatmentEffectOnTreated),
    confounded(
      "propensity_score_matching (ATT, AI 2016)", .propensityScoreMatching, effect: .averageTreatmentEffectOnTreated),
    confounded("propensity_score_matching (ATE, AI 2016)", .propensityScoreMatching),
    confounded(
      "propensity_score_stratification (ATE, 10 strata, bootstrap)", .propensityScoreStratification,
      ["strata": .integer(10), "se": .string("bootstrap"), "bootstrap": .integer(199)]),
    confounded("distance_matching (ATE, bias-corrected)", .distanceMatching, ["bias_correction": .bool(true)]),
    confounded("doubly_robust (ATE, 5 folds)", .doublyRobust),
    confounded("double_ml (OLS nuisances, 5 folds)", .doubleMachineLearning, ["model": .string("ols")]),
    CoverageScenario(name: "instrumental_variable (2SLS, HC1)", method: .instrumentalVariable) { n, rng in
      var z = [Double]()
      var w = [Double]()
      var t = [Double]()
      var y = [Double]()
      for _ in 0..<n {
        let instrument: Double = rng.nextUniform() < 0.5 ? 1 : 0
        let control = rng.nextNormal()
        let u = rng.nextNormal()
        let treatment = 0.8 * instrument + 0.5 * control + u + rng.nextNormal()
        z.append(instrument)
        w.append(control)
        t.append(treatment)
        y.append(2.5 * treatment + control + u + rng.nextNormal())
      }
      let data = Build.table([("Z", .binary, z), ("W", .continuous, w), ("T", .continuous, t), ("Y", .continuous, y)])
      return (
        Build.problem(
          data, (.instrumentalVariable, .averageTreatmentEffect, [:]), adjustment: ["W"], instruments: ["Z"]), 2.5
      )
    },
    CoverageScenario(
      name: "regression_discontinuity (sharp, bandwidth 0.3)", method: .regressionDiscontinuity,
      parameters: ["running_variable": .string("R"), "cutoff": .number(0), "bandwidth": .number(0.3)]
    ) { n, rng in
      var r = [Double]()
      var t = [Double]()
      var y = [Double]()
      for _ in 0..<n {
        let running = 2 * rng.nextUniform() - 1
        let d: Double = running >= 0 ? 1 : 0
        r.append(running)
        t.append(d)
        y.append(3 * d + 1.5 * running + rng.nextNormal())
      }
      let data = Build.table([("R", .continuous, r), ("T", .binary, t), ("Y", .continuous, y)])
      return (
        Build.problem(
          data,
          (
            .regressionDiscontinuity, .averageTreatmentEffect,
            ["running_variable": .string("R"), "cutoff": .number(0), "bandwidth": .number(0.3)]
          )), 3
      )
    },
    CoverageScenario(name: "frontdoor_two_stage (linear, stacked sandwich)", method: .frontdoorTwoStage) { n, rng in
      var t = [Double]()
      var m = [Double]()
      var y = [Double]()
      for _ in 0..<n {
        let u = rng.nextNormal()
        let treatment = u + rng.nextNormal()
        let mediator = 1.5 * treatment + rng.nextNormal()
        t.append(treatment)
        m.append(mediator)
        y.append(2 * mediator + u + rng.nextNormal())
      }
      let data = Build.table([("T", .continuous, t), ("M", .continuous, m), ("Y", .continuous, y)])
      return (Build.problem(data, (.frontdoorTwoStage, .averageTreatmentEffect, [:]), mediators: ["M"]), 3)
    },
    CoverageScenario(name: "mediation (total effect, interaction)", method: .mediation) { n, rng in
      var c = [Double]()
      var t = [Double]()
      var m = [Double]()
      var y = [Double]()
      for _ in 0..<n {
        let covariate = rng.nextNormal()
        let d: Double = rng.nextUniform() < Build.expit(0.3 * covariate) ? 1 : 0
        let mediator = 0.5 + 0.8 * d + 0.4 * covariate + rng.nextNormal()
        c.append(covariate)
        t.append(d)
        m.append(mediator)
        y.append(1 + 0.7 * d + 0.6 * mediator + 0.4 * d * mediator + 0.5 * covariate + rng.nextNormal())
      }
      // Total effect at the sample covariate mean c̄: NDE = 0.7 + 0.4 (0.5 + 0.4 c̄), NIE = (0.6 + 0.4) 0.8.
      let mean = c.reduce(0, +) / Double(n)
      let truth = 0.7 + 0.4 * (0.5 + 0.4 * mean) + 0.8
      let data = Build.table([("C", .continuous, c), ("T", .binary, t), ("M", .continuous, m), ("Y", .continuous, y)])
      return (
        Build.problem(data, (.mediation, .averageTreatmentEffect, [:]), adjustment: ["C"], mediators: ["M"]), truth
      )
    },
  ]
}

/// What the replications of one scenario found.
public struct CoverageResult: Sendable {
  public var scenario: String
  public var n: Int
  public var replications: Int
  public var failures: Int
  /// Share of 95% intervals that contain the truth.
  public var coverage: Double
  /// Mean of (estimate − truth).
  public var bias: Double
  /// Monte-Carlo standard error of the bias.
  public var biasStandardError: Double
  /// Mean reported standard error, and the standard deviation of the estimates.
  public var meanStandardError: Double
  public var estimateStandardDeviation: Double
}

/// Runs replications of scenarios; replication r draws from the stream
/// (seed, scenario name, r), so results do not depend on threads.
public enum CoverageRunner {
  public static func run(
    _ scenario: CoverageScenario, n: Int, replications: Int, seed: UInt64 = 20_261_129, threads: Int = 1
  )
    -> CoverageResult
  {
    let label = "coverage:\(scenario.name):\(n)"
    let outcomes: [(Double, Double, Double, Double)?] = ParallelMap.map(count: replications, threads: threads) { r in
      var rng = Xoshiro256StarStar.stream(seed: seed, label: label, index: r)
      let (problem, truth) = scenario.generate(n, &rng)
      guard let result = try? EstimatorRegistry.estimator(for: scenario.method).estimate(problem),
        let ci = result.confidenceInterval, let se = result.standardError
      else { return nil }
      return (result.value, truth, ci[0] <= truth && truth <= ci[1] ? 1 : 0, se)
    }
    let ok = outcomes.compactMap { $0 }
    let k = Double(ok.count)
    let errors = ok.map { $0.0 - $0.1 }
    let bias = errors.reduce(0, +) / k
    let spread = (errors.reduce(0.0) { $0 + ($1 - bias) * ($1 - bias) } / max(1, k - 1)).squareRoot()
    let estimates = ok.map(\.0)
    let meanEstimate = estimates.reduce(0, +) / k
    let sd = (estimates.reduce(0.0) { $0 + ($1 - meanEstimate) * ($1 - meanEstimate) } / max(1, k - 1)).squareRoot()
    return CoverageResult(
      scenario: scenario.name, n: n, replications: replications, failures: replications - ok.count,
      coverage: ok.reduce(0.0) { $0 + $1.2 } / k, bias: bias, biasStandardError: spread / k.squareRoot(),
      meanStandardError: ok.reduce(0.0) { $0 + $1.3 } / k, estimateStandardDeviation: sd)
  }
}
