import StudyModel

/// The one table from method names to their implementations.
public enum EstimatorRegistry {
  public static func estimator(for method: EstimatorMethod) -> any Estimator {
    switch method {
    case .linearRegression: LinearRegressionEstimator()
    case .generalizedLinearModel: GeneralizedLinearModelEstimator()
    case .propensityScoreWeighting: PropensityScoreWeightingEstimator()
    case .propensityScoreMatching: PropensityScoreMatchingEstimator()
    case .propensityScoreStratification: PropensityScoreStratificationEstimator()
    case .distanceMatching: DistanceMatchingEstimator()
    case .doublyRobust: DoublyRobustEstimator()
    case .doubleMachineLearning: DoubleMachineLearningEstimator()
    case .instrumentalVariable: InstrumentalVariableEstimator()
    case .regressionDiscontinuity: RegressionDiscontinuityEstimator()
    case .frontdoorTwoStage: FrontdoorTwoStageEstimator()
    case .mediation: MediationEstimator()
    }
  }
}
