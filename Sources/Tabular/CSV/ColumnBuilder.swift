/// Accumulates one loaded column while a file is parsed, tracking what its
/// kind can be.
final class ColumnBuilder {
  enum Mode {
    /// Only missing values so far.
    case undetermined
    case numeric
    case categorical
  }

  let name: String
  let declared: ColumnKind?
  /// Row values (`NaN` for missing), rows `0..<count` valid; the capacity is
  /// managed by the parser so that the hot loop writes through a raw pointer.
  var storage: UnsafeMutablePointer<Double>
  var capacity: Int
  var mode: Mode
  /// Every number so far was 0 or 1 (set from the parser's flags at the end).
  var allBinary = true
  /// Every number so far was written as an integer literal (or a boolean).
  var allIntegerLiterals = true
  /// The line of the first value that fixed the mode (for messages).
  var modeLine = 0
  var levelCodes: [String: Int] = [:]
  var levelNames: [String] = []
  /// Rows per level (first-appearance codes), for the mixed-type error.
  var levelCounts: [Int] = []
  var missingCount = 0
  /// Undeclared columns read as numbers: the values that are not numbers
  /// (each stored as NaN; the read fails at the end, naming them), in
  /// first-seen order with their row counts; at most ``strayLimit`` are kept.
  var strays: [(text: String, rows: Int)] = []
  var strayRows = 0
  var firstStray: (line: Int, column: Int)? = nil
  /// Undeclared columns read as text: how many values read as numbers, and the first.
  var numberRows = 0
  var firstNumber: (text: String, line: Int, column: Int)? = nil
  /// Where the first text value of a column read as text is.
  var firstText: (line: Int, column: Int)? = nil
  static let strayLimit = 10

  init(name: String, declared: ColumnKind?, capacity: Int) {
    self.name = name
    self.declared = declared
    switch declared {
    case .categorical?: mode = .categorical
    case nil: mode = .undetermined
    default: mode = .numeric
    }
    self.capacity = max(16, capacity)
    storage = UnsafeMutablePointer<Double>.allocate(capacity: self.capacity)
  }

  deinit { storage.deallocate() }

  /// Grows the storage to hold at least `rows` values, keeping the first `count`.
  func reserve(_ rows: Int, keeping count: Int) {
    guard rows > capacity else { return }
    let grown = max(rows, capacity + capacity / 2)
    let new = UnsafeMutablePointer<Double>.allocate(capacity: grown)
    new.moveInitialize(from: storage, count: count)
    storage.deallocate()
    storage = new
    capacity = grown
  }

  /// Adds the level `text`, returning its first-appearance code.
  func code(for text: String) -> Double {
    if let code = levelCodes[text] {
      levelCounts[code] += 1
      return Double(code)
    }
    let code = levelNames.count
    levelCodes[text] = code
    levelNames.append(text)
    levelCounts.append(1)
    return Double(code)
  }

  /// Records a value that is not a number in an undeclared column read as numbers.
  func addStray(_ text: String, line: Int, column: Int) {
    strayRows += 1
    if firstStray == nil { firstStray = (line, column) }
    let shown = CSVError.excerpt(text)
    if let k = strays.firstIndex(where: { $0.text == shown }) {
      strays[k].rows += 1
    } else if strays.count < Self.strayLimit {
      strays.append((shown, 1))
    }
  }

  /// Undoes what a rolled-back record added (see ``CSVParser/rollBack(to:)``).
  func undo(_ evidence: CSVParser.Evidence) {
    switch evidence {
    case .stray(let text):
      strayRows -= 1
      let shown = CSVError.excerpt(text)
      if let k = strays.firstIndex(where: { $0.text == shown }) {
        strays[k].rows -= 1
        if strays[k].rows == 0 { strays.remove(at: k) }
      }
      if strayRows == 0 { firstStray = nil }
    case .number:
      numberRows -= 1
      if numberRows == 0 { firstNumber = nil }
    case .level(let code):
      levelCounts[code] -= 1
    }
  }

  /// Records a value that reads as a number in an undeclared column read as text.
  func addNumberInText(_ text: String, line: Int, column: Int) {
    numberRows += 1
    if firstNumber == nil { firstNumber = (CSVError.excerpt(text), line, column) }
  }

