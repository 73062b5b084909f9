import StudyModel

/// Renders run records as one JUnit XML file (`junit.xml`) for CI test reporters.
///
/// Structure, per study (one `<testsuite>` each, `file` = the study file):
/// - per estimator, a test case `estimate` (an `<error>` when the estimator
///   failed), then one test case per check on it: `classname` is
///   `<study>.<estimator>`, `name` the check;
/// - study checks as test cases of `classname` `<study>`, and expectations as
///   `expectation 1`, `expectation 2`, ... (with the estimator in parentheses);
/// - a run that stopped early gets a test case `run` with an `<error>`.
///
/// Verdicts map as the gate decides: a failed check of severity error is a
/// `<failure message type>` whose body carries the statistic, threshold,
/// p-value, reference and rule; a check that could not be computed is an
/// `<error>`; a not-applicable check is `<skipped>`. A check of severity warn
/// never fails the gate, so it passes here too, with the warning in
/// `<system-out>`. `line` is the line the check is declared on, where known;
/// `time` appears only when the record has timings (never with `--deterministic`).
public enum JUnitRenderer {
  /// The JUnit XML of a batch of runs.
  public static func render(_ records: [RunRecord]) -> String {
    var suites: [XMLNode] = []
    var totals = Counts()
    for record in records {
      let (suite, counts) = self.suite(record)
      suites.append(suite)
      totals.add(counts)
    }
    let root = XMLNode.element(
      "testsuites",
      [("name", "assay")] + totals.attributes,
      suites)
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + indent(root) + "\n"
  }

  /// The JUnit XML of one run.
  public static func render(_ record: RunRecord) -> String { render([record]) }

  struct Counts {
    var tests = 0, failures = 0, errors = 0, skipped = 0

    mutating func add(_ other: Counts) {
      tests += other.tests
      failures += other.failures
      errors += other.errors
      skipped += other.skipped
    }

    var attributes: [(String, String)] {
      [
        ("tests", String(tests)), ("failures", String(failures)), ("errors", String(errors)),
        ("skipped", String(skipped)),
      ]
    }
  }

  static func suite(_ record: RunRecord) -> (XMLNode, Counts) {
    let study = record.study
    var cases: [XMLNode] = []
    var counts = Counts()
    func add(_ node: XMLNode, _ outcome: Outcome) {
      cases.append(node)
      counts.tests += 1
      switch outcome {
      case .passed: break
      case .failure: counts.failures += 1
      case .error: counts.errors += 1
      case .skipped: counts.skipped += 1
      }
    }
    if record.status == .error, let error = record.error {
      var body = error.message
      for note in error.notes { body += "\nnote: " + note }
      add(
        testcase(
          classname: study.name, name: "run", file: error.location?.file ?? study.file,
          line: error.location?.start.line,
          time: nil,
          [.element("error", [("message", error.message), ("type", error.kind.rawValue)], text: body)]),
        .error)
    }
    for estimate in record.estimates {
      let classname = study.name + "." + estimate.name
      if estimate.status == .error {
        let message = estimate.failure ?? "the estimator failed"
        add(
          testcase(
            classname: classname, name: "estimate", file: estimate.location?.file ?? study.file,
            line: estimate.location?.start.line, time: nil,
            [.element("error", [("message", message), ("type", "estimator")], text: message)]),
          .error)
      } else {
        let text =
          "estimate \(NumberFormat.estimate(estimate.value)), std. error \(NumberFormat.estimate(estimate.standardError)), "
          + "\(NumberFormat.percent(estimate.confidenceLevel)) CI \(NumberFormat.interval(estimate.confidenceInterval)), "
          + "\(NumberFormat.pValueClause(estimate.pValue)), n = \(estimate.n)"
        add(
          testcase(
            classname: classname, name: "estimate", file: estimate.location?.file ?? study.file,
            line: estimate.location?.start.line, time: nil, [.element("system-out", text: text)]),
          .passed)
      }
      for check in estimate.refutations {
        let (node, outcome) = checkCase(check, classname: classname, name: check.check.rawValue, record: record)
        add(node, outcome)
      }
    }
    for check in record.studyChecks {
      let (node, outcome) = checkCase(check, classname: study.name, name: check.check.rawValue, record: record)
      add(node, outcome)
    }
    for (n, check) in record.expectations.enumerated() {
      let name = "expectation \(n + 1)" + (check.estimator.map { " (\($0))" } ?? "")
      let (node, outcome) = checkCase(check, classname: study.name, name: name, record: record)
      add(node, outcome)
    }
    var attributes: [(String, String)] = [("name", study.name)] + counts.attributes
    if let timing = record.provenance.timing {
      attributes.append(("time", NumberFormat.fixed(timing.totalSeconds, decimals: 3)))
      attributes.append(("timestamp", timing.timestamp))
    }
    attributes.append(("file", study.file))
    let properties = XMLNode.element(
      "properties", [],
      [
        property("status", record.status.rawValue),
        property("title", study.title),
        property("assay_version", record.provenance.assayVersion),
        property("study_sha256", record.provenance.studySHA256),
        property("data_sha256", record.provenance.dataSHA256),
        property("seed", String(record.provenance.seed)),
      ])
    return (.element("testsuite", attributes, [properties] + cases), counts)
  }

