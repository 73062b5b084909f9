import StudyModel

extension SampleRecords {
  static let cardFile = "studies/card-proximity.yaml"

  /// Card (1995): the return to schooling, instrumented by growing up near a
  /// four-year college. An IV study that passes, with conditional effects by
  /// region, a not-applicable check and a timing block (not deterministic).
  static func cardIV() -> RunRecord {
    let file = cardFile
    let conditioning = ["exper", "black", "south", "smsa"]
    let study = StudyRecord(
      name: "card-proximity", title: "Return to schooling, instrumented by college proximity (Card 1995)",
      description:
        "Men who grew up near a four-year college (`nearc4`) got more schooling. If proximity affects wages only through schooling, it identifies the return to a year of education despite unmeasured ability.",
      file: file, treatment: "educ", outcome: "lwage", effect: .averageTreatmentEffect, treatmentValue: 13,
      controlValue: 12, effectModifiers: ["south"],
      question: "the average effect on lwage of setting educ from 12 to 13, among all units")
    let graph = GraphRecord(
      nodes: RecordKit.nodes([
        ("nearc4", ["instrument"]), ("educ", ["treatment"]), ("lwage", ["outcome"]), ("exper", ["adjusted"]),
        ("black", ["adjusted"]), ("south", ["adjusted", "modifier"]), ("smsa", ["adjusted"]),
      ]),
      edges: RecordKit.edges([
        "nearc4 -> educ", "educ -> lwage", "exper -> lwage", "black -> educ", "black -> lwage", "south -> nearc4",
        "south -> lwage", "smsa -> nearc4", "smsa -> lwage", "educ <-> lwage", "black -> exper",
      ]))
    let identification = IdentificationRecord(
      strategy: "iv", requested: "auto",
      estimand: "(E[lwage | nearc4=1, w] - E[lwage | nearc4=0, w]) / (E[educ | nearc4=1, w] - E[educ | nearc4=0, w])",
      adjustmentSet: [], adjustmentChoice: "minimal", minimalSets: [], minimalSetsOmitted: 0, canonicalSet: nil,
      optimalSet: nil, optimalSetReason: "no valid adjustment set exists: educ <-> lwage cannot be blocked",
      instruments: [
        InstrumentRecord(
          instrument: "nearc4", conditioningSet: conditioning,
          relevance: "nearc4 -> educ is an edge of the graph, and the first stage confirms it (F = 13.26).",
          exclusion:
            "Every path from nearc4 to lwage that avoids educ passes through south or smsa, which are conditioned on.")
      ],
      mediators: [], frontdoorConditions: [],
      backdoorPaths: [
        PathRecord(path: "educ <-> lwage", status: "open", blockedBy: nil, how: nil),
        PathRecord(path: "educ <- black -> lwage", status: "blocked", blockedBy: "black", how: "adjusted for"),
      ],
      backdoorPathsOmitted: 0, notIdentifiableReason: nil,
      impliedIndependencies: [
        IndependenceStatement(a: "nearc4", b: "exper", given: ["black"]),
        IndependenceStatement(a: "black", b: "south", given: []),
        IndependenceStatement(a: "south", b: "smsa", given: []),
      ],
      graph: graph,
      notes: [
        "backdoor: the hidden common cause educ <-> lwage (ability) opens a back-door path that no observed set blocks.",
        "frontdoor: no mediator intercepts educ -> lwage.",
      ])
    let data = DataRecord(
      path: "studies/data/card.csv", sha256: "0b7d2f3a4c5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8",
      bytes: 211_406,
      rowsRead: 3010, rowsUsed: 3010, rowsDropped: 0, droppedByColumn: [:], firstDroppedLines: [],
      missingPolicy: .error,
      columns: [
        ColumnRecord(
          name: "lwage", type: .continuous, declared: true, roles: ["outcome"], mean: 6.262, standardDeviation: 0.4438,
          minimum: 4.605, maximum: 7.785),
        ColumnRecord(
          name: "educ", type: .integer, declared: true, roles: ["treatment"], mean: 13.26, standardDeviation: 2.677,
          minimum: 1, maximum: 18),
        ColumnRecord(
          name: "nearc4", type: .binary, declared: true, roles: ["instrument"], mean: 0.6821, standardDeviation: 0.4657,
          minimum: 0, maximum: 1),
        ColumnRecord(
          name: "exper", type: .integer, declared: true, roles: ["adjusted"], mean: 8.856, standardDeviation: 4.142,
          minimum: 0, maximum: 23),
        ColumnRecord(
          name: "black", type: .binary, declared: true, roles: ["adjusted"], mean: 0.2339, standardDeviation: 0.4234,
          minimum: 0, maximum: 1),
        ColumnRecord(
          name: "south", type: .binary, declared: true, roles: ["adjusted", "modifier"], mean: 0.4037,
          standardDeviation: 0.4907, minimum: 0, maximum: 1),
        ColumnRecord(
          name: "smsa", type: .binary, declared: true, roles: ["adjusted"], mean: 0.7130, standardDeviation: 0.4524,
          minimum: 0, maximum: 1),
      ],
      arms: [])
    let checkSummary = "Replaces the treatment with a random permutation of it: the effect of a placebo must be zero."
    var tsls = EstimateRecord(
      name: "tsls", method: .instrumentalVariable, effect: .averageTreatmentEffect, treatmentValue: 13,
      controlValue: 12,
      strategy: "iv", instruments: ["nearc4"], value: 0.1315, standardError: 0.0550,
      confidenceInterval: [0.0237, 0.2393],
      pValue: 0.0168, uncertainty: UncertaintyRecord(kind: "analytic", method: "2SLS, HC1 sandwich"), n: 3010,
      models: [
        ModelRecord(
          role: "first stage", kind: "OLS", columns: ["(intercept)", "nearc4", "exper", "black", "south", "smsa"],
          coefficients: [16.63, 0.3199, -0.4125, -0.9355, -0.1061, 0.4020],
          standardErrors: [0.2112, 0.0879, 0.0337, 0.0937, 0.0901, 0.1048]),
        ModelRecord(
          role: "second stage", kind: "OLS", columns: ["(intercept)", "educ", "exper", "black", "south", "smsa"]),
      ],
      diagnostics: [
        DiagnosticValue("first-stage F", value: 13.26, text: "above 10 (Staiger & Stock 1997)"),
        DiagnosticValue("partial R² of nearc4", value: 0.0044),
      ],
      conditionalEffects: [
        ConditionalEffect(
          modifier: "south", level: "0", n: 1795, value: 0.1102, standardError: 0.0671,
          confidenceInterval: [-0.0213, 0.2417]),
        ConditionalEffect(
          modifier: "south", level: "1", n: 1215, value: 0.1688, standardError: 0.0932,
          confidenceInterval: [-0.0139, 0.3515]),
      ],
      location: RecordKit.at(file, 40))
    var wald = EstimateRecord(
      name: "wald", method: .instrumentalVariable, effect: .averageTreatmentEffect, treatmentValue: 13,
      controlValue: 12,
      strategy: "iv", instruments: ["nearc4"], value: 0.1880, standardError: 0.0261,
      confidenceInterval: [0.1368, 0.2392],
      pValue: 0.000_000_1, uncertainty: UncertaintyRecord(kind: "analytic", method: "Wald ratio, delta method"),
      n: 3010,
      diagnostics: [DiagnosticValue("first-stage F", value: 63.49)],
      warnings: [
        "no covariates: the exclusion restriction needs south and smsa, so this estimate is for comparison only"
      ],
      location: RecordKit.at(file, 44))
    for (index, estimate) in [tsls, wald].enumerated() {
      let value = estimate.value ?? 0
      let se = estimate.standardError ?? 1
      var checks = [
        CheckRecord(
          check: "placebo_treatment", estimator: estimate.name, verdict: .passed, severity: .error,
          summary: checkSummary,
          rule: "two-sided p-value of the mean placebo estimate against 0 ≥ α = 0.05",
          detail: "The mean placebo estimate is 0.0021, indistinguishable from 0.", statistic: 0.0021,
          statisticName: "mean placebo estimate", threshold: 0.05, reference: 0, pValue: 0.7712,
          simulated: RecordKit.normals(60, mean: 0, sd: se, seed: UInt64(7 + index), decimals: 4),
          location: RecordKit.at(file, 52), seconds: 1.204),
        CheckRecord(
          check: "bootstrap", estimator: estimate.name, verdict: .passed, severity: .error,
          summary: "Re-estimates on bootstrap resamples: the bootstrap distribution must be centred on the estimate.",
          rule: "|bootstrap mean − estimate| ≤ 0.25 bootstrap standard errors",
          detail: "The bootstrap mean is within 0.06 bootstrap standard errors of the estimate.", statistic: 0.06,
          statisticName: "bias in bootstrap standard errors", threshold: 0.25, reference: value,
          simulated: RecordKit.normals(60, mean: value, sd: se, seed: UInt64(17 + index), decimals: 4),
          location: RecordKit.at(file, 53), seconds: 2.918),
        CheckRecord(
          check: "overlap", estimator: estimate.name, verdict: .notApplicable, severity: .error,
          summary: "Propensity scores must stay away from 0 and 1.", rule: "share of units outside [0.01, 0.99] ≤ 10%",
          detail: "The treatment educ is not binary, so there is no propensity score.",
          location: RecordKit.at(file, 54),
          seconds: 0.0),
      ]
      if index == 1 { checks.removeLast() }
      var judged = estimate
      judged.refutations = checks
      if index == 0 { tsls = RecordKit.judged(judged) } else { wald = RecordKit.judged(judged) }
    }
    let studyChecks = [
      CheckRecord(
        check: "graph_independencies", estimator: nil, verdict: .passed, severity: .warn,
        summary: "Tests every conditional independence the graph implies among observed variables.",
        rule: "no implied independence rejected at α = 0.05 after Holm's correction",
        detail: "None of the 3 implied independencies is rejected.", statistic: 0,
        statisticName: "rejected independencies",
        threshold: 0,
        tests: [
          IndependenceTestRecord(
            statement: IndependenceStatement(a: "nearc4", b: "exper", given: ["black"]), test: .regression,
            statistic: 1.12, degreesOfFreedom: 1, pValue: 0.29, adjustedPValue: 0.58, rejected: false),
          IndependenceTestRecord(
            statement: IndependenceStatement(a: "black", b: "south", given: []), test: .chiSquare, statistic: 0.31,
            degreesOfFreedom: 1, pValue: 0.578, adjustedPValue: 0.578, rejected: false),
          IndependenceTestRecord(
            statement: IndependenceStatement(a: "south", b: "smsa", given: []), test: .chiSquare, statistic: 2.71,
            degreesOfFreedom: 1, pValue: 0.0997, adjustedPValue: 0.2991, rejected: false),
        ],
        location: RecordKit.at(file, 56), seconds: 0.031)
    ]
    let expectations = [
      CheckRecord(
        check: "expectation", estimator: "tsls", verdict: .passed, severity: .error,
        summary: "The study's expectation: the return to a year of schooling is between 0 and 30%.",
        rule: "0 ≤ estimate ≤ 0.3", detail: "The estimate 0.1315 is between 0 and 0.3.", statistic: 0.1315,
        statisticName: "estimate", location: RecordKit.at(file, 60))
    ]
    let gate = RecordKit.gate([tsls, wald], studyChecks, expectations)
    return RunRecord(
      study: study, status: gate.verdict, data: data, identification: identification, estimates: [tsls, wald],
      studyChecks: studyChecks, expectations: expectations, gate: gate, warnings: [],
      provenance: ProvenanceRecord(
        assayVersion: "0.1.0", studySHA256: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        dataSHA256: data.sha256, dataRows: 3010, seed: UInt64.max,
        randomNumberGenerator:
          "Xoshiro256** streams, one per simulation, seeded by SplitMix64 from hash(seed, check, estimator, index)",
        resolvedStudy: [
          RecordKit.setting("seed", "18446744073709551615"),
          RecordKit.setting("estimand.identification", "auto", default: true),
          RecordKit.setting("estimators.tsls.params.se", "hc1", default: true),
          RecordKit.setting("refutations.simulations", "60"),
        ],
        platform: "Linux aarch64, Swift 6.3.1", commandLine: ["assay", "run", file], gitCommit: nil, threads: 8,
        timing: TimingRecord(
          timestamp: "2026-03-14T09:26:53Z",
          steps: [
            NamedValue("read data", 0.0412), NamedValue("identify", 0.0031), NamedValue("estimate", 0.1187),
            NamedValue("refute", 8.3319), NamedValue("report", 0.0518),
          ],
          totalSeconds: 8.5467)))
  }

