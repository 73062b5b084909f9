import StudyModel

/// Renders a ``DiffRecord``: Markdown for a pull-request comment or the step
/// summary, plain text for a terminal, GitHub workflow commands, and JSON.
///
/// The Markdown reads top down: a headline, one row per study (its verdict
/// and what changed in a few words), the estimates that changed, largest
/// standardized change first, then one collapsed `<details>` block per
/// changed study with every estimate, the checks that changed, the data, the
/// estimand and the provenance on each side. It has no links, so it reads the
/// same wherever it is pasted.
public enum DiffRenderer {
  /// The diff as `assay diff --format json` prints it (the one JSON codec).
  public static func json(_ diff: DiffRecord) -> String {
    JSONCodec.encode(diff)
  }

  /// The diff as GitHub-flavoured Markdown.
  ///
  /// - Parameters:
  ///   - headingLevel: the level of the headline (2 for a comment, 4 inside the step summary).
  ///   - details: whether to add the collapsed details of each changed study.
  public static func markdown(_ diff: DiffRecord, headingLevel: Int = 2, details withDetails: Bool = true) -> String {
    var chunks: [String] = []
    let hashes = String(repeating: "#", count: min(6, max(1, headingLevel)))
    chunks.append(hashes + " " + MarkdownRenderer.escape(headline(diff)))
    chunks.append(MarkdownRenderer.paragraph(MarkdownRenderer.inline(comparedSentence(diff), anchors: [:])))
    guard !diff.studies.isEmpty else { return chunks.joined(separator: "\n\n") + "\n" }

    var studies = ReportTable(columns: ["Study", "Verdict", "What changed"])
    for study in diff.studies {
      studies.append([[.code(study.name)], statusCell(study), joined(phrases(study))])
    }
    chunks.append(MarkdownRenderer.render(studies, anchors: [:]))

    let moved = changedEstimates(diff)
    if !moved.isEmpty {
      var table = ReportTable(
        caption: "Estimates that changed, largest change first (in standard errors of the old estimate)",
        columns: ["Study", "Estimator", "Old", "New", "Change", "Old SEs", "Verdict"],
        alignments: [.left, .left, .right, .right, .right, .right, .left], firstColumnHeadsRows: false,
        omittedRowsHint: "the details below")
      for (study, estimate) in moved {
        table.append([
          [.code(study)], [.code(estimate.name)],
          [.text(valueWithError(estimate.value.old, estimate.standardError.old))],
          [.text(valueWithError(estimate.value.new, estimate.standardError.new))], [.text(changeText(estimate))],
          [.text(signedFixed(estimate.standardizedChange))], verdictCell(estimate.verdict),
        ])
      }
      chunks.append(MarkdownRenderer.render(table, anchors: [:]))
    }

    for study in diff.studies where study.changed && withDetails {
      chunks.append(details(study))
    }
    return chunks.joined(separator: "\n\n") + "\n"
  }

  // MARK: - Headline

  /// "2 of 5 studies changed", "No change in 5 studies".
  static func headline(_ diff: DiffRecord) -> String {
    let count = diff.studies.count
    let changed = diff.studies.filter(\.changed).count
    if count == 0 { return "Assay diff: no studies to compare" }
    if changed == 0 { return "Assay diff: no change in \(plural(count, "study", "studies"))" }
    return "Assay diff: \(changed) of \(plural(count, "study", "studies")) changed"
  }

  /// "Old: `a`; new: `b`. A number counts as moved when ...".
  static func comparedSentence(_ diff: DiffRecord) -> [ReportInline] {
    let rule =
      diff.tolerance == 0
      ? "any difference in an estimate, its standard error or interval counts as a move"
      : "an estimate or standard error moved when it changed by more than "
        + NumberFormat.percent(diff.tolerance) + " of its old value, an interval bound by more than "
        + NumberFormat.percent(diff.tolerance) + " of the old estimate"
    return [
      .text("Old: "), .code(diff.old), .text("; new: "), .code(diff.new), .text(". Tolerance "),
      .text(NumberFormat.plain(diff.tolerance)), .text(": " + rule + "."),
    ]
  }

  // MARK: - What changed, in words

