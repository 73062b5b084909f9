import StudyModel

/// Applies the study's `policies` to a numerical problem an estimator found.
enum PolicyEnforcement {
  /// Throws a numerical failure under `error`; records a warning under `warn`.
  static func enforce(
    _ policy: Located<ProblemPolicy>, problem name: String, _ message: String, warnings: inout [String]
  ) throws(EstimationFailure) {
    switch policy.value {
    case .error:
      throw .numerical("\(message) (policies.\(name): error; set it to warn to continue)")
    case .warn:
      warnings.append(message)
    }
  }
}
