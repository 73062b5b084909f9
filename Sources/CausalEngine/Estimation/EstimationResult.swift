import StudyModel

/// What an estimator found; the pipeline turns it into an ``EstimateRecord``.
public struct EstimationResult: Sendable {
  public var value: Double
  public var standardError: Double?
  public var confidenceInterval: [Double]?
  public var pValue: Double?
  public var uncertainty: UncertaintyRecord?
  public var n: Int
  public var nTreated: Int?
  public var nControl: Int?
  public var models: [ModelRecord] = []
  public var diagnostics: [DiagnosticValue] = []
  public var warnings: [String] = []
  public var conditionalEffects: [ConditionalEffect] = []
  public var balance: [BalanceRow] = []
  public var propensityHistogram: Histogram?
  public var components: [EffectComponent] = []
  /// The estimand actually delivered when it differs from the study's
  /// (e.g. overlap weights deliver the ATO), in words.
  public var deliveredEstimand: String?

  public init(value: Double, n: Int) {
    self.value = value
    self.n = n
  }

  /// Sets the standard error, interval and p-value from an inference.
  public mutating func apply(_ inference: Inference, method: String) {
    standardError = inference.standardError
    confidenceInterval = inference.interval
    pValue = inference.pValue
    uncertainty = UncertaintyRecord(kind: "analytic", method: method)
  }
}

/// Why an estimator could not produce an estimate.
public enum EstimationFailure: Error, Sendable, Equatable {
  /// The data cannot support the method (exit code 2).
  case invalidData(String)
  /// A numerical problem under an `error` policy (exit code 3).
  case numerical(String)
  /// The method does not apply to this problem (no instrument, ...).
  case notApplicable(String)

  public var message: String {
    switch self {
    case .invalidData(let m), .numerical(let m), .notApplicable(let m): m
    }
  }
}

/// An estimation method.
public protocol Estimator: Sendable {
  /// The method this estimator implements.
  static var method: EstimatorMethod { get }
  /// Estimates the effect; with `problem.pointOnly`, only `value` (and `n`) need be set.
  func estimate(_ problem: EstimationProblem) throws(EstimationFailure) -> EstimationResult
}
