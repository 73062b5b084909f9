import StudyModel

extension ReportBuilder {
  /// Every check: a summary table, then each check with its rule, result and evidence.
  mutating func addChecks() {
    heading(2, "Checks", id: "checks")
    let all = record.allChecks
    guard !all.isEmpty else {
      paragraph("No checks ran.")
      return
    }
    paragraph(
      "Each check tries to refute an estimate (or the graph). A failed check of severity error fails the gate "
        + "(exit code 1); a failed check of severity warn is reported only.")
    var summary = ReportTable(
      caption: "All checks",
      columns: ["Check", "Verdict", "Severity", "Statistic", "Threshold", "p-value", "Result"],
      alignments: [.left, .left, .left, .right, .right, .right, .left])
    for (index, check) in all.enumerated() {
      summary.append(
        [
          [.anchor([.text(checkTitles[index])], id: checkIDs[index])],
          [.badge(ReportBuilder.badge(check.verdict, severity: check.severity))],
          [.text(check.severity.rawValue)],
          [.text(NumberFormat.estimate(check.statistic))],
          [.text(NumberFormat.estimate(check.threshold))],
          [.text(NumberFormat.pValue(check.pValue))],
          [.text(check.detail)],
        ], style: ReportBuilder.style(check.verdict, severity: check.severity))
    }
    table(summary)

    var index = 0
    for estimate in record.estimates where !estimate.refutations.isEmpty {
      heading(3, [.text("Checks on "), .code(estimate.name)], id: "checks-" + ReportBuilder.slug(estimate.name))
      for check in estimate.refutations {
        addCheck(check, index: index, estimate: estimate)
        index += 1
      }
    }
    index = record.estimates.reduce(0) { $0 + $1.refutations.count }
    if !record.studyChecks.isEmpty {
      heading(3, "Study checks", id: "study-checks")
      for check in record.studyChecks {
        addCheck(check, index: index, estimate: nil)
        index += 1
      }
    }
    if !record.expectations.isEmpty {
      heading(3, "Expectations", id: "expectations")
      paragraph("The study's pinned expectations about its estimates, each gated like a check.")
      for check in record.expectations {
        let estimate = record.estimates.first { $0.name == check.estimator }
        addCheck(check, index: index, estimate: estimate)
        index += 1
      }
    }
  }

  /// One check: what it tests, its rule and numbers, and its evidence.
  private mutating func addCheck(_ check: CheckRecord, index: Int, estimate: EstimateRecord?) {
    let title = checkTitles[index]
    heading(4, title, id: checkIDs[index])
    let severityText =
      check.severity == .error
      ? "severity error: a failure fails the gate" : "severity warn: a failure is reported, the gate still passes"
    paragraph([.badge(ReportBuilder.badge(check.verdict, severity: check.severity)), .text(" — \(severityText).")])
    var rows: [(String, [ReportInline])] = [
      ("What it tests", [.text(check.summary)]),
      ("Rule", [.text(check.rule)]),
    ]
    if check.statistic != nil || check.statisticName != nil {
      rows.append(
        ("Statistic", [.text((check.statisticName.map { $0 + " = " } ?? "") + NumberFormat.estimate(check.statistic))]))
    }
    if check.threshold != nil { rows.append(("Threshold", [.text(NumberFormat.estimate(check.threshold))])) }
    if check.reference != nil { rows.append(("Reference", [.text(NumberFormat.estimate(check.reference))])) }
    if check.pValue != nil { rows.append(("p-value", [.text(NumberFormat.pValue(check.pValue))])) }
    rows.append(("Result", [.text(check.detail)]))
    if let location = check.location { rows.append(("Declared at", ReportBuilder.location(location))) }
    table(ReportBuilder.fields(nil, rows))
    if !check.values.isEmpty {
      var table = ReportTable(
        caption: "Further values of \(title)", columns: ["Name", "Value"], alignments: [.left, .right])
      for value in check.values {
        let text =
          value.name.contains("p_value") ? NumberFormat.pValue(value.value) : NumberFormat.estimate(value.value)
        table.append(texts: [value.name, text])
      }
      self.table(table)
    }
    if !check.simulated.isEmpty { addSimulations(check, title: title, estimate: estimate) }
    if let sensitivity = check.sensitivity { addSensitivity(check, sensitivity, estimate: estimate) }
    if !check.tests.isEmpty { addIndependenceTests(check) }
    if !check.grid.isEmpty { addGrid(check, estimate: estimate) }
    addDiscontinuityEvidence(check, estimate: estimate)
  }

