import StudyModel

/// The parts of a report that only panel studies have: the panel's shape,
/// event studies, group-time effects and the two-way fixed-effects weights.
extension ReportBuilder {
  /// A period or cohort as written in the data: `2004`.
  static func period(_ value: Double) -> String { NumberFormat.plain(value) }

  /// The panel's shape: units, periods, balance, cohorts and their sizes, the never treated, units dropped.
  mutating func addPanelShape(_ panel: PanelRecord) {
    heading(3, "Panel", id: "panel")
    let periods = panel.periods
    var periodText = "\(periods.count): "
    if periods.count <= 12 {
      periodText += periods.map(ReportBuilder.period).joined(separator: ", ")
    } else if let first = periods.first, let last = periods.last {
      periodText += "from \(ReportBuilder.period(first)) to \(ReportBuilder.period(last))"
    }
    let treated = panel.cohorts.reduce(0) { $0 + $1.units }
    table(
      ReportBuilder.fields(
        "The panel",
        [
          ("Unit column", [.code(panel.unit)]),
          ("Time column", [.code(panel.time)]),
          ("Units", [.text(NumberFormat.integer(panel.units))]),
          ("Periods", [.text(periodText)]),
          (
            "Balanced",
            [
              .text(
                panel.balanced
                  ? "yes: every unit is observed in every period" : "no: some units are missing in some periods")
            ]
          ),
          (
            "Cohorts",
            [.text("\(panel.cohorts.count), with \(treated) units treated in some period")]
          ),
          ("Never treated", [.text("\(panel.neverTreated) units")]),
          ("Units dropped to balance", [.text(NumberFormat.integer(panel.droppedUnits))]),
        ]))
    var cohorts = ReportTable(
      caption: "Cohorts: units by first treated period (\(panel.time))",
      columns: ["Cohort", "Units", "Share of units"],
      alignments: [.left, .right, .right])
    let total = Double(max(1, panel.units))
    for cohort in panel.cohorts {
      cohorts.append(texts: [
        ReportBuilder.period(cohort.cohort), NumberFormat.integer(cohort.units),
        NumberFormat.percent(Double(cohort.units) / total),
      ])
    }
    cohorts.append(texts: [
      "never treated", NumberFormat.integer(panel.neverTreated),
      NumberFormat.percent(Double(panel.neverTreated) / total),
    ])
    table(cohorts)
    if panel.droppedUnits > 0 {
      var inlines: [ReportInline] = [
        .badge(ReportBadge(style: .warning, text: "units dropped")),
        .text(
          " \(panel.droppedUnits) units are not observed in every period and were left out by an estimator that "
            + "needs a balanced panel"),
      ]
      if !panel.droppedExamples.isEmpty {
        inlines.append(.text(panel.droppedExamples.count < panel.droppedUnits ? "; the first: " : ": "))
        inlines.append(contentsOf: ReportBuilder.names(panel.droppedExamples))
      }
      inlines.append(.text("."))
      paragraph(inlines)
    }
  }

  /// The panel parts of one estimator: its event study, its ATT(g,t) and its two-way fixed-effects weights.
  mutating func addPanelResults(_ estimate: EstimateRecord, index: Int) {
    addEventStudy(estimate)
    addGroupTime(estimate, index: index)
    addTwoWayWeights(estimate)
  }

