import StudyModel
import Testing

@testable import AuditReport

/// `report.md`: tables only, links to the HTML report, stays under 900 KB.
@Suite("Markdown report")
struct MarkdownReportTests {
  @Test("has no inline SVG or HTML, and links report.html under the title", arguments: GoldenReportTests.samples)
  func textOnly(_ sample: GoldenReportTests.Sample) {
    let markdown = MarkdownRenderer.render(sample.record)
    // Every "<" is escaped: no tag reaches GitHub's renderer (the description's "<script>" included).
    // Code spans are literal on GitHub, so only text outside them needs escapes.
    let chars = Array(markdown)
    var inCode = false
    for (i, c) in chars.enumerated() {
      if c == "`" { inCode.toggle() }
      if c == "<" && !inCode {
        #expect(i > 0 && chars[i - 1] == "\\", "unescaped < at character \(i)")
      }
    }
    let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines[0] == "# " + Substring(MarkdownRenderer.escape(sample.record.study.title)))
    #expect(lines[2].contains("[report.html](report.html)"))
  }

  @Test("every table row has as many cells as its header", arguments: GoldenReportTests.samples)
  func tableShape(_ sample: GoldenReportTests.Sample) {
    let markdown = MarkdownRenderer.render(sample.record)
    var columns: Int?
    func cells(_ line: Substring) -> Int {
      // Count unescaped pipes.
      var count = 0
      var previous: Character = " "
      for c in line {
        if c == "|" && previous != "\\" { count += 1 }
        previous = c
      }
      return count - 1
    }
    for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
      if line.hasPrefix("|") {
        if let columns {
          #expect(cells(line) == columns, "\(line)")
        } else {
          columns = cells(line)
        }
      } else {
        columns = nil
      }
    }
  }

  @Test("in-page links use GitHub's heading anchors")
  func anchors() {
    let markdown = MarkdownRenderer.render(SampleRecords.nsw())
    #expect(
      markdown.contains("#### placebo\\_treatment on matching")
        || markdown.contains("#### placebo_treatment on matching"))
    #expect(markdown.contains("](#placebo_treatment-on-matching)"))
    #expect(markdown.contains("](#estimator-ols)"))
    var slugs = GitHubSlugs()
    #expect(slugs.next("Checks on `ols`") == "checks-on-ols")
    #expect(slugs.next("Checks on ols") == "checks-on-ols-1")
    #expect(slugs.next("Checks on ols") == "checks-on-ols-2")
    #expect(slugs.next("Checks on ols-1") == "checks-on-ols-1-1")
    #expect(slugs.next("✓ Verdict: PASSED") == "-verdict-passed")
  }

  @Test("a verdict line names the check once, even when the gate's sentence opens with it")
  func verdictLineNamesCheckOnce() {
    var record = SampleRecords.nsw()
    let failure = record.gate.failures[1]
    #expect(failure.check == .check(.placeboTreatment) && failure.estimator == "matching")
    record.gate.failures[1].detail = "the placebo effect is 612.4"
    let markdown = MarkdownRenderer.render(record)
    #expect(
      markdown.contains(
        "[**placebo_treatment on matching**](#placebo_treatment-on-matching) failed: the placebo effect is 612.4"))
    #expect(!markdown.contains("placebo_treatment on matching failed"))
  }

  @Test("the propensity bin table lists only bins that hold units, and says how many it left out")
  func emptyBinsOmitted() throws {
    var record = SampleRecords.nsw()
    let index = try #require(record.estimates.firstIndex { $0.propensityHistogram != nil })
    let histogram = Histogram(edges: [0, 0.25, 0.5, 0.75, 1], treated: [0, 5, 0, 2], control: [0, 7, 0, 0])
    for i in record.estimates.indices where record.estimates[i].propensityHistogram != nil {
      record.estimates[i].propensityHistogram = i == index ? histogram : nil
    }
    let markdown = MarkdownRenderer.render(record)
    #expect(markdown.contains("| [0.250, 0.500) | 5 | 7 |\n| [0.750, 1.000) | 2 | 0 |\n"))
    #expect(!markdown.contains("| [0.000, 0.250)"))
    #expect(markdown.contains("2 of 4 bins hold no units and are not listed."))
  }

  @Test("escapes Markdown in text but keeps words with underscores readable")
  func escaping() {
    #expect(MarkdownRenderer.escape("placebo_treatment") == "placebo_treatment")
    #expect(
      MarkdownRenderer.escape("_x_ *y* [z](w) <b> a|b [1, 2] R&D &amp;")
        == "\\_x\\_ \\*y\\* [z\\](w) \\<b\\> a|b [1, 2] R&D &amp;amp;")
    #expect(MarkdownRenderer.cell("a|b") == "a\\|b")
    #expect(MarkdownRenderer.escape("line\nbreak") == "line break")
    #expect(MarkdownRenderer.paragraph("# not a heading") == "\\# not a heading")
    #expect(MarkdownRenderer.paragraph("1. not a list") == "\\1. not a list")
  }

  @Test("a record with thousands of simulations and hundreds of tests stays under 900 KB")
  func huge() {
    let markdown = MarkdownRenderer.render(SampleRecords.huge())
    #expect(markdown.utf8.count < MarkdownRenderer.sizeLimit)
    #expect(markdown.contains("Showing the first 100 of 600 rows"))
    #expect(
      markdown.hasSuffix(
        "Timings were omitted (the run was deterministic, `--deterministic`), so this report is byte-identical across identical runs.\n"
      ))
  }

  @Test("when even cut tables are too large, parts are left out before provenance and timing")
  func shrink() {
    var record = SampleRecords.cardIV()
    record.estimates[0].warnings = (0..<20_000).map { "warning number \($0) with some words to fill the report" }
    let markdown = MarkdownRenderer.render(record)
    #expect(markdown.utf8.count <= MarkdownRenderer.sizeLimit)
    #expect(markdown.contains("The report was cut to stay under 900 KB"))
    #expect(markdown.contains("## Provenance"))
    #expect(markdown.contains("## Timing"))
    #expect(markdown.hasSuffix("| report | 0.052 s |\n") || markdown.contains("Time per check"))
  }
}