  /// What changed in a study, a few words each, most important first.
  static func phrases(_ study: StudyDiff) -> [[ReportInline]] {
    switch study.presence {
    case .added: return [[.text("new study (not in the old runs)")]]
    case .removed: return [[.text("removed (not in the new runs)")]]
    case .both: break
    }
    var out: [[ReportInline]] = []
    if study.data.sha256.changed {
      var phrase: [ReportInline] = [
        .text("data pin "), .code(shortHash(study.data.sha256.old)), .text(" → "),
        .code(shortHash(study.data.sha256.new)),
      ]
      if study.data.rowsRead.changed {
        phrase.append(
          .text(
            " (\(NumberFormat.integer(study.data.rowsRead.old)) → \(NumberFormat.integer(study.data.rowsRead.new)) rows)"
          ))
      }
      out.append(phrase)
    }
    if study.estimand.changed {
      var parts: [String] = []
      if study.estimand.question.changed { parts.append("question") }
      if study.estimand.strategy.changed { parts.append("identification strategy") }
      if study.estimand.estimand.changed { parts.append("formula") }
      if study.estimand.adjustmentSet.changed { parts.append("adjustment set") }
      out.append([.text("estimand changed (" + parts.joined(separator: ", ") + ")")])
    }
    let moved = study.estimates.filter { $0.presence == .both && $0.moved }
    if !moved.isEmpty {
      var phrase: [ReportInline] = [.text(plural(moved.count, "estimate", "estimates") + " moved")]
      if let largest = moved.first(where: { $0.standardizedChange != nil }), let z = largest.standardizedChange {
        phrase += [.text(" (largest: "), .code(largest.name), .text(" " + signedFixed(z) + " SE)")]
      }
      out.append(phrase)
    }
    let flipped = study.estimates.filter { $0.presence == .both && $0.verdict.changed }
    if !flipped.isEmpty {
      out.append(
        [.text(plural(flipped.count, "estimate verdict", "estimate verdicts") + " flipped: ")]
          + names(flipped.map(\.name)))
    }
    let added = study.estimates.filter { $0.presence == .added }.map(\.name)
    if !added.isEmpty { out.append([.text("estimators added: ")] + names(added)) }
    let removed = study.estimates.filter { $0.presence == .removed }.map(\.name)
    if !removed.isEmpty { out.append([.text("estimators removed: ")] + names(removed)) }
    let methods = study.estimates.filter { $0.presence == .both && $0.method.changed }.map(\.name)
    if !methods.isEmpty { out.append([.text("method changed: ")] + names(methods)) }
    // An estimator's own adjustment set, when it is not simply the study's new one (the estimand says that).
    let adjusted = study.estimates.filter {
      $0.presence == .both && $0.adjustmentSet.changed
        && !(study.estimand.adjustmentSet.changed && $0.adjustmentSet.new == study.estimand.adjustmentSet.new)
    }.map(\.name)
    if !adjusted.isEmpty { out.append([.text("adjustment set changed: ")] + names(adjusted)) }
    let checks = study.checks
    let flippedChecks = checks.filter { $0.presence == .both && $0.verdict.changed }.count
    if flippedChecks > 0 { out.append([.text(plural(flippedChecks, "check", "checks") + " flipped")]) }
    let addedChecks = checks.filter { $0.presence == .added }.count
    if addedChecks > 0 { out.append([.text(plural(addedChecks, "check", "checks") + " added")]) }
    let removedChecks = checks.filter { $0.presence == .removed }.count
    if removedChecks > 0 { out.append([.text(plural(removedChecks, "check", "checks") + " removed")]) }
    let severities = checks.filter { $0.presence == .both && !$0.verdict.changed && $0.severity.changed }.count
    if severities > 0 { out.append([.text(plural(severities, "check", "checks") + " changed severity")]) }
    if out.isEmpty {
      var phrase = "no change"
      if study.provenance.assayVersion.changed {
        phrase +=
          " (Assay \(study.provenance.assayVersion.old ?? NumberFormat.missing) → "
          + "\(study.provenance.assayVersion.new ?? NumberFormat.missing))"
      }
      out.append([.text(phrase)])
    }
    if !study.notes.isEmpty { out.append([.text("partial run: compared on its selection")]) }
    return out
  }

  /// Every changed estimate of the changed studies, largest change first.
  static func changedEstimates(_ diff: DiffRecord) -> [(study: String, estimate: EstimateDiff)] {
    let all = diff.studies.filter { $0.presence == .both }.flatMap { study in
      study.estimates.filter(\.changed).map { (study: study.name, estimate: $0) }
    }
    return RunDiff.stableSorted(all) { RunDiff.magnitude($0.estimate) > RunDiff.magnitude($1.estimate) }
  }

