/// Whether a mediator set satisfies Pearl's front-door criterion, condition
/// by condition.
///
/// Criterion (Pearl 2009, Causality, Def. 3.3.3): M satisfies the front-door
/// criterion relative to (X, Y) iff
/// 1. M intercepts every directed path from X to Y;
/// 2. there is no unblocked back-door path from X to M; and
/// 3. every back-door path from M to Y is blocked by X.
///
/// Estimand when it holds (Theorem 3.3.4):
/// `P(y | do(x)) = sum_m P(m | x) sum_{x'} P(y | m, x') P(x')`.
public struct FrontDoorVerdict: Hashable, Codable, Sendable {
  /// The mediator set judged (study-graph numbers, sorted).
  public var mediators: [Int]
  /// Whether all three conditions hold.
  public var isValid: Bool
  /// The three conditions, in order.
  public var conditions: [FrontDoorCondition]
  /// A sentence: valid, or the failed conditions and why.
  public var explanation: String
}

/// One condition of the front-door criterion with its verdict.
public struct FrontDoorCondition: Hashable, Codable, Sendable {
  /// 1, 2 or 3, as numbered in ``FrontDoorVerdict``.
  public var number: Int
  /// The condition in words.
  public var statement: String
  /// Whether the condition holds.
  public var holds: Bool
  /// Why it holds or fails.
  public var reason: String
  /// A path that violates the condition, when it fails and one was found
  /// (study-graph numbers).
  public var violatingPath: GraphPath?
}
