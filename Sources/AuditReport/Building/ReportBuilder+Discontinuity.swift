import StudyModel

extension ReportBuilder {
  /// The effect the study asks for, in words: at the cutoff for a regression
  /// discontinuity study, otherwise the effect kind and its population.
  var studyEffectWords: String {
    if let identification = record.identification, identification.strategy == .regressionDiscontinuity,
      let rd = identification.discontinuity
    {
      return rd.effect
    }
    return ReportBuilder.effectWords(record.study.effect)
  }

  /// The effect an estimate delivers, in words.
  static func estimateEffectWords(_ estimate: EstimateRecord) -> String {
    if let rd = estimate.discontinuity { return rd.estimandPhrase }
    return effectWords(estimate.effect)
  }

  // MARK: - Identification

  /// Identification by a regression discontinuity, in its own words.
  mutating func addDiscontinuityArgument(_ rd: DiscontinuityIdentification, strategy: EffectStrategy) {
    if strategy != .regressionDiscontinuity {
      heading(4, "Regression discontinuity", id: "discontinuity-identification")
    }
    let side: String
    switch (rd.treatedSide, rd.treatedSideInferred) {
    case (let given?, true?): side = "\(given.rawValue) the cutoff (decided from the data)"
    case (let given?, _): side = "\(given.rawValue) the cutoff (as the study says)"
    case (nil, _): side = "decided from the data when the study runs"
    }
    let design: String
    switch rd.design {
    case .sharp?:
      design =
        "sharp: every unit on the treated side is treated and no unit on the other side is (decided from the data)"
    case .fuzzy?:
      design =
        "fuzzy: only the share treated jumps at the cutoff (decided from the data), so the effect is the outcome's jump divided by the treatment's"
    case nil: design = "decided from the data when the study runs (sharp or fuzzy)"
    }
    table(
      ReportBuilder.fields(
        "How the regression discontinuity identifies the effect",
        [
          ("Estimator", [.code(rd.estimator)]),
          ("Running variable", [.code(rd.runningVariable)]),
          ("Cutoff", [.text(NumberFormat.plain(rd.cutoff))]),
          ("Treated side", [.text(side)]),
          ("Design", [.text(design)]),
          ("Assumption", [.text(rd.assumption.capitalizedFirst + ".")]),
          ("Estimand", [.code(rd.estimand)]),
          ("Effect", [.text(rd.effect.capitalizedFirst + ".")]),
        ]))
    paragraph(
      "Units just below and just above the cutoff are alike in everything the cutoff does not change, so the outcome's "
        + "jump there is the effect of the treatment for units at the cutoff. No adjustment set is used: the checks "
        + "that can refute the design are the density test of the running variable (sorting across the cutoff), "
        + "placebo cutoffs, the balance of pre-determined covariates, and the sensitivity to the bandwidth.")
  }

  // MARK: - Estimates

