/// Builds a table from values delivered row by row (a database's result
/// set), under the CSV reader's rules: the same column builders, the same
/// missing values, the same kinds (`ColumnKind`), the same messages.
///
/// A row is one `add…` call per column, in column order, then ``endRow()``.
/// - A null is missing; so is a text, or a number's text, equal to one of
///   `options.missingValues`.
/// - A text follows the CSV rules exactly: a level of a categorical column,
///   else a number (or `true`/`false`). An undeclared column's type is read
///   from all its values: one holding both numbers and texts is refused when
///   the rows end, naming the odd values (a `.` or `N/A` in the first row no
///   longer makes a column of numbers categorical), and each column records
///   why it has its type (``LoadedTable/evidence``, ``TableSummary/evidence``).
/// - A typed number is a number (written as an integer when it came from an
///   integer column); in a categorical column its text is the level.
/// - Declared kinds are checked (a `binary` column with a 2 is an error).
///
/// Errors are ``CSVError`` values whose `line` is the row, counted from 1 in
/// the order the rows came, with the column named; the caller says where
/// the rows came from.
public final class TableBuilder {
  /// The loaded columns' names, in order.
  public let names: [String]
  let options: CSVOptions
  let builders: [ColumnBuilder]
  var flags: [UInt8]
  let missingTokens: [[UInt8]]
  let numericMissingTokens: Bool
  let missingList: String
  /// Rows ended so far.
  public private(set) var rowsRead = 0
  var capacity: Int
  var rowMissing = false
  var missingRows: [Int] = []
  var missingLines: [Int] = []
  var firstMissing: (line: Int, column: Int, name: String)? = nil
  /// The row keys, when the caller gives them (``setRowKey(_:)``).
  var rowKeys: [Int64] = []
  /// A summarising builder keeps only the current row's key, and the keys of
  /// the rows an end-of-column error can name (a column's first text, first
  /// stray, first number among texts: at most three per column).
  var currentKey: Int64?
  var notedKeys: [Int: Int64] = [:]
  /// Whether rows are kept (``finish(sha256:byteCount:)``) or only
  /// summarised (``finishSummary(sha256:byteCount:)``, memory independent
  /// of the number of rows).
  public let keepsRows: Bool
  var summary: SummaryState

  /// - Parameters:
  ///   - names: the columns to load (distinct).
  ///   - options: missing values, declared kinds and the missing-value
  ///     policy (the delimiter and column list are not used).
  ///   - capacity: rows expected, when known.
  ///   - keepsRows: false to summarise the rows instead of keeping them.
  public init(columns names: [String], options: CSVOptions, capacity: Int = 0, keepsRows: Bool = true) {
    self.names = names
    self.options = options
    self.keepsRows = keepsRows
    self.capacity = keepsRows ? max(16, capacity) : 1
    builders = names.map {
      ColumnBuilder(name: $0, declared: options.declaredKinds[$0], capacity: keepsRows ? max(16, capacity) : 1)
    }
    summary = SummaryState(columns: names.count)
    flags = [UInt8](repeating: 0, count: names.count)
    missingTokens = options.missingValues.map { Array($0.utf8) }
    numericMissingTokens = missingTokens.contains { DecimalNumber.parseToken($0) != nil }
    missingList = options.missingValues.map { $0.isEmpty ? "an empty field" : "'\($0)'" }.joined(separator: ", ")
  }

  /// A number written in text (`-1.5e3`), under the CSV reader's number
  /// grammar and exact rounding; nil for anything else (`NaN`, `Infinity`,
  /// a value beyond the largest double).
  public static func number(_ bytes: UnsafeBufferPointer<UInt8>) -> (value: Double, integerLiteral: Bool)? {
    guard let base = bytes.baseAddress else { return nil }
    let r = DecimalNumber.parse(base, count: bytes.count)
    guard r.status == .number, r.length == bytes.count else { return nil }
    return (r.value, r.isIntegerLiteral)
  }

  /// The row being filled, counted from 1 (for messages).
  var line: Int { rowsRead + 1 }

  /// Where the current row's values go: its row, or the one summary slot.
  var slot: Int { keepsRows ? rowsRead : 0 }

  @inline(__always)
  func reserveRow() {
    guard keepsRows, rowsRead >= capacity else { return }
    for builder in builders { builder.reserve(rowsRead + 1, keeping: rowsRead) }
    capacity = builders.map(\.capacity).min() ?? Int.max
  }

