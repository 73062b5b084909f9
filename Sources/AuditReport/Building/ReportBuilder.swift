import StudyModel

/// Builds the ``ReportDocument`` of a run record: the content of `report.md` and `report.html`.
///
/// Sections, in order (docs/reports.md describes how to read each):
/// 1. Verdict: PASSED / FAILED / ERROR, the failing checks first.
/// 2. Study: title, description, the question.
/// 3. Causal graph and identification.
/// 4. Data: rows, the panel's shape, columns, arms, covariate balance, propensity overlap.
/// 5. Estimates: table, forest plot, then each estimator in detail (for panel methods: the event study,
///    the ATT(g,t) heat map and the two-way fixed-effects weights).
/// 6. Checks: a summary table, then each check with its rule and evidence.
/// 7. Warnings.
/// 8. Provenance.
/// 9. Timing: the only part that differs between identical runs, kept last.
///
/// The builder reads only the record; it adds no date, path or environment.
struct ReportBuilder {
  let record: RunRecord
  private(set) var blocks: [ReportBlock] = []
  /// Heading ids already used.
  private var ids: Set<String> = []
  /// Charts so far (chart ids are `fig1`, `fig2`, ...).
  private var figureCount = 0
  /// Ids reserved in advance (sections, checks, estimators), used once each by ``heading(_:_:id:)``.
  private var reserved: Set<String> = []
  /// The heading id of each check, by index in `record.allChecks`.
  private(set) var checkIDs: [String] = []
  /// The title of each check (`placebo_treatment on ols`, `Expectation 2 on ols`), by index in `record.allChecks`.
  private(set) var checkTitles: [String] = []
  /// The heading id of each estimator, by index in `record.estimates`.
  private(set) var estimatorIDs: [String] = []

  /// The document of `record`.
  static func document(for record: RunRecord) -> ReportDocument {
    var builder = ReportBuilder(record: record)
    builder.addVerdict()
    builder.addStudy()
    builder.addIdentification()
    builder.addData()
    builder.addEstimates()
    builder.addChecks()
    builder.addWarnings()
    builder.addProvenance()
    builder.addTiming()
    return ReportDocument(title: record.study.title, blocks: builder.blocks)
  }

  init(record: RunRecord) {
    self.record = record
    for fixed in ReportBuilder.sectionIDs { ids.insert(fixed) }
    estimatorIDs = record.estimates.map { reserve("estimator-" + ReportBuilder.slug($0.name)) }
    var expectationNumber = 0
    for check in record.allChecks {
      let base: String
      if check.check == .expectation {
        expectationNumber += 1
        base = "expectation-\(expectationNumber)"
        checkTitles.append("Expectation \(expectationNumber)" + (check.estimator.map { " on \($0)" } ?? ""))
      } else {
        checkTitles.append(ReportBuilder.checkTitle(check))
        base =
          "check-" + ReportBuilder.slug(check.estimator ?? "study") + "-" + ReportBuilder.slug(check.check.rawValue)
      }
      checkIDs.append(reserve(base))
    }
    reserved = ReportBuilder.sectionIDs.union(checkIDs).union(estimatorIDs)
    blocks.append(.heading(1, [.text(record.study.title)], id: reserve("top")))
  }

  /// Ids of the top-level sections, reserved before any other id is made.
  static let sectionIDs: Set<String> = [
    "verdict", "study", "identification", "data", "estimates", "checks", "warnings", "provenance", "timing",
  ]

  // MARK: - Blocks

  mutating func append(_ block: ReportBlock) { blocks.append(block) }

  /// Appends a heading; returns its id: `id` itself if it was reserved in
  /// advance, otherwise `id` made unique.
  @discardableResult
  mutating func heading(_ level: Int, _ inlines: [ReportInline], id: String) -> String {
    let unique = reserved.remove(id) ?? reserve(id)
    blocks.append(.heading(level, inlines, id: unique))
    return unique
  }

  @discardableResult
  mutating func heading(_ level: Int, _ text: String, id: String) -> String {
    heading(level, [.text(text)], id: id)
  }

