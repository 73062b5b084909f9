/// A report as a sequence of blocks, independent of the output format.
///
/// ``ReportBuilder`` turns a run record into one document; ``MarkdownRenderer``
/// and ``HTMLRenderer`` serialise it. Building the content once keeps the two
/// reports saying the same thing: the Markdown report has every table and
/// sentence of the HTML report, and only the charts are HTML-only.
struct ReportDocument: Sendable {
  /// The page title (the study's title).
  var title: String
  var blocks: [ReportBlock]

  /// Every heading, in order (for the table of contents and heading-order checks).
  var headings: [(level: Int, text: String, id: String)] {
    blocks.compactMap {
      if case .heading(let level, let inlines, let id) = $0 { return (level, ReportInline.plainText(inlines), id) }
      return nil
    }
  }
}
