import Foundation
import TestSupport
import Testing

/// Untrusted studies and data (issue 20): each of the eleven defects a fuzzing
/// probe found, end to end through the `assay` executable.
@Suite("untrusted studies and data")
struct UntrustedInputTests {
  /// A folder with `data.csv` (400 rows: w, t binary, y with a true effect of 2)
  /// and `study.yaml`, both replaceable.
  struct Probe {
    let sandbox: StudySandbox

    init(data: String? = nil, study: String? = nil) throws {
      sandbox = try StudySandbox()
      try sandbox.write(data ?? Self.data(), to: "data.csv")
      try sandbox.write(study ?? Self.study(), to: "study.yaml")
    }

    /// The simulated data, `y` replaced by `code` in the given (1-based) rows.
    static func data(y code: String? = nil, rows: Set<Int> = [], t third: String? = nil) -> String {
      var rng = SplitMix64(seed: 11)
      func uniform() -> Double { Double(rng.next() >> 11) / 9_007_199_254_740_992 }
      var csv = "w,t,y\n"
      for r in 1...400 {
        let w = uniform() * 2 - 1
        let t = uniform() < 0.5 + 0.3 * w ? 1 : 0
        let y = 2 * Double(t) + w + uniform()
        let tText = third != nil && r == 2 ? third! : "\(t)"
        let yText = rows.contains(r) ? (code ?? "") : String(format: "%.4f", y)
        csv += String(format: "%.4f", w) + ",\(tText),\(yText)\n"
      }
      return csv
    }

    static func study(
      title: String = "probe", data: String = "path: data.csv", method: String = "linear_regression",
      report: String = "directory: out", description: String? = nil
    ) -> String {
      """
      version: 1
      name: probe
      title: \(title)
      \(description.map { "description: \($0)" } ?? "")
      data:
        \(data)
      graph:
        dagitty: "dag { w -> t ; w -> y ; t -> y }"
      estimand:
        treatment: t
        outcome: y
      estimators:
        - name: ols
          method: \(method)
      report:
        \(report)
      """
    }

    func assay(_ arguments: [String], environment: [String: String] = [:]) throws -> StudySandbox.Run {
      try sandbox.assay(arguments, environment: environment)
    }

    func run(_ extra: [String] = [], environment: [String: String] = [:]) throws -> StudySandbox.Run {
      try assay(
        ["run", "--deterministic", "--quiet", "--threads", "1"] + extra + ["study.yaml"], environment: environment)
    }

    var root: String { sandbox.root }
  }

  // MARK: - Defect 1: types from one row

  @Test("defect 1: a '.' in row 1 of the outcome is refused, naming it, as it is in row 3; before any estimate")
  func missingCodeInFirstRow() throws {
    for rows in [Set([1]), Set([3]), Set([1, 50, 51])] {
      let probe = try Probe(data: Probe.data(y: ".", rows: rows))
      defer { probe.sandbox.remove() }
      let run = try probe.run()
      #expect(run.status == 2, "\(rows): \(run.stdout) \(run.stderr)")
      #expect(run.stderr.contains("non-numeric value"), "\(run.stderr)")
      #expect(run.stderr.contains("'.'"), "\(run.stderr)")
      #expect(run.stderr.contains("missing_values"), "\(run.stderr)")
      #expect(!FileManager.default.fileExists(atPath: probe.root + "/out/result.json"))
    }
  }

  @Test("defect 1: with the code in missing_values the run computes, and result.json and plan show the evidence")
  func evidence() throws {
    let study = Probe.study(data: "path: data.csv\n  missing: drop\n  missing_values: ['', NA, '.']")
    let probe = try Probe(data: Probe.data(y: ".", rows: [1, 7]), study: study)
    defer { probe.sandbox.remove() }
    let run = try probe.run()
    #expect(run.status == 0, "\(run.stdout) \(run.stderr)")
    let result = try RunResult(path: probe.root + "/out/result.json")
    let columns = result.data["columns"] as? [[String: Any]] ?? []
    let y = try #require(columns.first { $0["name"] as? String == "y" })
    let evidence = try #require(y["type_evidence"] as? [String: Any])
    #expect(evidence["values_seen"] as? Int == 398)
    #expect(evidence["rows_seen"] as? Int == 400)
    #expect((evidence["reason"] as? String)?.contains("all 398 values are numbers") == true)
    let plan = try probe.assay(["plan", "study.yaml"])
    #expect(plan.status == 0, "\(plan.stderr)")
    #expect(plan.stdout.contains("y: continuous; all 398 values are numbers"), "\(plan.stdout)")
    let json = try probe.assay(["plan", "--format", "json", "study.yaml"])
    #expect(json.stdout.contains("\"values_seen\": 398"), "\(json.stdout)")
  }

