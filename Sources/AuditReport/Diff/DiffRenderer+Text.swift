import StudyModel

extension DiffRenderer {
  /// The diff for a terminal: the headline, then per study its verdict and
  /// what changed, one line per changed estimate and check.
  public static func text(_ diff: DiffRecord) -> String {
    var lines = [headline(diff), ReportInline.plainText(comparedSentence(diff))]
    for study in diff.studies {
      let status = ReportInline.plainText(statusCell(study))
      lines.append("\(study.name): \(status): " + ReportInline.plainText(joined(phrases(study))))
      guard study.changed, study.presence == .both else { continue }
      let width = max(14, study.estimates.map(\.name.count).max() ?? 0)
      for estimate in study.estimates where estimate.changed {
        let name = estimate.name + String(repeating: " ", count: max(0, width - estimate.name.count))
        var line = "  \(name) \(pair(estimate.value, { NumberFormat.estimate($0) }))"
        if let move = moveClause(estimate) { line += "  (\(move))" }
        line += "  " + ReportInline.plainText(verdictCell(estimate.verdict))
        lines.append(line)
      }
      for check in study.checks {
        var line = "  check \(check.subject): " + ReportInline.plainText(verdictCell(check.verdict))
        switch check.presence {
        case .added: line += " (added)"
        case .removed: line += " (removed)"
        case .both: if check.severity.changed { line += " (severity " + pair(check.severity, { $0.rawValue }) + ")" }
        }
        lines.append(line)
      }
      for note in study.notes { lines.append("  note: " + note) }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// "+1259, +180.2%, +2.30 SE" for a moved estimate, "new estimator" or
  /// "removed" for one on one side only, nil for an estimate that did not move.
  static func moveClause(_ estimate: EstimateDiff) -> String? {
    if estimate.presence != .both { return changeText(estimate) }
    guard estimate.moved else { return nil }
    guard let difference = estimate.difference else { return "standard error or interval changed" }
    var parts = [signedEstimate(difference)]
    if let relative = estimate.relativeChange { parts.append(signedPercent(relative)) }
    if let z = estimate.standardizedChange { parts.append(signedFixed(z) + " SE") }
    return parts.joined(separator: ", ")
  }
}
