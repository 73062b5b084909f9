/// A diagnostic as machine output writes it (`--format json`): positions
/// flattened, so that a tool reads `file`, `line` and `column` directly.
public struct DiagnosticRecord: Codable, Sendable, Hashable {
  /// A note of a diagnostic.
  public struct Note: Codable, Sendable, Hashable {
    public var message: String
    public var file: String?
    public var line: Int?
    public var column: Int?
  }

  /// The file concerned, when there is one.
  public var file: String?
  /// Where the problem starts (1-based), when it has a place.
  public var line: Int?
  public var column: Int?
  /// Where the underlined stretch ends (exclusive).
  public var endLine: Int?
  public var endColumn: Int?
  public var severity: Diagnostic.Severity
  public var message: String
  public var notes: [Note]

  public init(_ d: Diagnostic) {
    file = d.file
    line = d.range?.start.line
    column = d.range?.start.column
    endLine = d.range?.end.line
    endColumn = d.range?.end.column
    severity = d.severity
    message = d.message
    notes = d.notes.map {
      Note(message: $0.message, file: $0.range?.file, line: $0.range?.start.line, column: $0.range?.start.column)
    }
  }
}