  /// The event study: a plot and a table by event time.
  private mutating func addEventStudy(_ estimate: EstimateRecord) {
    guard !estimate.eventStudy.isEmpty else { return }
    let points = estimate.eventStudy.sorted { $0.eventTime < $1.eventTime }
    let level = NumberFormat.percent(estimate.confidenceLevel)
    let hasBand = points.contains { $0.uniformBand != nil }
    heading(
      4, [.text("Event study of "), .code(estimate.name)], id: "event-study-" + ReportBuilder.slug(estimate.name))
    var text =
      "The effect by event time e = t − g, the periods since a cohort's adoption g, averaged over the cohorts "
      + "observed at that event time. Before adoption (e < 0), parallel trends and no anticipation put the effect at "
      + "0: those estimates are placebo tests, jointly tested by the pre_trends check."
    if hasBand {
      text +=
        " The uniform band covers every event time at once with probability \(level) (multiplier bootstrap), so "
        + "it, and not the pointwise intervals, says whether any of them differs from 0."
    }
    paragraph(text)
    let outcome = record.study.outcome
    figure(caption: [
      .text(
        "Event study of \(estimate.name): estimates by event time with \(level) pointwise intervals"
          + (hasBand ? " (lines) and the \(level) uniform band (pale bars)" : "")
          + "; the dashed vertical line is adoption, the dashed horizontal line no effect.")
    ]) { id in
      EventStudyPlot(points: points, axisLabel: "effect on \(outcome)", confidenceLevel: estimate.confidenceLevel)
        .svg(id: id, title: "Event study of \(estimate.name)")
    }
    var columns = ["Event time", "Estimate", "Std. error", "Confidence interval (\(level))"]
    if hasBand { columns.append("Uniform band (\(level))") }
    var table = ReportTable(
      caption: "Event study of \(estimate.name)", columns: columns,
      alignments: [.right] + Array(repeating: .right, count: columns.count - 1))
    var flagged = 0
    for point in points {
      let excludesZero = point.confidenceInterval.map { $0.count == 2 && ($0[0] > 0 || $0[1] < 0) } ?? false
      let flag = point.eventTime < 0 && excludesZero
      if flag { flagged += 1 }
      var interval: [ReportInline] = [.text(NumberFormat.interval(point.confidenceInterval))]
      if flag { interval = [.flagged(interval)] }
      var value = NumberFormat.estimate(point.value)
      if EventStudyPlot.isReference(point) { value += " (reference)" }
      var row: [[ReportInline]] = [
        [.text(String(point.eventTime))], [.text(value)], [.text(NumberFormat.estimate(point.standardError))],
        interval,
      ]
      if hasBand { row.append([.text(NumberFormat.interval(point.uniformBand))]) }
      table.append(row, style: flag ? .warning : nil)
    }
    self.table(table)
    if flagged > 0 {
      note(
        "Flagged: \(flagged) pre-treatment estimate\(flagged == 1 ? "" : "s") whose pointwise interval excludes 0. "
          + "With several pre-treatment periods some are expected by chance; the pre_trends check tests them jointly.")
    }
  }

