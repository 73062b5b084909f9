/// A Swift type a study parameter decodes to.
///
/// The study reader types every value by its ``ParameterType`` first (a
/// number in bounds, one of the listed words, ...), so the conversion here
/// only maps an already valid ``ParameterValue`` to the Swift value; it
/// returns `nil` only for a value of another kind, which validation has ruled
/// out.
public protocol ParameterRepresentable: Sendable {
  /// The Swift value of a validated parameter value.
  init?(parameterValue: ParameterValue)
  /// The value as the study format writes it (for defaults in the docs and
  /// the JSON Schema).
  var parameterValue: ParameterValue { get }
}

/// A closed set of words: a `String` enum whose raw values are the study
/// format's spellings.
public protocol ParameterChoice: ParameterRepresentable, RawRepresentable, CaseIterable, Hashable
where RawValue == String {}

extension ParameterChoice {
  public init?(parameterValue: ParameterValue) {
    guard case .string(let word) = parameterValue else { return nil }
    self.init(rawValue: word)
  }

  public var parameterValue: ParameterValue { .string(rawValue) }
}

extension Bool: ParameterRepresentable {
  public init?(parameterValue: ParameterValue) {
    guard case .bool(let b) = parameterValue else { return nil }
    self = b
  }

  public var parameterValue: ParameterValue { .bool(self) }
}

extension Int: ParameterRepresentable {
  public init?(parameterValue: ParameterValue) {
    guard case .integer(let i) = parameterValue else { return nil }
    self = i
  }

  public var parameterValue: ParameterValue { .integer(self) }
}

extension Double: ParameterRepresentable {
  /// A number, or a whole number written without a fraction.
  public init?(parameterValue: ParameterValue) {
    guard let d = parameterValue.doubleValue else { return nil }
    self = d
  }

  public var parameterValue: ParameterValue { .number(self) }
}

extension String: ParameterRepresentable {
  public init?(parameterValue: ParameterValue) {
    guard case .string(let s) = parameterValue else { return nil }
    self = s
  }

  public var parameterValue: ParameterValue { .string(self) }
}

extension Array: ParameterRepresentable where Element: ParameterRepresentable {
  public init?(parameterValue: ParameterValue) {
    guard case .list(let items) = parameterValue else { return nil }
    var values: [Element] = []
    for item in items {
      guard let value = Element(parameterValue: item) else { return nil }
      values.append(value)
    }
    self = values
  }

  public var parameterValue: ParameterValue { .list(map(\.parameterValue)) }
}
