import StudyModel

/// GitHub Actions workflow commands that put failing checks on the lines of a pull request.
///
/// One `::error` (severity error) or `::warning` (severity warn) per gate
/// failure and per run error, at the file and line the check is declared on,
/// worst first (errors before warnings, then in record order), at most
/// ``limit`` in all: GitHub shows only 10 annotations of each kind per step,
/// and the report has the rest.
///
/// Escaping follows GitHub's toolkit (`@actions/core`, `command.ts`): in the
/// message `%` → `%25`, CR → `%0D`, LF → `%0A`; in property values also
/// `:` → `%3A` and `,` → `%2C`.
public enum GitHubAnnotations {
  /// The most annotations written.
  public static let limit = 10

  /// The workflow commands, one per line (empty when nothing failed).
  public static func render(_ records: [RunRecord], limit: Int = GitHubAnnotations.limit) -> String {
    let lines = annotations(records, limit: limit)
    return lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
  }

  /// The workflow commands, worst first, at most `limit`.
  public static func annotations(_ records: [RunRecord], limit: Int = GitHubAnnotations.limit) -> [String] {
    struct Item {
      var rank: Int
      var order: Int
      var text: String
    }
    var items: [Item] = []
    for record in records {
      let study = record.study
      if record.status == .error, let error = record.error {
        let title = "\(study.name): \(ReportBuilder.errorKindWords(error.kind))"
        let message = ([error.message] + error.notes.map { "note: " + $0 }).joined(separator: "\n")
        items.append(
          Item(
            rank: 0, order: items.count,
            text: command("error", location: error.location, file: study.file, title: title, message: message)))
      }
      for failure in record.gate.failures {
        let check = record.allChecks.first { $0.check == failure.check && $0.estimator == failure.estimator }
        let location = failure.location ?? check?.location
        let name = failure.subject
        let warn = failure.severity == .warn
        let title = "\(study.name): \(name) \(warn ? "failed (warning)" : "failed")"
        var message = failure.sentence
        if let check {
          var numbers: [String] = []
          if check.statistic != nil {
            numbers.append("\(check.statisticName ?? "statistic") \(NumberFormat.estimate(check.statistic))")
          }
          if check.threshold != nil { numbers.append("threshold \(NumberFormat.estimate(check.threshold))") }
          if check.pValue != nil { numbers.append(NumberFormat.pValueClause(check.pValue)) }
          if !numbers.isEmpty { message += " (" + numbers.joined(separator: ", ") + ")" }
        }
        items.append(
          Item(
            rank: warn ? 1 : 0, order: items.count,
            text: command(
              warn ? "warning" : "error", location: location, file: study.file, title: title, message: message)))
      }
    }
    return items.sorted { ($0.rank, $0.order) < ($1.rank, $1.order) }.prefix(max(0, limit)).map(\.text)
  }

  /// The workflow commands of a whole command, at most `limit`: errors first,
  /// then warnings, then notices, each in the order given; and how many were
  /// left out (the step summary says so).
  public static func capped(_ lines: [String], limit: Int = GitHubAnnotations.limit) -> (kept: [String], omitted: Int) {
    func rank(_ line: String) -> Int {
      if line.hasPrefix("::error") { return 0 }
      if line.hasPrefix("::warning") { return 1 }
      return 2
    }
    let ordered = lines.enumerated().sorted { (rank($0.element), $0.offset) < (rank($1.element), $1.offset) }
    let kept = ordered.prefix(max(0, limit)).map(\.element)
    return (kept, lines.count - kept.count)
  }

  /// `::kind file=…,line=…,col=…,title=…::message`.
  static func command(_ kind: String, location: SourceRange?, file: String, title: String, message: String) -> String {
    var properties = ["file=" + escapeProperty(location?.file ?? file)]
    if let location {
      properties.append("line=\(location.start.line)")
      properties.append("col=\(location.start.column)")
      if location.end.line > location.start.line { properties.append("endLine=\(location.end.line)") }
    }
    properties.append("title=" + escapeProperty(title))
    return "::\(kind) " + properties.joined(separator: ",") + "::" + escapeData(message)
  }

  /// Escapes a message: `%`, CR and LF.
  public static func escapeData(_ text: String) -> String { escape(text, property: false) }

  /// Escapes a property value: as a message, plus `:` and `,`.
  public static func escapeProperty(_ text: String) -> String { escape(text, property: true) }

  private static func escape(_ text: String, property: Bool) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "%": out += "%25"
      case "\r": out += "%0D"
      case "\n": out += "%0A"
      case ":" where property: out += "%3A"
      case "," where property: out += "%2C"
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out
  }
}