  /// A null in column `k`.
  public func addNull(_ k: Int) {
    reserveRow()
    let builder = builders[k]
    builder.storage[slot] = .nan
    builder.missingCount += 1
    if firstMissing == nil { firstMissing = (line, k + 1, builder.name) }
    rowMissing = true
  }

  /// A text value in column `k` (UTF-8, as the database returned it).
  public func addText(_ k: Int, _ bytes: [UInt8]) throws(CSVError) {
    if missingTokens.contains(bytes) { return addNull(k) }
    reserveRow()
    let builder = builders[k]
    let reading: ColumnBuilder.TextReading
    do throws(CSVError) {
      reading = try builder.read(text: bytes, line: line, column: k + 1, missingList: missingList)
    } catch {
      throw located(error)
    }
    if !keepsRows, let key = currentKey,
      builder.firstText?.line == line || builder.firstStray?.line == line || builder.firstNumber?.line == line
    {
      notedKeys[line] = key
    }
    switch reading {
    case .level(let code): builder.storage[slot] = code
    case .stray: builder.storage[slot] = .nan
    case .number(let value, let integerLiteral):
      try store(k, value, integerLiteral: integerLiteral) { String(decoding: bytes, as: UTF8.self) }
    }
  }

  /// A number in column `k`; `text` is how the database writes it (for
  /// missing values written as numbers, for levels, and for messages).
  public func addNumber(_ k: Int, _ value: Double, integerLiteral: Bool, text: () -> String) throws(CSVError) {
    if !value.isFinite || builders[k].mode == .categorical || numericMissingTokens {
      return try addText(k, Array(text().utf8))
    }
    reserveRow()
    try store(k, value, integerLiteral: integerLiteral, text: text)
  }

  func store(_ k: Int, _ value: Double, integerLiteral: Bool, text: () -> String) throws(CSVError) {
    let builder = builders[k]
    do throws(CSVError) {
      flags[k] |= try builder.checkNumber(value, integerLiteral: integerLiteral, line: line, token: text)
    } catch {
      throw located(error)
    }
    builder.storage[slot] = value
  }

  func located(_ error: CSVError) -> CSVError {
    var error = error
    error.line = line
    return error
  }

  /// The current row's key (call once per row, or never).
  public func setRowKey(_ key: Int64) {
    // A summarising builder keeps no row, and so no key (memory independent of the rows).
    guard keepsRows else {
      currentKey = key
      return
    }
    rowKeys.append(key)
  }

  /// Ends the row (every column must have had its value).
  public func endRow() {
    if !keepsRows && !rowMissing { summary.add(builders) }
    if rowMissing {
      missingRows.append(rowsRead)
      if missingLines.count < 10 { missingLines.append(line) }
      rowMissing = false
    }
    rowsRead += 1
  }

  /// The key of row `row` (counted from 1), when the caller gave keys.
  public func rowKey(ofRow row: Int) -> Int64? {
    rowKeys.indices.contains(row - 1) ? rowKeys[row - 1] : notedKeys[row]
  }

  /// Refuses an undeclared column that holds both numbers and texts (see
  /// ``ColumnBuilder/mixedTypeError(values:missingList:)``), and returns the
  /// non-missing values of each column.
  func checkTypes() throws(CSVError) -> [Int] {
    var values: [Int] = []
    for builder in builders {
      let n = rowsRead - builder.missingCount
      if let error = builder.mixedTypeError(values: n, missingList: missingList) { throw error }
      values.append(n)
    }
    return values
  }

  /// The table, under the missing-value policy; `sha256` and `byteCount`
  /// describe the rows as the caller hashed them.
  public func finish(sha256: String, byteCount: Int) throws(CSVError) -> LoadedTable {
    let values = try checkTypes()
    var table = try ColumnBuilder.assemble(
      builders, flags: flags, rowsRead: rowsRead, missingRows: missingRows, missingLines: missingLines,
      firstMissing: firstMissing, options: options, missingList: missingList, lineWord: "row", sha256: sha256,
      byteCount: byteCount)
    if rowKeys.count == rowsRead, rowsRead > 0 {
      if options.dropMissing && !missingRows.isEmpty {
        let dropped = Set(missingRows)
        table.rowKeys = rowKeys.indices.filter { !dropped.contains($0) }.map { rowKeys[$0] }
      } else {
        table.rowKeys = rowKeys
      }
    }
    for (k, builder) in builders.enumerated() {
      table.evidence[builder.name] = builder.evidence(
        kind: table.table.columns[k].kind, values: values[k], rows: rowsRead)
    }
    return table
  }
}