  static let smokingFile = "studies/smoking-tar.yaml"

  /// Pearl's smoking, tar and cancer example: front-door identification with
  /// a mediation estimator that reports natural direct and indirect effects.
  static func frontdoor() -> RunRecord {
    let file = smokingFile
    let study = StudyRecord(
      name: "smoking-tar", title: "Smoking and lung cancer through tar deposits (front-door)", description: nil,
      file: file, treatment: "smoking", outcome: "cancer", effect: .averageTreatmentEffect, treatmentValue: 1,
      controlValue: 0, effectModifiers: [],
      question: "the average effect on cancer of setting smoking from 0 to 1, among all units")
    let graph = GraphRecord(
      nodes: RecordKit.nodes(
        [("smoking", ["treatment"]), ("tar", ["mediator"]), ("cancer", ["outcome"]), ("genotype", [])],
        latent: ["genotype"]),
      edges: RecordKit.edges(["smoking -> tar", "tar -> cancer", "genotype -> smoking", "genotype -> cancer"]))
    let identification = IdentificationRecord(
      strategy: "frontdoor", requested: "frontdoor",
      estimand: "Σ_m P(m | do(smoking)) Σ_s' P(cancer | m, s') P(s')", adjustmentSet: [], adjustmentChoice: "minimal",
      minimalSets: [], minimalSetsOmitted: 0, canonicalSet: nil, optimalSet: nil, optimalSetReason: nil,
      instruments: [],
      mediators: ["tar"],
      frontdoorConditions: [
        ConditionRecord(
          condition: "tar intercepts every directed path from smoking to cancer", holds: true,
          reason: "the only directed path is smoking -> tar -> cancer"),
        ConditionRecord(
          condition: "no unblocked back-door path from smoking to tar", holds: true,
          reason: "every back-door path from smoking to tar passes the collider cancer"),
        ConditionRecord(
          condition: "every back-door path from tar to cancer is blocked by smoking", holds: true,
          reason: "tar <- smoking <- genotype -> cancer is blocked by smoking"),
      ],
      backdoorPaths: [PathRecord(path: "smoking <- genotype -> cancer", status: "open", blockedBy: nil, how: nil)],
      backdoorPathsOmitted: 0, notIdentifiableReason: nil, impliedIndependencies: [], graph: graph,
      notes: ["backdoor: genotype is latent, so smoking <- genotype -> cancer cannot be blocked."])
    var frontdoor = EstimateRecord(
      name: "two_stage", method: .frontdoorTwoStage, effect: .averageTreatmentEffect, treatmentValue: 1,
      controlValue: 0,
      strategy: "frontdoor", mediators: ["tar"], value: 0.1523, standardError: 0.0211,
      confidenceInterval: [0.1109, 0.1937],
      pValue: 0.000_000_000_01,
      uncertainty: UncertaintyRecord(
        kind: "bootstrap", method: "nonparametric bootstrap", replicates: 500, interval: "basic", seed: 42),
      n: 800, nTreated: 400, nControl: 400)
    var mediation = EstimateRecord(
      name: "mediation", method: .mediation, effect: .averageTreatmentEffect, treatmentValue: 1, controlValue: 0,
      strategy: "frontdoor", mediators: ["tar"], value: 0.1523, standardError: 0.0224,
      confidenceInterval: [0.1084, 0.1962], pValue: 0.000_000_000_02,
      uncertainty: UncertaintyRecord(kind: "analytic", method: "product of coefficients, delta method (Sobel 1982)"),
      n: 800, nTreated: 400, nControl: 400,
      components: [
        EffectComponent(
          name: "natural direct effect", value: 0.0081, standardError: 0.0154, confidenceInterval: [-0.0221, 0.0383]),
        EffectComponent(
          name: "natural indirect effect", value: 0.1442, standardError: 0.0198, confidenceInterval: [0.1054, 0.1830]),
        EffectComponent(name: "proportion mediated", value: 0.9468, standardError: nil, confidenceInterval: nil),
      ])
    var dml = EstimateRecord(
      name: "dml", method: .doubleMachineLearning, effect: .averageTreatmentEffect, treatmentValue: 1, controlValue: 0,
      strategy: "backdoor", status: .error,
      failure: "the outcome model did not converge after 50 iterations (separation: tar = 1 predicts cancer = 1)",
      n: 800,
      verdict: .error)
    frontdoor.refutations = [
      CheckRecord(
        check: "bootstrap", estimator: "two_stage", verdict: .passed, severity: .error,
        summary: "Re-estimates on bootstrap resamples.",
        rule: "|bootstrap mean − estimate| ≤ 0.25 bootstrap standard errors",
        detail: "The bootstrap mean is within 0.02 bootstrap standard errors.", statistic: 0.02, threshold: 0.25,
        reference: 0.1523, simulated: [0.1523])
    ]
    frontdoor = RecordKit.judged(frontdoor)
    mediation = RecordKit.judged(mediation)
    dml.refutations = [
      CheckRecord(
        check: "bootstrap", estimator: "dml", verdict: .error, severity: .error,
        summary: "Re-estimates on bootstrap resamples.",
        rule: "|bootstrap mean − estimate| ≤ 0.25 bootstrap standard errors",
        detail: "There is no estimate to resample: the estimator failed.")
    ]
    dml.verdict = .error
    let gate = RecordKit.gate([frontdoor, mediation, dml], [], [])
    return RunRecord(
      study: study, status: gate.verdict, identification: identification, estimates: [frontdoor, mediation, dml],
      gate: gate,
      provenance: ProvenanceRecord(
        assayVersion: "0.1.0", studySHA256: "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae",
        dataSHA256: "fcde2b2edba56bf408601fb721fe9b5c338d10ee429ea04fae5511b68fbf8fb9", dataRows: 800, seed: 1,
        randomNumberGenerator: "Xoshiro256** streams", resolvedStudy: [], platform: "Linux x86_64, Swift 6.3.1",
        commandLine: ["assay", "run", file, "--deterministic"], gitCommit: nil, threads: 1, timing: nil))
  }