  private mutating func addSimulations(_ check: CheckRecord, title: String, estimate: EstimateRecord?) {
    guard let summary = SampleSummary(check.simulated) else {
      note("\(check.simulated.count) simulated values, none of them finite.")
      return
    }
    figure(caption: [.text("Simulated values of \(title), with the reference line.")]) { id in
      SimulationHistogram(
        summary: summary, reference: check.reference, referenceLabel: "reference", estimate: estimate?.value,
        valueLabel: "simulated estimate"
      ).svg(id: id, title: "Simulations of \(title)")
    }
    var table = ReportTable(
      caption: "Distribution of the \(summary.count) simulated values",
      columns: ["Simulations", "Mean", "SD", "2.5%", "Median", "97.5%", "Min", "Max"],
      alignments: Array(repeating: .right, count: 8), firstColumnHeadsRows: false)
    table.append(texts: [
      String(summary.count), NumberFormat.estimate(summary.mean), NumberFormat.estimate(summary.standardDeviation),
      NumberFormat.estimate(summary.quantile(0.025)), NumberFormat.estimate(summary.quantile(0.5)),
      NumberFormat.estimate(summary.quantile(0.975)), NumberFormat.estimate(summary.minimum),
      NumberFormat.estimate(summary.maximum),
    ])
    self.table(table)
    if summary.nonFinite > 0 { note("\(summary.nonFinite) non-finite simulated values are left out.") }
  }

  private mutating func addSensitivity(_ check: CheckRecord, _ s: SensitivityRecord, estimate: EstimateRecord?) {
    table(
      ReportBuilder.fields(
        "Sensitivity to an omitted confounder (Cinelli & Hazlett 2020)",
        [
          ("Partial R² of treatment with outcome", [.text(NumberFormat.estimate(s.partialR2TreatmentOutcome))]),
          ("Robustness value RV (q = \(NumberFormat.plain(s.q)))", [.text(NumberFormat.estimate(s.robustnessValue))]),
          (
            "Robustness value RV (q = \(NumberFormat.plain(s.q)), α = \(NumberFormat.plain(s.alpha)))",
            [.text(NumberFormat.estimate(s.robustnessValueAlpha))]
          ),
          ("Residual degrees of freedom", [.text(String(s.degreesOfFreedom))]),
        ]))
    paragraph(
      "A confounder that explains RV of the residual variance of both the treatment and the outcome would reduce the "
        + "estimate by \(NumberFormat.percent(s.q)); a weaker one cannot.")
    if !s.benchmarks.isEmpty {
      var table = ReportTable(
        caption: "Confounders k times as strong as an observed covariate",
        columns: [
          "Benchmark", "Partial R² with treatment", "Partial R² with outcome", "Adjusted estimate", "Std. error",
          "Interval",
        ],
        alignments: [.left, .right, .right, .right, .right, .right])
      for b in s.benchmarks {
        let crosses = b.adjustedLower <= 0 && b.adjustedUpper >= 0
        table.append(
          texts: [
            "\(NumberFormat.plain(b.multiplier))× \(b.covariate)",
            NumberFormat.fixed(b.partialR2Treatment, decimals: 4),
            NumberFormat.fixed(b.partialR2Outcome, decimals: 4), NumberFormat.estimate(b.adjustedEstimate),
            NumberFormat.estimate(b.adjustedStandardError), NumberFormat.interval([b.adjustedLower, b.adjustedUpper]),
          ], style: crosses ? .warning : nil)
      }
      self.table(table)
    }
    let contour = s.contour
    if contour.treatmentR2.count > 1, contour.outcomeR2.count > 1 {
      figure(caption: [
        .text(
          "Sensitivity contours: the estimate adjusted for a confounder of the given strength; the bold dashed line is the critical contour, diamonds are benchmarks."
        )
      ]) { id in
        SensitivityContourPlot(sensitivity: s, estimate: estimate?.value).svg(id: id)
      }
      // A coarse table of the same grid: at most 8 columns and 10 rows.
      let columns = ReportBuilder.subsample(contour.treatmentR2.indices.map { $0 }, max: 8)
      let rows = ReportBuilder.subsample(contour.outcomeR2.indices.map { $0 }, max: 10)
      var table = ReportTable(
        caption: "Adjusted estimate by partial R² with the outcome (rows) and with the treatment (columns)",
        columns: ["R² outcome \\ treatment"] + columns.map { NumberFormat.fixed(contour.treatmentR2[$0], decimals: 3) },
        alignments: Array(repeating: .right, count: columns.count + 1))
      for i in rows.reversed() where i < contour.values.count {
        table.append(
          texts: [NumberFormat.fixed(contour.outcomeR2[i], decimals: 3)]
            + columns.map { j in
              j < contour.values[i].count ? NumberFormat.estimate(contour.values[i][j]) : NumberFormat.missing
            })
      }
      self.table(table)
    }
  }

