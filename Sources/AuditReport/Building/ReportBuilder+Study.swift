import StudyModel

extension ReportBuilder {
  /// The study: the question, the author's description, and what was asked.
  mutating func addStudy() {
    let study = record.study
    heading(2, "Study", id: "study")
    var question = study.question.capitalizedFirst
    if !question.hasSuffix(".") && !question.hasSuffix("?") { question += "." }
    paragraph([.strong([.text("Question.")]), .text(" " + question)])
    if let description = study.description, !description.isEmpty {
      for block in MarkdownSubset.blocks(description) { append(block) }
    }
    let modifiers = ReportBuilder.names(study.effectModifiers)
    table(
      ReportBuilder.fields(
        "The study",
        [
          ("Name", [.code(study.name)]),
          ("Study file", [.code(study.file)]),
          (
            "Treatment",
            [
              .code(study.treatment),
              .text(
                " set from \(NumberFormat.level(study.controlValue)) (control) to \(NumberFormat.level(study.treatmentValue)) (treated)"
              ),
            ]
          ),
          ("Outcome", [.code(study.outcome)]),
          ("Effect", [.text(studyEffectWords)]),
          ("Effect modifiers", modifiers),
        ]))
  }

  /// The causal graph, drawn, and the identification argument.
  mutating func addIdentification() {
    heading(2, "Causal graph and identification", id: "identification")
    guard let identification = record.identification else {
      paragraph("Identification did not run: the run stopped before it (see the verdict above).")
      return
    }
    let graph = identification.graph
    if !graph.nodes.isEmpty {
      figure(caption: [
        .text(
          "The causal graph, causes on the left. Treatment and outcome are highlighted, the adjustment set has a double border, latent variables are dashed, and hidden common causes are dashed arcs."
        )
      ]) { id in
        CausalGraphDiagram(graph: graph).svg(id: id)
      }
      addVariables(graph)
    }
    addArgument(identification)
    addImpliedIndependencies(identification)
  }

  /// The graph as a table: each variable with its roles and direct causes (the Markdown stand-in for the drawing).
  private mutating func addVariables(_ graph: GraphRecord) {
    heading(3, "Variables", id: "variables")
    var table = ReportTable(
      caption: "Variables of the graph and their direct causes",
      columns: ["Variable", "Roles", "Observed", "Direct causes", "Hidden common cause with"])
    var names = graph.nodes.map(\.name)
    for edge in graph.edges {
      for name in [edge.from, edge.to] where !names.contains(name) { names.append(name) }
    }
    for name in names {
      let node = graph.nodes.first { $0.name == name }
      let parents = graph.edges.filter { $0.to == name && $0.kind != .bidirected }.map(\.from)
      let confounded = graph.edges.filter { $0.kind == .bidirected && ($0.from == name || $0.to == name) }
        .map { $0.from == name ? $0.to : $0.from }
      let roles = node?.roles ?? []
      table.append(
        [
          [.code(name)], [.text(roles.isEmpty ? NumberFormat.missing : roles.map(\.rawValue).joined(separator: ", "))],
          [.text(node?.latent == true ? "no (latent)" : "yes")],
          ReportBuilder.names(parents, none: NumberFormat.missing),
          ReportBuilder.names(confounded, none: NumberFormat.missing),
        ], style: node?.latent == true ? .neutral : nil)
    }
    self.table(table)
  }