  /// The error of an undeclared column that holds both numbers and text
  /// (its type would be a guess), or `nil`.
  ///
  /// When most values are numbers, the error names the others (probably
  /// missing-value codes such as `.` or `N/A`); otherwise it says how many of
  /// each there are. Either way a declaration or `missing_values` settles it.
  func mixedTypeError(values: Int, missingList: String) -> CSVError? {
    guard declared == nil else { return nil }
    func rows(_ n: Int) -> String { "\(n) row\(n == 1 ? "" : "s")" }
    // Texts are already excerpts (escaped, at most 80 characters).
    func quoted(_ text: String) -> String { "'\(text)'" }
    var texts: [(text: String, rows: Int)]
    var textRows: Int
    let location: (line: Int, column: Int)
    switch mode {
    case .numeric:
      guard strayRows > 0, let first = firstStray else { return nil }
      (texts, textRows, location) = (strays, strayRows, first)
    case .categorical:
      guard numberRows > 0, let number = firstNumber else { return nil }
      texts = []
      for (code, level) in levelNames.enumerated() where !CSVParser.readsAsNumber(Array(level.utf8)) {
        texts.append((CSVError.excerpt(level), levelCounts[code]))
      }
      textRows = texts.reduce(0) { $0 + $1.rows }
      let numbers = values - textRows
      if numbers < textRows {
        // Mostly text: the numbers are the odd ones out.
        let shownTexts = texts.prefix(5).map { quoted($0.text) }.joined(separator: ", ")
        var error = CSVError(
          "column '\(name)' mixes text and numbers: \(rows(textRows)) hold text (\(shownTexts)\(texts.count > 5 ? ", ..." : "")) and \(rows(numbers)) numbers (first \(quoted(number.text)) here)",
          line: number.line, column: number.column, columnName: name,
          notes: [
            "a column's type is read from all its values, never guessed from one row",
            "if its values are labels, declare it `categorical` under data.columns",
          ])
        error.kind = .mixedTypes
        return error
      }
      location = firstText ?? (modeLine, 1)
      texts = Array(texts.prefix(Self.strayLimit))
    case .undetermined:
      return nil
    }
    let numbers = values - textRows
    let listed =
      textRows == 1
      ? texts.map { quoted($0.text) }.joined()
      : texts.map { "\(quoted($0.text)) (\(rows($0.rows)))" }.joined(separator: ", ")
    let more = textRows > texts.reduce(0, { $0 + $1.rows }) ? ", ..." : ""
    var notes = [
      "a column's type is read from all its values, never guessed from one row",
      "if \(texts.count == 1 ? "it means" : "they mean") a missing value, list \(texts.count == 1 ? "it" : "them") in data.missing_values (now: \(missingList))",
      "if the column holds labels, declare it `categorical` under data.columns",
    ]
    let lower = Set(texts.map { $0.text.lowercased() })
    if !lower.isDisjoint(with: ["nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity"]) {
      notes.append("'nan' and 'inf' are not numbers here")
    }
    if lower.contains(where: { $0.hasPrefix("0x") || $0.hasPrefix("-0x") || $0.hasPrefix("+0x") }) {
      notes.append("hexadecimal numbers are not accepted; write the value in decimal")
    }
    var error = CSVError(
      "non-numeric value\(texts.count == 1 && textRows == 1 ? "" : "s") \(listed)\(more) in column '\(name)', whose other \(numbers) value\(numbers == 1 ? " is a number" : "s are numbers")",
      line: location.line, column: location.column, columnName: name, notes: notes)
    error.kind = .mixedTypes
    return error
  }

  /// Why the column has its type, over `values` non-missing values of `rows`.
  func evidence(kind: ColumnKind, values: Int, rows: Int) -> ColumnEvidence {
    let all = values == 1 ? "the one value" : "all \(values) values"
    let reason: String
    if let declared {
      reason = "declared \(declared.rawValue); \(all) agree"
    } else {
      switch kind {
      case _ where values == 0: reason = "no value (every row is missing): read as continuous"
      case .binary: reason = "\(all) \(values == 1 ? "is" : "are") 0 or 1 (or true/false)"
      case .integer: reason = "\(all) \(values == 1 ? "is a whole number" : "are whole numbers"), not only 0 and 1"
      case .continuous:
        reason = "\(all) \(values == 1 ? "is a number" : "are numbers"), some with a fraction or an exponent"
      case .categorical:
        reason =
          "\(all) \(values == 1 ? "is" : "are") text, none a number (\(levelNames.count) level\(levelNames.count == 1 ? "" : "s"))"
      }
    }
    return ColumnEvidence(values: values, rows: rows, declared: declared != nil, reason: reason)
  }

  // MARK: - Rules shared by every source

  /// What a text value is under the reader's rules.
  enum TextReading {
    /// A level of a categorical column (its first-appearance code).
    case level(Double)
    /// A number to check with ``checkNumber(_:integerLiteral:token:)``.
    case number(Double, integerLiteral: Bool)
    /// A text in an undeclared column read as numbers: recorded by
    /// ``addStray(_:line:column:)``, stored as `NaN`, refused at the end.
    case stray
  }

