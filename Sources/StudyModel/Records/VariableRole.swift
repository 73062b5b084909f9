/// The role a variable plays in the analysis, in the run record's graph and
/// data sections.
public enum VariableRole: String, Codable, Sendable, CaseIterable, CustomStringConvertible {
  case treatment
  case outcome
  /// In the adjustment set the back-door estimators use.
  case adjusted
  case instrument
  case mediator
  /// An effect modifier.
  case modifier
  /// The running variable of a regression discontinuity.
  case runningVariable = "running_variable"

  public var description: String { rawValue }
}