  /// A regression discontinuity's rows, bandwidths, counts and RD plot.
  mutating func addDiscontinuity(_ estimate: EstimateRecord) {
    guard let rd = estimate.discontinuity else { return }
    let level = estimate.confidenceLevel
    var rows = ReportTable(
      caption: "rdrobust's three rows for \(estimate.name) (effect: treated minus untreated side)",
      columns: ["Row", "Estimate", "Std. error", "Confidence interval", "p-value", "Used"],
      alignments: [.left, .right, .right, .right, .right, .left])
    for (name, row, used) in [
      ("conventional", rd.conventional, rd.inference == .conventional),
      ("bias-corrected", rd.biasCorrected, false),
      ("robust (bias-corrected, robust SE)", rd.robust, rd.inference == .robust),
    ] {
      rows.append(
        texts: [
          name, NumberFormat.estimate(row.estimate), NumberFormat.estimate(row.standardError),
          ReportBuilder.intervalText(row.confidenceInterval, level: level), NumberFormat.pValue(row.pValue),
          used ? "interval and p-value" : (name == "conventional" ? "the estimate" : ""),
        ])
    }
    table(rows)
    if rd.inference == .robust {
      note(
        "The estimate is the conventional local-polynomial estimate; its interval is the robust bias-corrected one (Calonico, Cattaneo & Titiunik 2014), centred on the bias-corrected estimate \(NumberFormat.estimate(rd.biasCorrected.estimate))."
      )
    }
    func pair(_ v: SideValues) -> String {
      v.below == v.above
        ? NumberFormat.estimate(v.below)
        : "\(NumberFormat.estimate(v.below)) below, \(NumberFormat.estimate(v.above)) above"
    }
    func counts(_ c: SideCounts) -> String { "\(c.below) below, \(c.above) above" }
    var facts: [(String, [ReportInline])] = [
      (
        "Design",
        [
          .text(
            "\(rd.design.rawValue); treated side \(rd.treatedSide.rawValue) the cutoff"
              + (rd.treatedSideInferred ? " (decided from the data)" : ""))
        ]
      ),
      (
        "Share treated",
        [
          .text(
            "\(NumberFormat.percent(rd.treatedShare.below ?? 0)) below, \(NumberFormat.percent(rd.treatedShare.above ?? 0)) above"
          )
        ]
      ),
      (
        "Local polynomial",
        [.text("order \(rd.order) (bias correction: order \(rd.biasOrder)), \(rd.kernel.rawValue) kernel")]
      ),
      ("Bandwidth h", [.text(pair(rd.bandwidth) + " (\(rd.bandwidthSelection))")]),
      ("Bias bandwidth b", [.text(pair(rd.biasBandwidth))]),
      ("Variance", [.text(rd.variance.rawValue + (rd.clusters.map { ", \($0) clusters" } ?? ""))]),
      ("Rows", [.text(counts(rd.observations))]),
      ("Rows within h", [.text(counts(rd.effectiveObservations))]),
      ("Rows within b", [.text(counts(rd.biasObservations))]),
      ("Limits at the cutoff", [.text(pair(rd.limits))]),
    ]
    if rd.massPointsAdjusted {
      facts.append(
        (
          "Mass points",
          [.text("≥ 20% repeated values on a side: the pilot bandwidths were floored (rdrobust's bwcheck)")]
        ))
    }
    if !rd.covariates.isEmpty {
      facts.append(
        (
          "Covariates (γ̂)",
          [
            .text(
              zip(rd.covariates, rd.covariateCoefficients).map { "\($0) \(NumberFormat.estimate($1))" }.joined(
                separator: ", "))
          ]
        ))
    }
    table(ReportBuilder.fields("Regression discontinuity of \(estimate.name)", facts))
    if let stage = rd.firstStage {
      var table = ReportTable(
        caption: "First stage of \(estimate.name): the jump in the treatment at the cutoff",
        columns: ["Row", "Estimate", "Std. error", "Confidence interval", "p-value"],
        alignments: [.left, .right, .right, .right, .right])
      for (name, row) in [
        ("conventional", stage.conventional), ("bias-corrected", stage.biasCorrected), ("robust", stage.robust),
      ] {
        table.append(texts: [
          name, NumberFormat.estimate(row.estimate), NumberFormat.estimate(row.standardError),
          ReportBuilder.intervalText(row.confidenceInterval, level: level), NumberFormat.pValue(row.pValue),
        ])
      }
      self.table(table)
    }
    if let data = rd.plot, !data.bins.isEmpty {
      let plot = DiscontinuityPlot(record: rd, plot: data, outcome: record.study.outcome)
      figure(caption: [
        .text(
          "RD plot of \(estimate.name): binned means of \(record.study.outcome) (rdplot's evenly spaced bins), global quartics on each side, and the local fits within the bandwidth (shaded); the dashed line is the cutoff."
        )
      ]) { id in
        plot.svg(id: id)
      }
    }
  }

