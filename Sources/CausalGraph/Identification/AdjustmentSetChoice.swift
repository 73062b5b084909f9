/// Which adjustment set to use when adjusting.
public enum AdjustmentSetChoice: Hashable, Codable, Sendable {
  /// The smallest minimal set (ties by node names' numbers).
  case minimal
  /// O(X, Y) of Henckel, Perkovic & Maathuis (2022).
  case optimal
  /// The canonical set (all observed non-forbidden ancestors).
  case all
  /// The named nodes.
  case explicit([String])
}
