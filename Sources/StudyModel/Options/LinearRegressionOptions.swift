/// The parameters of `linear_regression`.
public struct LinearRegressionOptions: EstimatorOptions {
  public static let se = Parameter<StandardErrorMethod>(
    "se", choices: [.hc1, .classical, .hc0, .hc2, .hc3, .cluster], default: .hc1,
    "Standard errors: HC1 robust (default; cluster-robust when `cluster` is given), classical, HC0, HC2, HC3, or cluster-robust."
  )
  public static let parameters = [se.descriptor]

  /// The covariance: `se` as written; when it is not written, cluster-robust
  /// if the common `cluster` parameter names a column, else `se`'s default.
  public var standardErrors: StandardErrorMethod
  /// The cluster column (the common `cluster` parameter).
  public var cluster: String?

  public init(_ params: ParameterSet) {
    cluster = params.optionalValue(CommonEstimatorOptions.cluster)
    let written = params.entry(Self.se.name).map { !$0.value.origin.isDefault } ?? false
    standardErrors = written || cluster == nil ? params.value(Self.se) : .cluster
  }

  public func validate(_ v: inout OptionsValidation) {
    if standardErrors == .cluster, cluster == nil {
      v.error("'se: cluster' needs a 'cluster' column", at: v.range(of: Self.se))
    }
    if cluster != nil, standardErrors != .cluster {
      v.error(
        "'se: \(standardErrors.rawValue)' and 'cluster' disagree: with a cluster column the standard errors are cluster-robust",
        at: v.range(of: Self.se), notes: [.init("delete 'se', or write 'se: cluster'")])
    }
    if v.sampleWeights, [.classical, .hc2, .hc3].contains(standardErrors) {
      v.error(
        "'se: \(standardErrors.rawValue)' is not defined here with sampling weights (data.weights)",
        at: v.range(of: Self.se), notes: [.init("use hc1 (the default), hc0 or cluster, the design-based choices")])
    }
  }
}
