/// A problem in a data file, located at a line and column of that file.
public struct CSVError: Error, Hashable, Sendable, CustomStringConvertible {
  /// What kind of problem, for callers that say more in their own terms.
  public enum Kind: Hashable, Sendable {
    /// Rows have missing values and the options refuse them.
    case missingValues
    /// An undeclared column holds both numbers and text: its type would be a guess.
    case mixedTypes
    /// Anything else: syntax, types, sizes.
    case other
  }

  public var kind: Kind = .other
  public var message: String
  /// 1-based line of the file, when known.
  public var line: Int?
  /// 1-based column (in Unicode scalars) of the line, when known.
  public var column: Int?
  /// The data column concerned, when there is one.
  public var columnName: String?
  public var notes: [String]

  public init(_ message: String, line: Int? = nil, column: Int? = nil, columnName: String? = nil, notes: [String] = [])
  {
    self.message = message
    self.line = line
    self.column = column
    self.columnName = columnName
    self.notes = notes
  }

  public var description: String {
    var text = ""
    if let line { text += "\(line):\(column ?? 1): " }
    return text + message
  }
}

extension CSVError {
  /// The error as a compiler-style diagnostic:
  /// `file:line:column: error: message`, then `  column: name` and one
  /// `  note: …` line per note.
  public func rendered(fileName: String) -> String {
    var text = fileName
    if let line { text += ":\(line):\(column ?? 1)" }
    text += ": error: \(message)\n"
    if let columnName { text += "  column: \(columnName)\n" }
    for note in notes { text += "  note: \(note)\n" }
    return text
  }
}

extension CSVError {
  /// The characters of user text an error quotes, at most.
  public static let excerptLimit = 80

  /// `text` as an error may quote it: control characters, DEL, C1 controls
  /// and line or paragraph separators escaped (`\u{1B}`), and at most
  /// ``excerptLimit`` characters (then `…` and, when `countingRest`, how many more).
  public static func excerpt(_ text: String, limit: Int = excerptLimit, countingRest: Bool = true) -> String {
    var shown = ""
    var count = 0
    var total = 0
    for scalar in text.unicodeScalars {
      total += 1
      guard count < limit else { continue }
      count += 1
      switch scalar.value {
      case 0x00..<0x20, 0x7F..<0xA0, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069:
        shown += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
      default: shown.unicodeScalars.append(scalar)
      }
    }
    guard total > limit else { return shown }
    return countingRest ? shown + "… (\(total - limit) more characters)" : shown + "…"
  }
}
