/// Inline content: text and its markup.
indirect enum ReportInline: Sendable {
  case text(String)
  case code(String)
  case strong([ReportInline])
  case emphasis([ReportInline])
  /// A link to another document (from the study's description).
  case link([ReportInline], href: String)
  /// A link to a heading of the report, by the heading's id.
  case anchor([ReportInline], id: String)
  /// A verdict or flag, styled and marked with a symbol so that colour is never the only cue.
  case badge(ReportBadge)
  /// A value worth attention (a flagged diagnostic).
  case flagged([ReportInline])

  /// The text without markup.
  static func plainText(_ inlines: [ReportInline]) -> String {
    inlines.map { inline in
      switch inline {
      case .text(let text), .code(let text): text
      case .strong(let inner), .emphasis(let inner), .link(let inner, _), .anchor(let inner, _), .flagged(let inner):
        plainText(inner)
      case .badge(let badge): badge.label
      }
    }.joined()
  }
}