  enum Outcome { case passed, failure, error, skipped }

  static func checkCase(_ check: CheckRecord, classname: String, name: String, record: RunRecord) -> (XMLNode, Outcome)
  {
    let file = check.location?.file ?? record.study.file
    let line = check.location?.start.line
    let time = check.seconds
    let sentence =
      record.gate.failures.first { $0.check == check.check && $0.estimator == check.estimator }?.sentence
      ?? check.detail
    switch (check.verdict, check.severity) {
    case (.passed, _):
      return (testcase(classname: classname, name: name, file: file, line: line, time: time, []), .passed)
    case (.notApplicable, _):
      return (
        testcase(
          classname: classname, name: name, file: file, line: line, time: time,
          [.element("skipped", [("message", check.detail)])]),
        .skipped
      )
    case (.failed, .error):
      return (
        testcase(
          classname: classname, name: name, file: file, line: line, time: time,
          [.element("failure", [("message", sentence), ("type", check.check.rawValue)], text: evidence(check))]),
        .failure
      )
    case (.error, .error):
      return (
        testcase(
          classname: classname, name: name, file: file, line: line, time: time,
          [.element("error", [("message", check.detail), ("type", check.check.rawValue)], text: evidence(check))]),
        .error
      )
    case (.failed, .warn), (.error, .warn):
      let word = check.verdict == .failed ? "failed" : "could not be computed"
      return (
        testcase(
          classname: classname, name: name, file: file, line: line, time: time,
          [
            .element(
              "system-out",
              text: "warning: \(check.check) \(word) (severity warn, the gate passes): \(sentence)\n" + evidence(check))
          ]),
        .passed
      )
    }
  }

  /// The numbers behind a verdict, one per line.
  static func evidence(_ check: CheckRecord) -> String {
    var lines: [String] = []
    let statisticName = check.statisticName.map { " (\($0))" } ?? ""
    lines.append("statistic\(statisticName): \(NumberFormat.estimate(check.statistic))")
    lines.append("threshold: \(NumberFormat.estimate(check.threshold))")
    lines.append("p-value: \(NumberFormat.pValue(check.pValue))")
    if check.reference != nil { lines.append("reference: \(NumberFormat.estimate(check.reference))") }
    lines.append("rule: \(check.rule)")
    lines.append("result: \(check.detail)")
    lines.append("severity: \(check.severity.rawValue)")
    return lines.joined(separator: "\n")
  }

  static func testcase(
    classname: String, name: String, file: String, line: Int?, time: Double?, _ children: [XMLNode]
  ) -> XMLNode {
    var attributes: [(String, String)] = [("classname", classname), ("name", name), ("file", file)]
    if let line { attributes.append(("line", String(line))) }
    if let time, time.isFinite { attributes.append(("time", NumberFormat.fixed(time, decimals: 3))) }
    return .element("testcase", attributes, children)
  }

  static func property(_ name: String, _ value: String) -> XMLNode {
    .element("property", [("name", name), ("value", value)])
  }

  /// The tree with two-space indentation: one element per line, text inline.
  static func indent(_ node: XMLNode, level: Int = 0) -> String {
    guard case .element(let name, let attributes, let children) = node.kind,
      !children.isEmpty, children.allSatisfy({ if case .element = $0.kind { true } else { false } })
    else {
      return String(repeating: "  ", count: level) + node.serialized()
    }
    var open = "<" + name
    for (key, value) in attributes {
      open += " " + key + "=\""
      XMLNode.escapeAttribute(value, into: &open)
      open += "\""
    }
    var lines = [String(repeating: "  ", count: level) + open + ">"]
    for child in children { lines.append(indent(child, level: level + 1)) }
    lines.append(String(repeating: "  ", count: level) + "</" + name + ">")
    return lines.joined(separator: "\n")
  }
}
