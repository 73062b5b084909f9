/// A problem found in a study file, a data file or a graph, with where it is.
///
/// Diagnostics are values: validators gather every one of them before anything
/// stops, and a single renderer (in `StudySpec`) turns them into compiler-style
/// text, JSON or GitHub annotations.
public struct Diagnostic: Hashable, Codable, Sendable {
  /// How bad a diagnostic is. Only errors make a study invalid.
  public enum Severity: String, Hashable, Codable, Sendable, Comparable {
    case error
    case warning
    case note

    private var rank: Int {
      switch self {
      case .error: 0
      case .warning: 1
      case .note: 2
      }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
  }

  /// A secondary message attached to a diagnostic, optionally with its own place.
  public struct Note: Hashable, Codable, Sendable {
    public var message: String
    public var range: SourceRange?

    public init(_ message: String, at range: SourceRange? = nil) {
      self.message = message
      self.range = range
    }
  }

  public var severity: Severity
  public var message: String
  /// The place the diagnostic points at; `nil` for problems with no place
  /// (a file that cannot be opened is reported at the path itself).
  public var range: SourceRange?
  /// A file the diagnostic concerns when it has no range (for example a
  /// study file that cannot be read).
  public var file: String?
  public var notes: [Note]

  public init(
    _ severity: Severity, _ message: String, at range: SourceRange?,
    file: String? = nil, notes: [Note] = []
  ) {
    self.severity = severity
    self.message = message
    self.range = range
    self.file = file ?? range?.file
    self.notes = notes
  }

  public static func error(_ message: String, at range: SourceRange?, notes: [Note] = []) -> Diagnostic {
    Diagnostic(.error, message, at: range, notes: notes)
  }

  public static func warning(_ message: String, at range: SourceRange?, notes: [Note] = []) -> Diagnostic {
    Diagnostic(.warning, message, at: range, notes: notes)
  }

  public static func note(_ message: String, at range: SourceRange?, notes: [Note] = []) -> Diagnostic {
    Diagnostic(.note, message, at: range, notes: notes)
  }

  /// Adds a note and returns the diagnostic.
  public func with(note message: String, at range: SourceRange? = nil) -> Diagnostic {
    var copy = self
    copy.notes.append(Note(message, at: range))
    return copy
  }
}

extension Diagnostic {
  /// Sorts diagnostics by file and position; diagnostics with no place come
  /// first in their file, and ties keep the order in which they were found.
  public static func sorted(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
    diagnostics.enumerated().sorted { a, b in
      let fa = a.element.file ?? ""
      let fb = b.element.file ?? ""
      if fa != fb { return fa < fb }
      switch (a.element.range, b.element.range) {
      case (nil, nil): return a.offset < b.offset
      case (nil, _): return true
      case (_, nil): return false
      case (let ra?, let rb?):
        if ra.start != rb.start { return ra.start < rb.start }
        return a.offset < b.offset
      }
    }.map(\.element)
  }
}

extension Array where Element == Diagnostic {
  /// Whether any diagnostic is an error.
  public var containsErrors: Bool { contains { $0.severity == .error } }
}
