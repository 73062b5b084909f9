/// One entry of `estimators:`, its parameters decoded.
public struct EstimatorSpec: Sendable {
  public var name: Located<String>
  public var method: Located<EstimatorMethod>
  /// The parameters as written, defaults filled in, with their origins.
  public var params: ParameterSet
  /// The method's own parameters, decoded into its options struct.
  public var options: any EstimatorOptions
  /// The parameters every method shares, decoded.
  public var common: CommonEstimatorOptions
  /// The whole entry's place in the file.
  public var origin: Origin

  /// An entry; decodes `params` into the method's options.
  ///
  /// - Returns: `nil` when a required parameter is missing (the study reader
  ///   has reported it; there are no options to decode).
  public init?(name: Located<String>, method: Located<EstimatorMethod>, params: ParameterSet, origin: Origin) {
    guard params.hasRequired(method.value.descriptor.parameters) else { return nil }
    self.name = name
    self.method = method
    self.params = params
    self.options = method.value.descriptor.decode(params)
    self.common = CommonEstimatorOptions(params)
    self.origin = origin
  }
}

extension EstimatorSpec {
  /// The method's options as the type its method decodes to.
  ///
  /// Asking for another type is a programmer error and traps.
  public func options<T: EstimatorOptions>(as type: T.Type) -> T {
    guard let options = options as? T else {
      preconditionFailure("estimator '\(name.value)' has \(Swift.type(of: options)), not \(T.self)")
    }
    return options
  }
}
