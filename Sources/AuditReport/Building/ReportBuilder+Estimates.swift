import StudyModel

extension ReportBuilder {
  /// The estimates: one table and a forest plot across estimators, then each estimator in detail.
  mutating func addEstimates() {
    heading(2, "Estimates", id: "estimates")
    let estimates = record.estimates
    guard !estimates.isEmpty else {
      paragraph("No estimates: the run stopped before estimation (see the verdict above).")
      return
    }
    let effect = studyEffectWords
    paragraph([
      .text("Each estimator's estimate of the effect of "), .code(record.study.treatment), .text(" on "),
      .code(record.study.outcome), .text(" (\(effect))."),
    ])
    var table = ReportTable(
      caption: "Estimates across estimators",
      columns: [
        "Estimator", "Method", "Estimate", "Std. error", "Confidence interval", "p-value", "n", "Uncertainty",
        "Verdict",
      ],
      alignments: [.left, .left, .right, .right, .right, .right, .right, .left, .left])
    for (index, estimate) in estimates.enumerated() {
      let verdict: ReportBadge =
        estimate.status == .error
        ? ReportBadge(style: .error, text: "no estimate")
        : ReportBuilder.badge(estimate.verdict)
      table.append(
        [
          [.anchor([.code(estimate.name)], id: estimatorIDs[index])],
          [.text(ReportBuilder.words(estimate.method.rawValue))],
          [.text(NumberFormat.estimate(estimate.value))],
          [.text(NumberFormat.estimate(estimate.standardError))],
          [.text(ReportBuilder.intervalText(estimate.confidenceInterval, level: estimate.confidenceLevel))],
          [.text(NumberFormat.pValue(estimate.pValue))],
          [.text(NumberFormat.integer(estimate.n))],
          [.text(ReportBuilder.uncertaintyShort(estimate.uncertainty))],
          [.badge(verdict)],
        ], style: estimate.status == .error ? .error : ReportBuilder.style(estimate.verdict, severity: .error))
    }
    self.table(table)
    let rows = estimates.map { estimate in
      ForestPlot.Row(
        label: estimate.name, sublabel: ReportBuilder.words(estimate.method.rawValue), value: estimate.value,
        interval: estimate.confidenceInterval,
        missingReason: estimate.status == .error ? "no estimate: estimator failed" : "no estimate",
        failed: estimate.verdict == .failed || estimate.status == .error)
    }
    let outcome = record.study.outcome
    let levels = Set(estimates.map(\.confidenceLevel))
    let level = estimates.first?.confidenceLevel ?? 0.95
    figure(caption: [
      .text(
        "Forest plot: each estimate with its \(levels.count == 1 ? NumberFormat.percent(level) + " " : "")confidence interval; the dashed line is no effect."
      )
    ]) { id in
      ForestPlot(rows: rows, axisLabel: "effect on \(outcome)", confidenceLevel: level)
        .svg(id: id, title: "Estimates of the effect on \(outcome)")
    }
    for (index, estimate) in estimates.enumerated() { addEstimator(estimate, index: index) }
  }

  /// `[low, high] (95%)`.
  static func intervalText(_ interval: [Double]?, level: Double) -> String {
    guard interval != nil else { return NumberFormat.missing }
    return NumberFormat.interval(interval) + " (\(NumberFormat.percent(level)))"
  }

  /// `analytic` or `bootstrap (999)`.
  static func uncertaintyShort(_ uncertainty: UncertaintyRecord?) -> String {
    guard let uncertainty else { return NumberFormat.missing }
    if let replicates = uncertainty.replicates { return "\(uncertainty.kind.rawValue) (\(replicates))" }
    return uncertainty.kind.rawValue
  }

