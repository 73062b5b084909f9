/// What `compute: database` computes in the database (docs/data-sources.md,
/// "Pushdown"). Everything else is refused when the study is validated,
/// with an error that names the method, check or setting.
public enum Pushdown {
  /// Whether a method's estimate (and standard error) can be computed from
  /// aggregates the database evaluates.
  public static func supports(_ method: EstimatorMethod) -> Bool {
    switch method {
    case .linearRegression, .generalizedLinearModel, .propensityScoreStratification:
      true
    case .propensityScoreWeighting, .propensityScoreMatching, .distanceMatching, .doublyRobust, .doubleMachineLearning,
      .instrumentalVariable, .regressionDiscontinuity, .frontdoorTwoStage, .mediation, .staggeredDid,
      .twoWayFixedEffects:
      false
    }
  }

  /// Whether a check can run on a pushed-down estimate (its simulations as
  /// aggregate queries), or needs only the estimates.
  public static func supports(_ kind: CheckKind) -> Bool {
    switch kind {
    case .placeboTreatment, .randomCommonCause, .dataSubset, .bootstrap, .estimatorAgreement:
      true
    case .dummyOutcome, .unobservedCommonCause, .sensitivity, .eValue, .overlap, .graphIndependencies,
      .graphFalsification, .preTrends, .placeboTime, .discontinuityDensity, .discontinuityPlaceboCutoffs,
      .discontinuityCovariateBalance, .discontinuityBandwidthSensitivity, .weakInstrument:
      false
    }
  }

  /// Whether a check can run on a pushed-down estimate of `method`: the
  /// simulated checks refit the model from sums
  /// (`PushdownChecks`), which is done for `linear_regression` only;
  /// `estimator_agreement` reads the estimates of any method.
  public static func supports(_ kind: CheckKind, on method: EstimatorMethod) -> Bool {
    guard supports(kind), supports(method) else { return false }
    switch kind {
    case .placeboTreatment, .randomCommonCause, .dataSubset, .bootstrap: return method == .linearRegression
    default: return true
    }
  }

  /// The methods a check can run on under `compute: database`, for messages.
  public static func methods(for kind: CheckKind) -> [EstimatorMethod] {
    methods.filter { supports(kind, on: $0) }
  }

  /// The methods that can be pushed down, for messages.
  public static var methods: [EstimatorMethod] { EstimatorMethod.allCases.filter(supports) }

  /// The checks that can be pushed down, for messages.
  public static var checks: [CheckKind] { CheckKind.allCases.filter(supports) }
}
