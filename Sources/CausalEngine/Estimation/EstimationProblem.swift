import NumericKernels
import StudyModel

/// Everything an estimator needs: the data, the roles of its columns, the
/// estimand, the estimator's decoded options and the study's policies.
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
  /// The method being estimated.
  public var method: EstimatorMethod
  /// The method's own options (the struct its registry row names).
  public var options: any EstimatorOptions
  /// The options every method shares.
  public var common: CommonEstimatorOptions
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
  /// `data.weights`: the column of sampling weights, when the study has one.
  public var weightColumn: String?
  /// `data.panel`: the unit and time columns of a long panel.
  public var panel: (unit: String, time: String)?
  /// For two levels of a many-level categorical treatment compared as a
  /// binary one (``restrictedToContrastLevels()``): the indicator and the
  /// units kept, in words (`arm == 2, the units at 2 and 0 only`).
  var restriction: (indicator: String, units: String)?
  /// Starting coefficients for the logistic propensity model (a refutation's
  /// re-estimate starts at the full data's fit; ``GLM`` states why the
  /// answer is the same as from a cold start), by design column name; a
  /// column it does not name starts at 0.
  var propensityStart: [String: Double]?

  public init(
    data: AnalysisData, treatment: String, outcome: String, adjustment: [String], instruments: [String] = [],
    mediators: [String] = [], modifiers: [String] = [], effect: EffectKind, treatmentValue: Double,
    controlValue: Double, method: EstimatorMethod, options: any EstimatorOptions, common: CommonEstimatorOptions,
    policies: PolicySpec, seed: UInt64, estimatorName: String, pointOnly: Bool = false, threads: Int = 1
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
    self.method = method
    self.options = options
    self.common = common
    self.policies = policies
    self.seed = seed
    self.estimatorName = estimatorName
    self.pointOnly = pointOnly
    self.threads = threads
  }

  /// A problem whose method parameters are decoded from `params` (for
  /// problems built in code; a study's come decoded from validation).
  public init(
    data: AnalysisData, treatment: String, outcome: String, adjustment: [String], instruments: [String] = [],
    mediators: [String] = [], modifiers: [String] = [], effect: EffectKind, treatmentValue: Double,
    controlValue: Double, method: EstimatorMethod, params: ParameterSet, policies: PolicySpec, seed: UInt64,
    estimatorName: String, pointOnly: Bool = false, threads: Int = 1
  ) {
    self.init(
      data: data, treatment: treatment, outcome: outcome, adjustment: adjustment, instruments: instruments,
      mediators: mediators, modifiers: modifiers, effect: effect, treatmentValue: treatmentValue,
      controlValue: controlValue, method: method, options: method.descriptor.decode(params),
      common: CommonEstimatorOptions(params), policies: policies, seed: seed, estimatorName: estimatorName,
      pointOnly: pointOnly, threads: threads)
  }

  /// For a method that compares two levels of a categorical treatment with
  /// more levels by leaving the others out: the problem on the units at
  /// treatment_value or control_value, the treatment recoded 1 (treated) and
  /// 0 (control). The problem itself when the treatment has two levels or is
  /// not categorical.
  func restrictedToContrastLevels() -> EstimationProblem {
    let column = data.column(treatment)
    guard column.kind == .categorical, column.levels.count > 2 else { return self }
    let t = column.values
    let kept = t.indices.filter { t[$0] == treatmentValue || t[$0] == controlValue }
    var restricted = self
    let subset = data.rows(kept)
    restricted.data = subset.replacing(
      treatment, with: kept.map { t[$0] == treatmentValue ? 1 : 0 }, kind: .binary)
    restricted.treatmentValue = 1
    restricted.controlValue = 0
    let level = { (code: Double) in column.levels[Int(code)] }
    restricted.restriction = (
      "I(\(treatment) == \(level(treatmentValue)))",
      "the units at \(level(treatmentValue)) and \(level(controlValue)) only"
    )
    return restricted
  }

  /// The rows' sampling weights, or `nil` without `data.weights`.
  public var weights: [Double]? { weightColumn.map { data.values($0) } }

  /// The column whose values are the clusters of cluster-robust standard
  /// errors and of resampling: `params.cluster`, else a panel's unit.
  public var clusterColumn: String? { common.cluster ?? panel?.unit }

  /// Cluster codes `0..<G` of the rows, in order of first appearance, or `nil`.
  public var clusterCodes: [Int]? { clusterColumn.map { ClusterIdentifiers.codes(data.values($0)) } }

  /// `treatment_value - control_value`.
  public var contrast: Double { treatmentValue - controlValue }

  /// The confidence level of the estimator (`confidence_level`).
  public var confidenceLevel: Double { common.confidenceLevel }

  /// The method's options as the type its registry row decodes to.
  ///
  /// Asking for another type is a programmer error and traps.
  public func options<T: EstimatorOptions>(as type: T.Type) -> T {
    guard let options = options as? T else {
      preconditionFailure("\(method.rawValue) has \(Swift.type(of: options)), not \(T.self)")
    }
    return options
  }

  /// The penalty of the method's propensity model (weighting may ask for a
  /// ridge penalty; every other method fits it unpenalised).
  public var propensityPenalty: PropensityPenalty {
    (options as? PropensityScoreWeightingOptions)?.propensityPenalty ?? .none
  }

  /// Model terms for the outcome model: `terms` then `outcome_terms`.
  public var outcomeTerms: [ModelTerm] { Self.parse(common.outcomeModelTerms) }

  /// Model terms for the propensity model: `terms` then `propensity_terms`.
  public var propensityTerms: [ModelTerm] { Self.parse(common.propensityModelTerms) }

  /// The cross-fitting fold of each row: `folds` when given, else a seeded
  /// random permutation dealt round-robin into `k` folds (stream: study
  /// seed, `"folds:" + estimator name`).
  public func crossFittingFolds(_ k: Int) -> [Int] {
    if let folds { return folds }
    return Self.crossFittingFolds(k, rowCount: data.rowCount, seed: seed, estimatorName: estimatorName)
  }

  /// The folds ``crossFittingFolds(_:)`` deals to `rowCount` rows (for the
  /// resampled rows of a refit that does not copy them).
  static func crossFittingFolds(_ k: Int, rowCount: Int, seed: UInt64, estimatorName: String) -> [Int] {
    var rng = Xoshiro256StarStar.stream(seed: seed, label: "folds:" + estimatorName, index: 0)
    let order = Sampling.permutation(rowCount, using: &rng)
    var fold = [Int](repeating: 0, count: rowCount)
    for (position, row) in order.enumerated() { fold[row] = position % k }
    return fold
  }

  /// Terms validation has parsed already; one that does not parse is a
  /// programmer error (never a silently dropped term).
  private static func parse(_ texts: [String]) -> [ModelTerm] {
    texts.flatMap { text in
      switch ModelTerm.parse(text) {
      case .success(let term): return term
      case .failure(let error): preconditionFailure("unvalidated model term '\(text)': \(error.message)")
      }
    }
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

extension EstimationProblem {
  /// ``propensityStart`` for a propensity design with these column names.
  func propensityStart(names: [String]) -> [Double]? {
    guard let start = propensityStart else { return nil }
    return names.map { start[$0] ?? 0 }
  }
}
