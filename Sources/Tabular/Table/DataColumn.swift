/// One column of a `DataTable`.
///
/// `values` holds numbers for numeric kinds and level codes
/// `0..<levels.count` (as `Double`) for categorical columns. Missing values
/// survive only when the missing policy kept them; they are `NaN`.
public struct DataColumn: Sendable, Equatable {
  /// The header name.
  public let name: String
  /// The inferred or declared kind.
  public let kind: ColumnKind
  /// Numbers, or level codes for categorical columns.
  public let values: [Double]
  /// Categorical levels sorted by their UTF-8 bytes (so the coding, and the
  /// reference level `levels[0]`, do not depend on row order); empty for
  /// numeric columns.
  public let levels: [String]

  /// A column from its parts.
  public init(name: String, kind: ColumnKind, values: [Double], levels: [String] = []) {
    self.name = name
    self.kind = kind
    self.values = values
    self.levels = levels
  }

  /// The number of rows.
  public var count: Int { values.count }

  /// The level of row `i` of a categorical column (`nil` when missing or numeric).
  public func level(at i: Int) -> String? {
    guard kind == .categorical else { return nil }
    let v = values[i]
    guard v.isFinite, Int(v) >= 0, Int(v) < levels.count else { return nil }
    return levels[Int(v)]
  }
}
