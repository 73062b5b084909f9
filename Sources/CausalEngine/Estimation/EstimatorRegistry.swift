import StudyModel

/// The one table from method names to their implementations.
///
/// The switch is exhaustive: a method added to ``EstimatorMethod`` without
/// an implementation here does not compile.
public enum EstimatorRegistry {
  public static func estimator(for method: EstimatorMethod) -> MethodEstimator {
    switch method {
    case .linearRegression: MethodEstimator(LinearRegressionEstimator())
    case .generalizedLinearModel: MethodEstimator(GeneralizedLinearModelEstimator())
    case .propensityScoreWeighting: MethodEstimator(PropensityScoreWeightingEstimator())
    case .propensityScoreMatching: MethodEstimator(PropensityScoreMatchingEstimator())
    case .propensityScoreStratification: MethodEstimator(PropensityScoreStratificationEstimator())
    case .distanceMatching: MethodEstimator(DistanceMatchingEstimator())
    case .doublyRobust: MethodEstimator(DoublyRobustEstimator())
    case .doubleMachineLearning: MethodEstimator(DoubleMachineLearningEstimator())
    case .instrumentalVariable: MethodEstimator(InstrumentalVariableEstimator())
    case .regressionDiscontinuity: MethodEstimator(RegressionDiscontinuityEstimator())
    case .frontdoorTwoStage: MethodEstimator(FrontdoorTwoStageEstimator())
    case .mediation: MethodEstimator(MediationEstimator())
    case .staggeredDid: MethodEstimator(StaggeredDidEstimator())
    case .twoWayFixedEffects: MethodEstimator(TwoWayFixedEffectsEstimator())
    }
  }
}