  // MARK: - Details

  /// The collapsed details of one changed study.
  static func details(_ study: StudyDiff) -> String {
    var lines: [String] = []
    let summary = ReportInline.plainText(joined(phrases(study)))
    lines.append("<details>")
    lines.append("<summary><strong>\(html(study.name))</strong>: \(html(summary))</summary>")
    lines.append("")
    var parts: [String] = []
    if !study.estimates.isEmpty {
      var table = ReportTable(
        caption: "Estimates", columns: ["Estimator", "Method", "Estimate", "Std. error", "Interval", "n", "Verdict"],
        alignments: [.left, .left, .right, .right, .right, .right, .left])
      for var estimate in study.estimates {
        if estimate.presence != .both { estimate = oneSided(estimate) }
        table.append([
          [.code(estimate.name)],
          [.text(pair(estimate.method, { $0.rawValue.replacingUnderscores() }))],
          [.text(pair(estimate.value, { NumberFormat.estimate($0) }))],
          [.text(pair(estimate.standardError, { NumberFormat.estimate($0) }))],
          [.text(pair(estimate.confidenceInterval, { NumberFormat.interval($0) }))],
          [.text(pair(estimate.n, { NumberFormat.integer($0) }))],
          verdictCell(estimate.verdict),
        ])
      }
      parts.append(MarkdownRenderer.render(table, anchors: [:]))
    }
    if !study.checks.isEmpty {
      var table = ReportTable(caption: "Checks that changed", columns: ["Check", "Verdict", "Severity", "Result"])
      for check in study.checks {
        table.append([
          [.code(check.subject)], verdictCell(check.verdict),
          [.text(pair(check.severity, { $0.rawValue }))], [.text(check.detail)],
        ])
      }
      parts.append(MarkdownRenderer.render(table, anchors: [:]))
    }
    // A study on one side only has one column of values; otherwise old and new, changed rows in bold.
    let oneSide = study.presence != .both
    var table = ReportTable(
      caption: "Data, estimand and provenance",
      columns: oneSide ? ["", study.presence == .added ? "New" : "Old"] : ["", "Old", "New"])
    func row<Value>(_ label: String, _ change: ValueChange<Value>, _ text: (Value) -> String) {
      let old = change.old.map(text) ?? NumberFormat.missing
      let new = change.new.map(text) ?? NumberFormat.missing
      if oneSide {
        table.append([[.text(label)], [.text(study.presence == .added ? new : old)]])
        return
      }
      let name: [ReportInline] = change.changed ? [.strong([.text(label)])] : [.text(label)]
      table.append([name, [.text(old)], [.text(new)]])
    }
    row("Data SHA-256", study.data.sha256) { $0 }
    row("Data file", study.data.path) { $0 }
    row("Rows read", study.data.rowsRead) { String($0) }
    row("Rows used", study.data.rowsUsed) { String($0) }
    row("Rows dropped", study.data.rowsDropped) { String($0) }
    row("Question", study.estimand.question) { $0 }
    row("Identification", study.estimand.strategy) { $0.rawValue }
    row("Estimand", study.estimand.estimand) { $0 }
    row("Adjustment set", study.estimand.adjustmentSet) { "{" + $0.joined(separator: ", ") + "}" }
    row("Assay version", study.provenance.assayVersion) { $0 }
    row("Study file SHA-256", study.provenance.studySHA256) { $0 }
    row("Seed", study.provenance.seed) { String($0) }
    parts.append(MarkdownRenderer.render(table, anchors: [:]))
    for note in study.notes { parts.append(MarkdownRenderer.paragraph("*" + MarkdownRenderer.escape(note) + "*")) }
    lines.append(parts.joined(separator: "\n\n"))
    lines.append("")
    lines.append("</details>")
    return lines.joined(separator: "\n")
  }

  /// An estimate on one side only, with that side's values as both old and new (shown once).
  static func oneSided(_ estimate: EstimateDiff) -> EstimateDiff {
    func same<Value>(_ change: ValueChange<Value>) -> ValueChange<Value> {
      let value = change.new ?? change.old
      return ValueChange(old: value, new: value, changed: false)
    }
    var copy = estimate
    copy.method = same(estimate.method)
    copy.value = same(estimate.value)
    copy.standardError = same(estimate.standardError)
    copy.confidenceInterval = same(estimate.confidenceInterval)
    copy.n = same(estimate.n)
    copy.verdict = same(estimate.verdict)
    return copy
  }

