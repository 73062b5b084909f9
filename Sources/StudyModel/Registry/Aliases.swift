/// The other spellings the study format accepts, each mapped to its name.
///
/// DoWhy users bring dotted method names and refuter names; Assay accepts
/// them and says, in a note, what it calls them. This is the only table of
/// such spellings.
public enum Aliases {
  /// DoWhy's estimator method names.
  public static let methods: [String: EstimatorMethod] = [
    "backdoor.linear_regression": .linearRegression,
    "backdoor.generalized_linear_model": .generalizedLinearModel,
    "backdoor.propensity_score_weighting": .propensityScoreWeighting,
    "backdoor.propensity_score_matching": .propensityScoreMatching,
    "backdoor.propensity_score_stratification": .propensityScoreStratification,
    "backdoor.distance_matching": .distanceMatching,
    "backdoor.econml.dr.LinearDRLearner": .doublyRobust,
    "backdoor.econml.dr.DRLearner": .doublyRobust,
    "backdoor.econml.dml.DML": .doubleMachineLearning,
    "backdoor.econml.dml.LinearDML": .doubleMachineLearning,
    "iv.instrumental_variable": .instrumentalVariable,
    "iv.regression_discontinuity": .regressionDiscontinuity,
    "frontdoor.two_stage_regression": .frontdoorTwoStage,
    "mediation.two_stage_regression": .mediation,
  ]

  /// DoWhy's refuter names.
  public static let checks: [String: CheckKind] = [
    "placebo_treatment_refuter": .placeboTreatment,
    "data_subset_refuter": .dataSubset,
    "bootstrap_refuter": .bootstrap,
    "dummy_outcome_refuter": .dummyOutcome,
    "add_unobserved_common_cause": .unobservedCommonCause,
  ]

  /// Words a parameter no longer takes, each with the message that says what
  /// to write instead (by parameter name, then word). They are refused, never
  /// read as their replacement.
  public static let retiredWords: [String: [String: String]] = [
    "bandwidth": [
      "ik":
        "'bandwidth: ik' (Imbens & Kalyanaraman 2012) is no longer offered: write 'bandwidth: mse', the MSE-optimal bandwidth of Calonico, Cattaneo & Farrell (2020) as rdrobust computes it"
    ]
  ]
}
