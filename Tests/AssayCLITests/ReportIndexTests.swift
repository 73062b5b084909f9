import Foundation
import TestSupport
import Testing

/// `reports/index.md` and `reports/index.html`, written by every `assay run`,
/// on the planted failures of `studies/failing/` run one by one, as `make run` does.
@Suite("the index of the reports")
struct ReportIndexTests {
  static let studies = ["failing/no-overlap.yaml", "failing/omitted-confounder.yaml", "failing/placebo-no-effect.yaml"]

  @Test("studies run one at a time all stay in the index; a partial run is listed beside its study")
  func accumulates() throws {
    let sandbox = try StudySandbox(studies: Self.studies)
    defer { sandbox.remove() }
    for study in Self.studies {
      #expect(try sandbox.run(study).status == 1)
    }
    let index = try sandbox.read("reports/index.md")
    for name in ["failing-no-overlap", "failing-omitted-confounder", "failing-placebo-no-effect"] {
      #expect(index.contains("| `\(name)` — "), "\(name)")
      #expect(index.contains("[report.md](\(name)/report.md)"), "\(name)")
    }
    #expect(index.contains("3 studies: 0 passed, 3 failed, 0 stopped."))
    #expect(index.contains("**✗ overlap on ols**"))
    let html = try sandbox.read("reports/index.html")
    #expect(html.contains("<a href=\"failing-no-overlap/report.html\">report.html</a>"))
    #expect(!html.contains("http://") && !html.contains("https://"))

    // A partial run: listed under its study, the full row unchanged.
    let partial = try sandbox.assay([
      "run", "--deterministic", "--threads", "2", "studies/failing/no-overlap.yaml", "--select", "ols",
    ])
    #expect(partial.status == 1)
    #expect(partial.stdout.contains("index: reports/index.html, reports/index.md (3 studies)"))
    let after = try sandbox.read("reports/index.md")
    #expect(after.contains("- `failing-no-overlap`: a partial run (`--select ols`) **✗ failed**"))
    #expect(after.contains("[report.md](failing-no-overlap/partial/report.md)"))

    // A record that cannot be read is named, not dropped in silence.
    try sandbox.write("{", to: "reports/failing-omitted-confounder/result.json")
    _ = try sandbox.run("failing/placebo-no-effect.yaml")
    let broken = try sandbox.read("reports/index.md")
    #expect(broken.contains("reports/failing-omitted-confounder/result.json: error: not a readable run record"))
    #expect(!broken.contains("| `failing-omitted-confounder` — "))
  }
}
