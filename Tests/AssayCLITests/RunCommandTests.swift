import Foundation
import TestSupport
import Testing

/// `assay run`, `assay identify` and `assay report` end to end on a small
/// simulated study written to a temporary folder.
@Suite("assay run, identify and report")
struct RunCommandTests {
  /// A temporary folder with a simulated data set (true effect 2) and a study.
  struct Workspace {
    let path: String

    init(
      checks: String = "", expectations: String = "", estimand extra: String = "", graph: String? = nil,
      report: String = ""
    ) throws {
      path = FileManager.default.temporaryDirectory.appendingPathComponent("assay-run-\(UUID().uuidString)").path
      try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
      var rng = SplitMix64(seed: 7)
      func uniform() -> Double { Double(rng.next() >> 11) / 9_007_199_254_740_992 }
      func normal() -> Double { (-2 * log(max(uniform(), 1e-300))).squareRoot() * cos(2 * .pi * uniform()) }
      var csv = "w1,w2,z,t,y\n"
      for _ in 0..<400 {
        let w1 = normal()
        let w2 = normal()
        let z: Double = uniform() < 0.5 ? 1 : 0
        let t: Double = uniform() < 1 / (1 + exp(-(0.5 * w1 - 0.3 * w2 + 0.8 * z - 0.4))) ? 1 : 0
        let y = 2 * t + w1 + 0.5 * w2 + normal()
        csv += String(format: "%.6f,%.6f,%.0f,%.0f,%.6f\n", w1, w2, z, t, y)
      }
      try csv.write(toFile: path + "/data.csv", atomically: true, encoding: .utf8)
      let study = """
        version: 1
        name: simulated
        seed: 5
        data:
          path: data.csv
          columns: {t: binary, z: binary}
        graph:
          dagitty: |
            \(graph ?? "dag { w1 -> t ; w2 -> t ; z -> t ; w1 -> y ; w2 -> y ; t -> y }")
        estimand:
          treatment: t
          outcome: y
        \(extra)
        estimators:
          - name: ols
            method: linear_regression
          - name: ipw
            method: propensity_score_weighting
        refutations:
          simulations: 40
          checks:
        \(checks.isEmpty ? "    - check: placebo_treatment\n    - check: random_common_cause" : checks)
        \(expectations)
        report:
          directory: out
        \(report)
        """
      try study.write(toFile: path + "/study.yaml", atomically: true, encoding: .utf8)
    }

    func read(_ file: String) -> String {
      String(decoding: FileManager.default.contents(atPath: path + "/" + file) ?? Data(), as: UTF8.self)
    }

    func json(_ file: String) throws -> [String: Any] {
      try JSONSerialization.jsonObject(with: Data(read(file).utf8)) as? [String: Any] ?? [:]
    }
  }

  func assay(_ arguments: [String], in directory: String, environment: [String: String] = [:]) throws -> (
    Int32, String, String
  ) {
    let run = try StudySandbox.runAssay(arguments, in: directory, environment: environment)
    return (run.status, run.stdout, run.stderr)
  }

  @Test("a passing study exits 0 and writes result.json, report.md, report.html and junit.xml")
  func passes() throws {
    let w = try Workspace()
    let (status, stdout, _) = try assay(["run", "study.yaml", "--quiet"], in: w.path)
    #expect(status == 0, "\(stdout)")
    #expect(stdout.hasPrefix("simulated: PASSED"))
    for file in ["result.json", "report.md", "report.html", "junit.xml"] {
      #expect(FileManager.default.fileExists(atPath: w.path + "/out/" + file), "\(file)")
    }
    let record = try w.json("out/result.json")
    #expect(record["status"] as? String == "passed")
    #expect(record["schema_version"] as? Int == 1)
  }

  @Test("report.formats decides the files written, junit included")
  func formats() throws {
    let w = try Workspace(report: "  formats: [junit, markdown]")
    let (status, stdout, _) = try assay(["run", "study.yaml"], in: w.path)
    #expect(status == 0, "\(stdout)")
    #expect(stdout.contains("reports: out/ (junit.xml, report.md)"))
    let written = try FileManager.default.contentsOfDirectory(atPath: w.path + "/out").sorted()
    #expect(written == ["junit.xml", "report.md"])
    #expect(w.read("out/junit.xml").hasPrefix("<?xml"))
  }

