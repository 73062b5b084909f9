/// The verdict at the top of a report.
struct ReportBanner: Sendable {
  var status: ReportBadge.Style
  /// PASSED, FAILED or ERROR.
  var headline: String
  /// One sentence under the headline.
  var summary: String
  /// The failing checks (or the run error), one sentence each, worst first.
  var items: [[ReportInline]]
}
