/// The type of a data column, inferred from the data or declared by the study.
///
/// Inference (when not declared), over the non-missing values:
/// - `binary`: every value is 0 or 1 (written as numbers or as
///   `true`/`false` in any letter case);
/// - `integer`: every value is written as an integer literal (no decimal
///   point, no exponent);
/// - `continuous`: any other numbers;
/// - `categorical`: the first non-missing value is not a number. Later
///   values are levels whatever they look like (`"3"` is a level).
/// A column whose first value is a number and a later one is text is an
/// error, not a silent switch to categorical: declare it `categorical`.
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