  @Test("same study, data and seed give byte-identical outputs, with 1 or 2 threads")
  func deterministic() throws {
    let w = try Workspace()
    var outputs: [[String]] = []
    for threads in ["1", "2", "1"] {
      let (status, _, _) = try assay(
        ["run", "study.yaml", "--quiet", "--deterministic"], in: w.path,
        environment: ["ASSAY_THREADS": threads])
      #expect(status == 0)
      outputs.append(["result.json", "report.md", "report.html", "junit.xml"].map { w.read("out/" + $0) })
    }
    #expect(outputs[0] == outputs[1])
    #expect(outputs[0] == outputs[2])
    #expect(!outputs[0][0].contains("\"timestamp\""))
  }

  @Test("SOURCE_DATE_EPOCH fixes the timestamp of a non-deterministic run")
  func sourceDateEpoch() throws {
    let w = try Workspace()
    _ = try assay(["run", "study.yaml", "--quiet"], in: w.path, environment: ["SOURCE_DATE_EPOCH": "1700000000"])
    #expect(w.read("out/result.json").contains("2023-11-14T22:13:20Z"))
  }

  @Test("a failed check of severity error exits 1; severity warn does not; --warn-error makes it fail")
  func gate() throws {
    let failing = try Workspace(
      checks:
        "    - check: placebo_treatment\n      expect_effect: true\n    - check: overlap\n      min_effective_sample_size: 0.99"
    )
    let (status, stdout, _) = try assay(["run", "study.yaml", "--quiet"], in: failing.path)
    #expect(status == 1, "\(stdout)")
    #expect(stdout.contains("FAILED"))
    let warned = try Workspace(
      checks: "    - check: overlap\n      min_effective_sample_size: 0.99\n      severity: warn")
    #expect(try assay(["run", "study.yaml", "--quiet"], in: warned.path).0 == 0)
    #expect(try assay(["run", "study.yaml", "--quiet", "--warn-error"], in: warned.path).0 == 1)
  }

