/// The parameters of `instrumental_variable`.
public struct InstrumentalVariableOptions: EstimatorOptions {
  public static let instruments = Parameter<[String]>(
    "instruments", .columns, defaultDescription: "the instruments found by identification", "Instrument columns.")
  public static let se = Parameter<StandardErrorMethod>(
    "se", choices: [.hc1, .hc0, .classical, .cluster, .bootstrap], default: .hc1,
    "Standard errors: HC1 (as linearmodels' robust, debiased; cluster-robust when `cluster` is given), HC0, classical, cluster-robust (CR1, as linearmodels' clustered, debiased), or the bootstrap."
  )
  public static let parameters = [instruments.descriptor, se.descriptor]

  /// The instruments the study names (else identification's).
  public var instruments: [String]?
  /// The covariance: `se` as written; when it is not written, cluster-robust
  /// if the common `cluster` parameter names a column, else `se`'s default.
  public var standardErrors: StandardErrorMethod
  /// The cluster column (the common `cluster` parameter).
  public var cluster: String?

  public init(_ params: ParameterSet) {
    instruments = params.optionalValue(Self.instruments)
    cluster = params.optionalValue(CommonEstimatorOptions.cluster)
    let written = params.entry(Self.se.name).map { !$0.value.origin.isDefault } ?? false
    standardErrors = written || cluster == nil ? params.value(Self.se) : .cluster
  }

  public func validate(_ v: inout OptionsValidation) {
    if standardErrors == .cluster, cluster == nil {
      v.error("'se: cluster' needs a 'cluster' column", at: v.range(of: Self.se))
    }
    if cluster != nil, ![.cluster, .bootstrap].contains(standardErrors) {
      v.error(
        "'se: \(standardErrors.rawValue)' and 'cluster' disagree: with a cluster column the standard errors are cluster-robust (or the bootstrap draws whole clusters)",
        at: v.range(of: Self.se), notes: [.init("delete 'se', or write 'se: cluster' or 'se: bootstrap'")])
    }
    if v.sampleWeights, standardErrors == .classical {
      v.error(
        "'se: classical' is not defined with sampling weights (data.weights)",
        at: v.range(of: Self.se), notes: [.init("use hc1 (the default), hc0 or cluster, the design-based choices")])
    }
  }
}
