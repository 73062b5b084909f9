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
  public var heterogeneity: [HeterogeneityTest] = []
  public var balance: [BalanceRow] = []
  public var propensityHistogram: Histogram?
  public var components: [EffectComponent] = []
  /// Panel methods: the effect by time since adoption.
  public var eventStudy: [EventStudyPoint] = []
  /// Panel methods: every group-time effect ATT(g, t).
  public var groupTime: [GroupTimeEffect] = []
  /// Two-way fixed effects: the Goodman-Bacon decomposition.
  public var bacon: [BaconComponent] = []
  /// `staggered_did`: the Wald pre-test of parallel trends (read by `pre_trends`),
  /// `nil` when it could not be computed, with the reason.
  var preTrends: PreTrendTest?
  /// The regression-discontinuity details (method regression_discontinuity).
  public var discontinuity: DiscontinuityRecord?
  /// The instrumental-variable details (method instrumental_variable).
  public var instrumental: InstrumentalVariableRecord?
  /// The estimand actually delivered when it differs from the study's
  /// (e.g. overlap weights deliver the ATO), in words.
  public var deliveredEstimand: String?
  /// Whether the standard error must come from the bootstrap whatever `se`
  /// asks (a form of the estimator with no analytic variance).
  public var needsBootstrap = false

  public init(value: Double, n: Int) {
    self.value = value
    self.n = n
  }

  /// Sets the standard error, interval and p-value from an inference.
  public mutating func apply(_ inference: Inference, method: String) {
    standardError = inference.standardError
    confidenceInterval = inference.interval
    pValue = inference.pValue
    uncertainty = UncertaintyRecord(kind: .analytic, method: method)
  }
}

/// The joint Wald test that every pre-treatment ATT(g, t) is 0.
struct PreTrendTest: Sendable {
  var statistic: Double?
  var degreesOfFreedom: Int
  var pValue: Double?
  /// Why there is no test (no pre-treatment cell, a singular covariance), when there is none.
  var unavailable: String?
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

/// An estimation method: the point estimate and its analytic uncertainty.
///
/// An estimator leaves the uncertainty unset when its options ask for the
/// bootstrap (or sets ``EstimationResult/needsBootstrap``): ``MethodEstimator``
/// applies the bootstrap for every method in one place.
public protocol Estimator: Sendable {
  /// The options struct of the method (its registry row names the same one).
  associatedtype Options: EstimatorOptions
  /// The method this estimator implements.
  static var method: EstimatorMethod { get }
  /// Estimates the effect; with `problem.pointOnly`, only `value` (and `n`) need be set.
  func estimate(_ problem: EstimationProblem, options: Options) throws(EstimationFailure) -> EstimationResult
}

/// A method's estimator behind one type: unwraps the method's options and
/// applies the bootstrap when the study asks for it.
public struct MethodEstimator: Sendable {
  public let method: EstimatorMethod
  private let body: @Sendable (EstimationProblem) throws(EstimationFailure) -> EstimationResult

  init<E: Estimator>(_ estimator: E) {
    method = E.method
    body = { problem throws(EstimationFailure) in
      try estimator.estimate(problem, options: problem.options(as: E.Options.self))
    }
  }

  /// Estimates the effect; with `problem.pointOnly` only the point estimate.
  ///
  /// With `se: bootstrap` (or a result that needs it) the standard error,
  /// interval and p-value come from ``Bootstrap``, which re-estimates the
  /// point on each resample.
  public func estimate(_ problem: EstimationProblem) throws(EstimationFailure) -> EstimationResult {
    precondition(problem.method == method, "problem of \(problem.method.rawValue) given to \(method.rawValue)")
    var result = try body(problem)
    if !problem.pointOnly, problem.options.standardErrors == .bootstrap || result.needsBootstrap {
      try Bootstrap.apply(to: &result, problem: problem, estimator: self)
    }
    return result
  }
}

extension Estimator {
  /// Estimates through ``MethodEstimator`` (options unwrapped, bootstrap applied).
  func estimate(_ problem: EstimationProblem) throws(EstimationFailure) -> EstimationResult {
    try MethodEstimator(self).estimate(problem)
  }
}
