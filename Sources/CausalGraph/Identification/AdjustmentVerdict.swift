/// Whether a set is a valid adjustment set for a causal query, and if not,
/// every reason.
///
/// Criterion (generalized adjustment criterion; Shpitser, VanderWeele &
/// Robins 2010; Perkovic, Textor, Kalisch & Maathuis 2018, Def. 3.1): Z is
/// valid for the effect of X on Y iff
/// 1. Z contains no node of `Forb(X, Y) = De(cn(X, Y)) ∪ X`, and
/// 2. every proper non-causal path from X to Y is blocked by Z.
///
/// Estimand when valid: `P(y | do(x)) = sum_z P(y | x, z) P(z)`.
/// Condition 2 is decided by m-separation of X and Y given Z in the proper
/// back-door graph (van der Zander, Liśkiewicz & Textor 2014, Theorem 4.3),
/// never by listing paths; an open path is only searched for the text.
public struct AdjustmentVerdict: Hashable, Codable, Sendable {
  /// The set judged (study-graph numbers, sorted).
  public var set: [Int]
  /// Whether both conditions hold.
  public var isValid: Bool
  /// Every violated condition; empty when valid.
  public var problems: [AdjustmentProblem]
  /// One sentence per problem, or why the set is valid.
  public var explanation: String
}

/// One reason a set is not a valid adjustment set.
public enum AdjustmentProblem: Hashable, Codable, Sendable {
  /// The node is latent: it cannot be adjusted for.
  case latent(node: Int)
  /// The node is a treatment or an outcome.
  case treatmentOrOutcome(node: Int)
  /// The node descends from `causalNode`, which lies on a proper causal path
  /// from X to Y (condition 1).
  case forbidden(node: Int, causalNode: Int)
  /// A proper non-causal path from X to Y is open given the set (condition 2).
  case openPath(GraphPath)
  /// Condition 2 fails but no open path was found within the search budget.
  case openPathNotShown
}