  static let hedgeFile = "studies/genotype-hedge.yaml"

  /// An effect the graph does not identify: a bidirected edge between treatment and outcome (a hedge).
  static func notIdentifiable() -> RunRecord {
    let file = hedgeFile
    let study = StudyRecord(
      name: "genotype-hedge", title: "Smoking and cancer with an unmeasured genotype (not identifiable)",
      description: "Without tar deposits in the graph, nothing separates smoking from the hidden genotype.",
      file: file, treatment: "smoking", outcome: "cancer", effect: .averageTreatmentEffect, treatmentValue: 1,
      controlValue: 0, effectModifiers: [],
      question: "the average effect on cancer of setting smoking from 0 to 1, among all units")
    let graph = GraphRecord(
      nodes: RecordKit.nodes([("age", []), ("smoking", ["treatment"]), ("cancer", ["outcome"])]),
      edges: RecordKit.edges(["age -> smoking", "age -> cancer", "smoking -> cancer", "smoking <-> cancer"]))
    let reason =
      "The bidirected edge smoking <-> cancer forms a hedge for P(cancer | do(smoking)) (Shpitser & Pearl 2006): "
      + "the C-forest {smoking, cancer} and its sub-forest {cancer} share the confounded component, so no functional of the observed distribution equals the effect."
    let identification = IdentificationRecord(
      strategy: "none", requested: "auto", estimand: "", adjustmentSet: [], adjustmentChoice: "minimal",
      minimalSets: [],
      minimalSetsOmitted: 0, canonicalSet: nil, optimalSet: nil, optimalSetReason: "no valid adjustment set exists",
      instruments: [], mediators: [], frontdoorConditions: [],
      backdoorPaths: [
        PathRecord(path: "smoking <-> cancer", status: "open", blockedBy: nil, how: nil),
        PathRecord(path: "smoking <- age -> cancer", status: "blocked", blockedBy: "age", how: "adjusted for"),
      ],
      backdoorPathsOmitted: 0, notIdentifiableReason: reason, impliedIndependencies: [], graph: graph,
      notes: [
        "backdoor: smoking <-> cancer cannot be blocked.", "frontdoor: no mediator between smoking and cancer.",
        "iv: age affects cancer directly, so it is no instrument.",
      ])
    let location = SourceRange(
      file: file, start: SourcePosition(line: 31, column: 3), end: SourcePosition(line: 33, column: 20))
    return RunRecord(
      study: study, status: .error,
      error: RunError(
        kind: .notIdentified, message: "the effect of smoking on cancer is not identifiable from this graph",
        location: location,
        notes: [reason, "add a mediator (front-door) or an instrument to the graph, or measure the confounder"]),
      identification: identification,
      gate: GateRecord(
        verdict: .error, failures: [], passedCount: 0, failedCount: 0, warnedCount: 0, notApplicableCount: 0),
      provenance: ProvenanceRecord(
        assayVersion: "0.1.0", studySHA256: "b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c",
        dataSHA256: "", dataRows: 0, seed: 0, randomNumberGenerator: "Xoshiro256** streams",
        resolvedStudy: [RecordKit.setting("estimand.identification", "auto", default: true)],
        platform: "Linux x86_64, Swift 6.3.1",
        commandLine: ["assay", "run", file], gitCommit: nil, threads: 2, timing: nil))
  }

