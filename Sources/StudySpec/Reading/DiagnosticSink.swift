import StudyModel

/// Collects diagnostics while a study is read and validated.
final class DiagnosticSink {
  private(set) var diagnostics: [Diagnostic] = []

  var hasErrors: Bool { diagnostics.containsErrors }

  func add(_ diagnostic: Diagnostic) { diagnostics.append(diagnostic) }

  func add(_ more: [Diagnostic]) { diagnostics += more }

  func error(_ message: String, at range: SourceRange?, notes: [Diagnostic.Note] = []) {
    diagnostics.append(.error(message, at: range, notes: notes))
  }

  func warning(_ message: String, at range: SourceRange?, notes: [Diagnostic.Note] = []) {
    diagnostics.append(.warning(message, at: range, notes: notes))
  }

  func note(_ message: String, at range: SourceRange?, notes: [Diagnostic.Note] = []) {
    diagnostics.append(.note(message, at: range, notes: notes))
  }

  /// A "did you mean" note for `word` among `candidates`, if one is close.
  static func suggestion<C: Collection>(for word: String, in candidates: C) -> [Diagnostic.Note]
  where C.Element == String {
    guard let near = Suggestions.closest(to: word, in: candidates) else { return [] }
    return [.init("did you mean '\(near)'?")]
  }
}