  /// One estimator: how it estimated, its uncertainty, components, panel results (event study, ATT(g,t), two-way
  /// fixed-effects weights), effects by modifier, models, diagnostics.
  private mutating func addEstimator(_ estimate: EstimateRecord, index: Int) {
    heading(3, [.text("Estimator "), .code(estimate.name)], id: estimatorIDs[index])
    var facts: [(String, [ReportInline])] = [
      ("Method", [.code(estimate.method.rawValue)]),
      ("Effect", [.text(ReportBuilder.estimateEffectWords(estimate))]),
      ("Strategy", [.text(estimate.strategy.rawValue)]),
    ]
    if !estimate.adjustmentSet.isEmpty || estimate.strategy == .backdoor {
      facts.append(("Adjusted for", ReportBuilder.names(estimate.adjustmentSet, none: "nothing")))
    }
    if !estimate.instruments.isEmpty { facts.append(("Instruments", ReportBuilder.names(estimate.instruments))) }
    if !estimate.mediators.isEmpty { facts.append(("Mediators", ReportBuilder.names(estimate.mediators))) }
    var units = NumberFormat.integer(estimate.n)
    if let treated = estimate.nTreated, let control = estimate.nControl {
      units += " (\(treated) treated, \(control) control)"
    }
    facts.append(("Rows used", [.text(units)]))
    facts.append(("Estimate", [.strong([.text(NumberFormat.estimate(estimate.value))])]))
    facts.append(("Standard error", [.text(NumberFormat.estimate(estimate.standardError))]))
    facts.append(
      (
        "Confidence interval",
        [.text(ReportBuilder.intervalText(estimate.confidenceInterval, level: estimate.confidenceLevel))]
      ))
    facts.append(("p-value (effect = 0)", [.text(NumberFormat.pValue(estimate.pValue))]))
    if let u = estimate.uncertainty {
      var text = "\(u.kind): \(u.method)"
      if let replicates = u.replicates { text += "; \(replicates) replicates" }
      if let interval = u.interval { text += ", \(interval) interval" }
      if let seed = u.seed { text += ", stream seed \(seed)" }
      facts.append(("Uncertainty", [.text(text)]))
    }
    facts.append(
      (
        "Verdict",
        [
          .badge(
            estimate.status == .error
              ? ReportBadge(style: .error, text: "no estimate") : ReportBuilder.badge(estimate.verdict))
        ]
      ))
    if let location = estimate.location { facts.append(("Declared at", ReportBuilder.location(location))) }
    if estimate.status == .error {
      paragraph([
        .badge(ReportBadge(style: .error, text: "estimator failed")),
        .text(" " + (estimate.failure ?? "No reason was recorded.")),
      ])
    }
    table(ReportBuilder.fields(nil, facts))
    addDiscontinuity(estimate)
    addInstruments(estimate)

    if !estimate.components.isEmpty {
      var table = ReportTable(
        caption: "Effect components of \(estimate.name)",
        columns: ["Component", "Estimate", "Std. error", "Confidence interval"],
        alignments: [.left, .right, .right, .right])
      for component in estimate.components {
        table.append(texts: [
          component.name, NumberFormat.estimate(component.value), NumberFormat.estimate(component.standardError),
          NumberFormat.interval(component.confidenceInterval),
        ])
      }
      self.table(table)
      let rows = estimate.components.filter { $0.confidenceInterval != nil }.map {
        ForestPlot.Row(
          label: $0.name, sublabel: "", value: $0.value, interval: $0.confidenceInterval, missingReason: "no estimate",
          failed: false)
      }
      if !rows.isEmpty {
        let outcome = record.study.outcome
        figure(caption: [.text("Effect components of \(estimate.name) with their confidence intervals.")]) { id in
          ForestPlot(rows: rows, axisLabel: "effect on \(outcome)", confidenceLevel: estimate.confidenceLevel)
            .svg(id: id, title: "Effect components of \(estimate.name)")
        }
      }
    }
    addPanelResults(estimate, index: index)
    addConditionalEffects(estimate)
    addHeterogeneity(estimate)
    addModels(estimate)
    addDiagnostics(estimate)
    if !estimate.warnings.isEmpty {
      paragraph([.badge(ReportBadge(style: .warning, text: "warnings")), .text(" from \(estimate.name):")])
      append(.list(estimate.warnings.map { [.text($0)] }))
    }
  }

