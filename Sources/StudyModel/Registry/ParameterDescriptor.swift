/// The type of a parameter of an estimator or a check.
public indirect enum ParameterType: Hashable, Sendable {
  /// `true` or `false` (YAML 1.2: no `yes`/`no`).
  case boolean
  /// A whole number within bounds.
  case integer(NumberBounds)
  /// A finite number within bounds.
  case number(NumberBounds)
  /// One of a closed set of words.
  case choice([String])
  /// The name of one data column.
  case column
  /// A list of data column names.
  case columns
  /// A list of free-text items (model terms such as `age^2` or `a:b`).
  case texts
  /// A list of numbers within bounds; `count` fixes its length when set.
  case numbers(NumberBounds, count: Int?)
  /// Either a number within bounds or one of a few words (`bandwidth: ik`).
  case numberOrChoice(NumberBounds, [String])

  /// A short description of what is accepted, for diagnostics and docs.
  public var summary: String {
    switch self {
    case .boolean: "true or false"
    case .integer(let b): "a whole number \(b)"
    case .number(let b): b == .any ? "a number" : "a number \(b)"
    case .choice(let words): "one of " + words.map { "'\($0)'" }.joined(separator: ", ")
    case .column: "a column name"
    case .columns: "a list of column names"
    case .texts: "a list of strings"
    case .numbers(let b, let count):
      (count.map { "a list of \($0) numbers" } ?? "a list of numbers") + " \(b)"
    case .numberOrChoice(let b, let words):
      "a number \(b) or " + words.map { "'\($0)'" }.joined(separator: ", ")
    }
  }
}

/// One parameter of an estimator or a check, as the registry declares it.
///
/// The validator, the JSON Schema, `docs/study-format.md` and the resolved
/// plan all read these declarations; nothing else lists parameters.
public struct ParameterDescriptor: Sendable {
  public let name: String
  public let type: ParameterType
  /// The value used when the study does not set one; `nil` when there is none.
  public let defaultValue: ParameterValue?
  /// How the default is described when it is not a plain value
  /// (e.g. "the instruments found by identification").
  public let defaultDescription: String?
  /// Whether the study must set the parameter.
  public let isRequired: Bool
  /// One sentence for editors (shown on hover) and the docs.
  public let summary: String

  public init(
    _ name: String, _ type: ParameterType, default defaultValue: ParameterValue? = nil,
    defaultDescription: String? = nil, required: Bool = false, _ summary: String
  ) {
    self.name = name
    self.type = type
    self.defaultValue = defaultValue
    self.defaultDescription = defaultDescription
    self.isRequired = required
    self.summary = summary
  }

  /// The default as documentation shows it.
  public var defaultText: String? {
    if let defaultValue { return defaultValue.description }
    return defaultDescription
  }
}
