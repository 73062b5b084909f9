import StudyModel
import Testing

@testable import AuditReport

/// `junit.xml`: one suite per study, one case per estimator × check, the gate's verdicts.
@Suite("JUnit XML")
struct JUnitRendererTests {
  static func parse(_ records: [RunRecord]) throws -> XMLTree {
    try XMLTree.parse(JUnitRenderer.render(records))
  }

  @Test("one testsuite per study, with the study file and consistent counts")
  func suites() throws {
    let records = SampleRecords.all.map(\.record)
    let root = try Self.parse(records)
    #expect(root.name == "testsuites")
    let suites = root.all("testsuite")
    #expect(suites.map { $0.attributes["name"] } == records.map(\.study.name))
    #expect(suites.map { $0.attributes["file"] } == records.map(\.study.file))
    var totals = [0, 0, 0, 0]
    for suite in suites {
      let cases = suite.all("testcase")
      let counts = [
        cases.count, cases.filter { !$0.all("failure").isEmpty }.count, cases.filter { !$0.all("error").isEmpty }.count,
        cases.filter { !$0.all("skipped").isEmpty }.count,
      ]
      #expect(["tests", "failures", "errors", "skipped"].map { Int(suite.attributes[$0] ?? "") } == counts)
      for i in 0..<4 { totals[i] += counts[i] }
    }
    #expect(["tests", "failures", "errors", "skipped"].map { Int(root.attributes[$0] ?? "") } == totals)
  }

  @Test("a testcase per estimator × check, study checks and expectations under the study")
  func cases() throws {
    let record = SampleRecords.nsw()
    let suite = try #require(try Self.parse([record]).all("testsuite").first)
    let cases = suite.all("testcase").map { ($0.attributes["classname"] ?? "", $0.attributes["name"] ?? "") }
    let expected =
      record.estimates.flatMap { estimate in
        [("nsw-cps.\(estimate.name)", "estimate")]
          + estimate.refutations.map { ("nsw-cps.\(estimate.name)", $0.check.rawValue) }
      } + record.studyChecks.map { ("nsw-cps", $0.check.rawValue) } + [
        ("nsw-cps", "expectation 1 (matching)"), ("nsw-cps", "expectation 2 (matching)"),
      ]
    #expect(cases.map { "\($0.0) \($0.1)" } == expected.map { "\($0.0) \($0.1)" })
  }

  @Test("failures carry statistic, threshold and p-value; n/a is skipped; errors are errors; warnings pass")
  func verdicts() throws {
    let suite = try #require(try Self.parse([SampleRecords.nsw()]).all("testsuite").first)
    func testcase(_ classname: String, _ name: String) throws -> XMLTree {
      try #require(
        suite.all("testcase").first { $0.attributes["classname"] == classname && $0.attributes["name"] == name })
    }
    let placebo = try testcase("nsw-cps.matching", "placebo_treatment")
    let failure = try #require(placebo.all("failure").first)
    #expect(failure.attributes["type"] == "placebo_treatment")
    #expect(
      failure.attributes["message"]?.hasPrefix(
        "placebo_treatment on matching failed: Placebo treatments still show an effect of 612.4") == true)
    #expect(failure.allText.contains("statistic (mean placebo estimate): 612.4"))
    #expect(failure.allText.contains("threshold: 0.05"))
    #expect(failure.allText.contains("p-value: 0.0123"))
    #expect(placebo.attributes["file"] == SampleRecords.nswFile)
    #expect(placebo.attributes["line"] == "80")
    #expect(placebo.attributes["time"] == nil)
    #expect(
      try testcase("nsw-cps.ols", "overlap").all("skipped").first?.attributes["message"]?.contains(
        "no propensity model") == true)
    #expect(try testcase("nsw-cps.strata", "data_subset").all("error").count == 1)
    let warning = try testcase("nsw-cps.ols", "sensitivity")
    #expect(warning.all("failure").isEmpty)
    #expect(warning.all("system-out").first?.allText.hasPrefix("warning: sensitivity failed (severity warn") == true)
  }

  @Test("a run that stopped has an error case; a failed estimator has an error estimate case")
  func stopped() throws {
    let root = try Self.parse([SampleRecords.invalidData(), SampleRecords.frontdoor()])
    let run = try #require(root.all("testcase").first { $0.attributes["name"] == "run" })
    #expect(run.all("error").first?.attributes["type"] == "invalid_data")
    #expect(run.attributes["file"] == "studies/data/nsw_broken.csv")
    #expect(run.attributes["line"] == "118")
    let dml = try #require(
      root.all("testcase").first {
        $0.attributes["classname"] == "smoking-tar.dml" && $0.attributes["name"] == "estimate"
      })
    #expect(dml.all("error").first?.attributes["message"]?.hasPrefix("the outcome model did not converge") == true)
  }

  @Test("times appear only with a timing block")
  func times() throws {
    let root = try Self.parse([SampleRecords.cardIV()])
    let suite = try #require(root.all("testsuite").first)
    #expect(suite.attributes["time"] == "8.547")
    #expect(suite.attributes["timestamp"] == "2026-03-14T09:26:53Z")
    #expect(root.all("testcase").first { $0.attributes["name"] == "bootstrap" }?.attributes["time"] == "2.918")
  }
}
