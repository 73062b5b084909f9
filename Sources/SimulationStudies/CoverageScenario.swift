import CausalEngine
import Foundation
import NumericKernels
import StudyModel
import Tabular

/// A data-generating process with a known effect, and the estimator to run on it.
///
/// Each scenario's truth is the estimand the estimator targets, computed
/// from the generating model for the simulated sample (for example the
/// sample average of the true risk differences for a logistic outcome), so
/// that a 95% interval should cover it 95% of the time.
public struct CoverageScenario: Sendable {
  public var name: String
  public var method: EstimatorMethod
  public var effect: EffectKind
  public var parameters: [String: ParameterValue]
  /// Builds one data set and its problem from a generator; returns the truth.
  public var generate: @Sendable (_ n: Int, _ rng: inout Xoshiro256StarStar) -> (EstimationProblem, truth: Double)

  public init(
    name: String, method: EstimatorMethod, effect: EffectKind = .averageTreatmentEffect,
    parameters: [String: ParameterValue] = [:],
    generate: @escaping @Sendable (Int, inout Xoshiro256StarStar) -> (EstimationProblem, truth: Double)
  ) {
    self.name = name
    self.method = method
    self.effect = effect
    self.parameters = parameters
    self.generate = generate
  }
}

/// Builds tables and problems for scenarios.
enum Build {
  static func table(_ columns: [(String, ColumnKind, [Double])]) -> AnalysisData {
    AnalysisData(table: DataTable(columns: columns.map { DataColumn(name: $0.0, kind: $0.1, values: $0.2) }))
  }

  static let policies = PolicySpec(
    rankDeficiency: .defaulted(.error), separation: .defaulted(.warn), nonConvergence: .defaulted(.warn),
    positivity: .defaulted(.warn))

  static func problem(
    _ data: AnalysisData,
    _ scenario: (method: EstimatorMethod, effect: EffectKind, parameters: [String: ParameterValue]),
    treatment: String = "T", outcome: String = "Y", adjustment: [String] = [], instruments: [String] = [],
    mediators: [String] = []
  ) -> EstimationProblem {
    EstimationProblem(
      data: data, treatment: treatment, outcome: outcome, adjustment: adjustment, instruments: instruments,
      mediators: mediators, effect: scenario.effect, treatmentValue: 1, controlValue: 0,
      method: scenario.method,
      params: .filling(scenario.method.descriptor.parameters, with: scenario.parameters), policies: policies, seed: 1,
      estimatorName: scenario.method.rawValue)
  }

  static func expit(_ x: Double) -> Double { 1 / (1 + exp(-x)) }
}