  /// Reads a text value that is not a missing token, under the rules every
  /// source shares (`ColumnKind`): a categorical column takes it as a level;
  /// otherwise a number in `DecimalNumber`'s grammar, or `true`/`false` (any
  /// case) as 1/0; a column with no value yet becomes categorical on a text
  /// that is not a number (`modeLine` and `firstText` record where).
  ///
  /// An undeclared column's type is never decided by one value: a number in a
  /// column read as text, or a text in a column read as numbers, is counted
  /// (`addNumberInText`, `addStray`) and the read goes on; at the end
  /// ``mixedTypeError(values:missingList:)`` refuses the column, naming the
  /// odd values, as the CSV parser does. In a declared numeric column a text
  /// is an error at once. Errors name the column but carry no position: the
  /// caller adds it.
  ///
  /// - Parameters:
  ///   - line: the file line (or database row) of the value.
  ///   - column: its column position, counted from 1 (for the mixed-type error).
  func read(text bytes: [UInt8], line: Int, column: Int, missingList: String) throws(CSVError) -> TextReading {
    let token = String(decoding: bytes, as: UTF8.self)
    if mode == .categorical {
      if declared == nil && CSVParser.readsAsNumber(bytes) { addNumberInText(token, line: line, column: column) }
      return .level(code(for: token))
    }
    if let r = DecimalNumber.parseToken(bytes) {
      if r.status == .overflow {
        throw CSVError(
          "the number '\(CSVError.excerpt(token))' is too large for a double (overflow)", columnName: name,
          notes: ["the largest finite double is about 1.8e308"])
      }
      return .number(r.value, integerLiteral: r.isIntegerLiteral)
    }
    switch token.lowercased() {
    case "true": return .number(1, integerLiteral: true)
    case "false": return .number(0, integerLiteral: true)
    default: break
    }
    if mode == .undetermined {
      mode = .categorical
      modeLine = line
      firstText = (line, column)
      return .level(code(for: token))
    }
    if declared == nil {
      addStray(token, line: line, column: column)
      return .stray
    }
    var notes: [String] = []
    let lower = token.lowercased()
    if ["nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity"].contains(lower) {
      notes.append("'\(token)' is not a number here; write missing values as one of: \(missingList)")
    } else if lower.hasPrefix("0x") || lower.hasPrefix("-0x") || lower.hasPrefix("+0x") {
      notes.append("hexadecimal numbers are not accepted; write the value in decimal")
    }
    // Only a declared column reaches here (an undeclared one records a stray above).
    notes.append("the column is declared \(declared?.rawValue ?? "numeric")")
    throw CSVError(
      "non-numeric value '\(CSVError.excerpt(token))' in numeric column '\(name)'", columnName: name, notes: notes)
  }

  /// Checks a number against the declared kind and returns its kind bits
  /// (1: not 0 or 1; 2: not written as an integer). A column with no value
  /// yet becomes numeric (`modeLine` records where). Errors name the column
  /// but carry no position.
  func checkNumber(_ value: Double, integerLiteral: Bool, line: Int, token: () -> String) throws(CSVError) -> UInt8 {
    if mode == .undetermined {
      mode = .numeric
      modeLine = line
    }
    var bits: UInt8 = 0
    if value != 0 && value != 1 {
      if declared == .binary { throw declaredMismatch(token(), expected: "0, 1, true or false") }
      bits |= 1
    }
    if !integerLiteral {
      if declared == .integer && value.rounded() != value { throw declaredMismatch(token(), expected: "whole numbers") }
      bits |= 2
    }
    return bits
  }

  func declaredMismatch(_ token: String, expected: String) -> CSVError {
    CSVError(
      "value '\(CSVError.excerpt(token.trimmingSpaces))' in column '\(name)', which is declared \(declared?.rawValue ?? "")",
      columnName: name,
      notes: ["\(declared == .integer ? "an" : "a") \(declared?.rawValue ?? "") column holds \(expected)"])
  }

  /// The final column: kind inferred or declared, categorical codes remapped
  /// to byte-sorted levels, rows in `dropped` (ascending) removed.
  func finish(count: Int, dropping dropped: [Int]) -> DataColumn {
    let values = UnsafeBufferPointer(start: storage, count: count)
    var kept: [Double]
    if dropped.isEmpty {
      kept = Array(values)
    } else {
      kept = []
      kept.reserveCapacity(count - dropped.count)
      var d = 0
      for (i, v) in values.enumerated() {
        if d < dropped.count && dropped[d] == i {
          d += 1
          continue
        }
        kept.append(v)
      }
    }
    // Release the parse buffer now: peak memory is the columns plus one column.
    storage.deallocate()
    storage = UnsafeMutablePointer<Double>.allocate(capacity: 1)
    capacity = 1
    switch mode {
    case .categorical:
      // Levels that still occur (dropping rows can remove a level entirely).
      var used = [Bool](repeating: false, count: levelNames.count)
      for v in kept where !v.isNaN { used[Int(v)] = true }
      let sorted = levelNames.indices.filter { used[$0] }.map { levelNames[$0] }
        .sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
      var remap = [Double](repeating: 0, count: levelNames.count)
      for (newCode, level) in sorted.enumerated() { remap[levelCodes[level] ?? 0] = Double(newCode) }
      let codes = kept.map { $0.isNaN ? Double.nan : remap[Int($0)] }
      return DataColumn(name: name, kind: .categorical, values: codes, levels: sorted)
    case .numeric, .undetermined:
      let kind: ColumnKind
      if let declared {
        kind = declared
      } else if mode == .undetermined {
        kind = .continuous
      } else if allBinary {
        kind = .binary
      } else if allIntegerLiterals {
        kind = .integer
      } else {
        kind = .continuous
      }
      return DataColumn(name: name, kind: kind, values: kept)
    }
  }
}
