import StudyModel

/// What `assay run` appends to GitHub's job summary (`GITHUB_STEP_SUMMARY`).
///
/// One section per `assay run`: a verdict table of every study run, the
/// failed and warned checks one line each (and the runs that stopped, and
/// the studies that could not run), the diff against the baseline when one
/// was given, and a note when annotations were left out. The summary has no
/// links: a relative link to a report cannot resolve on the summary page, and
/// the reports themselves travel as a build artifact.
///
/// Size: GitHub accepts 1 MiB per step, but a summary is read on one page;
/// each section stays under ``sizeLimit`` bytes. A larger one loses the
/// diff's details first, then the last lines of the failure list (with a
/// note saying how many).
public enum StepSummary {
  /// The largest section, in bytes of UTF-8: 64 KiB less room for the notes.
  public static let sizeLimit = 64 * 1024 - 1024

  /// The longest failure line, in characters (a check's detail can list many independencies).
  public static let lineLimit = 400

  /// The summary section of one `assay run`.
  ///
  /// - Parameters:
  ///   - records: every run record of the command, in run order.
  ///   - notRun: the error diagnostics of studies that could not run (an
  ///     invalid study file, unreadable data, a changed data pin).
  ///   - diff: the diff against the baseline (`--baseline`), if any.
  ///   - omittedAnnotations: how many workflow commands were left out to stay within GitHub's limit.
  ///   - reportFolders: the folders holding the reports and their index (named, not linked).
  public static func render(
    _ records: [RunRecord], notRun: [DiagnosticRecord] = [], diff: DiffRecord? = nil, omittedAnnotations: Int = 0,
    reportFolders: [String] = []
  ) -> String {
    let head = headAndTable(records, notRun: notRun)
    var failures = failureLines(records, notRun: notRun)
    var diffText = diff.map { DiffRenderer.markdown($0, headingLevel: 4) }
    var notes: [String] = []
    if !reportFolders.isEmpty {
      let folders = reportFolders.map { MarkdownRenderer.inline([.code($0 + "/")], anchors: [:]) }
      notes.append(
        "The reports are in " + folders.joined(separator: ", ")
          + " (`index.html` lists every study); keep the folder as a build artifact to read them.")
    }
    if omittedAnnotations > 0 {
      notes.append(
        "*\(omittedAnnotations) further annotation\(omittedAnnotations == 1 ? " was" : "s were") left out "
          + "(GitHub shows \(GitHubAnnotations.limit) per step); every failed check is listed above and in the reports.*"
      )
    }
    func assemble() -> String {
      var chunks = [head]
      if !failures.isEmpty { chunks.append("**Failed and warned checks**\n\n" + failures.joined(separator: "\n")) }
      if let diffText { chunks.append(diffText.trimming("\n")) }
      chunks += notes
      return chunks.joined(separator: "\n\n") + "\n\n"
    }
    var text = assemble()
    if text.utf8.count > sizeLimit, let diff {
      diffText = DiffRenderer.markdown(diff, headingLevel: 4, details: false)
      notes.append("*The diff's details were left out to keep this summary short; `assay diff` prints them.*")
      text = assemble()
    }
    if text.utf8.count > sizeLimit {
      let total = failures.count
      let budget = sizeLimit - (text.utf8.count - failures.joined(separator: "\n").utf8.count) - 200
      var kept: [String] = []
      var used = 0
      for line in failures {
        if used + line.utf8.count + 1 > budget { break }
        kept.append(line)
        used += line.utf8.count + 1
      }
      failures = kept
      notes.append(
        "*\(total - kept.count) further failed or warned checks are left out here; the reports list them all.*")
      text = assemble()
    }
    return text
  }

  // MARK: - Parts

