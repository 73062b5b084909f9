/// A position in a graph's text: 1-based line and column (Unicode scalars).
public struct TextPosition: Hashable, Codable, Sendable, Comparable {
  public var line: Int
  public var column: Int

  public init(line: Int, column: Int) {
    self.line = line
    self.column = column
  }

  public static func < (lhs: TextPosition, rhs: TextPosition) -> Bool {
    (lhs.line, lhs.column) < (rhs.line, rhs.column)
  }
}

/// A stretch of a graph's text: where it starts and how many scalars it spans
/// on its first line.
public struct TextSpan: Hashable, Codable, Sendable {
  public var start: TextPosition
  public var length: Int

  public init(start: TextPosition, length: Int) {
    self.start = start
    self.length = max(length, 0)
  }
}

/// A problem in a graph's text (syntax) or meaning (a cycle, a self-loop),
/// located in that text.
///
/// The study loader shifts the span by where the graph block starts in the
/// study file, so that the user sees `file:line:column`.
public struct GraphSyntaxError: Error, Hashable, Sendable {
  public var message: String
  public var span: TextSpan
  /// Further explanations, each optionally located.
  public var notes: [(String, TextSpan?)]

  public init(_ message: String, at span: TextSpan, notes: [(String, TextSpan?)] = []) {
    self.message = message
    self.span = span
    self.notes = notes
  }

  public static func == (lhs: GraphSyntaxError, rhs: GraphSyntaxError) -> Bool {
    lhs.message == rhs.message && lhs.span == rhs.span
      && lhs.notes.map(\.0) == rhs.notes.map(\.0) && lhs.notes.map(\.1) == rhs.notes.map(\.1)
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(message)
    hasher.combine(span)
  }
}