  /// The group-time effects ATT(g,t): a heat map and a cohort-by-period table.
  private mutating func addGroupTime(_ estimate: EstimateRecord, index: Int) {
    guard !estimate.groupTime.isEmpty else { return }
    heading(
      4, [.text("Group-time effects of "), .code(estimate.name)], id: "group-time-" + ReportBuilder.slug(estimate.name))
    if let earlier = record.estimates[..<index].firstIndex(where: { $0.groupTime == estimate.groupTime }) {
      paragraph([
        .text("The same \(estimate.groupTime.count) ATT(g,t) as "),
        .anchor([.code(record.estimates[earlier].name)], id: estimatorIDs[earlier]),
        .text(" (shown there); only the aggregation differs."),
      ])
      return
    }
    let effects = estimate.groupTime
    let heatMap = GroupTimeHeatMap(
      effects: effects,
      cohortSizes: Dictionary(
        (record.data?.panel?.cohorts ?? []).map { ($0.cohort, $0.units) }, uniquingKeysWith: { a, _ in a }),
      timeName: record.data?.panel?.time ?? "time")
    let hasBase = effects.contains(where: GroupTimeHeatMap.isBase)
    paragraph(
      "ATT(g,t): the effect in period t on the cohort first treated in period g, each from a comparison of its change "
        + "since a base period with that of the comparison units. Cells before a cohort's adoption (t < g) are "
        + "pre-treatment placebo estimates; the estimate above aggregates the cells after adoption.")
    figure(caption: [
      .text(
        "ATT(g,t) of \(estimate.name) by cohort (rows) and period (columns), on a colour scale centred on 0 "
          + "(blue positive, vermillion negative); the thick line in each row is the cohort's adoption"
          + (hasBase ? ", and dashed cells are base periods" : "") + ".")
    ]) { id in heatMap.svg(id: id) }
    let periods = heatMap.periods
    var table = ReportTable(
      caption: "ATT(g,t) of \(estimate.name) (standard error), by cohort and \(heatMap.timeName); "
        + "bold: after adoption",
      columns: ["Cohort"] + periods.map(ReportBuilder.period),
      alignments: [.left] + Array(repeating: .right, count: periods.count))
    for g in heatMap.cohorts {
      var row: [[ReportInline]] = [[.text(ReportBuilder.period(g))]]
      for t in periods {
        guard let effect = heatMap.effect(cohort: g, time: t) else {
          row.append([.text(NumberFormat.missing)])
          continue
        }
        if GroupTimeHeatMap.isBase(effect) {
          row.append([.emphasis([.text("0 (base)")])])
          continue
        }
        let text = NumberFormat.estimate(effect.value) + " (" + NumberFormat.estimate(effect.standardError) + ")"
        row.append(t >= g ? [.strong([.text(text)])] : [.text(text)])
      }
      table.append(row)
    }
    self.table(table)
    note(ReportBuilder.basePeriodWords(effects, periods: periods))
  }

  /// How the cells' base periods were chosen, read from the cells themselves.
  ///
  /// Universal: every cell of a cohort shares one base period (that cell is 0
  /// by construction). Varying (R `did`'s default): a cell before adoption is
  /// compared with the period just before it, a cell after adoption with one
  /// base period per cohort. Anything else is described as recorded.
  static func basePeriodWords(_ effects: [GroupTimeEffect], periods: [Double]) -> String {
    var byCohort: [Double: Set<Double>] = [:]
    for effect in effects where effect.time >= effect.cohort {
      byCohort[effect.cohort, default: []].insert(effect.basePeriod)
    }
    let onePostBase = byCohort.values.allSatisfy { $0.count == 1 }
    let universal =
      onePostBase
      && effects.allSatisfy { effect in byCohort[effect.cohort].map { $0.contains(effect.basePeriod) } ?? false }
    if universal {
      return "Universal base period: every cell of a cohort is compared with the same period before its adoption; "
        + "the base period's own cell is 0 by construction and reads 0 (base)."
    }
    let all = Array(Set(periods + effects.map(\.basePeriod))).sorted()
    let varying =
      onePostBase
      && effects.filter { $0.time < $0.cohort }.allSatisfy { effect in
        all.firstIndex(of: effect.time).map { $0 > 0 && all[$0 - 1] == effect.basePeriod } ?? false
      }
    if varying {
      return "Base periods vary: a cell before adoption is compared with the period just before it, a cell after "
        + "adoption with its cohort's base period before adoption (each cell's base period is in its tooltip)."
    }
    return "Each cell's base period is in its tooltip and in result.json (group_time[].base_period)."
  }

