/// A styled label for a verdict, a severity or a flag.
struct ReportBadge: Sendable, Hashable {
  enum Style: String, Sendable {
    case passed, failed, error
    case notApplicable = "not-applicable"
    case warning, neutral
  }

  var style: Style
  var text: String

  /// A symbol that carries the meaning without colour.
  var symbol: String {
    switch style {
    case .passed: "✓"
    case .failed: "✗"
    case .error: "!"
    case .notApplicable: "–"
    case .warning: "⚠"
    case .neutral: "·"
    }
  }

  /// Symbol and text.
  var label: String { symbol + " " + text }
}
