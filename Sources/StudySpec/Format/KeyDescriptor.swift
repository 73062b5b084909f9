import StudyModel

/// A key of the study format: its name, what it holds, and its documentation.
///
/// ``StudyFormat`` lists every key in one tree; the reader takes its allowed
/// keys from it, and the JSON Schema and the docs are generated from it, so
/// that the three cannot disagree on names.
public struct KeyDescriptor: Sendable {
  public let name: String
  public let shape: Shape
  public let isRequired: Bool
  /// The default, as documentation shows it.
  public let defaultText: String?
  public let summary: String

  /// What a key holds.
  public indirect enum Shape: Sendable {
    case string(pattern: String?)
    case integer(NumberBounds)
    case number(NumberBounds)
    case boolean
    case choice([String])
    case strings
    case numbers(count: Int?)
    case mapping([KeyDescriptor])
    /// A mapping from free names (column names) to a value shape.
    case dictionary(Shape)
    case list(Shape, minimumCount: Int)
    /// Defined by the method and check registries (estimator and check entries).
    case estimatorEntry
    case checkEntry
    /// Either a word or a list of strings (`adjustment: minimal | [a, b]`).
    case choiceOrStrings([String])
    /// A number, or a categorical level's name (`treatment_value: 2 | high`).
    case numberOrText
  }

  public init(
    _ name: String, _ shape: Shape, required: Bool = false, default defaultText: String? = nil,
    _ summary: String
  ) {
    self.name = name
    self.shape = shape
    self.isRequired = required
    self.defaultText = defaultText
    self.summary = summary
  }

  /// The child keys of a mapping key.
  public var children: [KeyDescriptor] {
    switch shape {
    case .mapping(let keys): keys
    case .list(.mapping(let keys), _): keys
    default: []
    }
  }

  /// The child key named `name`.
  public func child(_ name: String) -> KeyDescriptor? {
    children.first { $0.name == name }
  }
}
