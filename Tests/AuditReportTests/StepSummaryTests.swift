import StudyModel
import Testing

@testable import AuditReport

/// The GitHub step summary: a verdict table, the failing checks, the diff;
/// no links; under ``StepSummary/sizeLimit``.
@Suite("Step summary")
struct StepSummaryTests {
  @Test("every sample run with the diff of a pull request matches its golden file")
  func golden() {
    let summary = StepSummary.render(
      SampleRecords.all.map(\.record), diff: DiffTests.DiffScenario.diff, omittedAnnotations: 4)
    Fixtures.expectMatches(summary, "step-summary.md")
  }

  @Test("no links: nothing in the summary could point at a file the summary page does not have")
  func noLinks() {
    let summary = StepSummary.render(SampleRecords.all.map(\.record), diff: DiffTests.DiffScenario.diff)
    #expect(!summary.contains("]("))
    #expect(!summary.contains("href"))
    #expect(!summary.contains("report.html"))
  }

  @Test("a summary of huge records stays under the limit, and says what it left out")
  func size() {
    let records = (0..<40).map { index -> RunRecord in
      var record = SampleRecords.huge()
      record.study.name = "huge-\(index)"
      return record
    }
    let summary = StepSummary.render(
      records, diff: RunDiff.compare(old: [], new: records, oldLabel: "none", newLabel: "this run"))
    #expect(summary.utf8.count <= StepSummary.sizeLimit)
    #expect(summary.contains("The diff's details were left out"))
  }
}
