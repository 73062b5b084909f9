/// One entry of `expectations:`: a result the study pins, gated like a check.
public struct ExpectationSpec: Codable, Sendable {
  /// The sign an estimate must have.
  public enum Sign: String, CaseIterable, Codable, Sendable {
    case positive, negative
    /// The confidence interval contains zero.
    case zero
  }

  /// An estimator name, or `all`.
  public var estimator: Located<String>
  public var sign: Located<Sign>?
  public var significant: Located<Bool>?
  /// `value: {between: [low, high]}`.
  public var between: Located<[Double]>?
  public var severity: Located<CheckSeverity>
  public var origin: Origin

  public init(
    estimator: Located<String>, sign: Located<Sign>?, significant: Located<Bool>?,
    between: Located<[Double]>?, severity: Located<CheckSeverity>, origin: Origin
  ) {
    self.estimator = estimator
    self.sign = sign
    self.significant = significant
    self.between = between
    self.severity = severity
    self.origin = origin
  }
}
