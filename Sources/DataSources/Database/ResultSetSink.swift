import Tabular

/// Where a result set's values go while it streams: into the table builder
/// (the columns the study uses, under the CSV rules) and into the result
/// set's SHA-256, with the row key checked (an integer, never null, strictly
/// increasing, hence unique).
///
/// Column 0 of the result set is the row key; `target[c]` is the builder
/// column of result column `c`, or −1 when the study does not use it (the
/// row key, unless it is also an analysis column).
final class ResultSetSink {
  /// What went wrong with a value, and at which row.
  enum Problem: Error {
    /// A value the column rules refuse (the error's `line` is the row).
    case value(CSVError, key: Int64?)
    /// A row key that is null, not an integer, or not strictly increasing.
    case key(String, row: Int)
  }

  let builder: TableBuilder
  let hasher: ResultSetHasher
  let target: [Int]
  private(set) var rows = 0
  private var previousKey: Int64?
  private(set) var currentKey: Int64?

  init(columns: [String], target: [Int], builder: TableBuilder) {
    self.builder = builder
    self.target = target
    hasher = ResultSetHasher(columns: columns)
  }

  /// The row key of the current row (result column 0).
  func key(_ key: Int64?, text: () -> String) throws(Problem) {
    guard let key else {
      throw .key(
        "row \(rows + 1) has \(text().isEmpty ? "a null row key" : "the row key '\(text())', which is not an integer")",
        row: rows + 1)
    }
    if let previousKey, key <= previousKey {
      throw .key(
        key == previousKey
          ? "the row key \(key) appears twice: a row key must identify each row"
          : "the rows did not come in row-key order (\(key) after \(previousKey))", row: rows + 1)
    }
    currentKey = key
    builder.setRowKey(key)
  }

  func null(_ c: Int) {
    hasher.null()
    if target[c] >= 0 { builder.addNull(target[c]) }
  }

  /// A typed number; `text` is how the database writes it.
  func number(_ c: Int, _ value: Double, integerLiteral: Bool, text: () -> String) throws(Problem) {
    hasher.number(value)
    guard target[c] >= 0 else { return }
    do throws(CSVError) {
      try builder.addNumber(target[c], value, integerLiteral: integerLiteral, text: text)
    } catch {
      throw .value(error, key: currentKey)
    }
  }

  /// A text value (UTF-8).
  func text(_ c: Int, _ bytes: UnsafeBufferPointer<UInt8>) throws(Problem) {
    hasher.text(bytes)
    guard target[c] >= 0 else { return }
    do throws(CSVError) {
      try builder.addText(target[c], Array(bytes))
    } catch {
      throw .value(error, key: currentKey)
    }
  }

  func endRow() {
    builder.endRow()
    previousKey = currentKey
    currentKey = nil
    rows += 1
  }
}
