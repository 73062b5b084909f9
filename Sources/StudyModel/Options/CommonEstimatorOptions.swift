/// The parameters every estimation method accepts.
public struct CommonEstimatorOptions: Sendable {
  public static let terms = Parameter<[String]>(
    "terms", .texts, default: [],
    "Extra terms in R's formula notation (`age^2`, `log(x)`, `poly(x, 2)`, `ns(x, 3)`, `C(x, ref = a)`, `a:b`, `a*b`), added to every model the method fits."
  )
  public static let outcomeTerms = Parameter<[String]>(
    "outcome_terms", .texts, default: [], "Extra terms for the outcome model only.")
  public static let propensityTerms = Parameter<[String]>(
    "propensity_terms", .texts, default: [], "Extra terms for the propensity model only.")
  public static let confidenceLevel = Parameter<Double>(
    "confidence_level", .number(.open(0, 1)), default: 0.95, "Level of the confidence interval.")
  public static let bootstrap = Parameter<Int>(
    "bootstrap", .integer(.closed(2, 100_000)), default: 999,
    "Number of bootstrap replicates when the standard error is bootstrapped.")
  public static let bootstrapInterval = Parameter<BootstrapInterval>(
    "bootstrap_interval", default: .percentile, "Bootstrap confidence interval: percentile or basic (reflected).")
  public static let cluster = Parameter<String>(
    "cluster", .column,
    "Cluster column: cluster-robust (CR1) standard errors, and whole clusters resampled by the bootstrap.")
  public static let modifierBins = Parameter<Int>(
    "modifier_bins", .integer(.closed(2, 100)), default: 4,
    "Quantile bins of a continuous effect modifier for conditional effects.")

  /// In the order the docs list them (after each method's own).
  public static let parameters: [ParameterDescriptor] = [
    terms.descriptor, outcomeTerms.descriptor, propensityTerms.descriptor, confidenceLevel.descriptor,
    bootstrap.descriptor, bootstrapInterval.descriptor, cluster.descriptor, modifierBins.descriptor,
  ]

  /// Terms of both models, as written.
  public var terms: [String]
  public var outcomeTerms: [String]
  public var propensityTerms: [String]
  public var confidenceLevel: Double
  public var bootstrapReplicates: Int
  public var bootstrapInterval: BootstrapInterval
  public var modifierBins: Int
  /// The cluster column, when standard errors are cluster-robust.
  public var cluster: String?

  public init(_ params: ParameterSet) {
    terms = params.value(Self.terms)
    outcomeTerms = params.value(Self.outcomeTerms)
    propensityTerms = params.value(Self.propensityTerms)
    confidenceLevel = params.value(Self.confidenceLevel)
    bootstrapReplicates = params.value(Self.bootstrap)
    bootstrapInterval = params.value(Self.bootstrapInterval)
    modifierBins = params.value(Self.modifierBins)
    cluster = params.optionalValue(Self.cluster)
  }

  /// The outcome model's terms: `terms`, then `outcome_terms`.
  public var outcomeModelTerms: [String] { terms + outcomeTerms }

  /// The propensity model's terms: `terms`, then `propensity_terms`.
  public var propensityModelTerms: [String] { terms + propensityTerms }
}
