import StudyModel

extension SampleRecords {
  static let panelFile = "studies/did-staggered.yaml"

  /// Sample records rendered in the golden reports but left out of the batch
  /// golden files (JUnit, annotations, step summary, index), which predate them.
  static var reportOnly: [(name: String, record: RunRecord)] {
    [("did-staggered", staggeredPanel())]
  }

  /// A staggered-adoption study on a small unbalanced state-by-year panel
  /// (made-up numbers): two cohorts and never-treated states; a
  /// Callaway & Sant'Anna event study with a universal base period and a
  /// uniform band, the same ATT(g,t) aggregated simply, and a two-way
  /// fixed-effects regression with its Goodman-Bacon decomposition and
  /// negative weights. The Goodman-Bacon weights sum to 1 and their weighted
  /// estimates to the coefficient, as the decomposition requires.
  static func staggeredPanel() -> RunRecord {
    let file = panelFile
    let study = StudyRecord(
      name: "did-staggered", title: "Paid sick leave mandates and absences, staggered adoption (simulated)",
      description: "States adopted a mandate in 2003 or 2004 and kept it; the others never did.",
      file: file, treatment: "mandate", outcome: "absences", effect: .averageTreatmentEffectOnTreated,
      treatmentValue: 1, controlValue: 0, effectModifiers: [],
      question: "the average effect on the treated on absences of setting mandate from 0 to 1, among the treated units")
    let graph = GraphRecord(
      nodes: RecordKit.nodes([("mandate", ["treatment"]), ("absences", ["outcome"])]),
      edges: RecordKit.edges(["mandate -> absences"]))
    let identification = IdentificationRecord(
      strategy: "parallel trends", requested: "parallel_trends",
      estimand: "ATT(g,t) = E[absences_t - absences_{g-1} | G = g] - E[absences_t - absences_{g-1} | never treated]",
      adjustmentSet: [], adjustmentChoice: "minimal", minimalSets: [], minimalSetsOmitted: 0, canonicalSet: nil,
      optimalSet: nil, optimalSetReason: nil, instruments: [], mediators: [], frontdoorConditions: [],
      backdoorPaths: [], backdoorPathsOmitted: 0, notIdentifiableReason: nil, impliedIndependencies: [],
      graph: graph,
      notes: [
        "parallel trends: had they not been treated, the average absences of each cohort would have changed as that of the never-treated states",
        "no anticipation: the treatment has no effect before the period of adoption",
      ])
    var data = DataRecord(
      path: "studies/data/sick-leave.csv", sha256: "5f1c0a9e2b7d4c3e8a6f0b1d2c3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e",
      bytes: 4_180, rowsRead: 196, rowsUsed: 196, rowsDropped: 0, droppedByColumn: [:], firstDroppedLines: [],
      missingPolicy: .error,
      columns: [
        ColumnRecord(
          name: "absences", type: .continuous, declared: true, roles: ["outcome"], mean: 4.812,
          standardDeviation: 1.127, minimum: 2.05, maximum: 7.93),
        ColumnRecord(
          name: "mandate", type: .binary, declared: true, roles: ["treatment"], mean: 0.2398,
          standardDeviation: 0.4281, minimum: 0, maximum: 1),
      ],
      arms: [])
    data.panel = PanelRecord(
      unit: "state", time: "year", units: 40, periods: [2001, 2002, 2003, 2004, 2005], balanced: false,
      cohorts: [PanelRecord.CohortSize(cohort: 2003, units: 9), PanelRecord.CohortSize(cohort: 2004, units: 10)],
      neverTreated: 21, droppedUnits: 2, droppedExamples: ["AK", "HI"])
    let eventStudy = [
      EventStudyPoint(
        eventTime: -3, value: 0.21, standardError: 0.102, confidenceInterval: [0.01, 0.41],
        uniformBand: [-0.08, 0.5]),
      EventStudyPoint(
        eventTime: -2, value: -0.04, standardError: 0.088, confidenceInterval: [-0.2125, 0.1325],
        uniformBand: [-0.29, 0.21]),
      EventStudyPoint(eventTime: -1, value: 0, standardError: nil, confidenceInterval: nil),
      EventStudyPoint(
        eventTime: 0, value: 0.52, standardError: 0.11, confidenceInterval: [0.3044, 0.7356],
        uniformBand: [0.2, 0.84]),
      EventStudyPoint(
        eventTime: 1, value: 0.81, standardError: 0.13, confidenceInterval: [0.5552, 1.065],
        uniformBand: [0.43, 1.19]),
      EventStudyPoint(
        eventTime: 2, value: 1.12, standardError: 0.19, confidenceInterval: [0.7476, 1.492],
        uniformBand: [0.57, 1.67]),
    ]
    let groupTime = [
      GroupTimeEffect(cohort: 2003, time: 2001, basePeriod: 2002, value: -0.06, standardError: 0.121),
      GroupTimeEffect(cohort: 2003, time: 2002, basePeriod: 2002, value: 0, standardError: nil),
      GroupTimeEffect(cohort: 2003, time: 2003, basePeriod: 2002, value: 0.49, standardError: 0.15),
      GroupTimeEffect(cohort: 2003, time: 2004, basePeriod: 2002, value: 0.77, standardError: 0.16),
      GroupTimeEffect(cohort: 2003, time: 2005, basePeriod: 2002, value: 1.12, standardError: 0.19),
      GroupTimeEffect(cohort: 2004, time: 2001, basePeriod: 2003, value: 0.21, standardError: 0.102),
      GroupTimeEffect(cohort: 2004, time: 2002, basePeriod: 2003, value: -0.02, standardError: 0.118),
      GroupTimeEffect(cohort: 2004, time: 2003, basePeriod: 2003, value: 0, standardError: nil),
      GroupTimeEffect(cohort: 2004, time: 2004, basePeriod: 2003, value: 0.55, standardError: 0.14),
      GroupTimeEffect(cohort: 2004, time: 2005, basePeriod: 2003, value: 0.85, standardError: 0.17),
    ]
    let uncertainty = UncertaintyRecord(kind: "analytic", method: "influence function, clustered by unit")
    var cs = EstimateRecord(
      name: "cs", method: .staggeredDid, effect: .averageTreatmentEffectOnTreated,
      treatmentValue: 1, controlValue: 0, strategy: "parallel trends", value: 0.8113, standardError: 0.1304,
      confidenceInterval: [0.5557, 1.067], pValue: 0.000_000_5, uncertainty: uncertainty, n: 190, nTreated: 18,
      nControl: 20,
      diagnostics: [
        DiagnosticValue("aggregation", text: "dynamic"), DiagnosticValue("control group", text: "never_treated"),
        DiagnosticValue("uniform band critical value (event study)", value: 2.571),
      ],
      location: RecordKit.at(file, 30))
    cs.eventStudy = eventStudy
    cs.groupTime = groupTime
    cs.refutations = [
      CheckRecord(
        check: "pre_trends", estimator: "cs", verdict: .passed, severity: .error,
        summary: "Joint Wald test that every pre-treatment ATT(g,t) is 0; passes when p >= alpha.",
        rule: "fails when the pre-treatment ATT(g,t) are jointly different from 0: Wald p < alpha",
        detail: "Wald statistic 4.812 on 3 pre-treatment ATT(g,t), p = 0.1862", statistic: 0.1862,
        statisticName: "p (pre-treatment effects = 0)", threshold: 0.05, pValue: 0.1862,
        values: [NamedValue("Wald statistic", 4.812), NamedValue("degrees of freedom", 3)],
        location: RecordKit.at(file, 42), seconds: 0.001)
    ]
    cs = RecordKit.judged(cs)
    var simple = EstimateRecord(
      name: "cs_simple", method: .staggeredDid, effect: .averageTreatmentEffectOnTreated,
      treatmentValue: 1, controlValue: 0, strategy: "parallel trends", value: 0.7274, standardError: 0.1187,
      confidenceInterval: [0.4947, 0.96], pValue: 0.000_001, uncertainty: uncertainty, n: 190, nTreated: 18,
      nControl: 20, diagnostics: [DiagnosticValue("aggregation", text: "simple")], location: RecordKit.at(file, 33))
    simple.groupTime = groupTime
    simple = RecordKit.judged(simple)
    var twfe = EstimateRecord(
      name: "twfe", method: .twoWayFixedEffects, effect: .averageTreatmentEffectOnTreated, treatmentValue: 1,
      controlValue: 0, strategy: "parallel trends", value: 0.6462, standardError: 0.1411,
      confidenceInterval: [0.3608, 0.9316], pValue: 0.000_05,
      uncertainty: UncertaintyRecord(kind: "analytic", method: "cluster-robust by state (CR1)"), n: 196,
      models: [
        ModelRecord(
          role: "outcome", kind: "two-way fixed effects (within transformation)", columns: ["mandate"],
          coefficients: [0.6462], standardErrors: [0.1411], formula: "absences ~ mandate | state + year")
      ],
      diagnostics: [
        DiagnosticValue("clusters", value: 40), DiagnosticValue("treated unit-periods", value: 47),
        DiagnosticValue("negative weights", value: 4, flagged: true),
        DiagnosticValue("share of negative weights", value: 0.0851, flagged: true),
        DiagnosticValue("sum of negative weights", value: -0.0213),
        DiagnosticValue("sigma_fe (de Chaisemartin & D'Haultfoeuille)", value: 0.41),
        DiagnosticValue("weight of already-treated controls", value: 0.1, flagged: true),
      ],
      warnings: [
        "4 of 47 treated unit-periods (8.5%) get negative weights (sum -0.0213) in the two-way fixed effects coefficient"
      ],
      location: RecordKit.at(file, 36))
    twfe.bacon = [
      BaconComponent(comparison: "treated vs never treated", treated: 2003, control: nil, estimate: 0.82, weight: 0.4),
      BaconComponent(
        comparison: "treated vs never treated", treated: 2004, control: nil, estimate: 0.74, weight: 0.38),
      BaconComponent(comparison: "earlier vs later treated", treated: 2003, control: 2004, estimate: 0.6, weight: 0.12),
      BaconComponent(
        comparison: "later vs earlier treated", treated: 2004, control: 2003, estimate: -0.35, weight: 0.1),
    ]
    twfe.refutations = [
      CheckRecord(
        check: "placebo_time", estimator: "twfe", verdict: .passed, severity: .error,
        summary: "Moves every adoption earlier by the shift: the effect of a fake adoption date must be 0.",
        rule: "fails when the placebo effect differs from 0: p < alpha",
        detail: "placebo effect 0.041 (se 0.093) on 58 rows before the real adoptions, p = 0.6594", statistic: 0.6594,
        statisticName: "p (placebo effect = 0)", threshold: 0.05, pValue: 0.6594, location: RecordKit.at(file, 43),
        seconds: 0.002)
    ]
    twfe = RecordKit.judged(twfe)
    let estimates = [cs, simple, twfe]
    let gate = RecordKit.gate(estimates, [], [])
    return RunRecord(
      study: study, status: gate.verdict, data: data, identification: identification, estimates: estimates,
      gate: gate,
      warnings: [
        RunWarning(
          "2 units are not observed in every period and were left out by the balanced-panel estimators (AK, HI)",
          subject: "cs")
      ],
      provenance: ProvenanceRecord(
        assayVersion: "0.1.0", studySHA256: "9a271f2a916b0b6ee6cecb2426f0b3206ef074578be55d9bc94f6f3fe3ab86aa",
        dataSHA256: data.sha256, dataRows: 196, seed: 2021, randomNumberGenerator: "Xoshiro256** streams",
        resolvedStudy: [RecordKit.setting("estimators.cs.params.base_period", "universal")],
        platform: "Linux x86_64, Swift 6.3.1", commandLine: ["assay", "run", file, "--deterministic"],
        gitCommit: nil, threads: 2, timing: nil))
  }
}
