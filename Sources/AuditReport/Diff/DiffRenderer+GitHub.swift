import StudyModel

extension DiffRenderer {
  /// The diff as GitHub workflow commands, one per change, on the lines of the study files.
  ///
  /// `::error` for a verdict that got worse (a study or an estimate that
  /// passed and now fails or stops, a check that now fails), `::warning` for
  /// every other change: a moved estimate (at the estimator's declaration),
  /// a changed data pin or estimand, an added or removed study, estimator or
  /// check. Errors come first; at most `limit` in all (GitHub shows 10 of a
  /// kind per step), and a last `::notice` says how many were left out.
  ///
  /// - Parameter checks: whether to annotate the checks that changed (`assay
  ///   run --baseline` leaves them out: its own annotations mark failing checks).
  public static func github(_ diff: DiffRecord, limit: Int = GitHubAnnotations.limit, checks: Bool = true) -> String {
    struct Item {
      var error: Bool
      var text: String
    }
    var items: [Item] = []
    for study in diff.studies where study.changed {
      func add(_ error: Bool, _ location: SourceRange?, _ title: String, _ message: String) {
        items.append(
          Item(
            error: error,
            text: GitHubAnnotations.command(
              error ? "error" : "warning", location: location, file: study.file, title: "\(study.name): \(title)",
              message: message)))
      }
      let summary = ReportInline.plainText(joined(phrases(study)))
      switch study.presence {
      case .added, .removed:
        add(false, nil, summary, "\(study.name): \(summary)")
        continue
      case .both: break
      }
      if study.status.changed {
        add(
          worse(study.status.old, study.status.new), nil,
          "verdict \(pair(study.status, { $0.rawValue }))", "\(study.name): \(summary)")
      }
      if study.data.sha256.changed {
        add(
          false, nil, "data changed",
          "the data pin changed: \(shortHash(study.data.sha256.old)) → \(shortHash(study.data.sha256.new))")
      }
      if study.estimand.changed { add(false, nil, "estimand changed", summary) }
      for estimate in study.estimates where estimate.changed {
        var message = "\(estimate.name): \(pair(estimate.value, { NumberFormat.estimate($0) }))"
        if let move = moveClause(estimate) { message += " (\(move))" }
        message += "; verdict " + pair(estimate.verdict, { $0.rawValue })
        let title =
          estimate.presence != .both
          ? "\(estimate.name) \(changeText(estimate))"
          : estimate.verdict.changed
            ? "\(estimate.name) \(pair(estimate.verdict, { $0.rawValue }))"
            : estimate.moved ? "\(estimate.name) moved" : "\(estimate.name) changed"
        // A removed estimator's place is in the old study file: annotate the study file only.
        let location = estimate.presence == .removed ? nil : estimate.location
        add(worse(estimate.verdict.old, estimate.verdict.new), location, title, message)
      }
      for check in study.checks where checks {
        let title: String
        switch check.presence {
        case .added: title = "\(check.subject) added (\(check.verdict.new?.rawValue ?? "none"))"
        case .removed: title = "\(check.subject) removed"
        case .both:
          title =
            check.verdict.changed
            ? "\(check.subject) \(pair(check.verdict, { $0.rawValue }))"
            : "\(check.subject) severity \(pair(check.severity, { $0.rawValue }))"
        }
        let location = check.presence == .removed ? nil : check.location
        add(worse(check.verdict.old, check.verdict.new), location, title, "\(title): \(check.detail)")
      }
    }
    let ordered = items.filter(\.error) + items.filter { !$0.error }
    var lines = ordered.prefix(max(0, limit)).map(\.text)
    if ordered.count > lines.count {
      lines.append(
        "::notice title=Assay diff::\(ordered.count - lines.count) further changes are not annotated; "
          + "the diff (assay diff --format markdown) lists them all")
    }
    return lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
  }

  /// Whether a run's verdict got worse: it passed, and now does not.
  static func worse(_ old: RunStatus?, _ new: RunStatus?) -> Bool {
    old == .passed && new != nil && new != .passed
  }

  /// Whether a verdict got worse: it passed (or did not apply), and now fails or could not be computed.
  static func worse(_ old: Verdict?, _ new: Verdict?) -> Bool {
    guard let new, new == .failed || new == .error else { return false }
    return old == nil || old == .passed || old == .notApplicable
  }
}
