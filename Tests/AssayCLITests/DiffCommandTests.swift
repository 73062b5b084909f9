import Foundation
import TestSupport
import Testing

/// `assay diff` end to end: two runs of the simulated study of
/// ``RunCommandTests/Workspace``, before and after a change.
///
/// The change adds 0.5 to the outcome of every treated row. With a treatment
/// indicator in the design, that shifts the OLS coefficient of `t` by exactly
/// 0.5 (it adds 0.5·t to y), and the Hajek weighting estimate by exactly 0.5
/// too (each arm's weighted mean is normalised, so the treated mean moves by
/// 0.5 and the control mean not at all). The data are rewritten with 6
/// decimals, hence the tolerance of 1e-5 on the shift.
@Suite("assay diff, end to end")
struct DiffCommandTests {
  let cli = RunCommandTests()

  /// A workspace whose study pins its estimate to [1.5, 2.3] (an expectation),
  /// run once into `base/`.
  func baseline() throws -> RunCommandTests.Workspace {
    let w = try RunCommandTests.Workspace(
      expectations: "expectations:\n  - estimator: ols\n    value: {between: [1.5, 2.3]}")
    let (status, stdout, stderr) = try cli.assay(["run", "study.yaml", "--quiet", "--deterministic"], in: w.path)
    #expect(status == 0, "\(stdout)\(stderr)")
    try FileManager.default.copyItem(atPath: w.path + "/out", toPath: w.path + "/base")
    return w
  }

  /// Adds `shift` to y in every treated row of data.csv.
  func shiftTreatedOutcomes(in w: RunCommandTests.Workspace, by shift: Double) throws {
    var lines = w.read("data.csv").split(separator: "\n").map(String.init)
    for i in 1..<lines.count {
      var fields = lines[i].split(separator: ",").map(String.init)
      guard fields.count == 5, fields[3] == "1", let y = Double(fields[4]) else { continue }
      fields[4] = String(format: "%.6f", y + shift)
      lines[i] = fields.joined(separator: ",")
    }
    try (lines.joined(separator: "\n") + "\n").write(toFile: w.path + "/data.csv", atomically: true, encoding: .utf8)
  }

  @Test("identical runs: exit 0, every format says so")
  func identical() throws {
    let w = try baseline()
    _ = try cli.assay(["run", "study.yaml", "--quiet", "--deterministic"], in: w.path)
    let (status, stdout, _) = try cli.assay(["diff", "base", "out"], in: w.path)
    #expect(status == 0, "\(stdout)")
    #expect(stdout.hasPrefix("Assay diff: no change in 1 study\n"))
    let (mdStatus, markdown, _) = try cli.assay(
      ["diff", "base/result.json", "out", "--format", "markdown"], in: w.path)
    #expect(mdStatus == 0)
    #expect(markdown.hasPrefix("## Assay diff: no change in 1 study"))
    let (_, github, _) = try cli.assay(["diff", "base", "out", "--format", "github"], in: w.path)
    #expect(github.isEmpty)
  }

  @Test("new data: the pin changed, both estimates moved by exactly 0.5, the expectation flipped (exit 1)")
  func changed() throws {
    let w = try baseline()
    try shiftTreatedOutcomes(in: w, by: 0.5)
    let (runStatus, _, _) = try cli.assay(["run", "study.yaml", "--quiet", "--deterministic"], in: w.path)
    #expect(runStatus == 1)

    let (status, json, _) = try cli.assay(["diff", "base", "out", "--format", "json"], in: w.path)
    #expect(status == 1)
    let document = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    #expect(document["changed"] as? Bool == true)
    let study = try #require((document["studies"] as? [[String: Any]])?.first)
    #expect((study["status"] as? [String: Any])?["new"] as? String == "failed")
    #expect(((study["data"] as? [String: Any])?["sha256"] as? [String: Any])?["changed"] as? Bool == true)
    let estimates = try #require(study["estimates"] as? [[String: Any]])
    for name in ["ols", "ipw"] {
      let estimate = try #require(estimates.first { $0["name"] as? String == name })
      let difference = try #require(estimate["difference"] as? Double)
      #expect(abs(difference - 0.5) < 1e-5, "\(name): \(difference)")
      let se = try #require((estimate["std_error"] as? [String: Any])?["old"] as? Double)
      let z = try #require(estimate["standardized_change"] as? Double)
      #expect(abs(z - difference / se) < 1e-12)
    }
    let checks = try #require(study["checks"] as? [[String: Any]])
    #expect(checks.map { $0["check"] as? String } == ["expectation"])

    let (_, markdown, _) = try cli.assay(["diff", "base", "out", "--format", "markdown"], in: w.path)
    expectMatchesGolden(markdown, "diff-e2e.md")
    let (_, text, _) = try cli.assay(["diff", "base", "out"], in: w.path)
    #expect(text.contains("simulated: ✓ passed → ✗ failed: data pin "))
    let (_, github, _) = try cli.assay(["diff", "base", "out", "--format", "github"], in: w.path)
    #expect(github.hasPrefix("::error file=study.yaml,title=simulated%3A verdict passed → failed::"))

    // A relative tolerance of 50% lets the moves pass, but not the flipped verdict.
    let (tolerant, tolerantText, _) = try cli.assay(["diff", "base", "out", "--tolerance", "0.5"], in: w.path)
    #expect(tolerant == 1)
    #expect(!tolerantText.contains("estimates moved"))
  }

  @Test(
    "bad input exits 2 with the path",
    arguments: [
      (["diff", "missing", "out"], "missing: error: no such file or folder"),
      (["diff", "bad.json", "out"], "bad.json: error: not a readable run record"),
      (["diff", "empty", "out"], "empty: error: no result.json in this folder or its subfolders"),
      (["diff", "twice", "out"], "both hold the study 'simulated'"),
      (["diff", "out", "out", "--tolerance=-1"], "--tolerance must be a number of at least 0"),
    ])
  func badInput(_ arguments: [String], message: String) throws {
    let w = try baseline()
    try "{".write(toFile: w.path + "/bad.json", atomically: true, encoding: .utf8)
    try FileManager.default.createDirectory(atPath: w.path + "/empty", withIntermediateDirectories: true)
    try FileManager.default.createDirectory(atPath: w.path + "/twice", withIntermediateDirectories: true)
    try FileManager.default.copyItem(atPath: w.path + "/out", toPath: w.path + "/twice/a")
    try FileManager.default.copyItem(atPath: w.path + "/out", toPath: w.path + "/twice/b")
    let (status, stdout, stderr) = try cli.assay(arguments, in: w.path)
    #expect(status == 2)
    #expect(stdout.isEmpty)
    #expect(stderr.contains(message), "\(stderr)")
  }

  /// Compares with `Tests/AssayCLITests/Fixtures/<name>` (RECORD_SNAPSHOTS=1 re-records).
  func expectMatchesGolden(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let path = PackagePaths.root() + "/Tests/AssayCLITests/Fixtures/" + name
    if let message = Snapshot.compare(actual, goldenPath: path) {
      Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation)
    }
  }
}