  /// An instrumental-variable estimate's strength diagnostics, LIML and Anderson–Rubin sets.
  mutating func addInstruments(_ estimate: EstimateRecord) {
    guard let iv = estimate.instrumental else { return }
    // With sampling weights or clusters only the robust first-stage F is computed.
    guard iv.effectiveF != nil || !iv.criticalValues.isEmpty else {
      table(
        ReportBuilder.fields(
          "Instrument strength of \(estimate.name)",
          [
            ("Instruments", ReportBuilder.names(iv.instruments)),
            (
              "First-stage F (robust Wald / k, the estimate's design)",
              [.text(NumberFormat.estimate(iv.firstStageRobustF))]
            ),
            (
              "Weak-instrument diagnostics",
              [
                .text(
                  "not computed: the effective F, LIML and Anderson–Rubin sets are derived for independent, unweighted observations"
                )
              ]
            ),
          ]))
      return
    }
    var facts: [(String, [ReportInline])] = [
      ("Instruments", ReportBuilder.names(iv.instruments)),
      ("First-stage F (classical)", [.text(NumberFormat.estimate(iv.firstStageF))]),
      ("First-stage F (robust, HC1 Wald / k)", [.text(NumberFormat.estimate(iv.firstStageRobustF))]),
      ("Partial R² of the instruments", [.text(NumberFormat.estimate(iv.partialR2))]),
      ("Effective F (Montiel Olea & Pflueger 2013)", [.text(NumberFormat.estimate(iv.effectiveF))]),
    ]
    if iv.instruments.count > 1 {
      facts.append(("Nagar bias bound B", [.text(NumberFormat.estimate(iv.nagarBiasBound))]))
    }
    table(ReportBuilder.fields("Instrument strength of \(estimate.name)", facts))
    var critical = ReportTable(
      caption: "5% critical values of the effective F for a worst-case 2SLS bias of τ (weak when F_eff is below)",
      columns: ["τ", "Simplified", "Generalized", "Effective F passes"],
      alignments: [.left, .right, .right, .left])
    for value in iv.criticalValues {
      let passes = (iv.effectiveF ?? 0) >= (value.generalized ?? .infinity)
      critical.append(
        texts: [
          NumberFormat.percent(value.tau), NumberFormat.estimate(value.simplified),
          NumberFormat.estimate(value.generalized), passes ? "yes" : "no",
        ], style: passes ? nil : .warning)
    }
    table(critical)
    if let liml = iv.liml {
      var table = ReportTable(
        caption: "2SLS and LIML for \(estimate.name)",
        columns: ["Estimator", "Estimate", "Std. error", "Confidence interval", "κ"],
        alignments: [.left, .right, .right, .right, .right])
      table.append(texts: [
        "2SLS", NumberFormat.estimate(estimate.value), NumberFormat.estimate(estimate.standardError),
        ReportBuilder.intervalText(estimate.confidenceInterval, level: estimate.confidenceLevel), "1",
      ])
      table.append(texts: [
        "LIML", NumberFormat.estimate(liml.estimate), NumberFormat.estimate(liml.standardError),
        ReportBuilder.intervalText(liml.confidenceInterval, level: estimate.confidenceLevel),
        NumberFormat.estimate(liml.kappa),
      ])
      self.table(table)
    }
    var sets = ReportTable(
      caption: "Anderson–Rubin confidence sets for \(estimate.name): valid however weak the instruments",
      columns: ["Variance", "Set", "Critical value", "In words"], alignments: [.left, .left, .right, .left])
    for set in iv.andersonRubin {
      let pieces = set.pieces.map { p in
        "[\(p[0].map { NumberFormat.estimate($0) } ?? "−∞"), \(p[1].map { NumberFormat.estimate($0) } ?? "∞")]"
      }.joined(separator: " ∪ ")
      sets.append(
        texts: [
          set.variance == "hc1" ? "robust (HC1)" : "homoskedastic", pieces.isEmpty ? "∅" : pieces,
          NumberFormat.estimate(set.criticalValue), set.statement.capitalizedFirst + ".",
        ], style: set.kind == .interval ? nil : .warning)
    }
    table(sets)
  }

  // MARK: - Checks

