/// The `refutations:` section.
public struct RefutationSpec: Sendable {
  /// The significance level of the checks when neither they nor the section set one.
  public static let defaultAlpha = 0.05
  /// Simulations of the simulated checks when neither they nor the section set them.
  public static let defaultSimulations = 200

  public var alpha: Located<Double>
  public var simulations: Located<Int>
  public var checks: [CheckSpec]

  public init(alpha: Located<Double>, simulations: Located<Int>, checks: [CheckSpec]) {
    self.alpha = alpha
    self.simulations = simulations
    self.checks = checks
  }

  /// The section when the study has none.
  public static let defaults = RefutationSpec(
    alpha: .defaulted(defaultAlpha), simulations: .defaulted(defaultSimulations), checks: [])
}
