/// The type of a data column, inferred from the data or declared by the study.
///
/// Inference (when not declared), over the non-missing values:
/// - `binary`: every value is 0 or 1 (written as numbers or as
///   `true`/`false` in any letter case);
/// - `integer`: every value is written as an integer literal (no decimal
///   point, no exponent);
/// - `continuous`: any other numbers;
/// - `categorical`: no value is a number.
/// The whole column decides, never one row: an undeclared column that holds
/// both numbers and text is an error naming the values of the minority
/// (`.` and `N/A` in a numeric column are probably missing-value codes):
/// list them in `missing_values`, or declare the column.
/// A column with no non-missing value is `continuous`.
///
/// Declared kinds are checked: a `binary` column with a 2, an `integer` column
/// with 1.5, or text in a numeric column is an error at its first offending line.
public enum ColumnKind: String, Sendable, Hashable, CaseIterable {
  case binary
  case integer
  case continuous
  case categorical

  /// Whether values are numbers (everything but `categorical`).
  public var isNumeric: Bool { self != .categorical }
}
