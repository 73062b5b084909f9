/// The parameters every check accepts besides `check` itself.
public struct CommonCheckOptions: Sendable {
  public static let severity = Parameter<CheckSeverity>(
    "severity", default: .error, "error: a failure fails the gate (exit 1); warn: a failure is reported only.")
  public static let alpha = Parameter<Double>(
    "alpha", .number(.open(0, 1)), defaultDescription: "refutations.alpha", "Significance level of this check.")
  public static let simulations = Parameter<Int>(
    "simulations", .integer(.closed(1, 100_000)), defaultDescription: "refutations.simulations",
    "Number of simulations.")

  /// The `estimators` parameter, whose summary depends on the check's scope.
  public static func estimators(scope: CheckDescriptor.Scope) -> Parameter<[String]> {
    Parameter<[String]>(
      "estimators", .texts, defaultDescription: "every estimator the check applies to",
      scope == .estimate
        ? "Names of the estimators whose estimates the check refutes."
        : "Names of the estimators the check compares.")
  }

  /// The common parameters of a check of this scope, in the order the docs list them.
  public static func parameters(scope: CheckDescriptor.Scope, simulated: Bool) -> [ParameterDescriptor] {
    [severity.descriptor, alpha.descriptor, estimators(scope: scope).descriptor]
      + (simulated ? [simulations.descriptor] : [])
  }

  public var severity: CheckSeverity
  /// The check's level: its own `alpha`, else `refutations.alpha`.
  public var alpha: Double
  /// The estimators the study limited the check to, or `nil` for every one it applies to.
  public var estimators: [String]?
  /// Simulations of a simulated check: its own, else `refutations.simulations`.
  public var simulations: Int

  /// Decodes the common parameters; `alpha` and `simulations` fall back on
  /// the section defaults of ``RefutationSpec`` when the set has none (the
  /// study reader always fills them in).
  public init(_ params: ParameterSet) {
    severity = params.value(Self.severity)
    alpha = params.optionalValue(Self.alpha) ?? RefutationSpec.defaultAlpha
    simulations = params.optionalValue(Self.simulations) ?? RefutationSpec.defaultSimulations
    let listed = params.origin(of: Self.estimators(scope: .estimate))
    estimators = listed.isDefault ? nil : params.optionalValue(Self.estimators(scope: .estimate))
  }
}
