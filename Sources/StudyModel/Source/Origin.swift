/// Where a value of a study came from: a place in the study file, or a default.
///
/// Every value of a parsed ``Study`` keeps its origin, so that checks that run
/// long after parsing (an estimator that cannot deliver the estimand, a
/// refutation that fails) can still point at `file:line:column`, and so that
/// reports can mark the values the user did not write as defaults.
public enum Origin: Hashable, Codable, Sendable {
  /// Written in a file, at this range.
  case file(SourceRange)
  /// Not written: the documented default applies.
  case defaultValue

  /// The range in the file, when the value was written in one.
  public var range: SourceRange? {
    if case .file(let range) = self { return range }
    return nil
  }

  /// Whether the documented default applies.
  public var isDefault: Bool { self == .defaultValue }
}

/// A value together with the place it came from.
public struct Located<Value> {
  public var value: Value
  public var origin: Origin

  public init(_ value: Value, origin: Origin) {
    self.value = value
    self.origin = origin
  }

  /// A value that was not written in the study file.
  public static func defaulted(_ value: Value) -> Located<Value> {
    Located(value, origin: .defaultValue)
  }

  /// The same origin with a transformed value.
  public func map<T>(_ transform: (Value) throws -> T) rethrows -> Located<T> {
    Located<T>(try transform(value), origin: origin)
  }
}

extension Located: Sendable where Value: Sendable {}
extension Located: Equatable where Value: Equatable {}
extension Located: Hashable where Value: Hashable {}
extension Located: Codable where Value: Codable {}
