import StudyModel

extension ReportBuilder {
  /// The verdict banner: PASSED / FAILED / ERROR, then the failing checks (or the run error), worst first.
  mutating func addVerdict() {
    heading(2, "Verdict", id: "verdict")
    let gate = record.gate
    let counts =
      "\(gate.passedCount) passed, \(gate.failedCount) failed, \(gate.warnedCount) warned, "
      + "\(gate.notApplicableCount) not applicable"
    var items: [[ReportInline]] = []
    let banner: ReportBanner
    switch record.status {
    case .passed:
      items = failureItems()
      banner = ReportBanner(
        status: .passed, headline: "PASSED",
        summary: "Every check and expectation of severity error passed (\(counts)).", items: items)
    case .failed:
      items = failureItems()
      let failing = gate.failures.filter { $0.severity == .error }.count
      banner = ReportBanner(
        status: .failed, headline: "FAILED",
        summary:
          "\(failing) check\(failing == 1 ? "" : "s") or expectation\(failing == 1 ? "" : "s") of severity error did not pass (\(counts)).",
        items: items)
    case .error:
      if let error = record.error {
        var item: [ReportInline] = [
          .badge(ReportBadge(style: .error, text: error.kind.rawValue.replacingUnderscores()))
        ]
        item.append(.text(" " + error.message.capitalizedFirst + (error.message.hasSuffix(".") ? "" : ".")))
        if let location = error.location { item += [.text(" ("), .code(location.description), .text(")")] }
        items.append(item)
        for note in error.notes { items.append([.text("Note: " + note)]) }
      }
      items += failureItems()
      banner = ReportBanner(
        status: .error, headline: "ERROR",
        summary: record.error.map { "The run stopped: \(ReportBuilder.errorKindWords($0.kind))." }
          ?? "The run stopped before it finished.",
        items: items)
    }
    append(.banner(banner))
    if let selected = record.selectedEstimators {
      append(.paragraph(ReportBuilder.partialRunNote(selected)))
    }
  }

  /// The note on a partial run (`assay run --select`): what ran, and what the verdict does not cover.
  static func partialRunNote(_ selected: [String]) -> [ReportInline] {
    var note: [ReportInline] = [.strong([.text("Partial run:")]), .text(" only ")]
    for (index, name) in selected.enumerated() {
      if index > 0 { note.append(.text(index == selected.count - 1 ? " and " : ", ")) }
      note.append(.code(name))
    }
    if selected.isEmpty { note.append(.text("no estimator")) }
    note += [
      .text(" ran ("), .code("assay run --select"),
      .text(
        "). The other estimators, their checks and expectations are not in this report, and the verdict covers "
          + "this selection only. It is kept in the folder "),
      .code("partial/"), .text(", apart from the full report."),
    ]
    return note
  }

  /// One line per gate failure, severity error first, each linking to its check.
  func failureItems() -> [[ReportInline]] {
    let failures = record.gate.failures.enumerated().sorted { a, b in
      let ra = a.element.severity == .error ? 0 : 1
      let rb = b.element.severity == .error ? 0 : 1
      return (ra, a.offset) < (rb, b.offset)
    }.map(\.element)
    return failures.map { failure in
      let index = checkIndex(check: failure.check, estimator: failure.estimator)
      let title = index.map { checkTitles[$0] } ?? failure.subject
      let badge =
        failure.severity == .error
        ? ReportBadge(style: .failed, text: "failed") : ReportBadge(style: .warning, text: "warning")
      var line: [ReportInline] = [.badge(badge), .text(" ")]
      if let index {
        line.append(.anchor([.strong([.text(title)])], id: checkIDs[index]))
      } else {
        line.append(.strong([.text(title)]))
      }
      // The linked title names the check, so the outcome and the detail follow it.
      line.append(.text(" \(failure.outcome): \(failure.detail)"))
      return line
    }
  }

  /// A run error's kind in words.
  static func errorKindWords(_ kind: RunError.Kind) -> String {
    switch kind {
    case .invalidData: "invalid data"
    case .notIdentified: "the effect is not identified"
    case .numerical: "numerical failure"
    }
  }
}
