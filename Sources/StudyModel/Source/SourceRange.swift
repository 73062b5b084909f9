/// A position in a text file: a 1-based line and a 1-based column.
///
/// Columns count Unicode scalars, as libyaml does, not bytes or grapheme
/// clusters: `name: 'テスト'` puts the opening quote at column 7.
public struct SourcePosition: Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
  /// The line number, starting from 1.
  public var line: Int
  /// The column number, starting from 1, counted in Unicode scalars.
  public var column: Int

  public init(line: Int, column: Int) {
    self.line = line
    self.column = column
  }

  public static func < (lhs: SourcePosition, rhs: SourcePosition) -> Bool {
    (lhs.line, lhs.column) < (rhs.line, rhs.column)
  }

  public var description: String { "\(line):\(column)" }
}

/// A half-open stretch of a text file, from `start` up to (not including) `end`.
///
/// A range whose `end` equals its `start` marks a single point.
public struct SourceRange: Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
  /// The file as the user named it (relative paths stay relative).
  public var file: String
  public var start: SourcePosition
  public var end: SourcePosition

  public init(file: String, start: SourcePosition, end: SourcePosition) {
    precondition(start <= end, "a source range must not end before it starts")
    self.file = file
    self.start = start
    self.end = end
  }

  /// A range that covers one point.
  public init(file: String, line: Int, column: Int) {
    let point = SourcePosition(line: line, column: column)
    self.init(file: file, start: point, end: point)
  }

  public static func < (lhs: SourceRange, rhs: SourceRange) -> Bool {
    (lhs.file, lhs.start, lhs.end) < (rhs.file, rhs.start, rhs.end)
  }

  /// `file:line:column`, the form editors and CI annotators parse.
  public var description: String { "\(file):\(start.line):\(start.column)" }

  private enum CodingKeys: String, CodingKey {
    case file, start, end
  }

  /// Reads a range, refusing one that ends before it starts.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    let start = try c.decode(SourcePosition.self, forKey: .start)
    let end = try c.decode(SourcePosition.self, forKey: .end)
    guard start <= end else {
      throw DecodingError.dataCorruptedError(
        forKey: .end, in: c, debugDescription: "a range must not end before it starts")
    }
    self.init(file: try c.decode(String.self, forKey: .file), start: start, end: end)
  }
}
