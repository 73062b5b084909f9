import NumericKernels
import StudyModel

/// Everything an estimator needs: the data, the roles of its columns, the
/// estimand, the estimator's parameters and the study's policies.
///
/// Refuters build modified problems (a placebo treatment, an extra common
/// cause, resampled rows) and re-estimate with ``pointOnly`` set, so that
/// estimators skip standard errors they would not need.
public struct EstimationProblem: Sendable {
  public var data: AnalysisData
  public var treatment: String
  public var outcome: String
  /// The back-door adjustment set (or the exogenous controls of IV).
  public var adjustment: [String]
  public var instruments: [String]
  public var mediators: [String]
  public var modifiers: [String]
  public var effect: EffectKind
  public var treatmentValue: Double
  public var controlValue: Double
  public var params: ParameterSet
  public var policies: PolicySpec
  /// The study seed; streams derive from it and the estimator's name.
  public var seed: UInt64
  public var estimatorName: String
  /// Only the point estimate is needed (refutation re-estimates).
  public var pointOnly: Bool
  /// Threads for bootstrap replicates.
  public var threads: Int
  /// Cross-fitting fold of each row, overriding the seeded assignment
  /// (tests use it to compare with a reference computed on given folds).
  public var folds: [Int]?

  public init(
    data: AnalysisData, treatment: String, outcome: String, adjustment: [String], instruments: [String] = [],
    mediators: [String] = [], modifiers: [String] = [], effect: EffectKind, treatmentValue: Double,
    controlValue: Double, params: ParameterSet, policies: PolicySpec, seed: UInt64, estimatorName: String,
    pointOnly: Bool = false, threads: Int = 1
  ) {
    self.data = data
    self.treatment = treatment
    self.outcome = outcome
    self.adjustment = adjustment
    self.instruments = instruments
    self.mediators = mediators
    self.modifiers = modifiers
    self.effect = effect
    self.treatmentValue = treatmentValue
    self.controlValue = controlValue
    self.params = params
    self.policies = policies
    self.seed = seed
    self.estimatorName = estimatorName
    self.pointOnly = pointOnly
    self.threads = threads
  }

  /// `treatment_value - control_value`.
  public var contrast: Double { treatmentValue - controlValue }

  /// The confidence level of the estimator (`confidence_level`, default 0.95).
  public var confidenceLevel: Double { params.double("confidence_level") ?? 0.95 }

  /// Model terms for the outcome model: `terms` then `outcome_terms`.
  public var outcomeTerms: [ModelTerm] { terms("terms") + terms("outcome_terms") }

  /// Model terms for the propensity model: `terms` then `propensity_terms`.
  public var propensityTerms: [ModelTerm] { terms("terms") + terms("propensity_terms") }

  /// The cross-fitting fold of each row: `folds` when given, else a seeded
  /// random permutation dealt round-robin into `k` folds (stream: study
  /// seed, `"folds:" + estimator name`).
  public func crossFittingFolds(_ k: Int) -> [Int] {
    if let folds { return folds }
    var rng = Xoshiro256StarStar.stream(seed: seed, label: "folds:" + estimatorName, index: 0)
    let order = Sampling.permutation(data.rowCount, using: &rng)
    var fold = [Int](repeating: 0, count: data.rowCount)
    for (position, row) in order.enumerated() { fold[row] = position % k }
    return fold
  }

  private func terms(_ name: String) -> [ModelTerm] {
    (params.strings(name) ?? []).compactMap { try? ModelTerm.parse($0).get() }
  }

  /// Rows of the target population: all, the treated, or the controls.
  ///
  /// For a binary treatment, "treated" means `T == treatment_value`.
  public func targetRows() -> [Int] {
    let t = data.values(treatment)
    switch effect {
    case .averageTreatmentEffect: return Array(0..<data.rowCount)
    case .averageTreatmentEffectOnTreated: return t.indices.filter { t[$0] == treatmentValue }
    case .averageTreatmentEffectOnControls: return t.indices.filter { t[$0] == controlValue }
    }
  }
}
