/// A problem in a data file, located at a line and column of that file.
public struct CSVError: Error, Hashable, Sendable, CustomStringConvertible {
  /// What kind of problem, for callers that say more in their own terms.
  public enum Kind: Hashable, Sendable {
    /// Rows have missing values and the options refuse them.
    case missingValues
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