  @Test("defect 1: a categorical outcome is refused for a regression method")
  func categoricalOutcome() throws {
    let study = Probe.study(data: "path: data.csv\n  columns: {y: categorical}")
    let probe = try Probe(study: study)
    defer { probe.sandbox.remove() }
    let run = try probe.run()
    #expect(run.status == 2, "\(run.stdout) \(run.stderr)")
    #expect(run.stderr.contains("the outcome 'y' is categorical"), "\(run.stderr)")
  }

  @Test("defect 1: a 0/1 treatment with a third value (N/A, a word, a 2) is refused, never a third arm")
  func thirdTreatmentValue() throws {
    for third in ["N/A", "maybe", "2"] {
      let probe = try Probe(data: Probe.data(t: third))
      defer { probe.sandbox.remove() }
      let run = try probe.run()
      #expect(run.status == 2, "\(third): \(run.stdout) \(run.stderr)")
      #expect(run.stderr.contains(third == "2" ? "takes 3 values" : "'\(third)'"), "\(run.stderr)")
    }
  }

  // MARK: - Defects 4, 5, 6: output

  /// Lines GitHub's runner would read as a workflow command that Assay did not write.
  static func injected(_ text: String) -> [Substring] {
    text.split(separator: "\n").filter { line in
      let start = line.drop { $0 == " " || $0 == "\t" }
      guard start.hasPrefix("::") || line.contains("##[") else { return false }
      // Assay's own annotations: `::error file=...,line=...::message` with the message escaped.
      return !(start.hasPrefix("::error ") || start.hasPrefix("::warning ") || start.hasPrefix("::notice "))
        || start.contains("pwned") && !start.contains("%0A")
    }
  }