  // MARK: - Cells and numbers

  static func statusCell(_ study: StudyDiff) -> [ReportInline] {
    func badge(_ status: RunStatus?) -> ReportInline {
      guard let status else { return .text(NumberFormat.missing) }
      return .badge(ReportBadge(style: style(status), text: status.rawValue))
    }
    if study.status.old == study.status.new || study.presence != .both {
      return [badge(study.status.new ?? study.status.old)]
    }
    return [badge(study.status.old), .text(" → "), badge(study.status.new)]
  }

  static func verdictCell(_ verdict: ValueChange<Verdict>) -> [ReportInline] {
    func badge(_ verdict: Verdict?) -> ReportInline {
      guard let verdict else { return .text(NumberFormat.missing) }
      return .badge(ReportBadge(style: style(verdict), text: verdict.rawValue.replacingUnderscores()))
    }
    if verdict.old == verdict.new { return [badge(verdict.new)] }
    return [badge(verdict.old), .text(" → "), badge(verdict.new)]
  }

  static func style(_ status: RunStatus) -> ReportBadge.Style {
    switch status {
    case .passed: .passed
    case .failed: .failed
    case .error: .error
    }
  }

  static func style(_ verdict: Verdict) -> ReportBadge.Style {
    switch verdict {
    case .passed: .passed
    case .failed: .failed
    case .error: .error
    case .notApplicable: .notApplicable
    }
  }

  /// "old → new" when the values differ, else the one value.
  static func pair<Value>(_ change: ValueChange<Value>, _ text: (Value) -> String) -> String {
    let old = change.old.map(text) ?? NumberFormat.missing
    let new = change.new.map(text) ?? NumberFormat.missing
    return old == new ? new : old + " → " + new
  }

  /// "1794 (se 670.8)", or "—".
  static func valueWithError(_ value: Double?, _ standardError: Double?) -> String {
    guard value != nil else { return NumberFormat.missing }
    let text = NumberFormat.estimate(value)
    return standardError == nil ? text : text + " (se " + NumberFormat.estimate(standardError) + ")"
  }

  /// "+1549 (+86.3%)", "new", "removed", "—".
  static func changeText(_ estimate: EstimateDiff) -> String {
    switch estimate.presence {
    case .added: return "new estimator"
    case .removed: return "removed"
    case .both: break
    }
    guard let difference = estimate.difference else { return NumberFormat.missing }
    var text = signedEstimate(difference)
    if let relative = estimate.relativeChange { text += " (" + signedPercent(relative) + ")" }
    return text
  }

  static func signedEstimate(_ value: Double) -> String {
    signed(NumberFormat.estimate(value))
  }

  static func signedPercent(_ share: Double) -> String {
    signed(NumberFormat.percent(share))
  }

  /// Two decimals with a sign: "+2.31", "-0.05", "0.00".
  static func signedFixed(_ value: Double?) -> String {
    signed(NumberFormat.fixed(value, decimals: 2))
  }

  /// A "+" before a positive number's text.
  static func signed(_ text: String) -> String {
    guard let first = text.first, first != "-", text != NumberFormat.missing,
      text.contains(where: { "123456789".contains($0) })
    else { return text }
    return "+" + text
  }

  /// The first 12 hex digits of a SHA-256 (enough to tell pins apart by eye).
  static func shortHash(_ hash: String?) -> String {
    guard let hash else { return NumberFormat.missing }
    return String(hash.prefix(12))
  }

  static func names(_ names: [String]) -> [ReportInline] {
    var out: [ReportInline] = []
    for (index, name) in names.enumerated() {
      if index > 0 { out.append(.text(", ")) }
      out.append(.code(name))
    }
    return out
  }

  static func joined(_ phrases: [[ReportInline]]) -> [ReportInline] {
    var out: [ReportInline] = []
    for (index, phrase) in phrases.enumerated() {
      if index > 0 { out.append(.text("; ")) }
      out += phrase
    }
    return out
  }

  static func plural(_ n: Int, _ one: String, _ many: String) -> String {
    "\(n) \(n == 1 ? one : many)"
  }

  /// Text for an HTML context inside Markdown (`<summary>`).
  static func html(_ text: String) -> String {
    var out = ""
    for c in text {
      switch c {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      default: out.append(c)
      }
    }
    return out
  }
}
