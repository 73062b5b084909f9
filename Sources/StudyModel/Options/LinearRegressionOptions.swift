/// The parameters of `linear_regression`.
public struct LinearRegressionOptions: EstimatorOptions {
  public static let se = Parameter<StandardErrorMethod>(
    "se", choices: [.hc1, .classical, .hc0, .hc2, .hc3, .cluster], default: .hc1,
    "Standard errors: HC1 robust (default), classical, HC0, HC2, HC3, or cluster-robust.")
  public static let cluster = Parameter<String>("cluster", .column, "Cluster column, required with se: cluster.")
  public static let parameters = [se.descriptor, cluster.descriptor]

  public var standardErrors: StandardErrorMethod
  /// The cluster column (used with `se: cluster`).
  public var cluster: String?

  public init(_ params: ParameterSet) {
    standardErrors = params.value(Self.se)
    cluster = params.optionalValue(Self.cluster)
  }

  public func validate(_ v: inout OptionsValidation) {
    if standardErrors == .cluster, cluster == nil {
      v.error("'se: cluster' needs a 'cluster' column", at: v.range(of: Self.se))
    }
    if cluster != nil, standardErrors != .cluster {
      v.warning("'cluster' is used only with 'se: cluster'", at: v.range(of: Self.cluster))
    }
  }
}