  private mutating func addConditionalEffects(_ estimate: EstimateRecord) {
    var modifiers: [String] = []
    for effect in estimate.conditionalEffects where !modifiers.contains(effect.modifier) {
      modifiers.append(effect.modifier)
    }
    for modifier in modifiers {
      let effects = estimate.conditionalEffects.filter { $0.modifier == modifier }
      var table = ReportTable(
        caption: "Effect of \(estimate.name) by \(modifier)",
        columns: [modifier, "n", "Estimate", "Std. error", "Confidence interval"],
        alignments: [.left, .right, .right, .right, .right])
      for effect in effects {
        table.append(texts: [
          effect.level, NumberFormat.integer(effect.n), NumberFormat.estimate(effect.value),
          NumberFormat.estimate(effect.standardError), NumberFormat.interval(effect.confidenceInterval),
        ])
      }
      self.table(table)
      let outcome = record.study.outcome
      let rows = effects.map {
        ForestPlot.Row(
          label: "\(modifier) = \($0.level)", sublabel: "n = \($0.n)", value: $0.value, interval: $0.confidenceInterval,
          missingReason: "no estimate", failed: false)
      }
      figure(caption: [
        .text(
          "Conditional effects of \(estimate.name) by \(modifier), with \(NumberFormat.percent(estimate.confidenceLevel)) confidence intervals."
        )
      ]) { id in
        ForestPlot(rows: rows, axisLabel: "effect on \(outcome)", confidenceLevel: estimate.confidenceLevel)
          .svg(id: id, title: "Effect of \(estimate.name) by \(modifier)")
      }
    }
  }

  /// The Wald test, per modifier, that the effect does not vary with it.
  private mutating func addHeterogeneity(_ estimate: EstimateRecord) {
    guard !estimate.heterogeneity.isEmpty else { return }
    var table = ReportTable(
      caption: "Does the effect of \(estimate.name) vary? Wald test that every treatment × modifier coefficient is 0",
      columns: ["Modifier", "Chi-square", "df", "p-value"], alignments: [.left, .right, .right, .right])
    for test in estimate.heterogeneity {
      table.append([
        [.code(test.modifier)], [.text(NumberFormat.estimate(test.statistic))], [.text(String(test.df))],
        [.text(NumberFormat.pValue(test.pValue))],
      ])
    }
    self.table(table)
  }

  private mutating func addModels(_ estimate: EstimateRecord) {
    for model in estimate.models {
      let hasCoefficients = !model.coefficients.isEmpty
      var table = ReportTable(
        caption: "\(model.role.capitalizedFirst) model of \(estimate.name) (\(model.kind))",
        columns: hasCoefficients ? ["Column", "Coefficient", "Std. error"] : ["Column"],
        alignments: hasCoefficients ? [.left, .right, .right] : [.left])
      for (i, column) in model.columns.enumerated() {
        if hasCoefficients {
          let coefficient = i < model.coefficients.count ? model.coefficients[i] : nil
          let se = i < model.standardErrors.count ? model.standardErrors[i] : nil
          table.append([
            [.code(column)], [.text(NumberFormat.estimate(coefficient))], [.text(NumberFormat.estimate(se))],
          ])
        } else {
          table.append([[.code(column)]])
        }
      }
      self.table(table)
      if let formula = model.formula { paragraph([.text("Fitted: "), .code(formula)]) }
      if !model.referenceLevels.isEmpty {
        note("Reference levels: " + model.referenceLevels.joined(separator: ", ") + ".")
      }
    }
  }

  private mutating func addDiagnostics(_ estimate: EstimateRecord) {
    guard !estimate.diagnostics.isEmpty else { return }
    var table = ReportTable(
      caption: "Diagnostics of \(estimate.name) (flagged values cross a documented threshold)",
      columns: ["Diagnostic", "Value", "Note"], alignments: [.left, .right, .left])
    for diagnostic in estimate.diagnostics {
      var value: [ReportInline] = [.text(NumberFormat.estimate(diagnostic.value))]
      var note: [ReportInline] = [.text(diagnostic.text ?? NumberFormat.missing)]
      // The flag goes on the value, or on the note when the value is textual.
      if diagnostic.flagged {
        if diagnostic.value != nil { value = [.flagged(value)] } else { note = [.flagged(note)] }
      }
      table.append([[.text(diagnostic.name)], value, note], style: diagnostic.flagged ? .warning : nil)
    }
    self.table(table)
  }
}