  static let brokenFile = "studies/nsw-broken.yaml"

  /// A run stopped by invalid data: missing values under `missing: error`.
  static func invalidData() -> RunRecord {
    let file = brokenFile
    let study = StudyRecord(
      name: "nsw-broken", title: "NSW with a damaged data file", description: nil, file: file, treatment: "treat",
      outcome: "re78", effect: .averageTreatmentEffect, treatmentValue: 1, controlValue: 0, effectModifiers: [],
      question: "the average effect on re78 of setting treat from 0 to 1, among all units")
    return RunRecord(
      study: study, status: .error,
      error: RunError(
        kind: .invalidData, message: "column 're75' has 12 missing values, and data.missing is error",
        location: SourceRange(file: "studies/data/nsw_broken.csv", line: 118, column: 9),
        notes: [
          "missing on lines 118, 204, 311 and 9 more",
          "set data.missing: drop to analyse complete cases (rows will be counted in the report)",
        ]),
      gate: GateRecord(
        verdict: .error, failures: [], passedCount: 0, failedCount: 0, warnedCount: 0, notApplicableCount: 0),
      provenance: ProvenanceRecord(
        assayVersion: "0.1.0", studySHA256: "7d865e959b2466918c9863afca942d0fb89d7c9ac0c99bafc3749504ded97730",
        dataSHA256: "a948904f2f0f479b8f8197694b30184b0d2ed1c1cd2a1ec0fb85d299a192a447", dataRows: 0, seed: 20_261_128,
        randomNumberGenerator: "Xoshiro256** streams",
        resolvedStudy: [RecordKit.setting("data.missing", "error", default: true)],
        platform: "Linux x86_64, Swift 6.3.1", commandLine: ["assay", "run", file, "--deterministic"], gitCommit: nil,
        threads: 2, timing: nil))
  }

