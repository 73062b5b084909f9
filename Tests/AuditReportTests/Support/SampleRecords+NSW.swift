import AuditReport
import StudyModel

/// Hand-made run records that exercise every part of the reports.
///
/// The numbers are realistic, not authoritative: they resemble the published
/// analyses the studies are modelled on (Dehejia & Wahba 1999 for NSW-CPS,
/// Card 1995 for the proximity instrument), but the tests only check how
/// reports show them, never the statistics.
enum SampleRecords {}

extension SampleRecords {
  static let nswFile = "studies/nsw-cps.yaml"

  /// NSW treated men against CPS controls (Dehejia & Wahba 1999): an
  /// observational study with five estimators and ten kinds of check, with
  /// failures (error and warn severity), a not-applicable check and a check
  /// that could not be computed; rows dropped for missing values; a
  /// deterministic run (no timing block).
  static func nsw() -> RunRecord {
    let file = nswFile
    let covariates = ["age", "educ", "black", "hisp", "marr", "nodegree", "re74", "re75"]
    let study = StudyRecord(
      name: "nsw-cps", title: "NSW job training against CPS controls: effect on 1978 earnings",
      description: """
        LaLonde (1986) showed that observational estimators often miss the *experimental* benchmark of the
        NSW programme (**$1,794**). This study compares the 185 NSW trainees with 15,992 men from the
        Current Population Survey, following [Dehejia & Wahba (1999)](https://doi.org/10.1080/01621459.1999.10473858).

        - Pre-treatment earnings `re74` and `re75` carry most of the selection.
        - A <script>alert("x")</script> tag & friends in a description stay text.
        """,
      file: file, treatment: "treat", outcome: "re78", effect: .averageTreatmentEffectOnTreated, treatmentValue: 1,
      controlValue: 0, effectModifiers: [],
      question: "the average effect on re78 of setting treat from 0 to 1, among the treated units")

    let columns: [ColumnRecord] = [
      ColumnRecord(
        name: "treat", type: .binary, declared: true, roles: ["treatment"], mean: 0.01144, standardDeviation: 0.1063,
        minimum: 0, maximum: 1),
      ColumnRecord(
        name: "age", type: .integer, declared: true, roles: ["adjusted"], mean: 33.14, standardDeviation: 11.04,
        minimum: 16, maximum: 55),
      ColumnRecord(
        name: "educ", type: .integer, declared: true, roles: ["adjusted"], mean: 12.02, standardDeviation: 2.87,
        minimum: 0, maximum: 18),
      ColumnRecord(
        name: "black", type: .binary, declared: true, roles: ["adjusted"], mean: 0.0835, standardDeviation: 0.2766,
        minimum: 0, maximum: 1),
      ColumnRecord(
        name: "hisp", type: .binary, declared: true, roles: ["adjusted"], mean: 0.0721, standardDeviation: 0.2587,
        minimum: 0, maximum: 1),
      ColumnRecord(
        name: "marr", type: .binary, declared: true, roles: ["adjusted"], mean: 0.7017, standardDeviation: 0.4576,
        minimum: 0, maximum: 1),
      ColumnRecord(
        name: "nodegree", type: .binary, declared: true, roles: ["adjusted"], mean: 0.2954, standardDeviation: 0.4562,
        minimum: 0, maximum: 1),
      ColumnRecord(
        name: "re74", type: .continuous, declared: true, roles: ["adjusted"], mean: 14016.8, standardDeviation: 9569.8,
        minimum: 0, maximum: 35040.07),
      ColumnRecord(
        name: "re75", type: .continuous, declared: true, roles: ["adjusted"], mean: 13650.8, standardDeviation: 9270.4,
        minimum: 0, maximum: 25243.55),
      ColumnRecord(
        name: "re78", type: .continuous, declared: true, roles: ["outcome"], mean: 14846.7, standardDeviation: 9647.4,
        minimum: 0, maximum: 60307.93),
      ColumnRecord(
        name: "region", type: .categorical, declared: false, roles: [], mean: nil, standardDeviation: nil, minimum: nil,
        maximum: nil, levels: ["north", "south", "west"]),
    ]
    let data = DataRecord(
      path: "studies/data/nsw_cps.csv", sha256: "5c1f0a7e9b3d2c4e6f8a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e",
      bytes: 1_240_311,
      rowsRead: 16_191, rowsUsed: 16_177, rowsDropped: 14, droppedByColumn: ["re75": 9, "educ": 6],
      firstDroppedLines: [118, 2093, 4410, 5127, 7702], missingPolicy: .drop, columns: columns,
      arms: [
        ArmSummary(
          arm: "treated", count: 185,
          means: [
            "age": 25.82, "educ": 10.35, "black": 0.8432, "hisp": 0.0595, "marr": 0.1892, "nodegree": 0.7081,
            "re74": 2095.57, "re75": 1532.06, "re78": 6349.14,
          ]),
        ArmSummary(
          arm: "control", count: 15_992,
          means: [
            "age": 33.23, "educ": 12.03, "black": 0.0735, "hisp": 0.0720, "marr": 0.7117, "nodegree": 0.2958,
            "re74": 14016.8, "re75": 13650.8, "re78": 14846.66,
          ]),
      ])

    let graph = GraphRecord(
      nodes: RecordKit.nodes(
        [
          ("treat", ["treatment"]), ("re78", ["outcome"]), ("age", ["adjusted"]), ("educ", ["adjusted"]),
          ("black", ["adjusted"]), ("hisp", ["adjusted"]), ("marr", ["adjusted"]), ("nodegree", ["adjusted"]),
          ("re74", ["adjusted"]), ("re75", ["adjusted"]), ("ability", []),
        ], latent: ["ability"]),
      edges: RecordKit.edges([
        "treat -> re78", "age -> re78", "educ -> re78", "black -> re78", "hisp -> re78", "marr -> re78",
        "nodegree -> re78", "re74 -> re78", "re75 -> re78", "re74 -> re75", "age -> educ", "age -> marr",
        "age -> re74", "educ -> nodegree", "educ -> re74", "educ -> re75", "ability -> educ", "ability -> re78",
        "age -> treat", "educ -> treat", "black -> treat", "hisp -> treat", "marr -> treat", "nodegree -> treat",
        "re74 -> treat", "re75 -> treat",
      ]))
    let paths: [PathRecord] = [
      PathRecord(path: "treat <- age -> re78", status: "blocked", blockedBy: "age", how: "adjusted for"),
      PathRecord(path: "treat <- educ -> re78", status: "blocked", blockedBy: "educ", how: "adjusted for"),
      PathRecord(path: "treat <- educ <- ability -> re78", status: "blocked", blockedBy: "educ", how: "adjusted for"),
      PathRecord(path: "treat <- black -> re78", status: "blocked", blockedBy: "black", how: "adjusted for"),
      PathRecord(path: "treat <- hisp -> re78", status: "blocked", blockedBy: "hisp", how: "adjusted for"),
      PathRecord(path: "treat <- marr -> re78", status: "blocked", blockedBy: "marr", how: "adjusted for"),
      PathRecord(path: "treat <- nodegree -> re78", status: "blocked", blockedBy: "nodegree", how: "adjusted for"),
      PathRecord(path: "treat <- re74 -> re78", status: "blocked", blockedBy: "re74", how: "adjusted for"),
      PathRecord(path: "treat <- re75 -> re78", status: "blocked", blockedBy: "re75", how: "adjusted for"),
      PathRecord(path: "treat <- re74 -> re75 -> re78", status: "blocked", blockedBy: "re74", how: "adjusted for"),
      PathRecord(
        path: "treat <- age -> educ <- ability -> re78", status: "blocked", blockedBy: "age", how: "adjusted for"),
    ]
    let independencies: [IndependenceStatement] = [
      IndependenceStatement(a: "black", b: "hisp", given: []),
      IndependenceStatement(a: "age", b: "black", given: []),
      IndependenceStatement(a: "black", b: "marr", given: []),
      IndependenceStatement(a: "hisp", b: "marr", given: []),
      IndependenceStatement(a: "marr", b: "nodegree", given: ["educ"]),
      IndependenceStatement(a: "nodegree", b: "re74", given: ["educ"]),
      IndependenceStatement(a: "age", b: "nodegree", given: ["educ"]),
      IndependenceStatement(a: "marr", b: "re75", given: ["educ", "re74"]),
    ]
    let identification = IdentificationRecord(
      strategy: "backdoor", requested: "auto",
      estimand: "E[re78(1) - re78(0) | treat=1] = Σ_z (E[re78 | treat=1, z] - E[re78 | treat=0, z]) P(z | treat=1)",
      adjustmentSet: covariates, adjustmentChoice: "optimal", minimalSets: [covariates], minimalSetsOmitted: 0,
      canonicalSet: covariates, optimalSet: covariates, optimalSetReason: nil, instruments: [], mediators: [],
      frontdoorConditions: [], backdoorPaths: paths, backdoorPathsOmitted: 6, notIdentifiableReason: nil,
      impliedIndependencies: independencies, graph: graph,
      notes: [
        "front-door: no variable intercepts every directed path from treat to re78.",
        "iv: no variable of the graph satisfies the instrument conditions.",
      ])

    let histogram = Histogram(
      edges: (0...20).map { Double($0) / 20 },
      treated: [3, 4, 2, 5, 4, 6, 5, 7, 8, 9, 10, 9, 12, 11, 13, 14, 15, 16, 14, 18],
      control: [15_218, 352, 148, 81, 54, 37, 26, 19, 14, 10, 8, 6, 5, 4, 3, 2, 2, 1, 1, 1])
    let before: [Double] = [-0.797, -0.677, 2.432, -0.050, -1.884, 0.903, -1.568, -1.751]
    func balance(_ after: [Double]) -> [BalanceRow] {
      covariates.indices.map { BalanceRow(covariate: covariates[$0], before: before[$0], after: after[$0]) }
    }

    var estimates: [EstimateRecord] = []
    // 1. OLS.
    var ols = EstimateRecord(
      name: "ols", method: .linearRegression, effect: .averageTreatmentEffectOnTreated, treatmentValue: 1,
      controlValue: 0, strategy: "backdoor", adjustmentSet: covariates, value: 699.1, standardError: 547.6,
      confidenceInterval: [-374.2, 1772.4], pValue: 0.2017,
      uncertainty: UncertaintyRecord(kind: "analytic", method: "HC1 sandwich (MacKinnon & White 1985)"), n: 16_177,
      nTreated: 185, nControl: 15_992,
      models: [
        ModelRecord(
          role: "outcome", kind: "OLS", columns: ["(intercept)", "treat"] + covariates,
          coefficients: [7634.3, 699.1, -95.21, 166.5, -812.3, -21.4, 153.2, 342.1, 0.2914, 0.5662],
          standardErrors: [522.4, 547.6, 5.611, 35.22, 212.8, 218.1, 142.9, 177.8, 0.0192, 0.0198])
      ],
      diagnostics: [
        DiagnosticValue("rank", value: 10),
        DiagnosticValue(
          "condition number", value: 41_873, text: "above 30,000: near-collinear columns re74 and re75", flagged: true),
        DiagnosticValue("R²", value: 0.4771),
      ],
      location: RecordKit.at(file, 62))
    // 2. IPW.
    var ipw = EstimateRecord(
      name: "ipw", method: .propensityScoreWeighting, effect: .averageTreatmentEffectOnTreated, treatmentValue: 1,
      controlValue: 0, strategy: "backdoor", adjustmentSet: covariates, value: 1236.2, standardError: 802.4,
      confidenceInterval: [-336.4, 2808.8], pValue: 0.1234,
      uncertainty: UncertaintyRecord(
        kind: "bootstrap", method: "nonparametric bootstrap of the whole estimator", replicates: 999,
        interval: "percentile", seed: 18_273_645_546_372_819_201),
      n: 16_177, nTreated: 185, nControl: 15_992,
      models: [
        ModelRecord(
          role: "propensity", kind: "logistic", columns: ["(intercept)"] + covariates + ["age^2", "re74:re75"],
          coefficients: [-4.812, 0.331, 0.072, 3.618, 1.412, -1.885, 0.782, -0.000_087, -0.000_161, -0.0051, nil],
          standardErrors: [0.912, 0.072, 0.061, 0.271, 0.412, 0.298, 0.301, 0.000_031, 0.000_038, 0.0011, nil],
          referenceLevels: [])
      ],
      diagnostics: [
        DiagnosticValue(
          "effective sample size (control)", value: 83.4, text: "weights concentrate on 1% of the controls",
          flagged: true),
        DiagnosticValue("largest weight share", value: 0.0412),
        DiagnosticValue(
          "aliased columns", text: "re74:re75 is collinear with re74 and re75 and was dropped", flagged: true),
      ],
      warnings: ["the interaction re74:re75 was dropped (aliased); see the propensity model"],
      balance: balance([0.081, -0.124, 0.052, 0.018, -0.063, 0.044, -0.031, 0.026]), propensityHistogram: histogram,
      location: RecordKit.at(file, 65))
    // 3. Matching.
    var matching = EstimateRecord(
      name: "matching", method: .propensityScoreMatching, effect: .averageTreatmentEffectOnTreated, treatmentValue: 1,
      controlValue: 0, strategy: "backdoor", adjustmentSet: covariates, value: 1901.3, standardError: 945.2,
      confidenceInterval: [48.7, 3753.9], pValue: 0.0443,
      uncertainty: UncertaintyRecord(kind: "analytic", method: "Abadie & Imbens (2006) matching variance"), n: 370,
      nTreated: 185, nControl: 185,
      diagnostics: [
        DiagnosticValue("treated units matched", value: 185),
        DiagnosticValue("caliper (SD of logit propensity)", value: 0.2),
      ],
      balance: balance([0.034, -0.021, 0.000, 0.058, -0.012, 0.027, 0.019, -0.044]), propensityHistogram: histogram,
      location: RecordKit.at(file, 68))
    // 4. Stratification.
    var strata = EstimateRecord(
      name: "strata", method: .propensityScoreStratification, effect: .averageTreatmentEffectOnTreated,
      treatmentValue: 1, controlValue: 0, strategy: "backdoor", adjustmentSet: covariates, value: 1512.4,
      standardError: 760.3, confidenceInterval: [22.3, 3002.5], pValue: 0.0467,
      uncertainty: UncertaintyRecord(kind: "analytic", method: "stratified difference in means, pooled variance"),
      n: 16_177, nTreated: 185, nControl: 15_992, diagnostics: [DiagnosticValue("strata", value: 5)],
      balance: balance([0.152, -0.203, 0.097, 0.011, -0.118, 0.087, -0.062, -0.074]), propensityHistogram: histogram,
      location: RecordKit.at(file, 71))
    // 5. AIPW.
    var aipw = EstimateRecord(
      name: "aipw", method: .doublyRobust, effect: .averageTreatmentEffectOnTreated, treatmentValue: 1, controlValue: 0,
      strategy: "backdoor", adjustmentSet: covariates, value: 1587.0, standardError: 733.1,
      confidenceInterval: [150.2, 3023.8], pValue: 0.0304,
      uncertainty: UncertaintyRecord(kind: "analytic", method: "influence function, 5-fold cross-fitting"), n: 16_177,
      nTreated: 185, nControl: 15_992, diagnostics: [DiagnosticValue("folds", value: 5)],
      propensityHistogram: histogram,
      location: RecordKit.at(file, 73))

    func simulated(
      _ name: String, _ estimator: EstimateRecord, line: Int, verdict: Verdict = .passed,
      severity: CheckSeverity = .error,
      summary: String, rule: String, detail: String, statisticName: String, statistic: Double, threshold: Double?,
      reference: Double, pValue: Double?, mean: Double, sd: Double, seed: UInt64
    ) -> CheckRecord {
      CheckRecord(
        check: RecordedCheck(stringLiteral: name), estimator: estimator.name, verdict: verdict, severity: severity,
        summary: summary, rule: rule,
        detail: detail, statistic: statistic, statisticName: statisticName, threshold: threshold, reference: reference,
        pValue: pValue, simulated: RecordKit.normals(100, mean: mean, sd: sd, seed: seed),
        location: RecordKit.at(file, line))
    }
    let placeboSummary = "Replaces the treatment with a random permutation of it: the effect of a placebo must be zero."
    let placeboRule = "two-sided p-value of the mean placebo estimate against 0 ≥ α = 0.05"
    let subsetSummary = "Re-estimates on random 80% subsets: the estimate must not depend on a few rows."
    let subsetRule = "|mean subset estimate − estimate| ≤ 1 standard error"
    let rccSummary = "Adds an independent random covariate to the adjustment set: the estimate must not move."
    let rccRule = "|mean re-estimate − estimate| ≤ 0.1 standard errors"
    let dummySummary = "Replaces the outcome with independent noise: the effect on it must be zero."
    let dummyRule = "two-sided p-value of the mean dummy-outcome estimate against 0 ≥ α = 0.05"
    let bootstrapSummary =
      "Re-estimates on bootstrap resamples: the bootstrap distribution must be centred on the estimate."
    let bootstrapRule = "|bootstrap mean − estimate| ≤ 0.25 bootstrap standard errors"
    let eValueSummary =
      "The E-value (VanderWeele & Ding 2017): how strong an unmeasured confounder would have to be to explain the estimate away."
    let eValueRule = "E-value of the confidence limit nearer the null ≥ 1.1"
    let overlapSummary =
      "Propensity scores must stay away from 0 and 1 so that every treated unit has comparable controls."
    let overlapRule = "share of units with propensity outside [0.01, 0.99] ≤ 10%"

    for (index, estimate) in [ols, ipw, matching, strata, aipw].enumerated() {
      let value = estimate.value ?? 0
      let se = estimate.standardError ?? 1
      let base = UInt64(100 * (index + 1))
      var checks: [CheckRecord] = []
      let placeboFails = estimate.name == "matching"
      checks.append(
        simulated(
          "placebo_treatment", estimate, line: 80, verdict: placeboFails ? .failed : .passed, summary: placeboSummary,
          rule: placeboRule,
          detail: placeboFails
            ? "Placebo treatments still show an effect of 612.4 (p = 0.012): matching picks up something other than the treatment."
            : "The mean placebo estimate is \(index == 0 ? "-41.3" : "37.9"), indistinguishable from 0.",
          statisticName: "mean placebo estimate", statistic: placeboFails ? 612.4 : (index == 0 ? -41.3 : 37.9),
          threshold: 0.05, reference: 0, pValue: placeboFails ? 0.0123 : 0.6621, mean: placeboFails ? 612 : 0,
          sd: se * 0.9, seed: base + 1))
      checks.append(
        simulated(
          "random_common_cause", estimate, line: 81, summary: rccSummary, rule: rccRule,
          detail: "Adding a random common cause moves the estimate by \(NumberFormat.estimate(se * 0.012)) on average.",
          statisticName: "mean shift in standard errors", statistic: 0.012, threshold: 0.1, reference: value,
          pValue: nil,
          mean: value, sd: se * 0.02, seed: base + 2))
      if estimate.name == "strata" {
        checks.append(
          CheckRecord(
            check: "data_subset", estimator: estimate.name, verdict: .error, severity: .error, summary: subsetSummary,
            rule: subsetRule,
            detail:
              "3 of 100 subsets left a propensity stratum without treated units, so the check could not be computed.",
            location: RecordKit.at(file, 82)))
      } else {
        checks.append(
          simulated(
            "data_subset", estimate, line: 82, summary: subsetSummary, rule: subsetRule,
            detail: "The mean subset estimate is within 0.08 standard errors of the estimate.",
            statisticName: "shift in standard errors", statistic: 0.08, threshold: 1, reference: value, pValue: nil,
            mean: value, sd: se * 0.45, seed: base + 3))
      }
      if estimate.name == "ols" || estimate.name == "ipw" {
        checks.append(
          simulated(
            "bootstrap", estimate, line: 84, summary: bootstrapSummary, rule: bootstrapRule,
            detail: "The bootstrap mean is within 0.04 bootstrap standard errors of the estimate.",
            statisticName: "bias in bootstrap standard errors", statistic: 0.04, threshold: 0.25, reference: value,
            pValue: nil, mean: value, sd: se, seed: base + 4))
      }
      checks.append(
        simulated(
          "dummy_outcome", estimate, line: 86, summary: dummySummary, rule: dummyRule,
          detail: "The mean effect on a dummy outcome is 12.6, indistinguishable from 0.",
          statisticName: "mean dummy estimate",
          statistic: 12.6, threshold: 0.05, reference: 0, pValue: 0.8812, mean: 0, sd: se * 0.8, seed: base + 5))
      if estimate.name == "ols" {
        let contourX = (0...10).map { Double($0) * 0.01 }
        let contourY = (0...10).map { Double($0) * 0.02 }
        let values = contourY.map { y in
          contourX.map { x in ((value - 18_000 * (x * y).squareRoot() / (1 - x)) * 10).rounded() / 10 }
        }
        checks.append(
          CheckRecord(
            check: "sensitivity", estimator: "ols", verdict: .failed, severity: .warn,
            summary:
              "How strong an omitted confounder would have to be to explain the estimate away (Cinelli & Hazlett 2020).",
            rule: "robustness value RV(q = 1) ≥ 0.05",
            detail:
              "A confounder explaining 4.1% of the residual variance of both treat and re78 would explain the estimate away; the study asks for 5%.",
            statistic: 0.0412, statisticName: "robustness value", threshold: 0.05, reference: value,
            values: [NamedValue("robustness_value_alpha", 0.0), NamedValue("partial_r2_treatment_outcome", 0.000_08)],
            sensitivity: SensitivityRecord(
              partialR2TreatmentOutcome: 0.000_08, robustnessValue: 0.0412, robustnessValueAlpha: 0.0, q: 1,
              alpha: 0.05,
              degreesOfFreedom: 16_167,
              benchmarks: [
                SensitivityBenchmark(
                  covariate: "re74", multiplier: 1, partialR2Treatment: 0.0211, partialR2Outcome: 0.0634,
                  adjustedEstimate: 41.2, adjustedStandardError: 561.3, adjustedLower: -1059.0, adjustedUpper: 1141.4),
                SensitivityBenchmark(
                  covariate: "re74", multiplier: 2, partialR2Treatment: 0.0422, partialR2Outcome: 0.1268,
                  adjustedEstimate: -703.5, adjustedStandardError: 578.8, adjustedLower: -1838.0, adjustedUpper: 431.0),
              ],
              contour: SensitivityContour(treatmentR2: contourX, outcomeR2: contourY, values: values)),
            location: RecordKit.at(file, 87)))
        checks.append(
          CheckRecord(
            check: "unobserved_common_cause", estimator: "ols", verdict: .passed, severity: .error,
            summary: "Simulates an unobserved common cause of treat and re78 of increasing strength.",
            rule:
              "the estimate keeps its sign for confounders up to the strength of the strongest observed covariate (re74)",
            detail: "The estimate keeps its sign up to strength 0.2 on both; it changes sign beyond re74's strength.",
            statistic: 0.2, statisticName: "strongest strength keeping the sign", threshold: 0.15, reference: value,
            grid: [0.0, 0.05, 0.1, 0.2, 0.3].flatMap { t in
              [0.0, 0.05, 0.1, 0.2, 0.3].map { o in
                GridPoint(
                  treatmentStrength: t, outcomeStrength: o,
                  estimate: ((value - 21_000 * t * o - 900 * t) * 10).rounded() / 10)
              }
            },
            location: RecordKit.at(file, 90)))
      } else if estimate.name == "ipw" {
        checks.append(
          CheckRecord(
            check: "sensitivity", estimator: "ipw", verdict: .notApplicable, severity: .warn,
            summary:
              "How strong an omitted confounder would have to be to explain the estimate away (Cinelli & Hazlett 2020).",
            rule: "robustness value RV(q = 1) ≥ 0.05",
            detail: "The Cinelli & Hazlett analysis needs a linear outcome model; ipw has none.",
            location: RecordKit.at(file, 87)))
      }
      let eFails = estimate.name == "ols"
      checks.append(
        CheckRecord(
          check: "e_value", estimator: estimate.name, verdict: eFails ? .failed : .passed, severity: .warn,
          summary: eValueSummary, rule: eValueRule,
          detail: eFails
            ? "The confidence interval includes no effect, so its E-value is 1: no confounding is needed to explain it away."
            : "An unmeasured confounder would need risk ratios of \(index == 2 ? "1.14" : "1.21") with both treat and re78.",
          statistic: eFails ? 1.0 : (index == 2 ? 1.14 : 1.21), statisticName: "E-value of the CI limit",
          threshold: 1.1,
          values: [
            NamedValue("e_value", eFails ? 1.39 : 1.62),
            NamedValue("e_value_ci", eFails ? 1.0 : (index == 2 ? 1.14 : 1.21)),
          ],
          location: RecordKit.at(file, 92)))
      if estimate.name == "ols" {
        checks.append(
          CheckRecord(
            check: "overlap", estimator: "ols", verdict: .notApplicable, severity: .error, summary: overlapSummary,
            rule: overlapRule, detail: "ols fits no propensity model; overlap applies to propensity-score estimators.",
            location: RecordKit.at(file, 94)))
      } else {
        let fails = estimate.name == "ipw"
        checks.append(
          CheckRecord(
            check: "overlap", estimator: estimate.name, verdict: fails ? .failed : .passed, severity: .error,
            summary: overlapSummary, rule: overlapRule,
            detail: fails
              ? "94.1% of the control units have a propensity below 0.01: weights rest on very few controls."
              : "After trimming to the common support, 2.3% of the units remain outside [0.01, 0.99].",
            statistic: fails ? 0.941 : 0.023, statisticName: "share outside [0.01, 0.99]", threshold: 0.1,
            values: [NamedValue("treated_below", 0), NamedValue("control_below", fails ? 15_049 : 312)],
            location: RecordKit.at(file, 94)))
      }
      var judged = estimate
      judged.refutations = checks
      estimates.append(RecordKit.judged(judged))
    }
    ols = estimates[0]
    ipw = estimates[1]
    matching = estimates[2]
    strata = estimates[3]
    aipw = estimates[4]

    let tests: [IndependenceTestRecord] = independencies.enumerated().map { i, statement in
      let p: [Double] = [0.412, 0.0003, 0.771, 0.083, 0.264, 0.0412, 0.559, 0.918]
      let adjusted = min(1, p[i] * Double(8 - [1, 0, 6, 3, 4, 2, 5, 7][i]))
      return IndependenceTestRecord(
        statement: statement, test: statement.given.isEmpty ? .chiSquare : .regression,
        statistic: [0.67, 13.1, 0.08, 3.0, 1.25, 4.16, 0.34, 0.01][i], degreesOfFreedom: 1, pValue: p[i],
        adjustedPValue: adjusted, rejected: adjusted < 0.05)
    }
    let studyChecks = [
      CheckRecord(
        check: "graph_independencies", estimator: nil, verdict: .failed, severity: .warn,
        summary: "Tests every conditional independence the graph implies among observed variables.",
        rule: "no implied independence rejected at α = 0.05 after Holm's correction",
        detail: "1 of 8 implied independencies is rejected: age and black are dependent (corrected p = 0.0024).",
        statistic: 1, statisticName: "rejected independencies", threshold: 0, pValue: 0.0024, tests: tests,
        location: RecordKit.at(file, 96)),
      CheckRecord(
        check: "estimator_agreement", estimator: nil, verdict: .passed, severity: .error,
        summary: "The estimators must agree with each other within their uncertainty.",
        rule: "largest pairwise difference ≤ 2 standard errors of the difference",
        detail: "The largest difference (matching − ols: 1202) is 1.09 standard errors of the difference.",
        statistic: 1.09, statisticName: "largest standardised difference", threshold: 2,
        values: [NamedValue("largest_difference", 1202.2)], location: RecordKit.at(file, 99)),
    ]
    let expectations = [
      CheckRecord(
        check: "expectation", estimator: "matching", verdict: .passed, severity: .error,
        summary: "The study's expectation: the matching estimate has a positive sign.", rule: "estimate > 0",
        detail: "The estimate 1901 is positive.", statistic: 1901.3, statisticName: "estimate", threshold: 0,
        location: RecordKit.at(file, 103)),
      CheckRecord(
        check: "expectation", estimator: "matching", verdict: .passed, severity: .error,
        summary: "The study's expectation: the matching estimate is near the experimental benchmark.",
        rule: "500 ≤ estimate ≤ 3500", detail: "The estimate 1901 is between 500 and 3500.", statistic: 1901.3,
        statisticName: "estimate", location: RecordKit.at(file, 104)),
    ]
    let allEstimates = [ols, ipw, matching, strata, aipw]
    let gate = RecordKit.gate(allEstimates, studyChecks, expectations)
    return RunRecord(
      study: study, status: gate.verdict, data: data, identification: identification, estimates: allEstimates,
      studyChecks: studyChecks, expectations: expectations, gate: gate,
      warnings: [
        RunWarning(
          "14 rows were dropped for missing values (data.missing: drop).", location: RecordKit.at(file, 21, 12)),
        RunWarning("propensity scores below 0.01 for 15,049 control units", subject: "ipw"),
      ],
      provenance: ProvenanceRecord(
        assayVersion: "0.1.0", studySHA256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        dataSHA256: data.sha256, dataRows: 16_177, seed: 20_261_128,
        randomNumberGenerator:
          "Xoshiro256** streams, one per simulation, seeded by SplitMix64 from hash(seed, check, estimator, index)",
        resolvedStudy: [
          RecordKit.setting("seed", "20261128"),
          RecordKit.setting("data.path", "data/nsw_cps.csv"),
          RecordKit.setting("data.missing", "drop"),
          RecordKit.setting("data.delimiter", "comma", default: true),
          RecordKit.setting("estimand.effect", "att"),
          RecordKit.setting("estimand.identification", "auto", default: true),
          RecordKit.setting("estimand.adjustment", "optimal"),
          RecordKit.setting("estimators.ols.params.se", "hc1", default: true),
          RecordKit.setting("estimators.ols.params.confidence_level", "0.95", default: true),
          RecordKit.setting("estimators.ipw.params.weighting", "hajek"),
          RecordKit.setting("estimators.ipw.params.bootstrap", "999", default: true),
          RecordKit.setting("estimators.matching.params.caliper", "0.2"),
          RecordKit.setting("estimators.strata.params.strata", "5", default: true),
          RecordKit.setting("estimators.aipw.params.folds", "5"),
          RecordKit.setting("refutations.alpha", "0.05", default: true),
          RecordKit.setting("refutations.simulations", "100"),
          RecordKit.setting("refutations.checks.sensitivity.min_robustness_value", "0.05"),
          RecordKit.setting("refutations.checks.graph_independencies.correction", "holm"),
        ],
        platform: "Linux x86_64, Swift 6.3.1",
        commandLine: ["assay", "run", file, "--deterministic", "--report-dir", "reports/nsw cps"],
        gitCommit: "4e1f0c2b9a7d3e5f6a8b0c1d2e3f4a5b6c7d8e9f", threads: 2, timing: nil))
  }
}