  @Test("--select runs only the named estimator, beside the full reports; --fail-fast stops at the first failure")
  func selectAndFailFast() throws {
    let w = try Workspace(
      checks: "    - check: overlap\n      min_effective_sample_size: 0.99\n    - check: placebo_treatment")
    _ = try assay(["run", "study.yaml", "--quiet", "--deterministic"], in: w.path)
    let full = w.read("out/report.md")
    let (_, stdout, _) = try assay(["run", "study.yaml", "--quiet", "--deterministic", "--select", "ipw"], in: w.path)
    // The partial run goes to out/partial/, says so even with --quiet, and leaves the full reports alone.
    #expect(stdout.contains("partial reports (--select): out/partial/"), "\(stdout)")
    #expect(w.read("out/report.md") == full)
    let partial = try w.json("out/partial/result.json")
    #expect((partial["estimates"] as? [[String: Any]] ?? []).map { $0["name"] as? String } == ["ipw"])
    #expect(partial["selected_estimators"] as? [String] == ["ipw"])
    #expect(w.read("out/partial/report.md").contains("**Partial run:** only `ipw` ran"))
    #expect(try w.json("out/result.json")["selected_estimators"] is NSNull)
    // A name that is no estimator of any study is a usage error, not an empty run that passes.
    let (status, _, stderr) = try assay(["run", "study.yaml", "--select", "nope"], in: w.path)
    #expect(status == 2)
    #expect(
      stderr.contains("--select 'nope': no study of this run has an estimator of that name (estimators: ols, ipw)"))
    _ = try assay(["run", "study.yaml", "--quiet", "--fail-fast"], in: w.path)
    let checks = (try w.json("out/result.json")["estimates"] as? [[String: Any]] ?? []).flatMap {
      ($0["refutations"] as? [[String: Any]] ?? []).map { $0["check"] as? String ?? "" }
    }
    #expect(checks == ["overlap"])
  }

  @Test("a failed expectation fails the gate")
  func expectations() throws {
    let w = try Workspace(expectations: "expectations:\n  - estimator: ols\n    value: {between: [10, 20]}")
    let (status, _, _) = try assay(["run", "study.yaml", "--quiet"], in: w.path)
    #expect(status == 1)
  }

  @Test("a pinned hash that does not match, and unusable data, exit 2 with a located error")
  func invalidData() throws {
    let w = try Workspace()
    var study = w.read("study.yaml")
    study = study.replacingOccurrences(
      of: "  path: data.csv", with: "  path: data.csv\n  sha256: " + String(repeating: "0", count: 64))
    try study.write(toFile: w.path + "/study.yaml", atomically: true, encoding: .utf8)
    let (status, _, stderr) = try assay(["run", "study.yaml", "--quiet"], in: w.path)
    #expect(status == 2)
    #expect(stderr.contains("study.yaml:6:11: error: the data file's SHA-256 is"))
    let broken = try Workspace()
    try (broken.read("data.csv") + "1,2,3\n").write(
      toFile: broken.path + "/data.csv", atomically: true, encoding: .utf8)
    let (brokenStatus, _, brokenErr) = try assay(["run", "study.yaml", "--quiet"], in: broken.path)
    #expect(brokenStatus == 2)
    #expect(brokenErr.contains("data.csv:402:"), "\(brokenErr)")
  }

  @Test("an explicit strategy that does not apply is an error naming the criterion (exit 2)")
  func notIdentified() throws {
    let w = try Workspace(estimand: "  identification: frontdoor")
    let (status, stdout, _) = try assay(["run", "study.yaml", "--quiet"], in: w.path)
    #expect(status == 2)
    #expect(stdout.contains("error: identification 'frontdoor' does not apply"), "\(stdout)")
  }

  @Test("assay run --format json prints one document: the exit code, diagnostics and each run's result.json")
  func runJSON() throws {
    let w = try Workspace()
    let (status, stdout, stderr) = try assay(["run", "study.yaml", "--format", "json", "--deterministic"], in: w.path)
    #expect(status == 0, "\(stderr)")
    let parsed = try #require(try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any])
    #expect(parsed["exit_code"] as? Int == 0)
    #expect((parsed["diagnostics"] as? [Any])?.isEmpty == true)
    let runs = try #require(parsed["runs"] as? [[String: Any]])
    #expect(runs.count == 1)
    // The run in the document is exactly the result.json written beside the reports.
    let written = try #require(
      try JSONSerialization.jsonObject(with: Data(w.read("out/result.json").utf8)) as? NSDictionary)
    #expect(NSDictionary(dictionary: runs[0]) == written)
    #expect(!stdout.contains("PASSED"))
    // Invalid data: exit 2, the located diagnostic in the document, nothing else on standard output.
    try "w1,w2,z,t,y\n1,2,3\n".write(toFile: w.path + "/data.csv", atomically: true, encoding: .utf8)
    let (badStatus, badOut, _) = try assay(["run", "study.yaml", "--format", "json"], in: w.path)
    #expect(badStatus == 2)
    let bad = try #require(try JSONSerialization.jsonObject(with: Data(badOut.utf8)) as? [String: Any])
    #expect(bad["exit_code"] as? Int == 2)
    let diagnostics = try #require(bad["diagnostics"] as? [[String: Any]])
    #expect(diagnostics.first?["file"] as? String == "data.csv" && diagnostics.first?["line"] as? Int == 2)
    #expect((bad["runs"] as? [Any])?.isEmpty == true)
  }

  @Test("assay identify prints the strategy, sets, paths and implications; JSON too")
  func identify() throws {
    let w = try Workspace(
      graph: "dag { w1 -> t ; w2 -> t ; z -> t ; w1 -> y ; w2 -> y ; t -> y ; u [latent] ; u -> t ; u -> y }")
    let (status, stdout, _) = try assay(["identify", "study.yaml"], in: w.path)
    #expect(status == 0, "\(stdout)")
    #expect(stdout.contains("strategy      iv"), "\(stdout)")
    #expect(stdout.contains("instrument    z"))
    let (jsonStatus, json, _) = try assay(["identify", "study.yaml", "--format", "json"], in: w.path)
    #expect(jsonStatus == 0)
    let parsed = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
    let study = try #require((parsed?["studies"] as? [[String: Any]])?.first)
    #expect(study["name"] as? String == "simulated" && study["identified"] as? Bool == true)
    let identification = try #require(study["identification"] as? [String: Any])
    #expect(identification["strategy"] as? String == "iv")
    #expect(identification["adjustment_choice"] as? String == "minimal")
    let bow = try Workspace(graph: "dag { t -> y ; t <-> y ; w1 ; w2 ; z }")
    let (bowStatus, bowOut, _) = try assay(["identify", "study.yaml"], in: bow.path)
    #expect(bowStatus == 2)
    #expect(bowOut.contains("not identifiable"), "\(bowOut)")
  }

  @Test("assay report re-renders the same reports from result.json")
  func report() throws {
    let w = try Workspace()
    _ = try assay(["run", "study.yaml", "--quiet", "--deterministic"], in: w.path)
    let original = w.read("out/report.html")
    let (status, _, _) = try assay(["report", "out/result.json", "--output", "again"], in: w.path)
    #expect(status == 0)
    #expect(w.read("again/report.html") == original)
    #expect(w.read("again/report.md") == w.read("out/report.md"))
    try "{".write(toFile: w.path + "/bad.json", atomically: true, encoding: .utf8)
    #expect(try assay(["report", "bad.json"], in: w.path).0 == 2)
  }
}
