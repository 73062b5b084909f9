/// One block of a report.
enum ReportBlock: Sendable {
  /// A heading of level 1 to 4 with a stable id (the HTML anchor).
  case heading(Int, [ReportInline], id: String)
  case paragraph([ReportInline])
  /// A small-print paragraph: notes on truncation, units, omissions.
  case note([ReportInline])
  case list([[ReportInline]])
  /// Preformatted text (a command line, a functional).
  case code(String)
  case table(ReportTable)
  /// A chart: HTML only. The Markdown report links to `report.html` once instead.
  case figure(ReportFigure)
  /// The verdict banner at the top of the report.
  case banner(ReportBanner)
}