  mutating func paragraph(_ inlines: [ReportInline]) { blocks.append(.paragraph(inlines)) }
  mutating func paragraph(_ text: String) { blocks.append(.paragraph([.text(text)])) }
  mutating func note(_ text: String) { blocks.append(.note([.text(text)])) }
  mutating func table(_ table: ReportTable) { blocks.append(.table(table)) }

  /// Appends a chart built with the next chart id.
  mutating func figure(caption: [ReportInline], _ make: (String) -> XMLNode) {
    figureCount += 1
    blocks.append(.figure(ReportFigure(svg: make("fig\(figureCount)"), caption: caption)))
  }

  /// `base`, or `base-2`, `base-3`, ... if taken; marks it as used.
  private mutating func reserve(_ base: String) -> String {
    var candidate = base
    var n = 1
    while ids.contains(candidate) {
      n += 1
      candidate = "\(base)-\(n)"
    }
    ids.insert(candidate)
    return candidate
  }

  /// An id made of lowercase ASCII letters, digits and single hyphens.
  static func slug(_ text: String) -> String {
    var out = ""
    for scalar in text.lowercased().unicodeScalars {
      if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
        out.unicodeScalars.append(scalar)
      } else if !out.hasSuffix("-") {
        out += "-"
      }
    }
    while out.hasSuffix("-") { out.removeLast() }
    while out.hasPrefix("-") { out.removeFirst() }
    return out.isEmpty ? "x" : out
  }

  // MARK: - Shared wording

  /// The index in `record.allChecks` of the first check matching `check` and `estimator`.
  func checkIndex(check: RecordedCheck, estimator: String?) -> Int? {
    record.allChecks.firstIndex { $0.check == check && $0.estimator == estimator }
  }

  /// A check's name as the report shows it: `placebo_treatment on ols`.
  static func checkTitle(_ check: CheckRecord) -> String {
    if let estimator = check.estimator { return "\(check.check) on \(estimator)" }
    return check.check.rawValue
  }

  /// The badge of a verdict.
  static func badge(_ verdict: Verdict, severity: CheckSeverity? = nil) -> ReportBadge {
    switch verdict {
    case .passed: ReportBadge(style: .passed, text: "passed")
    case .failed:
      severity == .warn
        ? ReportBadge(style: .warning, text: "failed (warning)") : ReportBadge(style: .failed, text: "failed")
    case .notApplicable: ReportBadge(style: .notApplicable, text: "not applicable")
    case .error: ReportBadge(style: .error, text: "error")
    }
  }

  /// The row style of a verdict.
  static func style(_ verdict: Verdict, severity: CheckSeverity) -> ReportBadge.Style? {
    switch verdict {
    case .passed: nil
    case .failed: severity == .warn ? .warning : .failed
    case .notApplicable: .notApplicable
    case .error: .error
    }
  }

  /// A list of names as code spans separated by commas, or `none`.
  static func names(_ list: [String], none: String = "none") -> [ReportInline] {
    guard !list.isEmpty else { return [.text(none)] }
    var out: [ReportInline] = []
    for (i, name) in list.enumerated() {
      if i > 0 { out.append(.text(", ")) }
      out.append(.code(name))
    }
    return out
  }

  /// An estimator method in words: `propensity_score_matching` -> `propensity score matching`.
  static func words(_ identifier: String) -> String {
    identifier.replacingUnderscores()
  }

  /// The effect in words: `ATE (average treatment effect over all units)`.
  static func effectWords(_ effect: EffectKind) -> String {
    let name: String
    switch effect {
    case .averageTreatmentEffect: name = "average treatment effect"
    case .averageTreatmentEffectOnTreated: name = "average treatment effect on the treated"
    case .averageTreatmentEffectOnControls: name = "average treatment effect on the controls"
    }
    return "\(effect.rawValue.uppercased()): \(name), over \(effect.population)"
  }

  /// A two-column table of labelled values.
  static func fields(_ caption: String?, _ rows: [(String, [ReportInline])]) -> ReportTable {
    var table = ReportTable(caption: caption, columns: ["Field", "Value"])
    for (label, value) in rows { table.append([[.text(label)], value]) }
    return table
  }

  /// `file:line:column` of a location, as code.
  static func location(_ range: SourceRange?) -> [ReportInline] {
    guard let range else { return [.text(NumberFormat.missing)] }
    return [.code(range.description)]
  }
}
