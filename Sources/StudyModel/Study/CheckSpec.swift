/// One entry of `refutations.checks:`, its parameters decoded.
public struct CheckSpec: Sendable {
  public var kind: Located<CheckKind>
  /// Every parameter of the check, `severity`, `alpha`, `simulations` and
  /// `estimators` included, with the section defaults filled in.
  public var params: ParameterSet
  /// The check's own parameters, decoded into its options struct.
  public var options: any CheckOptions
  /// The parameters every check shares, decoded.
  public var common: CommonCheckOptions
  public var origin: Origin

  /// An entry; decodes `params` into the check's options (checks have no
  /// required parameters, so every read set decodes).
  public init(kind: Located<CheckKind>, params: ParameterSet, origin: Origin) {
    self.kind = kind
    self.params = params
    self.options = kind.value.descriptor.decode(params)
    self.common = CommonCheckOptions(params)
    self.origin = origin
  }

  public var severity: CheckSeverity { common.severity }

  /// The estimator names the check was limited to, or `nil` for all it applies to.
  public var estimatorNames: [String]? { common.estimators }

  /// The check's options as the type its kind decodes to.
  ///
  /// Asking for another type is a programmer error and traps.
  public func options<T: CheckOptions>(as type: T.Type) -> T {
    guard let options = options as? T else {
      preconditionFailure("check '\(kind.value.rawValue)' has \(Swift.type(of: options)), not \(T.self)")
    }
    return options
  }
}
