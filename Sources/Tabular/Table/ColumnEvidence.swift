/// Why a column has the type it was read with: the values its type was
/// decided from (every non-missing value of the column, over every row read,
/// never one row) and the rule that decided it.
public struct ColumnEvidence: Sendable, Hashable {
  /// Non-missing values read (every one of them decided the type).
  public var values: Int
  /// Rows read (the values plus the missing ones).
  public var rows: Int
  /// Whether the study declared the type (the values were then checked against it).
  public var declared: Bool
  /// The rule, in words: "all 500 values are 0 or 1", "declared categorical".
  public var reason: String

  /// Evidence from its parts.
  public init(values: Int, rows: Int, declared: Bool, reason: String) {
    self.values = values
    self.rows = rows
    self.declared = declared
    self.reason = reason
  }
}