  /// At most `count` items of `items` at an even step, always with the first and the last.
  static func subsample(_ items: [Int], max count: Int) -> [Int] {
    guard items.count > count, count >= 2 else { return items }
    let step = (items.count - 1 + count - 2) / (count - 1)
    var out = stride(from: 0, to: items.count, by: step).map { items[$0] }
    if out.last != items.last, let last = items.last {
      if out.count == count { out.removeLast() }
      out.append(last)
    }
    return out
  }

  private mutating func addIndependenceTests(_ check: CheckRecord) {
    let tests = check.tests.enumerated().sorted { a, b in
      let pa = a.element.adjustedPValue ?? a.element.pValue ?? 2
      let pb = b.element.adjustedPValue ?? b.element.pValue ?? 2
      return (pa, a.offset) < (pb, b.offset)
    }.map(\.element)
    let rejected = tests.filter(\.rejected).count
    paragraph(
      "\(tests.count) implied independenc\(tests.count == 1 ? "y" : "ies") tested; \(rejected) rejected after correction for multiple testing. "
        + "Sorted by corrected p-value, smallest first.")
    var table = ReportTable(
      caption: "Tests of the graph's implied independencies",
      columns: ["Independence", "Test", "Statistic", "df", "p-value", "Corrected p-value", "Rejected"],
      alignments: [.left, .left, .right, .right, .right, .right, .left], firstColumnHeadsRows: false)
    for test in tests {
      table.append(
        [
          [.code(test.statement.text)], [.text(test.test.rawValue)], [.text(NumberFormat.estimate(test.statistic))],
          [.text(NumberFormat.estimate(test.degreesOfFreedom))], [.text(NumberFormat.pValue(test.pValue))],
          [.text(NumberFormat.pValue(test.adjustedPValue))],
          [test.rejected ? .badge(ReportBadge(style: .failed, text: "rejected")) : .text("no")],
        ], style: test.rejected ? .failed : nil)
    }
    self.table(table)
  }

  private mutating func addGrid(_ check: CheckRecord, estimate: EstimateRecord?) {
    let map = StrengthHeatMap(points: check.grid, estimate: estimate?.value)
    figure(caption: [
      .text(
        "Estimates of \(estimate?.name ?? "the effect") under a simulated unobserved common cause of increasing strength."
      )
    ]) { id in
      map.svg(id: id)
    }
    let xs = map.treatmentStrengths
    let ys = map.outcomeStrengths
    let columns = ReportBuilder.subsample(Array(xs.indices), max: 10)
    var table = ReportTable(
      caption: "Estimate by the confounder's effect on the outcome (rows) and on the treatment (columns)",
      columns: ["outcome \\ treatment"] + columns.map { NumberFormat.estimate(xs[$0]) },
      alignments: Array(repeating: .right, count: columns.count + 1))
    for outcome in ys.reversed() {
      table.append(
        texts: [NumberFormat.estimate(outcome)]
          + columns.map { NumberFormat.estimate(map.estimate(treatment: xs[$0], outcome: outcome)) })
    }
    if columns.count < xs.count {
      table.caption = (table.caption ?? "") + " (some columns left out; every value is in result.json)"
    }
    self.table(table)
  }
}
