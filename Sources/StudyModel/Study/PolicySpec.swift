/// What to do when a numerical problem is found (the `policies:` section).
public struct PolicySpec: Codable, Sendable {
  public var rankDeficiency: Located<ProblemPolicy>
  public var separation: Located<ProblemPolicy>
  public var nonConvergence: Located<ProblemPolicy>
  public var positivity: Located<ProblemPolicy>

  public init(
    rankDeficiency: Located<ProblemPolicy>, separation: Located<ProblemPolicy>,
    nonConvergence: Located<ProblemPolicy>, positivity: Located<ProblemPolicy>
  ) {
    self.rankDeficiency = rankDeficiency
    self.separation = separation
    self.nonConvergence = nonConvergence
    self.positivity = positivity
  }
}
