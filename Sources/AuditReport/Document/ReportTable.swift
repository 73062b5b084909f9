/// A table with column headers; the first column can head its row.
struct ReportTable: Sendable {
  enum Alignment: Sendable { case left, right, center }

  /// A short description (HTML caption; Markdown shows it in bold above the table).
  var caption: String?
  var columns: [String]
  var alignments: [Alignment]
  var rows: [[[ReportInline]]]
  /// A style per row (`failed`, `flagged`, ...), or nil.
  var rowStyles: [ReportBadge.Style?]
  /// Whether the first cell of each row is the row's header (`<th scope="row">`).
  var firstColumnHeadsRows: Bool
  /// Rows beyond these limits are left out with a note (Markdown, HTML).
  var markdownRowLimit: Int
  var htmlRowLimit: Int
  /// Where the left-out rows can be read, for the note.
  var omittedRowsHint: String

  init(
    caption: String? = nil, columns: [String], alignments: [Alignment]? = nil, rows: [[[ReportInline]]] = [],
    rowStyles: [ReportBadge.Style?]? = nil, firstColumnHeadsRows: Bool = true,
    markdownRowLimit: Int = ReportTable.defaultMarkdownRowLimit, htmlRowLimit: Int = ReportTable.defaultHTMLRowLimit,
    omittedRowsHint: String = "result.json"
  ) {
    self.caption = caption
    self.columns = columns
    self.alignments = alignments ?? Array(repeating: .left, count: columns.count)
    self.rows = rows
    self.rowStyles = rowStyles ?? Array(repeating: nil, count: rows.count)
    self.firstColumnHeadsRows = firstColumnHeadsRows
    self.markdownRowLimit = markdownRowLimit
    self.htmlRowLimit = htmlRowLimit
    self.omittedRowsHint = omittedRowsHint
  }

  /// Rows shown by default in Markdown: enough for every realistic table, few
  /// enough that hundreds of independence tests stay readable (and the file small).
  static let defaultMarkdownRowLimit = 100
  static let defaultHTMLRowLimit = 500

  /// Appends a row.
  mutating func append(_ cells: [[ReportInline]], style: ReportBadge.Style? = nil) {
    precondition(cells.count == columns.count, "a row needs one cell per column")
    rows.append(cells)
    rowStyles.append(style)
  }

  /// Appends a row of plain-text cells.
  mutating func append(texts: [String], style: ReportBadge.Style? = nil) {
    append(texts.map { [.text($0)] }, style: style)
  }

  /// The note for rows left out beyond `limit`, or nil.
  func omissionNote(limit: Int) -> String? {
    guard rows.count > limit else { return nil }
    return
      "Showing the first \(limit) of \(rows.count) rows; the other \(rows.count - limit) are in \(omittedRowsHint)."
  }
}