  @Test("defect 4: a line break in method, check, data.path, report.directory or title starts no workflow command")
  func workflowInjection() throws {
    let payload = "\\n::add-mask::pwned\\n::error file=x::pwned\\n##[set-output name=a]pwned\\n"
    let studies = [
      Probe.study(title: "\"x\(payload)\""),
      Probe.study(method: "\"linear_regression\(payload)\""),
      Probe.study(data: "path: \"data.csv\(payload)\""),
      Probe.study(report: "directory: \"out\(payload)\""),
      Probe.study() + "\nrefutations:\n  checks:\n    - check: \"placebo\(payload)\"\n",
    ]
    for (index, study) in studies.enumerated() {
      let probe = try Probe(study: study)
      defer { probe.sandbox.remove() }
      for (command, formats) in [
        (["validate"], ["text"]), (["plan"], ["json"]), (["run", "--quiet"], ["text", "json"]),
        (["identify"], ["text"]),
      ] {
        for format in formats.map({ ["--format", $0] }) {
          let run = try probe.assay(command + format + ["study.yaml"], environment: ["GITHUB_ACTIONS": "true"])
          #expect(Self.injected(run.stdout).isEmpty, "study \(index) \(command): \(Self.injected(run.stdout))")
          #expect(Self.injected(run.stderr).isEmpty, "study \(index) \(command): \(Self.injected(run.stderr))")
          if format[1] == "json" {
            #expect(
              (try? JSONSerialization.jsonObject(with: Data(run.stdout.utf8))) != nil,
              "study \(index) \(command): stdout is not one JSON document: \(run.stdout.prefix(300))")
          }
        }
      }
    }
  }

  @Test("defect 5: terminal control sequences in a title and in levels are escaped on the terminal and in report.md")
  func controlSequences() throws {
    let title = "\"a\\e]8;;http://x\\abell\\x7Fdel\\u0085nel\\e[31mred\""
    var text = "w,t,y,g\n"
    for r in 0..<80 { text += "\(r % 9),\(r % 2),\(Double(r % 11) + 0.5),\(["a\u{1B}[2Jb", "plain"][r % 2])\n" }
    let study = Probe.study(title: title).replacingOccurrences(of: "w -> y ;", with: "w -> y ; g -> y ; g -> t ;")
    let probe = try Probe(data: text, study: study)
    defer { probe.sandbox.remove() }
    for command in [["plan"], ["identify"], ["run", "--threads", "1"]] {
      let run = try probe.assay(command + ["study.yaml"])
      for (name, output) in [("stdout", run.stdout), ("stderr", run.stderr)] {
        let raw = output.unicodeScalars.filter {
          ($0.value < 0x20 && $0 != "\n" && $0 != "\t") || (0x7F..<0xA0).contains($0.value)
        }
        #expect(raw.isEmpty, "\(command) \(name) holds raw control characters: \(raw.map { $0.value })")
      }
    }
    let report = try probe.sandbox.read("out/report.md")
    #expect(!report.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n") || (0x7F..<0xA0).contains($0.value) })
    #expect(report.contains("\\u{1B}"))
  }

  @Test("defect 6: under GITHUB_ACTIONS, --format json keeps standard output one document; annotations on stderr")
  func jsonUnderActions() throws {
    let probe = try Probe(data: Probe.data(y: ".", rows: [3]))
    defer { probe.sandbox.remove() }
    for command in [["validate"], ["plan"], ["run"], ["identify"]] {
      let run = try probe.assay(command + ["--format", "json", "study.yaml"], environment: ["GITHUB_ACTIONS": "true"])
      #expect((try? JSONSerialization.jsonObject(with: Data(run.stdout.utf8))) != nil, "\(command): \(run.stdout)")
      #expect(!run.stdout.contains("::error"))
      if command != ["identify"] { #expect(run.stderr.contains("::error "), "\(command): \(run.stderr)") }
    }
  }

  // MARK: - Defects 2, 3, 10, 11: reading and late checks

  @Test("defect 2: a named pipe as data.path, or among the studies, is refused at once (no hang)")
  func namedPipe() throws {
    let probe = try Probe()
    defer { probe.sandbox.remove() }
    try FileManager.default.removeItem(atPath: probe.root + "/data.csv")
    #expect(mkfifo(probe.root + "/data.csv", 0o644) == 0)
    #expect(mkfifo(probe.root + "/pipe.yaml", 0o644) == 0)
    for command in [["validate", "study.yaml"], ["run", "study.yaml"], ["validate", "."], ["plan", "study.yaml"]] {
      let run = try probe.assay(command)
      #expect(run.status == 2, "\(command): \(run.stdout) \(run.stderr)")
      #expect((run.stdout + run.stderr).contains("named pipe"), "\(command): \(run.stdout) \(run.stderr)")
    }
  }

  @Test("defect 3: a record without an end is an error quoting at most 80 escaped characters, in bounded memory")
  func endlessRecord() throws {
    var data = Array(Probe.data().split(separator: "\n").prefix(21).joined(separator: "\n").utf8) + [0x0A]
    data += [UInt8](repeating: 0, count: 3 << 20)
    let probe = try Probe()
    defer { probe.sandbox.remove() }
    try Data(data).write(to: URL(fileURLWithPath: probe.root + "/data.csv"))
    let run = try probe.run()
    #expect(run.status == 2, "\(run.stderr.prefix(500))")
    #expect(run.stderr.count < 4000, "the error is \(run.stderr.count) characters")
    #expect(run.stderr.contains("longer than 1048576 bytes"), "\(run.stderr.prefix(500))")
    #expect(run.stderr.contains("\\u{0}\\u{0}"), "\(run.stderr.prefix(500))")
  }

  @Test("defect 10: 0 and 1 rows, a folder as data.path, an unterminated quote: honest located errors, exit 2")
  func honestErrors() throws {
    for rows in ["", "0.5,1,2.5\n"] {
      let probe = try Probe(data: "w,t,y\n" + rows)
      defer { probe.sandbox.remove() }
      let run = try probe.run()
      #expect(run.status == 2, "\(run.stdout) \(run.stderr)")
      #expect(run.stderr.contains("the data have \(rows.isEmpty ? 0 : 1) row"), "\(run.stderr)")
      #expect(!run.stderr.contains("collinear"))
    }
    let folder = try Probe()
    defer { folder.sandbox.remove() }
    try FileManager.default.removeItem(atPath: folder.root + "/data.csv")
    try FileManager.default.createDirectory(atPath: folder.root + "/data.csv", withIntermediateDirectories: false)
    let run = try folder.assay(["validate", "study.yaml"])
    #expect(run.status == 2)
    #expect(run.stdout.contains("study.yaml:6:"), "\(run.stdout)")
    #expect(run.stdout.contains("a folder, not a data file"), "\(run.stdout)")
    #expect(!run.stdout.contains("not found"), "\(run.stdout)")
    // A quote closed only lines later: one field where three were expected.
    let quote = try Probe(data: "w,t,y\n0.5,1,2\n\"0.25,0,1\n0.75,1,3\"\n-0.5,0,1\n")
    defer { quote.sandbox.remove() }
    let unterminated = try quote.run()
    #expect(unterminated.status == 2)
    #expect(unterminated.stderr.contains("data.csv:3:1: error: the quoted field opened here"), "\(unterminated.stderr)")
    #expect(unterminated.stderr.contains("closing quote missing"), "\(unterminated.stderr)")
    #expect(!unterminated.stderr.contains("this row has"), "\(unterminated.stderr)")
    // A quote never closed.
    let open = try Probe(data: "w,t,y\n0.5,1,2\n\"0.25,0,1\n0.75,1,3\n")
    defer { open.sandbox.remove() }
    let never = try open.run()
    #expect(never.status == 2)
    #expect(never.stderr.contains("data.csv:3:1: error: unterminated quoted field"), "\(never.stderr)")
  }

  @Test("defect 11: report.directory naming a file is refused before any computation, located, without an NSError dump")
  func reportDirectoryIsAFile() throws {
    let probe = try Probe()
    defer { probe.sandbox.remove() }
    try probe.sandbox.write("not a folder", to: "out")
    let run = try probe.run()
    #expect(run.status == 2)
    #expect(run.stderr.contains("study.yaml:"), "\(run.stderr)")
    #expect(run.stderr.contains("names a file, not a folder"), "\(run.stderr)")
    #expect(!run.stderr.contains("NSCocoaErrorDomain") && !run.stderr.contains("UserInfo"), "\(run.stderr)")
    #expect(!run.stderr.contains("reading data.csv"))
  }

  @Test("defect 11: the recorded command line leaves out --threads and other options that do not change results")
  func recordedCommandLine() throws {
    let probe = try Probe()
    defer { probe.sandbox.remove() }
    var results: [String] = []
    for threads in [["--threads", "1"], ["--threads=2", "--format", "json"]] {
      let run = try probe.assay(["run", "--deterministic", "--quiet"] + threads + ["study.yaml"])
      #expect(run.status == 0, "\(run.stderr)")
      results.append(try probe.sandbox.read("out/result.json"))
    }
    #expect(results[0] == results[1])
    #expect(results[0].contains("\"assay\", \"run\", \"--deterministic\", \"study.yaml\""), "\(results[0])")
  }

  // MARK: - Defects 7, 8, 9: reports and paths

  @Test("defect 7: an image in the description never becomes an image; javascript: links become their text")
  func markdownLoadsNothing() throws {
    let description =
      "\"See ![x](http://evil.example/p.png) and [y](javascript:alert(1)) and [z](https://ok.example/a).\""
    let probe = try Probe(study: Probe.study(description: description))
    defer { probe.sandbox.remove() }
    let run = try probe.run()
    #expect(run.status == 0, "\(run.stderr)")
    let report = try probe.sandbox.read("out/report.md")
    #expect(!report.contains("![x]"))
    #expect(!report.contains("evil.example"))
    #expect(!report.contains("javascript"))
    #expect(!report.contains("alert"))
    #expect(report.contains("[z](https://ok.example/a)"))
    let html = try probe.sandbox.read("out/report.html")
    #expect(!html.contains("<img"))
    #expect(!html.contains("javascript"))
  }

  @Test("defect 8: reports are replaced as a set; a second run of the study at once is refused")
  func atomicAndLocked() throws {
    let probe = try Probe()
    defer { probe.sandbox.remove() }
    #expect(try probe.run().status == 0)
    // A planted link at report.md is replaced, not written through.
    try probe.sandbox.write("secret", to: "target.txt")
    try FileManager.default.removeItem(atPath: probe.root + "/out/report.md")
    try FileManager.default.createSymbolicLink(
      atPath: probe.root + "/out/report.md", withDestinationPath: probe.root + "/target.txt")
    #expect(try probe.run().status == 0)
    #expect(try probe.sandbox.read("target.txt") == "secret")
    let entries = try FileManager.default.contentsOfDirectory(atPath: probe.root).filter {
      $0.contains(".tmp-") || $0.contains(".old-")
    }
    #expect(entries.isEmpty, "\(entries)")
    // Hold the study's lock as another run would.
    let fd = open(probe.root + "/.out.lock", O_RDWR | O_CREAT, 0o644)
    #expect(flock(fd, LOCK_EX | LOCK_NB) == 0)
    let second = try probe.run()
    close(fd)
    #expect(second.status == 2)
    #expect(second.stderr.contains("another assay run is writing the reports"), "\(second.stderr)")
    // A folder holding other files is not replaced.
    try probe.sandbox.write("mine", to: "out/notes.txt")
    let foreign = try probe.run()
    #expect(foreign.status == 2)
    #expect(foreign.stderr.contains("holds files Assay did not write (notes.txt)"), "\(foreign.stderr)")
  }

  @Test("defect 9: report.directory and data.path stay inside the project root; symbolic links are refused")
  func confined() throws {
    for (data, report) in [
      ("path: /etc/passwd", "directory: out"), ("path: data.csv", "directory: /tmp/assay-escape"),
      ("path: data.csv", "directory: ../../escape"),
    ] {
      let probe = try Probe(study: Probe.study(data: data, report: report))
      defer { probe.sandbox.remove() }
      let run = try probe.run()
      #expect(run.status == 2, "\(data) \(report): \(run.stderr)")
      let output = run.stdout + run.stderr
      #expect(output.contains("outside the project root"), "\(output)")
      #expect(!output.contains("root:x:0:0"), "the header of /etc/passwd leaked")
    }
    let probe = try Probe(study: Probe.study(report: "directory: linked/out"))
    defer { probe.sandbox.remove() }
    let elsewhere = try StudySandbox()
    defer { elsewhere.remove() }
    try FileManager.default.createSymbolicLink(atPath: probe.root + "/linked", withDestinationPath: elsewhere.root)
    let run = try probe.run()
    #expect(run.status == 2)
    let output = run.stdout + run.stderr
    #expect(output.contains("outside the project root") || output.contains("symbolic link"), "\(output)")
    let inside = try Probe(study: Probe.study(report: "directory: real/out"))
    defer { inside.sandbox.remove() }
    try FileManager.default.createDirectory(atPath: inside.root + "/real", withIntermediateDirectories: true)
    try FileManager.default.createSymbolicLink(
      atPath: inside.root + "/alias", withDestinationPath: inside.root + "/real")
    try inside.sandbox.write(Probe.study(report: "directory: alias/out"), to: "study.yaml")
    let linked = try inside.run()
    #expect(linked.status == 2)
    #expect((linked.stdout + linked.stderr).contains("symbolic link"), "\(linked.stdout)")
    let outsideName = "allowed-\(UUID().uuidString.prefix(6))"
    let allowed = try Probe(study: Probe.study(report: "directory: ../\(outsideName)"))
    defer {
      allowed.sandbox.remove()
      try? FileManager.default.removeItem(
        atPath: (allowed.root as NSString).deletingLastPathComponent + "/" + outsideName)
      try? FileManager.default.removeItem(
        atPath: (allowed.root as NSString).deletingLastPathComponent + "/." + outsideName + ".lock")
    }
    let outside = try allowed.run(["--allow-outside-root"])
    #expect(outside.status == 0, "\(outside.stderr)")
  }
}