  /// The two-way fixed-effects weights: the negative-weight summary and the Goodman-Bacon decomposition.
  private mutating func addTwoWayWeights(_ estimate: EstimateRecord) {
    func diagnostic(_ name: String) -> Double? { estimate.diagnostics.first { $0.name == name }?.value }
    let negative = diagnostic("negative weights")
    let total = diagnostic("treated unit-periods")
    guard !estimate.bacon.isEmpty || negative != nil else { return }
    heading(
      4, [.text("Two-way fixed-effects weights of "), .code(estimate.name)],
      id: "twfe-weights-" + ReportBuilder.slug(estimate.name))
    paragraph(
      "With staggered adoption, the two-way fixed-effects coefficient is a weighted average of comparisons between "
        + "cohorts, some of which use already-treated units as controls, and of the effects of treated unit-periods, "
        + "some with negative weights. When the effect differs across cohorts or over time, it is then not a convex "
        + "average of the effects and can even have the wrong sign.")
    if let negative, let total {
      let share = diagnostic("share of negative weights")
      let sum = diagnostic("sum of negative weights")
      var inlines: [ReportInline] = []
      if negative > 0 { inlines.append(.badge(ReportBadge(style: .warning, text: "negative weights"))) }
      inlines.append(
        .text(
          (negative > 0 ? " " : "") + "de Chaisemartin & D'Haultfœuille (2020): "
            + "\(NumberFormat.plain(negative)) of \(NumberFormat.plain(total)) treated unit-periods "
            + "(\(NumberFormat.percent(share))) get a negative weight in the coefficient"
            + (negative > 0 ? "; the negative weights sum to \(NumberFormat.estimate(sum))." : ".")))
      if let sigma = diagnostic("sigma_fe (de Chaisemartin & D'Haultfoeuille)") {
        inlines.append(
          .text(
            " σ_fe = \(NumberFormat.estimate(sigma)): the smallest standard deviation of the effects across treated "
              + "unit-periods under which the coefficient is compatible with an average effect of 0; the smaller it "
              + "is next to the heterogeneity one can expect, the less the coefficient's sign can be trusted."))
      }
      paragraph(inlines)
    }
    guard !estimate.bacon.isEmpty else { return }
    var types: [String] = []
    for component in estimate.bacon where !types.contains(component.comparison) { types.append(component.comparison) }
    let forbidden = "later vs earlier treated"
    var summary = ReportTable(
      caption: "Goodman-Bacon decomposition of \(estimate.name) by type of comparison",
      columns: ["Comparison", "Comparisons", "Total weight", "Weighted mean estimate"],
      alignments: [.left, .right, .right, .right])
    var weightedSum = 0.0
    for type in types {
      let members = estimate.bacon.filter { $0.comparison == type }
      let weight = members.reduce(0) { $0 + $1.weight }
      let product = members.reduce(0) { $0 + $1.weight * ($1.estimate ?? .nan) }
      weightedSum += product
      summary.append(
        texts: [
          type, String(members.count), NumberFormat.estimate(weight),
          NumberFormat.estimate(weight > 0 ? product / weight : nil),
        ], style: type == forbidden ? .warning : nil)
    }
    table(summary)
    paragraph(
      "Goodman-Bacon (2021): the coefficient \(NumberFormat.estimate(estimate.value)) is the weighted sum of the "
        + "2×2 comparisons below (here \(NumberFormat.estimate(weightedSum))). Comparisons of later- with "
        + "earlier-treated cohorts use already-treated units as controls and are flagged.")
    let outcome = record.study.outcome
    figure(caption: [
      .text(
        "Goodman-Bacon decomposition of \(estimate.name): each 2×2 comparison's estimate against its weight; the "
          + "solid line is the coefficient, the dashed line no effect.")
    ]) { id in
      BaconScatter(components: estimate.bacon, coefficient: estimate.value, axisLabel: "effect on \(outcome)")
        .svg(id: id, title: "Goodman-Bacon decomposition of \(estimate.name)")
    }
    var table = ReportTable(
      caption: "The 2×2 comparisons of \(estimate.name)",
      columns: ["Comparison", "Treated cohort", "Control", "Estimate", "Weight"],
      alignments: [.left, .right, .right, .right, .right])
    for component in estimate.bacon {
      table.append(
        texts: [
          component.comparison, ReportBuilder.period(component.treated),
          component.control.map(ReportBuilder.period) ?? "never treated", NumberFormat.estimate(component.estimate),
          NumberFormat.estimate(component.weight),
        ], style: component.comparison == forbidden ? .warning : nil)
    }
    self.table(table)
  }
}
