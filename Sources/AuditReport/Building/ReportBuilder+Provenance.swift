import StudyModel

extension ReportBuilder {
  /// Problems that did not stop the run.
  mutating func addWarnings() {
    heading(2, "Warnings", id: "warnings")
    guard !record.warnings.isEmpty else {
      paragraph("No warnings.")
      return
    }
    append(
      .list(
        record.warnings.map { warning in
          var line: [ReportInline] = [.badge(ReportBadge(style: .warning, text: "warning")), .text(": ")]
          if let subject = warning.subject { line += [.code(subject), .text(": ")] }
          line.append(.text(warning.message))
          if let location = warning.location { line += [.text(" ("), .code(location.description), .text(")")] }
          return line
        }))
  }

  /// Where the run came from: versions, hashes, seed, platform and the resolved study.
  mutating func addProvenance() {
    heading(2, "Provenance", id: "provenance")
    let p = record.provenance
    paragraph(
      "Everything needed to reproduce this run. The same study, data and seed give the same record and the same report, byte for byte."
    )
    table(
      ReportBuilder.fields(
        "Where this run came from",
        [
          ("Assay version", [.code(p.assayVersion)]),
          ("Study file", [.code(record.study.file)]),
          ("Study SHA-256", [.code(p.studySHA256)]),
          ("Data SHA-256", [.code(p.dataSHA256)]),
          ("Data rows", [.text(NumberFormat.integer(p.dataRows))]),
          ("Seed", [.code(String(p.seed))]),
          ("Random numbers", [.text(p.randomNumberGenerator)]),
          ("Threads", [.text(p.threads.map(String.init) ?? "not recorded (--deterministic)")]),
          ("Platform", [.text(p.platform)]),
          (
            "Git commit", p.gitCommit.map { [.code($0)] } ?? [.text("none (the study file is not in a git repository)")]
          ),
        ]))
    paragraph("Command line:")
    append(.code(p.commandLine.map(ReportBuilder.shellQuoted).joined(separator: " ")))
    heading(3, "Resolved study", id: "resolved-study")
    let defaults = p.resolvedStudy.filter(\.isDefault).count
    paragraph(
      "Every setting of the study as the run used it: \(p.resolvedStudy.count) settings, \(defaults) of them defaults (marked “default”) that the study file does not write."
    )
    var table = ReportTable(
      caption: "Resolved settings", columns: ["Setting", "Value", "Source"], markdownRowLimit: 400, htmlRowLimit: 1000)
    for setting in p.resolvedStudy {
      table.append(
        [
          [.code(setting.key)], [.code(setting.value)],
          [setting.isDefault ? .emphasis([.text("default")]) : .text("study file")],
        ], style: setting.isDefault ? .neutral : nil)
    }
    self.table(table)
  }

  /// Timings: the only part of a report that differs between identical runs; always last.
  mutating func addTiming() {
    heading(2, "Timing", id: "timing")
    guard let timing = record.provenance.timing else {
      paragraph([
        .text("Timings were omitted (the run was deterministic, "), .code("--deterministic"),
        .text("), so this report is byte-identical across identical runs."),
      ])
      return
    }
    paragraph(
      "This section is the only part of the report that changes between identical runs. "
        + "Run at \(timing.timestamp); \(NumberFormat.seconds(timing.totalSeconds)) in total.")
    var steps = ReportTable(caption: "Time per step", columns: ["Step", "Time"], alignments: [.left, .right])
    for step in timing.steps { steps.append(texts: [step.name, NumberFormat.seconds(step.value)]) }
    table(steps)
    let timed = record.allChecks.filter { $0.seconds != nil }
    if !timed.isEmpty {
      var checks = ReportTable(caption: "Time per check", columns: ["Check", "Time"], alignments: [.left, .right])
      for check in timed {
        checks.append(texts: [ReportBuilder.checkTitle(check), NumberFormat.seconds(check.seconds)])
      }
      table(checks)
    }
  }

  /// An argument as a POSIX shell would need it written.
  static func shellQuoted(_ argument: String) -> String {
    let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:,+@%")
    if !argument.isEmpty, argument.allSatisfy({ safe.contains($0) }) { return argument }
    return "'" + argument.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
  }
}
