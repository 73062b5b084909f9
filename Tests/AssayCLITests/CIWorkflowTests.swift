import Foundation
import TestSupport
import Testing

/// The commands of the CI workflows in docs/ci.md, run as the workflows run
/// them (not the YAML of the CI services).
///
/// The workflows check out the base branch in `.base/`, run its studies
/// there, run the pull request's studies against them (`--baseline`), and
/// diff the two report folders as Markdown for a comment. Here the pull
/// request is the one docs/ci.md walks through: `nsw-experimental` switches
/// from the minimal adjustment set (empty) to `adjustment: all`. Every
/// `"$ASSAY" …` command line in docs/ci.md must be one of ``commands``, so the
/// page cannot name a command this test does not run.
@Suite("the CI workflows of docs/ci.md")
struct CIWorkflowTests {
  /// The arguments of each `"$ASSAY"` command of docs/ci.md, as written there.
  static let commands = [
    "validate studies/",
    "run .base/studies/ --deterministic --quiet",
    "run studies/ --deterministic --baseline .base/reports --junit junit.xml",
    "run studies/ --deterministic --junit junit.xml",
    "diff .base/reports reports --format markdown",
  ]

  /// The `"$ASSAY"` commands of docs/ci.md, up to a redirection or `||`.
  static func documentedCommands() throws -> [String] {
    let page = try String(contentsOfFile: PackagePaths.root() + "/docs/ci.md", encoding: .utf8)
    var found: [String] = []
    for line in page.split(separator: "\n") {
      guard let range = line.range(of: "\"$ASSAY\" ") else { continue }
      var command = String(line[range.upperBound...])
      for stop in [" ||", " &&", " >", ";"] {
        if let cut = command.range(of: stop) { command = String(command[..<cut.lowerBound]) }
      }
      command = command.trimmingCharacters(in: .whitespaces)
      if !found.contains(command) { found.append(command) }
    }
    return found
  }

  @Test("docs/ci.md runs exactly the commands this test runs")
  func documented() throws {
    #expect(try Set(Self.documentedCommands()) == Set(Self.commands))
    let page = try String(contentsOfFile: PackagePaths.root() + "/docs/ci.md", encoding: .utf8)
    // The pre-commit hook validates the study files it is given.
    #expect(page.contains("entry: assay validate"))
    #expect(page.contains("files: ^studies/.*\\.ya?ml$"))
  }

  /// Both copies run 4 simulations per check instead of the study's 200 (the estimates do not
  /// depend on the count, and a debug build stays within seconds).
  @Test("a pull request that changes the adjustment set: validate, run the base, run against it, diff")
  func pullRequest() throws {
    let head = try StudySandbox(studies: ["nsw-experimental.yaml"], simulations: 4)
    defer { head.remove() }
    let base = try StudySandbox(studies: ["nsw-experimental.yaml"], simulations: 4)
    try FileManager.default.moveItem(atPath: base.root, toPath: head.root + "/.base")
    let study = try head.read("studies/nsw-experimental.yaml")
    try head.write(
      study.replacingOccurrences(of: "adjustment: minimal", with: "adjustment: all"),
      to: "studies/nsw-experimental.yaml")
    func assay(_ command: String, environment: [String: String] = [:]) throws -> StudySandbox.Run {
      precondition(Self.commands.contains(command), "not a command of docs/ci.md: \(command)")
      return try head.assay(command.split(separator: " ").map(String.init), environment: environment)
    }

    // The pre-commit hook: the changed study file is valid; a broken one stops the commit.
    #expect(try head.assay(["validate", "studies/nsw-experimental.yaml"]).status == 0)
    try head.write(
      study.replacingOccurrences(of: "method: doubly_robust", with: "method: doubly_robus"), to: "broken.yaml")
    let broken = try head.assay(["validate", "broken.yaml"])
    #expect(broken.status == 2)
    #expect(broken.stdout.contains("unknown estimator method 'doubly_robus'"))

    #expect(try assay("validate studies/").status == 0)
    let baseRun = try assay("run .base/studies/ --deterministic --quiet")
    #expect(baseRun.status == 0, "\(baseRun.stdout)\(baseRun.stderr)")
    #expect(FileManager.default.fileExists(atPath: head.root + "/.base/reports/nsw-experimental/result.json"))

    let summary = head.root + "/summary.md"
    let run = try assay(
      "run studies/ --deterministic --baseline .base/reports --junit junit.xml",
      environment: ["GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": summary])
    #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
    #expect(run.stdout.contains("Assay diff: 1 of 1 study changed"))
    #expect(run.stdout.contains("estimand changed (formula, adjustment set); 5 estimates moved"))
    #expect(FileManager.default.fileExists(atPath: head.root + "/junit.xml"))
    let summaryText = try head.read("summary.md")
    #expect(summaryText.contains("#### Assay diff: 1 of 1 study changed"))
    #expect(summaryText.utf8.count < 64 * 1024)
    #expect(!summaryText.contains("]("))

    let diff = try assay("diff .base/reports reports --format markdown")
    #expect(diff.status == 1)
    #expect(diff.stdout.hasPrefix("## Assay diff: 1 of 1 study changed"))
    #expect(diff.stdout.contains("| **Adjustment set** | {} | {age, black, educ, hisp, marr, nodegree, re74, re75} |"))
    #expect(diff.stdout.contains("| `nsw-experimental` | `ols` | 1794 (se 670.8) |"))

    // On a push (no base branch): the same run without --baseline.
    #expect(try assay("run studies/ --deterministic --junit junit.xml").status == 0)
    #expect(try head.read("reports/index.md").contains("| `nsw-experimental` — "))
  }
}
