/// What a data file's column holds over all its rows, for `assay init`: the
/// type it reads as, how many rows miss a value, and a summary of the others.
///
/// Every count is over the rows in which the column has a value, not only the
/// rows complete in all columns (`DataProfile` reads it; `StarterStudy`
/// drafts a study from it).
public struct ColumnProfile: Sendable, Equatable {
  public var name: String
  public var type: ColumnType
  /// Rows with a missing value in this column.
  public var missing: Int
  /// Rows with a value in this column.
  public var present: Int
  /// Distinct values (levels of a categorical column).
  public var distinct: Int
  /// Smallest and largest value (numeric columns with a value).
  public var minimum: Double?
  public var maximum: Double?
  /// The mean; for a binary column, the share of ones.
  public var mean: Double?

  public init(
    name: String, type: ColumnType, missing: Int, present: Int, distinct: Int, minimum: Double?, maximum: Double?,
    mean: Double?
  ) {
    self.name = name
    self.type = type
    self.missing = missing
    self.present = present
    self.distinct = distinct
    self.minimum = minimum
    self.maximum = maximum
    self.mean = mean
  }
}
