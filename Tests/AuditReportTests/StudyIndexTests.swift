import StudyModel
import Testing

@testable import AuditReport

/// `index.md` and `index.html`: one row per study, sorted by name, with its
/// verdict, estimates, failing checks, data pin and links; self-contained.
@Suite("Index of reports")
struct StudyIndexTests {
  /// Every sample record in its own folder; `card-proximity` also has a partial run beside it.
  static var entries: [StudyIndex.Entry] {
    SampleRecords.all.map { sample in
      var entry = StudyIndex.Entry(
        record: sample.record, folder: sample.name, files: ["report.md", "report.html", "result.json", "junit.xml"])
      if sample.name == "card-proximity" {
        var partial = sample.record
        partial.selectedEstimators = ["tsls"]
        partial.estimates = partial.estimates.filter { $0.name == "tsls" }
        entry.partial = partial
        entry.partialFiles = ["report.md", "result.json"]
      }
      return entry
    }
  }

  @Test("index.md and index.html match their golden files")
  func golden() {
    Fixtures.expectMatches(StudyIndex.markdown(Self.entries), "index.md")
    Fixtures.expectMatches(StudyIndex.html(Self.entries), "index.html")
  }

  @Test("index.html is well-formed, self-contained, and links each study's reports")
  func selfContained() throws {
    let html = StudyIndex.html(Self.entries, problems: ["x/result.json: error: not a readable run record"])
    let root = try XMLTree.parse(html)
    for element in ["script", "img", "link", "iframe", "object"] { #expect(root.all(element).isEmpty, "\(element)") }
    #expect(!html.contains("http://") && !html.contains("https://") && !html.contains("src="))
    let links = root.all("a").compactMap { $0.attributes["href"] }
    #expect(links.contains("nsw-cps/report.html"))
    #expect(links.contains("card-proximity/partial/report.md"))
    #expect(links.allSatisfy { !$0.hasPrefix("/") && !$0.contains(":") })
    // One row per study, sorted by name.
    let rows = root.all("tbody").first?.all("tr") ?? []
    #expect(rows.count == SampleRecords.all.count)
    #expect(rows.first?.allText.contains("card-proximity") == true)
    #expect(html.contains("x/result.json: error: not a readable run record"))
  }

  @Test("each row has the verdict, the estimates, the failing checks and the data pin")
  func rows() {
    let markdown = StudyIndex.markdown(Self.entries)
    #expect(
      markdown.contains("| `nsw-cps` — NSW job training against CPS controls: effect on 1978 earnings | **✗ failed** |")
    )
    #expect(markdown.contains("`ols` 699.1 [-374.2, 1772]"))
    #expect(markdown.contains("**✗ overlap on ipw**"))
    #expect(markdown.contains("nsw_cps.csv `5c1f0a7e9b3d`, 16177 of 16191 rows"))
    #expect(markdown.contains("**! the effect is not identified**"))
    #expect(!markdown.contains("The same report with charts"))
  }
}
