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
    // The placeholder graph is the one error until the user draws the graph.
    let validate = try sandbox.assay(["validate", "studies/data/nsw-dw.yaml"])
    #expect(validate.status == 2, "\(validate.stdout)")
    #expect(validate.stdout.hasPrefix("studies/data/nsw-dw.yaml:37:3: error: the graph is still the placeholder"))
    #expect(validate.stdout.hasSuffix("1 study file: 0 valid, 1 invalid (1 error, 0 warnings)\n"))
    try sandbox.write(Self.drawn(text), to: "studies/data/nsw-dw.yaml")
    let drawn = try sandbox.assay(["validate", "studies/data/nsw-dw.yaml"])
    #expect(drawn.stdout == "1 study file: 1 valid, 0 invalid\n", "\(drawn.stdout)")
  }

  /// The starter with its placeholder line deleted, as a user does once the graph is drawn.
  static func drawn(_ text: String) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("  placeholder: true") }
      .joined(separator: "\n")
  }

  @Test("summaries over all rows, identifiers left out, and a missing policy that counts the rows it keeps")
  func tellsTheTruth() throws {
    let sandbox = try StudySandbox()
    defer { sandbox.remove() }
    // 100 rows: id 1..100 (an identifier); b alternates 0/1; sparse has a value in rows 0, 20, 40, 60, 80
    // only (where b = 1); t = 1 when i mod 3 == 0; y = t + i / 50.
    var csv = "id,b,sparse,t,y\n"
    for i in 0..<100 {
      let sparse = i % 20 == 0 ? String(i % 3) : ""
      csv += "\(i + 1),\(1 - i % 2),\(sparse),\(i % 3 == 0 ? 1 : 0),\(Double(i % 3 == 0 ? 1 : 0) + Double(i) / 50)\n"
    }
    try sandbox.write(csv, to: "mixed.csv")
    let run = try sandbox.assay(["init", "mixed.csv"])
    #expect(run.status == 0, "\(run.stderr)")
    let text = try sandbox.read("mixed.yaml")
    // Over all 100 rows: b is half ones (over the 5 complete rows it would be "100% ones").
    #expect(text.contains("    b:       binary                     # 50.0% ones; none missing\n"), "\(text)")
    #expect(text.contains("    sparse:  integer                    # 0 to 2; 95 missing\n"))
    #expect(
      text.contains(
        "    id:      integer                    # a different value in every row: an identifier, left out of the graph; none missing\n"
      ))
    #expect(!text.contains("id -> {"))
    #expect(text.contains("      // Left out (see data.columns): id\n"))
    #expect(
      text.contains(
        "  missing: error             # only 5 of 100 rows are complete in the graph's columns:\n"
          + "                             # `drop` would keep 5 (5.0%). most missing: sparse (95 rows);\n"))
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
    #expect(text.contains("  missing: drop              # keeps the "))
    #expect(text.contains("  treatment: any ") && text.contains("  outcome: got "))
    try sandbox.write(Self.drawn(text), to: "mine/hiv.yaml")
    let validate = try sandbox.assay(["validate", "mine/hiv.yaml"])
    #expect(validate.status == 0, "\(validate.stdout)")
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
    #expect(text.contains("      // Left out (see data.columns): row id\n"))
    // A starter whose graph is still the placeholder does not run; once drawn, it runs and passes.
    let placeholder = try sandbox.assay(["run", "--quiet", "--deterministic", "--threads", "2", "trial.yaml"])
    #expect(placeholder.status == 2)
    #expect(!placeholder.stdout.contains("PASSED"))
    try sandbox.write(Self.drawn(text), to: "trial.yaml")
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
