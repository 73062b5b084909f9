import Foundation
import Testing

/// `assay init DATA.csv`: the starter study it writes validates, names every
/// column with its inferred type, and never overwrites a file without `--force`.
@Suite("assay init")
struct InitCommandTests {
  /// The `columns:` entries of a starter study: name to declared type.
  func declaredColumns(_ text: String) -> [String: String] {
    var result: [String: String] = [:]
    var inside = false
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      if line.hasPrefix("  columns:") {
        inside = true
        continue
      }
      guard inside else { continue }
      guard line.hasPrefix("    ") else { break }
      let body = line.dropFirst(4)
      if body.hasPrefix("#") { continue }
      // A key is plain (up to the first ':') or double-quoted (up to the closing quote).
      let key: Substring
      let rest: Substring
      if body.hasPrefix("\""), let close = body.dropFirst().firstIndex(of: "\"") {
        key = body[body.index(after: body.startIndex)..<close]
        rest = body[body.index(after: close)...].drop { $0 == ":" }
      } else {
        let parts = body.split(separator: ":", maxSplits: 1)
        guard parts.count == 2 else { continue }
        key = parts[0]
        rest = parts[1]
      }
      result[String(key)] = rest.split(separator: "#")[0].trimmingCharacters(in: .whitespaces)
    }
    return result
  }

  @Test("writes a starter next to the data that validates and lists every column's type")
  func writesValidStarter() throws {
    let sandbox = try StudySandbox(studies: [])
    defer { sandbox.remove() }
    let run = try sandbox.assay(["init", "studies/data/nsw_dw.csv"])
    #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
    #expect(run.stdout.hasPrefix("wrote studies/data/nsw-dw.yaml: 11 columns, 445 rows\n"))
    let text = try sandbox.read("studies/data/nsw-dw.yaml")
    // The types Tabular infers from the data (see ColumnKind): 0/1 columns are binary,
    // whole numbers integer, other numbers continuous, text categorical.
    #expect(
      declaredColumns(text) == [
        "data_id": "categorical", "treat": "binary", "age": "integer", "educ": "integer", "black": "binary",
        "hisp": "binary", "marr": "binary", "nodegree": "binary", "re74": "continuous", "re75": "continuous",
        "re78": "continuous",
      ])
    #expect(text.contains("name: nsw-dw "))
    #expect(text.contains("  path: nsw_dw.csv "))
    #expect(text.contains("  treatment: treat ") && text.contains("  outcome: re78 "))
    #expect(text.contains("TODO: draw the arrows"))
    #expect(text.contains("      age -> { treat re78 }\n"))
    let validate = try sandbox.assay(["validate", "studies/data/nsw-dw.yaml"])
    #expect(validate.status == 0, "\(validate.stdout)")
    #expect(validate.stdout == "1 study file: 1 valid, 0 invalid\n")
  }

  @Test("refuses to overwrite an existing file unless --force")
  func refusesToOverwrite() throws {
    let sandbox = try StudySandbox(studies: [])
    defer { sandbox.remove() }
    try sandbox.write("keep me\n", to: "studies/data/close-college.yaml")
    let refused = try sandbox.assay(["init", "studies/data/close_college.csv"])
    #expect(refused.status == 2)
    #expect(refused.stderr.contains("studies/data/close-college.yaml: error: the file exists"))
    #expect(refused.stderr.contains("--force"))
    #expect(try sandbox.read("studies/data/close-college.yaml") == "keep me\n")
    let forced = try sandbox.assay(["init", "--force", "studies/data/close_college.csv"])
    #expect(forced.status == 0, "\(forced.stderr)")
    #expect(try sandbox.read("studies/data/close-college.yaml") != "keep me\n")
  }

  @Test("--output elsewhere: the data path is relative to the study; missing values give missing: drop")
  func outputElsewhere() throws {
    let sandbox = try StudySandbox(studies: [])
    defer { sandbox.remove() }
    let run = try sandbox.assay([
      "init", "studies/data/thornton_hiv.csv", "--output", "mine/hiv.yaml", "--treatment", "any", "--outcome", "got",
    ])
    #expect(run.status == 0, "\(run.stderr)")
    let text = try sandbox.read("mine/hiv.yaml")
    #expect(text.contains("  path: ../studies/data/thornton_hiv.csv "))
    #expect(text.contains("  missing: drop "))
    #expect(text.contains("  treatment: any ") && text.contains("  outcome: got "))
    #expect(try sandbox.assay(["validate", "mine/hiv.yaml"]).status == 0)
  }

  @Test("column names that need quoting in YAML and dagitty; a run of the starter passes")
  func awkwardNamesAndRun() throws {
    let sandbox = try StudySandbox()
    defer { sandbox.remove() }
    // 60 rows, deterministic: treated when i mod 3 == 0; outcome = 2 treated + i/10 + a
    // spread of -1 to 1 from (7i mod 11).
    var csv = "row id,\"dose: mg\",treated,age years,outcome\n"
    for i in 0..<60 {
      let treated = i % 3 == 0 ? 1 : 0
      let outcome = 2 * Double(treated) + Double(i) / 10 + Double((7 * i) % 11 - 5) / 5
      csv += "r\(i),\(Double(i % 7) * 0.5),\(treated),\(20 + i % 11),\(outcome)\n"
    }
    try sandbox.write(csv, to: "trial.csv")
    let run = try sandbox.assay(["init", "trial.csv"])
    #expect(run.status == 0, "\(run.stderr)")
    let text = try sandbox.read("trial.yaml")
    #expect(
      declaredColumns(text) == [
        "row id": "categorical", "dose: mg": "continuous", "treated": "binary", "age years": "integer",
        "outcome": "continuous",
      ])
    #expect(text.contains("\"dose: mg\" -> { treated outcome }"))
    #expect(text.contains("      // An identifier or a constant, left unconnected:\n      \"row id\"\n"))
    let started = try sandbox.assay(["run", "--quiet", "--deterministic", "--threads", "2", "trial.yaml"])
    #expect(started.status == 0, "\(started.stdout)\(started.stderr)")
  }

  @Test("a missing data file, or an unknown treatment column, is an error with the columns listed")
  func errors() throws {
    let sandbox = try StudySandbox(studies: [])
    defer { sandbox.remove() }
    let missing = try sandbox.assay(["init", "studies/data/nope.csv"])
    #expect(missing.status == 2)
    #expect(missing.stderr == "studies/data/nope.csv: error: no such data file\n")
    let unknown = try sandbox.assay(["init", "studies/data/nsw_dw.csv", "--treatment", "treated"])
    #expect(unknown.status == 2)
    #expect(unknown.stderr.contains("error: no column 'treated' in the data"))
    #expect(unknown.stderr.contains("note: the columns are: data_id, treat, age,"))
  }
}