  /// The density test's plot, and the table and plot of a check's re-estimates.
  mutating func addDiscontinuityEvidence(_ check: CheckRecord, estimate: EstimateRecord?) {
    if let density = check.density {
      figure(caption: [
        .text(
          "Density of \(density.runningVariable) on both sides of the cutoff: a histogram scaled as a density, and the two local polynomial estimates at the cutoff with 95% intervals (Cattaneo, Jansson & Ma 2020)."
        )
      ]) { id in
        DensityTestPlot(record: density).svg(id: id)
      }
      table(
        ReportBuilder.fields(
          "Manipulation test of \(density.runningVariable)",
          [
            (
              "Density at the cutoff",
              [
                .text(
                  "\(NumberFormat.estimate(density.density.below)) from below (SE \(NumberFormat.estimate(density.densityStandardError.below))), \(NumberFormat.estimate(density.density.above)) from above (SE \(NumberFormat.estimate(density.densityStandardError.above)))"
                )
              ]
            ),
            (
              "Difference",
              [
                .text(
                  "\(NumberFormat.estimate(density.difference)) (jackknife SE \(NumberFormat.estimate(density.differenceStandardError)))"
                )
              ]
            ),
            (
              "Bandwidths",
              [
                .text(
                  "\(NumberFormat.estimate(density.bandwidth.below)) below, \(NumberFormat.estimate(density.bandwidth.above)) above (rddensity's comb rule)"
                )
              ]
            ),
            (
              "Rows within the bandwidths",
              [.text("\(density.effectiveObservations.below) below, \(density.effectiveObservations.above) above")]
            ),
            (
              "Test",
              [.text("T = \(NumberFormat.estimate(density.statistic)), p = \(NumberFormat.pValue(density.pValue))")]
            ),
          ]))
    }
    guard !check.fits.isEmpty else { return }
    let sensitivity = check.check == .check(.discontinuityBandwidthSensitivity)
    var table = ReportTable(
      caption: "Re-estimates of \(check.check.rawValue)" + (check.estimator.map { " on \($0)" } ?? ""),
      columns: [
        sensitivity ? "Bandwidth" : "Fit", "h", "Estimate", "Std. error", "Interval", "p-value", "n", "Passes",
      ],
      alignments: [.left, .right, .right, .right, .right, .right, .right, .left])
    for fit in check.fits {
      table.append(
        texts: [
          fit.label, NumberFormat.estimate(fit.bandwidth), NumberFormat.estimate(fit.estimate),
          NumberFormat.estimate(fit.standardError), NumberFormat.interval(fit.confidenceInterval),
          NumberFormat.pValue(fit.pValue), fit.n.map(String.init) ?? NumberFormat.missing, fit.passed ? "yes" : "no",
        ], style: fit.passed ? nil : .failed)
    }
    self.table(table)
    let outcome = record.study.outcome
    if sensitivity {
      figure(caption: [
        .text(
          "Bandwidth sensitivity: the estimate at each bandwidth (b = h) with its interval (robust intervals are centred on the bias-corrected estimate, marked by the short tick); the band is the estimate's own interval."
        )
      ]) { id in
        BandwidthSensitivityPlot(
          fits: check.fits, estimate: estimate?.value, interval: estimate?.confidenceInterval,
          bandwidth: estimate?.bandwidth, axisLabel: "effect on \(outcome)"
        ).svg(id: id)
      }
    } else {
      let rows = check.fits.map {
        ForestPlot.Row(
          label: $0.label, sublabel: $0.bandwidth.map { "h = \(NumberFormat.estimate($0))" } ?? "",
          value: $0.estimate, interval: $0.confidenceInterval, missingReason: "no estimate", failed: !$0.passed)
      }
      figure(caption: [
        .text(
          "Jumps that should be null, each with its interval (robust intervals are centred on the bias-corrected estimate); the dashed line is no jump."
        )
      ]) { id in
        ForestPlot(rows: rows, axisLabel: "jump at the cutoff", confidenceLevel: estimate?.confidenceLevel ?? 0.95)
          .svg(id: id, title: "Re-estimates of \(check.check.rawValue)")
      }
    }
  }
}
