/// The parameters of an estimator or a check, defaults filled in.
///
/// Values the study wrote keep their place in the file; values it did not
/// write carry ``Origin/defaultValue``. Parameters with no default that the
/// study did not set are absent.
public struct ParameterSet: Codable, Sendable {
  /// Parameter values in registry order.
  public var entries: [Entry]

  public struct Entry: Codable, Sendable {
    public var name: String
    public var value: Located<ParameterValue>
    /// For list values written in the file, where each item was written.
    public var itemOrigins: [Origin]?

    public init(name: String, value: Located<ParameterValue>, itemOrigins: [Origin]? = nil) {
      self.name = name
      self.value = value
      self.itemOrigins = itemOrigins
    }

    /// Where item `index` of a list value was written (else the whole value).
    public func origin(ofItem index: Int) -> Origin {
      guard let itemOrigins, index < itemOrigins.count else { return value.origin }
      return itemOrigins[index]
    }
  }

  /// The entry named `name`.
  public func entry(_ name: String) -> Entry? {
    entries.first { $0.name == name }
  }

  public init(entries: [Entry] = []) {
    self.entries = entries
  }

  public subscript(name: String) -> Located<ParameterValue>? {
    entries.first { $0.name == name }?.value
  }

}

extension ParameterSet {
  /// A set built in code (simulations, tests): every default of
  /// `descriptors`, with `values` in place of some, all marked as defaults.
  public static func filling(
    _ descriptors: [ParameterDescriptor], with values: [String: ParameterValue] = [:]
  ) -> ParameterSet {
    ParameterSet(
      entries: descriptors.compactMap { p in
        if let v = values[p.name] { return .init(name: p.name, value: .defaulted(v)) }
        return p.defaultValue.map { .init(name: p.name, value: .defaulted($0)) }
      })
  }
}

extension ParameterSet {
  /// Whether every required parameter among `descriptors` has a value.
  public func hasRequired(_ descriptors: [ParameterDescriptor]) -> Bool {
    descriptors.allSatisfy { !$0.isRequired || self[$0.name] != nil }
  }
}