  /// The headline and the verdict table.
  static func headAndTable(_ records: [RunRecord], notRun: [DiagnosticRecord]) -> String {
    let passed = records.filter { $0.status == .passed }.count
    let failed = records.filter { $0.status == .failed }.count
    let stopped = records.filter { $0.status == .error }.count
    var counts = ["\(passed) passed", "\(failed) failed"]
    if stopped > 0 { counts.append("\(stopped) stopped") }
    let invalid = Set(notRun.compactMap(\.file)).count
    if invalid > 0 { counts.append("\(invalid) could not run") }
    let total = records.count + invalid
    let headline =
      "### Assay: \(total) stud\(total == 1 ? "y" : "ies") — " + counts.joined(separator: ", ")
    var table = ReportTable(
      columns: ["Study", "Verdict", "Estimates (interval)", "Checks"], markdownRowLimit: 1000,
      omittedRowsHint: "the reports")
    for record in records {
      var verdict: [ReportInline] = [
        .badge(ReportBadge(style: DiffRenderer.style(record.status), text: record.status.rawValue))
      ]
      if let selected = record.selectedEstimators {
        verdict.append(.text(" (partial run: " + selected.joined(separator: ", ") + ")"))
      }
      var estimates: [ReportInline] = []
      for (index, estimate) in record.estimates.enumerated() {
        if index > 0 { estimates.append(.text("; ")) }
        estimates.append(.code(estimate.name))
        if estimate.value != nil {
          estimates.append(
            .text(
              " " + NumberFormat.estimate(estimate.value) + " " + NumberFormat.interval(estimate.confidenceInterval)))
        } else {
          estimates.append(.text(" " + NumberFormat.missing))
        }
      }
      if record.estimates.isEmpty { estimates = [.text(NumberFormat.missing)] }
      let gate = record.gate
      let checks =
        "\(gate.passedCount) passed, \(gate.failedCount) failed, \(gate.warnedCount) warned, "
        + "\(gate.notApplicableCount) n/a"
      table.append([[.code(record.study.name)], verdict, estimates, [.text(checks)]])
    }
    var chunks = [headline]
    if !records.isEmpty { chunks.append(MarkdownRenderer.render(table, anchors: [:])) }
    return chunks.joined(separator: "\n\n")
  }

  /// One line per failed or warned check (errors first), per stopped run and per study that could not run.
  static func failureLines(_ records: [RunRecord], notRun: [DiagnosticRecord]) -> [String] {
    var errors: [String] = []
    var warnings: [String] = []
    func line(_ badge: ReportBadge, _ study: String?, _ text: String, _ place: String?) -> String {
      var body = text.flattenedLines()
      if body.count > lineLimit { body = String(body.prefix(lineLimit - 1)) + "…" }
      var out = "- " + MarkdownRenderer.inline([.badge(badge)], anchors: [:]) + " "
      if let study { out += MarkdownRenderer.inline([.code(study)], anchors: [:]) + ": " }
      out += MarkdownRenderer.escape(body)
      if let place { out += " (" + MarkdownRenderer.inline([.code(place)], anchors: [:]) + ")" }
      return out
    }
    for record in records {
      let name = record.study.name
      if let error = record.error {
        errors.append(
          line(
            ReportBadge(style: .error, text: "error"), name,
            ReportBuilder.errorKindWords(error.kind) + ": " + error.message, error.location?.description))
      }
      for failure in record.gate.failures {
        let isError = failure.severity == .error
        let badge =
          !isError
          ? ReportBadge(style: .warning, text: "warning")
          : failure.verdict == .error
            ? ReportBadge(style: .error, text: "error") : ReportBadge(style: .failed, text: "failed")
        let text = line(badge, name, failure.sentence, failure.location?.description)
        if isError { errors.append(text) } else { warnings.append(text) }
      }
    }
    for diagnostic in notRun where diagnostic.severity == .error {
      var place = diagnostic.file
      if let file = diagnostic.file, let row = diagnostic.line {
        place = "\(file):\(row)" + (diagnostic.column.map { ":\($0)" } ?? "")
      }
      errors.append(line(ReportBadge(style: .error, text: "not run"), nil, diagnostic.message, place))
    }
    return errors + warnings
  }
}
