import Foundation
import TestSupport
import Testing

/// `assay run --baseline DIR [--fail-on-change] [--tolerance X]`, the step
/// summary and the annotation limit under GitHub Actions, end to end on the
/// simulated study of ``RunCommandTests/Workspace``.
@Suite("assay run --baseline, the step summary and annotations")
struct RunBaselineTests {
  let cli = RunCommandTests()

  /// The workspace, run once into `base/`.
  func baseline(expectations: String = "") throws -> RunCommandTests.Workspace {
    let w = try RunCommandTests.Workspace(expectations: expectations)
    _ = try cli.assay(["run", "study.yaml", "--quiet", "--deterministic"], in: w.path)
    try FileManager.default.copyItem(atPath: w.path + "/out", toPath: w.path + "/base")
    return w
  }

  /// Switches ols from HC1 to HC0 standard errors: the estimate stays, its
  /// standard error shrinks by the factor sqrt((n - k) / n) = sqrt(396 / 400)
  /// (n = 400 rows, k = 4 columns: intercept, t, w1, w2), a relative change of 0.5%.
  func switchToHC0(_ w: RunCommandTests.Workspace) throws {
    let study = w.read("study.yaml").replacingOccurrences(
      of: "method: linear_regression", with: "method: linear_regression\n    params: {se: hc0}")
    try study.write(toFile: w.path + "/study.yaml", atomically: true, encoding: .utf8)
  }

  @Test("--fail-on-change fails the gate on a move beyond --tolerance, and only then")
  func failOnChange() throws {
    let w = try baseline()
    try switchToHC0(w)
    let run = ["run", "study.yaml", "--quiet", "--deterministic", "--baseline", "base"]
    // Without --fail-on-change the diff is printed and the gate is the study's.
    let (plain, stdout, _) = try cli.assay(run, in: w.path)
    #expect(plain == 0, "\(stdout)")
    #expect(stdout.contains("Assay diff: 1 of 1 study changed"))
    #expect(stdout.contains("1 estimate moved"))
    #expect(try cli.assay(run + ["--fail-on-change"], in: w.path).0 == 1)
    // HC0 / HC1 = sqrt(396/400): a relative change of 0.50%, inside a 1% tolerance.
    #expect(try cli.assay(run + ["--fail-on-change", "--tolerance", "0.01"], in: w.path).0 == 0)
    #expect(try cli.assay(run + ["--fail-on-change", "--tolerance", "0.004"], in: w.path).0 == 1)

    let (_, json, _) = try cli.assay(run + ["--format", "json"], in: w.path)
    let document = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    let diff = try #require(document["diff"] as? [String: Any])
    #expect(diff["old"] as? String == "base")
    let estimates = try #require((diff["studies"] as? [[String: Any]])?.first?["estimates"] as? [[String: Any]])
    let ols = try #require(estimates.first { $0["name"] as? String == "ols" })
    let se = try #require(ols["std_error"] as? [String: Any])
    let ratio = try #require(se["new"] as? Double) / #require(se["old"] as? Double)
    #expect(abs(ratio - (396.0 / 400.0).squareRoot()) < 1e-12)
    #expect(ols["difference"] as? Double == 0)
  }

  @Test("--fail-on-change needs --baseline; an unreadable baseline stops before any work (exit 2)")
  func badBaseline() throws {
    let w = try RunCommandTests.Workspace()
    #expect(try cli.assay(["run", "study.yaml", "--fail-on-change"], in: w.path).0 == 2)
    let (status, _, stderr) = try cli.assay(["run", "study.yaml", "--baseline", "nowhere"], in: w.path)
    #expect(status == 2)
    #expect(stderr.contains("nowhere: error: no such file or folder"))
    #expect(!FileManager.default.fileExists(atPath: w.path + "/out"))
  }

  @Test("the step summary: verdict table, failing checks one line each, the diff; no links; small")
  func stepSummary() throws {
    let w = try baseline()
    try switchToHC0(w)
    let summary = w.path + "/summary.md"
    let (status, _, stderr) = try cli.assay(
      ["run", "study.yaml", "--quiet", "--deterministic", "--baseline", "base"], in: w.path,
      environment: ["GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": summary])
    #expect(status == 0)
    let text = w.read("summary.md")
    #expect(text.hasPrefix("### Assay: 1 study — 1 passed, 0 failed\n"))
    #expect(text.contains("| `simulated` | ✓ passed | `ols` "))
    #expect(text.contains("#### Assay diff: 1 of 1 study changed"))
    #expect(!text.contains("]("))
    #expect(text.utf8.count < 64 * 1024)
    // The moved estimate is annotated at the estimator's line.
    #expect(stderr.contains("::warning file=study.yaml,line=") && stderr.contains("title=simulated%3A ols moved::"))
  }

  @Test("at most 10 annotations for a whole run; the summary says how many were left out")
  func annotationLimit() throws {
    let failing = (0..<12).map { _ in "  - estimator: ols\n    value: {between: [10, 20]}" }
    let w = try RunCommandTests.Workspace(expectations: "expectations:\n" + failing.joined(separator: "\n"))
    let (status, _, stderr) = try cli.assay(
      ["run", "study.yaml", "--quiet", "--deterministic"], in: w.path,
      environment: ["GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": w.path + "/summary.md"])
    #expect(status == 1)
    let commands = stderr.split(separator: "\n").filter { $0.hasPrefix("::") }
    #expect(commands.count == 10)
    #expect(w.read("summary.md").contains("*2 further annotations were left out (GitHub shows 10 per step)"))
    #expect(w.read("summary.md").components(separatedBy: "expectation on ols failed").count - 1 == 12)
  }
}
