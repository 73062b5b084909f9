/// One parameter of a method or a check, with the Swift type it decodes to.
///
/// A parameter's name, type, default and summary are written here and
/// nowhere else: the type-erased ``descriptor`` feeds the validator, the
/// JSON Schema and `docs/study-format.md`, and options structs read their
/// fields through ``ParameterSet/value(_:)``, which falls back on the same
/// default.
public struct Parameter<Value: ParameterRepresentable>: Sendable {
  /// The declaration every generic consumer reads.
  public let descriptor: ParameterDescriptor
  /// The default as a Swift value (`nil`: none).
  public let defaultValue: Value?

  /// The parameter's YAML name.
  public var name: String { descriptor.name }

  /// A parameter of the given type.
  ///
  /// - Parameters:
  ///   - defaultDescription: how the default reads when it is not a plain
  ///     value ("the instruments found by identification").
  ///   - required: whether the study must set it.
  public init(
    _ name: String, _ type: ParameterType, default defaultValue: Value? = nil,
    defaultDescription: String? = nil, required: Bool = false, _ summary: String
  ) {
    self.defaultValue = defaultValue
    self.descriptor = ParameterDescriptor(
      name, type, default: defaultValue?.parameterValue, defaultDescription: defaultDescription,
      required: required, summary)
  }
}

extension Parameter where Value: ParameterChoice {
  /// A choice among `choices` (by default every case, in declaration order).
  public init(
    _ name: String, choices: [Value] = Array(Value.allCases), default defaultValue: Value? = nil,
    defaultDescription: String? = nil, _ summary: String
  ) {
    self.init(
      name, .choice(choices.map(\.rawValue)), default: defaultValue, defaultDescription: defaultDescription,
      summary)
  }
}

extension ParameterSet {
  /// The value of `parameter`: the one written or filled in at validation,
  /// else the parameter's default.
  ///
  /// A parameter with neither is a programmer error (validation reports a
  /// missing required parameter before a study exists) and traps.
  public func value<V>(_ parameter: Parameter<V>) -> V {
    guard let value = optionalValue(parameter) else {
      preconditionFailure("parameter '\(parameter.name)' has no value and no default")
    }
    return value
  }

  /// The value of a parameter that may be unset, else its default, else `nil`.
  public func optionalValue<V>(_ parameter: Parameter<V>) -> V? {
    guard let written = self[parameter.name] else { return parameter.defaultValue }
    guard let value = V(parameterValue: written.value) else {
      preconditionFailure("parameter '\(parameter.name)' holds \(written.value), not a \(V.self)")
    }
    return value
  }

  /// Where `parameter` was written, or `.defaultValue`.
  public func origin<V>(of parameter: Parameter<V>) -> Origin {
    self[parameter.name]?.origin ?? .defaultValue
  }
}
