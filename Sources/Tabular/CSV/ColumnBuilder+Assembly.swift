extension ColumnBuilder {
  /// The loaded table from finished builders, under the missing-value
  /// policy every source shares: without `dropMissing`, any missing value
  /// in a loaded column is an error that counts the rows, per column, and
  /// names the first ones; with it, those rows are dropped and counted.
  ///
  /// - Parameters:
  ///   - flags: per builder, the kind bits of its numbers (1: not 0 or 1;
  ///     2: not written as an integer).
  ///   - missingRows: the 0-based rows with a missing value, ascending.
  ///   - missingLines: where the first of them are (file lines, or database
  ///     rows counted from 1), named in messages with `lineWord`.
  static func assemble(
    _ builders: [ColumnBuilder], flags: [UInt8], rowsRead: Int, missingRows: [Int], missingLines: [Int],
    firstMissing: (line: Int, column: Int, name: String)?, options: CSVOptions, missingList: String,
    lineWord: String, sha256: String, byteCount: Int
  ) throws(CSVError) -> LoadedTable {
    var droppedByColumn: [String: Int] = [:]
    // Only a missing value stores NaN (the number grammar has none), and each one is in `missingRows`.
    for builder in builders where !missingRows.isEmpty {
      var missing = 0
      for i in 0..<rowsRead where builder.storage[i].isNaN { missing += 1 }
      if missing > 0 { droppedByColumn[builder.name] = missing }
    }
    let rows = missingRows
    if !rows.isEmpty && !options.dropMissing {
      throw missingValues(
        rows: rows.count, byColumn: droppedByColumn, missingLines: missingLines, firstMissing: firstMissing,
        missingList: missingList, lineWord: lineWord)
    }
    let dropped = options.dropMissing ? rows : []
    for (k, builder) in builders.enumerated() {
      builder.allBinary = flags[k] & 1 == 0
      builder.allIntegerLiterals = flags[k] & 2 == 0
    }
    let columns = builders.map { $0.finish(count: rowsRead, dropping: dropped) }
    return LoadedTable(
      table: DataTable(columns: columns), rowsRead: rowsRead, rowsDropped: dropped.count,
      droppedByColumn: options.dropMissing ? droppedByColumn : [:],
      firstDroppedLines: options.dropMissing ? missingLines : [], sha256: sha256, byteCount: byteCount)
  }

  /// The refusal of rows with missing values (the default policy): how
  /// many, by column, and where the first ones are.
  static func missingValues(
    rows: Int, byColumn: [String: Int], missingLines: [Int], firstMissing: (line: Int, column: Int, name: String)?,
    missingList: String, lineWord: String
  ) -> CSVError {
    let perColumn = byColumn.sorted { $0.key < $1.key }.map { "\($0.key) (\($0.value))" }.joined(separator: ", ")
    let lines = missingLines.prefix(5).map(String.init).joined(separator: ", ")
    var error = CSVError(
      "\(rows) row\(rows == 1 ? " has" : "s have") missing values", line: firstMissing?.line,
      column: firstMissing?.column, columnName: firstMissing?.name,
      notes: [
        "missing values by column: \(perColumn)",
        "first at \(lineWord)\(missingLines.count == 1 ? "" : "s") \(lines)",
        "missing values are: \(missingList)",
      ])
    error.kind = .missingValues
    return error
  }

  /// The column's kind once every value is in: declared, or inferred from
  /// its mode and its numbers' kind bits (`ColumnKind`).
  func finalKind(flags: UInt8) -> ColumnKind {
    switch mode {
    case .categorical: return .categorical
    case .numeric, .undetermined:
      if let declared { return declared }
      if mode == .undetermined { return .continuous }
      if flags & 1 == 0 { return .binary }
      if flags & 2 == 0 { return .integer }
      return .continuous
    }
  }
}
