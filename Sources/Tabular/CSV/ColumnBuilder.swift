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
  var missingCount = 0

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
    if let code = levelCodes[text] { return Double(code) }
    let code = levelNames.count
    levelCodes[text] = code
    levelNames.append(text)
    return Double(code)
  }

  // MARK: - Rules shared by every source

  /// What a text value is under the reader's rules.
  enum TextReading {
    /// A level of a categorical column (its first-appearance code).
    case level(Double)
    /// A number to check with ``checkNumber(_:integerLiteral:token:)``.
    case number(Double, integerLiteral: Bool)
  }

  /// Reads a text value that is not a missing token, under the rules every
  /// source shares (`ColumnKind`): a categorical column takes it as a level;
  /// otherwise a number in `DecimalNumber`'s grammar, or `true`/`false` (any
  /// case) as 1/0; a column with no value yet becomes categorical on a text
  /// that is not a number (`modeLine` records where); any other text is an
  /// error. Errors name the column but carry no position: the caller adds it.
  ///
  /// - Parameter line: the file line (or database row) of the value.
  func read(text bytes: [UInt8], line: Int, missingList: String) throws(CSVError) -> TextReading {
    let token = String(decoding: bytes, as: UTF8.self)
    if mode == .categorical { return .level(code(for: token)) }
    if let r = DecimalNumber.parseToken(bytes) {
      if r.status == .overflow {
        throw CSVError(
          "the number '\(token)' is too large for a double (overflow)", columnName: name,
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
      return .level(code(for: token))
    }
    var notes: [String] = []
    let lower = token.lowercased()
    if ["nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity"].contains(lower) {
      notes.append("'\(token)' is not a number here; write missing values as one of: \(missingList)")
    } else if lower.hasPrefix("0x") || lower.hasPrefix("-0x") || lower.hasPrefix("+0x") {
      notes.append("hexadecimal numbers are not accepted; write the value in decimal")
    }
    if let declared {
      notes.append("the column is declared \(declared.rawValue)")
    } else {
      notes.append("the column holds numbers from line \(modeLine) on; declare it categorical if it is text")
    }
    throw CSVError("non-numeric value '\(token)' in numeric column '\(name)'", columnName: name, notes: notes)
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
      "value '\(token.trimmingSpaces)' in column '\(name)', which is declared \(declared?.rawValue ?? "")",
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