  /// The strategy, the estimand and the argument for it.
  private mutating func addArgument(_ id: IdentificationRecord) {
    heading(3, "Identification", id: "identification-argument")
    if id.strategy == .regressionDiscontinuity, let rd = id.discontinuity {
      // The cutoff rule identifies the effect: no adjustment sets, no back-door paths.
      addDiscontinuityArgument(rd, strategy: id.strategy)
      return
    }
    defer {
      if let rd = id.discontinuity { addDiscontinuityArgument(rd, strategy: id.strategy) }
    }
    let strategy = id.strategy.rawValue
    let strategyText =
      id.requested == .automatic
      ? "\(strategy) (chosen automatically)"
      : (id.requested.rawValue == strategy
        ? "\(strategy) (as requested)" : "\(strategy) (requested: \(id.requested.rawValue))")
    var rows: [(String, [ReportInline])] = [
      ("Strategy", [.text(strategyText)]),
      ("Estimand", id.estimand.isEmpty ? [.text(NumberFormat.missing)] : [.code(id.estimand)]),
    ]
    if id.strategy == .backdoor || !id.adjustmentSet.isEmpty {
      rows.append(
        ("Adjustment set", ReportBuilder.names(id.adjustmentSet, none: "the empty set (no adjustment needed)")))
      rows.append(("Chosen as", [.text(id.adjustmentChoice.description)]))
    }
    if !id.minimalSets.isEmpty {
      var sets: [ReportInline] = []
      for (i, set) in id.minimalSets.enumerated() {
        if i > 0 { sets.append(.text("; ")) }
        sets.append(.text("{"))
        sets += ReportBuilder.names(set, none: "")
        sets.append(.text("}"))
      }
      if id.minimalSetsOmitted > 0 { sets.append(.text(" and \(id.minimalSetsOmitted) more")) }
      rows.append(("Minimal adjustment sets", sets))
    }
    if let canonical = id.canonicalSet {
      rows.append(("Canonical set (Perkovic et al. 2018)", ReportBuilder.names(canonical, none: "the empty set")))
    }
    if let optimal = id.optimalSet {
      rows.append(("Optimal set (Henckel et al. 2022)", ReportBuilder.names(optimal, none: "the empty set")))
    } else if let reason = id.optimalSetReason {
      rows.append(("Optimal set (Henckel et al. 2022)", [.text("none: " + reason)]))
    }
    if !id.instruments.isEmpty { rows.append(("Instruments", ReportBuilder.names(id.instruments.map(\.instrument)))) }
    if !id.mediators.isEmpty { rows.append(("Mediators", ReportBuilder.names(id.mediators))) }
    table(ReportBuilder.fields("How the effect is identified", rows))

    if let reason = id.notIdentifiableReason {
      paragraph([.badge(ReportBadge(style: .error, text: "not identifiable")), .text(" " + reason)])
    }
    if !id.backdoorPaths.isEmpty || id.strategy == .backdoor {
      heading(4, "Back-door paths", id: "backdoor-paths")
      if id.backdoorPaths.isEmpty {
        paragraph("There is no back-door path from the treatment to the outcome: no adjustment is needed.")
      } else {
        var paths = ReportTable(
          caption: "Back-door paths from the treatment to the outcome and what blocks each",
          columns: ["Path", "Status", "Blocked by", "How"], firstColumnHeadsRows: false)
        for path in id.backdoorPaths {
          let open = path.status != .blocked
          let status = path.status.rawValue
          paths.append(
            [
              [.code(path.path)],
              [.badge(open ? ReportBadge(style: .failed, text: status) : ReportBadge(style: .passed, text: status))],
              path.blockedBy.map { [.code($0)] } ?? [.text(NumberFormat.missing)],
              [.text(path.how?.rawValue ?? NumberFormat.missing)],
            ], style: open ? .failed : nil)
        }
        table(paths)
        if id.backdoorPathsOmitted > 0 {
          note("\(id.backdoorPathsOmitted) further back-door paths are not listed (the list is capped).")
        }
      }
    }
    if !id.instruments.isEmpty {
      heading(4, "Instrument conditions", id: "instrument-conditions")
      var table = ReportTable(
        caption: "Each instrument, the set it is conditioned on, and why it is valid",
        columns: ["Instrument", "Conditioned on", "Relevance", "Exclusion"])
      for instrument in id.instruments {
        table.append([
          [.code(instrument.instrument)], ReportBuilder.names(instrument.conditioningSet, none: "nothing"),
          [.text(instrument.relevance)], [.text(instrument.exclusion)],
        ])
      }
      self.table(table)
    }
    if !id.frontdoorConditions.isEmpty {
      heading(4, "Front-door conditions", id: "frontdoor-conditions")
      var table = ReportTable(
        caption: "The front-door criterion (Pearl 2009, definition 3.3.3), condition by condition",
        columns: ["Condition", "Holds", "Why"])
      for condition in id.frontdoorConditions {
        table.append(
          [
            [.text(condition.condition)],
            [
              .badge(
                condition.holds
                  ? ReportBadge(style: .passed, text: "holds") : ReportBadge(style: .failed, text: "fails"))
            ],
            [.text(condition.reason)],
          ], style: condition.holds ? nil : .failed)
      }
      self.table(table)
    }
    if id.strategy == .generalIdentification, !id.estimand.isEmpty {
      heading(4, "Identifying functional", id: "id-functional")
      paragraph(
        "The ID algorithm (Shpitser & Pearl 2006) expresses the interventional distribution through observed distributions only:"
      )
      append(.code(id.estimand))
    }
    if !id.notes.isEmpty {
      heading(4, "Other strategies", id: "other-strategies")
      append(.list(id.notes.map { [.text($0)] }))
    }
  }

  /// The conditional independencies the graph implies.
  private mutating func addImpliedIndependencies(_ id: IdentificationRecord) {
    heading(3, "Implied independencies", id: "implied-independencies")
    let statements = id.impliedIndependencies
    guard !statements.isEmpty else {
      paragraph(
        "The graph implies no conditional independence among observed variables, so the data cannot contradict it this way."
      )
      return
    }
    paragraph(
      "The graph implies \(statements.count) conditional independenc\(statements.count == 1 ? "y" : "ies") among observed variables. "
        + "Each is a testable claim: if the data reject it, the graph is wrong (see the graph_independencies check).")
    var table = ReportTable(
      caption: "Implied conditional independencies (a _||_ b | given: a and b are independent given the set)",
      columns: ["Independence", "Given"], firstColumnHeadsRows: false)
    for statement in statements {
      table.append([[.code(statement.text)], ReportBuilder.names(statement.given, none: "nothing")])
    }
    self.table(table)
  }
}
