import Foundation
import NumericKernels
import StudyModel
import Tabular

@testable import CausalEngine

/// Simulated data with a known effect, for tests of checks and coverage.
enum Simulated {
  /// `W1, W2 ~ N(0, 1)`; `T ~ Bernoulli(expit(a (0.5 W1 − 0.3 W2)))`;
  /// `Y = effect·T + W1 + 0.5 W2 + N(0, 1)`. `a` scales the confounding
  /// (a large `a` breaks overlap).
  static func confounded(n: Int, effect: Double, seed: UInt64, strength a: Double = 1) -> AnalysisData {
    var rng = Xoshiro256StarStar(seed: seed)
    var w1 = [Double]()
    var w2 = [Double]()
    var t = [Double]()
    var y = [Double]()
    for _ in 0..<n {
      let a1 = rng.nextNormal()
      let a2 = rng.nextNormal()
      let p = 1 / (1 + exp(-a * (0.5 * a1 - 0.3 * a2)))
      let d: Double = rng.nextUniform() < p ? 1 : 0
      w1.append(a1)
      w2.append(a2)
      t.append(d)
      y.append(effect * d + a1 + 0.5 * a2 + rng.nextNormal())
    }
    return AnalysisData(
      table: DataTable(columns: [
        DataColumn(name: "W1", kind: .continuous, values: w1), DataColumn(name: "W2", kind: .continuous, values: w2),
        DataColumn(name: "T", kind: .binary, values: t), DataColumn(name: "Y", kind: .continuous, values: y),
      ]))
  }

  /// A check spec with the registry's defaults, `alpha` 0.05 and the given values.
  static func check(_ kind: CheckKind, simulations: Int = 100, _ values: [String: ParameterValue] = [:]) -> CheckSpec {
    let entries = kind.descriptor.parameters.compactMap { p -> ParameterSet.Entry? in
      if let v = values[p.name] { return .init(name: p.name, value: .defaulted(v)) }
      if let v = p.defaultValue { return .init(name: p.name, value: .defaulted(v)) }
      if p.name == "alpha" { return .init(name: p.name, value: .defaulted(.number(0.05))) }
      if p.name == "simulations" { return .init(name: p.name, value: .defaulted(.integer(simulations))) }
      return nil
    }
    return CheckSpec(kind: .defaulted(kind), params: ParameterSet(entries: entries), origin: .defaultValue)
  }

  /// Runs a per-estimate check on a problem.
  /// Runs a per-estimate check on a problem; `shortcuts: false` refits every
  /// simulation in full (to check the exact shortcuts against).
  static func refute(
    _ kind: CheckKind, problem: EstimationProblem, estimator: MethodEstimator, simulations: Int = 100,
    threads: Int = 1, shortcuts: Bool = true, warmStarts: Bool = true, _ values: [String: ParameterValue] = [:]
  ) throws -> CheckRecord {
    let original = try estimator.estimate(problem)
    var context = RefutationContext(
      problem: problem, estimator: estimator, original: original,
      check: check(kind, simulations: simulations, values), streamLabel: "checks[1]:\(kind.rawValue)", threads: threads)
    context.allowsShortcuts = shortcuts
    context.allowsWarmStarts = warmStarts
    return RefuterRegistry.refuter(for: kind).refute(context)
  }

  static func refute(
    _ kind: CheckKind, problem: EstimationProblem, estimator: some Estimator, simulations: Int = 100,
    threads: Int = 1, shortcuts: Bool = true, warmStarts: Bool = true, _ values: [String: ParameterValue] = [:]
  ) throws -> CheckRecord {
    try refute(
      kind, problem: problem, estimator: MethodEstimator(estimator), simulations: simulations, threads: threads,
      shortcuts: shortcuts, warmStarts: warmStarts, values)
  }
}
