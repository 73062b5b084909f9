import StudyModel
import Testing

@testable import AuditReport

/// Golden files of every renderer on the hand-made records (`Fixtures/`).
///
/// Re-record deliberately with `RECORD_SNAPSHOTS=1 swift test --filter AuditReportTests`
/// (the recording run fails), read the diff, then run again without the variable.
@Suite("Golden reports")
struct GoldenReportTests {
  struct Sample: CustomTestStringConvertible, Sendable {
    let name: String
    var testDescription: String { name }
    var record: RunRecord {
      guard let sample = (SampleRecords.all + SampleRecords.reportOnly).first(where: { $0.name == name }) else {
        preconditionFailure("no sample record named \(name)")
      }
      return sample.record
    }
  }

  static let samples = ["nsw-cps", "card-proximity", "smoking-tar", "genotype-hedge", "nsw-broken", "did-staggered"]
    .map(
      Sample.init)

  @Test("report.md matches its golden file", arguments: samples)
  func markdown(_ sample: Sample) {
    Fixtures.expectMatches(MarkdownRenderer.render(sample.record), "\(sample.name).md")
  }

  @Test("report.html matches its golden file", arguments: samples)
  func html(_ sample: Sample) {
    Fixtures.expectMatches(HTMLRenderer.render(sample.record), "\(sample.name).html")
  }

  @Test("result.json matches its golden file", arguments: samples)
  func json(_ sample: Sample) {
    Fixtures.expectMatches(ResultJSON.encode(sample.record), "\(sample.name).json")
  }

  @Test("junit.xml of the whole batch matches its golden file")
  func junit() {
    Fixtures.expectMatches(JUnitRenderer.render(SampleRecords.all.map(\.record)), "batch.junit.xml")
  }

  @Test("GitHub annotations of the whole batch match their golden file")
  func annotations() {
    Fixtures.expectMatches(GitHubAnnotations.render(SampleRecords.all.map(\.record)), "batch.annotations.txt")
  }

  @Test("the same record gives the same bytes", arguments: samples)
  func deterministic(_ sample: Sample) {
    #expect(MarkdownRenderer.render(sample.record) == MarkdownRenderer.render(sample.record))
    #expect(HTMLRenderer.render(sample.record) == HTMLRenderer.render(sample.record))
    #expect(ResultJSON.encode(sample.record) == ResultJSON.encode(sample.record))
  }

  @Test("AuditReport.files names the files and renders each format once")
  func files() {
    let record = SampleRecords.cardIV()
    let files = AuditReport.files(for: record, formats: [.json, .markdown, .json])
    #expect(files.map(\.name) == ["result.json", "report.md"])
    #expect(files[0].contents == ResultJSON.encode(record))
    #expect(files[1].contents == MarkdownRenderer.render(record))
  }
}
