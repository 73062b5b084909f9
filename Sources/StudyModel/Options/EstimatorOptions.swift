/// The decoded parameters of one estimation method.
///
/// Each method has its own options struct (`LinearRegressionOptions`, ...):
/// its parameters are declared there as typed ``Parameter`` values, decoded
/// once when the study is validated, and read as typed fields by the engine.
/// The registry row of the method (``EstimatorDescriptor``) names the
/// struct; the parameters every method shares are in
/// ``CommonEstimatorOptions``.
public protocol EstimatorOptions: Sendable {
  /// The method's own parameters, in the order the docs list them.
  static var parameters: [ParameterDescriptor] { get }
  /// Decodes validated parameters (defaults filled in).
  init(_ params: ParameterSet)
  /// How the estimate's standard error is computed.
  var standardErrors: StandardErrorMethod { get }
  /// The method's own rules across parameters and the estimand.
  func validate(_ validation: inout OptionsValidation)
}

extension EstimatorOptions {
  public func validate(_ validation: inout OptionsValidation) {}
}

/// The decoded parameters of one check.
public protocol CheckOptions: Sendable {
  /// The check's own parameters, in the order the docs list them.
  static var parameters: [ParameterDescriptor] { get }
  /// Decodes validated parameters (defaults filled in).
  init(_ params: ParameterSet)
  /// The check's own rules across its parameters.
  func validate(_ validation: inout OptionsValidation)
}

extension CheckOptions {
  public func validate(_ validation: inout OptionsValidation) {}
}

/// A check without parameters of its own.
public struct NoCheckOptions: CheckOptions {
  public static let parameters: [ParameterDescriptor] = []
  public init(_ params: ParameterSet) {}
}