  /// Every sample record with its fixture name.
  static var all: [(name: String, record: RunRecord)] {
    [
      ("nsw-cps", nsw()), ("card-proximity", cardIV()), ("smoking-tar", frontdoor()),
      ("genotype-hedge", notIdentifiable()), ("nsw-broken", invalidData()),
    ]
  }

  /// A record far larger than any study: thousands of simulations per check,
  /// hundreds of independence tests and settings (for size limits, not golden files).
  static func huge() -> RunRecord {
    var record = nsw()
    record.estimates = record.estimates.enumerated().map { index, estimate in
      var copy = estimate
      copy.refutations = estimate.refutations.map { check in
        var c = check
        if !c.simulated.isEmpty {
          c.simulated = RecordKit.normals(
            5000, mean: check.reference ?? 0, sd: estimate.standardError ?? 1, seed: UInt64(index * 31 + 5))
        }
        return c
      }
      return copy
    }
    let names = (0..<40).map { "x\($0)" }
    var tests: [IndependenceTestRecord] = []
    for i in 0..<names.count {
      for j in (i + 1)..<names.count where tests.count < 600 {
        let p = Double((i * 37 + j * 11) % 1000) / 1000
        tests.append(
          IndependenceTestRecord(
            statement: IndependenceStatement(a: names[i], b: names[j], given: Array(names[max(0, j - 3)..<j])),
            test: .fisherZ, statistic: 1 - p, degreesOfFreedom: 1, pValue: p, adjustedPValue: min(1, p * 3),
            rejected: p * 3 < 0.05))
      }
    }
    record.studyChecks[0].tests = tests
    record.identification?.impliedIndependencies = tests.map(\.statement)
    record.provenance.resolvedStudy = (0..<600).map {
      RecordKit.setting("setting.\($0)", String($0), default: $0 % 2 == 0)
    }
    return record
  }
}
