/// The parameters of `propensity_score_stratification`.
public struct PropensityScoreStratificationOptions: EstimatorOptions {
  public static let strata = Parameter<Int>(
    "strata", .integer(.closed(2, 1000)), default: 5,
    "Number of quantile strata (Cochran 1968: five remove about 90% of the bias).")
  public static let se = Parameter<StandardErrorMethod>(
    "se", choices: [.bootstrap, .stratified], default: .bootstrap,
    "Standard errors by the bootstrap (refitting the propensity model), or from within-stratum variances, which ignore the estimated propensity and over-cover (99% for a nominal 95% in the coverage study)."
  )
  public static let parameters = [strata.descriptor, se.descriptor]

  public var strata: Int
  public var standardErrors: StandardErrorMethod

  public init(_ params: ParameterSet) {
    strata = params.value(Self.strata)
    standardErrors = params.value(Self.se)
  }
}
