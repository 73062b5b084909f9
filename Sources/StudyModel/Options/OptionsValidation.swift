/// What a method's or a check's own validation rules see, and where they
/// report: rules that relate parameters to each other or to the estimand,
/// which the generic type checks of the study reader cannot express.
///
/// Each options struct states its rules in its ``EstimatorOptions/validate(_:)``
/// (or ``CheckOptions/validate(_:)``), beside its parameters; the study
/// reader runs them all and gathers what they find with every other problem.
public struct OptionsValidation: Sendable {
  /// The parameters as written, for their origins.
  public let params: ParameterSet
  /// "estimator 'ols'" or "check 'overlap'", to start messages with.
  public let owner: String
  /// The study's estimand, when it could be read.
  public let estimand: EstimandSpec?
  /// The names of the study's estimators.
  public let estimatorNames: [String]
  /// Where the whole entry was written (for problems with no parameter to point at).
  public let entryRange: SourceRange?
  /// Whether the study has sampling weights (`data.weights`).
  public var sampleWeights = false
  /// What the rules found.
  public private(set) var diagnostics: [Diagnostic] = []

  public init(
    params: ParameterSet, owner: String, estimand: EstimandSpec?, estimatorNames: [String],
    entryRange: SourceRange?
  ) {
    self.params = params
    self.owner = owner
    self.estimand = estimand
    self.estimatorNames = estimatorNames
    self.entryRange = entryRange
  }

  /// Where `parameter` was written, else where the entry was.
  public func range<V>(of parameter: Parameter<V>) -> SourceRange? {
    params.origin(of: parameter).range ?? entryRange
  }

  /// Whether the study wrote `parameter` (rather than leaving its default).
  public func isWritten<V>(_ parameter: Parameter<V>) -> Bool {
    !params.origin(of: parameter).isDefault && params[parameter.name] != nil
  }

  public mutating func error(_ message: String, at range: SourceRange?, notes: [Diagnostic.Note] = []) {
    diagnostics.append(.error("\(owner): \(message)", at: range, notes: notes))
  }

  public mutating func warning(_ message: String, at range: SourceRange?, notes: [Diagnostic.Note] = []) {
    diagnostics.append(.warning("\(owner): \(message)", at: range, notes: notes))
  }
}
