import Foundation
import TestSupport
import Testing

/// End-to-end tests of the `assay` executable: exit codes and output.
@Suite("assay command line")
struct CLITests {
  struct Run {
    var status: Int32
    var stdout: String
    var stderr: String
  }

  static let root = PackagePaths.root()
  static let fixtures = root + "/Tests/StudySpecTests/Fixtures"

  func assay(_ arguments: [String], environment: [String: String] = [:]) throws -> Run {
    let run = try StudySandbox.runAssay(arguments, in: Self.fixtures, environment: environment)
    return Run(status: run.status, stdout: run.stdout, stderr: run.stderr)
  }

  @Test("validate: 0 for valid studies, 2 for invalid ones, with compiler-style text")
  func validate() throws {
    let ok = try assay(["validate", "valid/basic.yaml"])
    #expect(ok.status == 0)
    #expect(ok.stdout == "1 study file: 1 valid, 0 invalid\n")
    let bad = try assay(["validate", "invalid/01-unknown-method.yaml"])
    #expect(bad.status == 2)
    #expect(
      bad.stdout.hasPrefix(
        "invalid/01-unknown-method.yaml:19:13: error: unknown estimator method 'propensity_score_matchin'\n"))
  }

  @Test("validate a folder: every *.yaml below it")
  func folder() throws {
    let run = try assay(["validate", "valid"])
    #expect(run.status == 0)
    #expect(run.stdout.hasSuffix("4 study files: 4 valid, 0 invalid\n"))
  }

  @Test("--format json prints an array of located diagnostics")
  func json() throws {
    let run = try assay(["validate", "--format", "json", "invalid/09-alpha-out-of-range.yaml"])
    #expect(run.status == 2)
    let parsed = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]]
    let first = try #require(parsed?.first)
    #expect(first["file"] as? String == "invalid/09-alpha-out-of-range.yaml")
    #expect(first["line"] as? Int == 21)
    #expect(first["column"] as? Int == 10)
    #expect(first["end_line"] as? Int == 21)
    #expect(first["end_column"] as? Int == 13)
    #expect(first["severity"] as? String == "error")
    #expect(first["message"] as? String == "'alpha' must be a number in (0, 1), found 1.5")
    #expect(first["notes"] is [Any])
  }

  @Test("GITHUB_ACTIONS=true adds workflow annotations, on standard error; JSON on standard output stays one document")
  func githubAnnotations() throws {
    let run = try assay(["validate", "invalid/09-alpha-out-of-range.yaml"], environment: ["GITHUB_ACTIONS": "true"])
    #expect(!run.stdout.contains("::error"))
    let json = try assay(
      ["validate", "--format", "json", "invalid/09-alpha-out-of-range.yaml"], environment: ["GITHUB_ACTIONS": "true"])
    #expect(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) is [Any])
    #expect(json.stderr.contains("::error file=invalid/09-alpha-out-of-range.yaml"))
    #expect(
      run.stderr.contains(
        "::error file=invalid/09-alpha-out-of-range.yaml,line=21,col=10,endLine=21,endColumn=13,title=assay%3A error::'alpha' must be a number in (0, 1), found 1.5\n"
      ))
  }

  @Test("usage errors exit 2; --version and --help exit 0")
  func usage() throws {
    #expect(try assay(["frobnicate"]).status == 2)
    #expect(try assay(["validate", "--format", "xml"]).status == 2)
    let version = try assay(["--version"])
    #expect(version.status == 0)
    #expect(version.stdout == "0.1.0\n")
    #expect(try assay(["--help"]).status == 0)
    let missing = try assay(["validate", "no/such/path"])
    #expect(missing.status == 2)
    #expect(missing.stdout.contains("no/such/path: error: no such file or folder"))
  }

  @Test("schema prints the committed schema")
  func schema() throws {
    let run = try assay(["schema"])
    #expect(run.status == 0)
    let committed = try String(contentsOfFile: Self.root + "/schema/study-v1.schema.json", encoding: .utf8)
    #expect(run.stdout == committed)
  }

  @Test("plan prints the resolved plan with defaults marked")
  func plan() throws {
    let run = try assay(["plan", "valid/basic.yaml"])
    #expect(run.status == 0)
    #expect(run.stdout.contains("  estimand      ate* of treat (1* vs 0*) on re78, over all units\n"))
    #expect(run.stdout.contains("    placebo_treatment       on ols\n"))
  }
}
