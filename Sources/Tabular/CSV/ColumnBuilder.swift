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
  var values: [Double] = []
  var mode: Mode
  /// Every number so far was 0 or 1.
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
    values.reserveCapacity(capacity)
  }

  /// Adds the level `text`, returning its first-appearance code.
  func code(for text: String) -> Double {
    if let code = levelCodes[text] { return Double(code) }
    let code = levelNames.count
    levelCodes[text] = code
    levelNames.append(text)
    return Double(code)
  }

  /// The final column: kind inferred or declared, categorical codes remapped
  /// to byte-sorted levels, rows in `dropped` (ascending) removed.
  func finish(dropping dropped: [Int]) -> DataColumn {
    var kept = values
    if !dropped.isEmpty {
      var out: [Double] = []
      out.reserveCapacity(values.count - dropped.count)
      var d = 0
      for (i, v) in values.enumerated() {
        if d < dropped.count && dropped[d] == i {
          d += 1
          continue
        }
        out.append(v)
      }
      kept = out
    }
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
