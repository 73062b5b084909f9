/// The verdict of a check, an expectation or an estimate.
public enum Verdict: String, Codable, Sendable, Comparable, CaseIterable {
  case passed
  case failed
  /// The check does not apply (with the reason in the record).
  case notApplicable = "not_applicable"
  /// The check could not be computed (with the reason in the record).
  case error

  private var rank: Int {
    switch self {
    case .failed: 0
    case .error: 1
    case .notApplicable: 2
    case .passed: 3
    }
  }

  public static func < (lhs: Verdict, rhs: Verdict) -> Bool { lhs.rank < rhs.rank }
}

/// What one check (or expectation) found, with its rule and everything needed to audit it.
public struct CheckRecord: Codable, Sendable {
  /// The check's YAML name (`placebo_treatment`), or `expectation`.
  public var check: RecordedCheck
  /// The estimator it was applied to (nil for study checks).
  public var estimator: String?
  public var verdict: Verdict
  public var severity: CheckSeverity
  /// One sentence: what the check tests.
  public var summary: String
  /// The pass rule, stated exactly.
  public var rule: String
  /// The reason for `not_applicable` or `error`, or a one-sentence account of the result.
  public var detail: String
  /// The main statistic and its name.
  public var statistic: Double?
  public var statisticName: String?
  public var threshold: Double?
  /// The reference value the simulations are compared with (the estimate, or 0).
  public var reference: Double?
  public var pValue: Double?
  /// Further named numbers (a second p-value, shifts, counts, robustness values).
  public var values: [NamedValue]
  /// The simulated values (for histograms), in simulation order.
  public var simulated: [Double]
  /// Structured payloads of particular checks.
  public var sensitivity: SensitivityRecord?
  public var tests: [IndependenceTestRecord]
  public var grid: [GridPoint]
  /// The manipulation test (rd_density).
  public var density: DensityTestRecord?
  /// Re-estimates reported one per row (placebo cutoffs, covariate balance, bandwidth grids).
  public var fits: [CheckFit]
  /// Where the check is declared in the study file.
  public var location: SourceRange?
  /// Seconds the check took (excluded from deterministic output).
  public var seconds: Double?

  public init(
    check: RecordedCheck, estimator: String?, verdict: Verdict, severity: CheckSeverity, summary: String,
    rule: String, detail: String, statistic: Double? = nil, statisticName: String? = nil,
    threshold: Double? = nil, reference: Double? = nil, pValue: Double? = nil,
    values: [NamedValue] = [], simulated: [Double] = [], sensitivity: SensitivityRecord? = nil,
    tests: [IndependenceTestRecord] = [], grid: [GridPoint] = [], density: DensityTestRecord? = nil,
    fits: [CheckFit] = [], location: SourceRange? = nil, seconds: Double? = nil
  ) {
    self.check = check
    self.estimator = estimator
    self.verdict = verdict
    self.severity = severity
    self.summary = summary
    self.rule = rule
    self.detail = detail
    self.statistic = statistic
    self.statisticName = statisticName
    self.threshold = threshold
    self.reference = reference
    self.pValue = pValue
    self.values = values
    self.simulated = simulated
    self.sensitivity = sensitivity
    self.tests = tests
    self.grid = grid
    self.density = density
    self.fits = fits
    self.location = location
    self.seconds = seconds
  }

  /// The named value `name`.
  public func value(_ name: String) -> Double? {
    values.first { $0.name == name }?.value
  }

}

/// A number with a name.
public struct NamedValue: Codable, Sendable, Hashable {
  public var name: String
  public var value: Double?

  public init(_ name: String, _ value: Double?) {
    self.name = name
    self.value = value
  }
}

/// The Cinelli & Hazlett (2020) sensitivity analysis of a regression estimate.
public struct SensitivityRecord: Codable, Sendable, Hashable {
  /// Partial R2 of the treatment with the outcome.
  public var partialR2TreatmentOutcome: Double
  /// Robustness value for reducing the estimate by 100q%.
  public var robustnessValue: Double
  /// Robustness value for losing significance at alpha.
  public var robustnessValueAlpha: Double
  public var q: Double
  public var alpha: Double
  public var degreesOfFreedom: Int
  public var benchmarks: [SensitivityBenchmark]
  /// Adjusted estimates on a grid of (partial R2 with treatment, partial R2 with outcome).
  public var contour: SensitivityContour

  public init(
    partialR2TreatmentOutcome: Double, robustnessValue: Double, robustnessValueAlpha: Double, q: Double,
    alpha: Double, degreesOfFreedom: Int, benchmarks: [SensitivityBenchmark], contour: SensitivityContour
  ) {
    self.partialR2TreatmentOutcome = partialR2TreatmentOutcome
    self.robustnessValue = robustnessValue
    self.robustnessValueAlpha = robustnessValueAlpha
    self.q = q
    self.alpha = alpha
    self.degreesOfFreedom = degreesOfFreedom
    self.benchmarks = benchmarks
    self.contour = contour
  }
}

/// Bounds on a confounder k times as strong as a benchmark covariate.
public struct SensitivityBenchmark: Codable, Sendable, Hashable {
  public var covariate: String
  public var multiplier: Double
  public var partialR2Treatment: Double
  public var partialR2Outcome: Double
  public var adjustedEstimate: Double
  public var adjustedStandardError: Double
  public var adjustedLower: Double
  public var adjustedUpper: Double

  public init(
    covariate: String, multiplier: Double, partialR2Treatment: Double, partialR2Outcome: Double,
    adjustedEstimate: Double, adjustedStandardError: Double, adjustedLower: Double, adjustedUpper: Double
  ) {
    self.covariate = covariate
    self.multiplier = multiplier
    self.partialR2Treatment = partialR2Treatment
    self.partialR2Outcome = partialR2Outcome
    self.adjustedEstimate = adjustedEstimate
    self.adjustedStandardError = adjustedStandardError
    self.adjustedLower = adjustedLower
    self.adjustedUpper = adjustedUpper
  }
}

/// A grid of adjusted estimates for the sensitivity contour plot.
public struct SensitivityContour: Codable, Sendable, Hashable {
  /// Partial R2 of the confounder with the treatment (x axis).
  public var treatmentR2: [Double]
  /// Partial R2 of the confounder with the outcome (y axis).
  public var outcomeR2: [Double]
  /// Adjusted estimates, row-major: `values[i][j]` at outcomeR2[i], treatmentR2[j].
  public var values: [[Double]]

  public init(treatmentR2: [Double], outcomeR2: [Double], values: [[Double]]) {
    self.treatmentR2 = treatmentR2
    self.outcomeR2 = outcomeR2
    self.values = values
  }
}

/// One conditional-independence test of the graph's implications.
public struct IndependenceTestRecord: Codable, Sendable, Hashable {
  public var statement: IndependenceStatement
  /// The test that was run (never `auto`).
  public var test: IndependenceTestChoice
  public var statistic: Double?
  public var degreesOfFreedom: Double?
  public var pValue: Double?
  public var adjustedPValue: Double?
  public var rejected: Bool

  public init(
    statement: IndependenceStatement, test: IndependenceTestChoice, statistic: Double?, degreesOfFreedom: Double?,
    pValue: Double?, adjustedPValue: Double?, rejected: Bool
  ) {
    self.statement = statement
    self.test = test
    self.statistic = statistic
    self.degreesOfFreedom = degreesOfFreedom
    self.pValue = pValue
    self.adjustedPValue = adjustedPValue
    self.rejected = rejected
  }
}

/// A point of a two-dimensional strength grid (unobserved common cause).
public struct GridPoint: Codable, Sendable, Hashable {
  public var treatmentStrength: Double
  public var outcomeStrength: Double
  public var estimate: Double?

  public init(treatmentStrength: Double, outcomeStrength: Double, estimate: Double?) {
    self.treatmentStrength = treatmentStrength
    self.outcomeStrength = outcomeStrength
    self.estimate = estimate
  }
}

/// The gate's verdict on the whole run.
public struct GateRecord: Codable, Sendable {
  public var verdict: RunStatus
  /// Checks and expectations that failed, worst first (severity error first).
  public var failures: [GateFailure]
  public var passedCount: Int
  public var failedCount: Int
  public var warnedCount: Int
  public var notApplicableCount: Int

  public init(
    verdict: RunStatus, failures: [GateFailure], passedCount: Int, failedCount: Int, warnedCount: Int,
    notApplicableCount: Int
  ) {
    self.verdict = verdict
    self.failures = failures
    self.passedCount = passedCount
    self.failedCount = failedCount
    self.warnedCount = warnedCount
    self.notApplicableCount = notApplicableCount
  }
}

/// A check or expectation that failed (or could not be computed), with
/// where it is declared.
///
/// The parts are stored; ``sentence`` puts them in one line for logs and
/// annotations ("placebo_treatment on ols failed: <detail>").
public struct GateFailure: Codable, Sendable, Hashable {
  public var check: RecordedCheck
  public var estimator: String?
  /// error: it fails the gate; warn: it is reported only.
  public var severity: CheckSeverity
  /// `failed`, or `error` when the check could not be computed.
  public var verdict: Verdict
  /// The check's account of the result.
  public var detail: String
  public var location: SourceRange?

  public init(
    check: RecordedCheck, estimator: String?, severity: CheckSeverity, verdict: Verdict, detail: String,
    location: SourceRange?
  ) {
    self.check = check
    self.estimator = estimator
    self.severity = severity
    self.verdict = verdict
    self.detail = detail
    self.location = location
  }

  /// What failed: "placebo_treatment on ols", or the check alone.
  public var subject: String {
    estimator.map { "\(check) on \($0)" } ?? check.rawValue
  }

  /// "failed", or "could not be computed".
  public var outcome: String {
    verdict == .error ? "could not be computed" : "failed"
  }

  /// "placebo_treatment on ols failed: <detail>".
  public var sentence: String {
    "\(subject) \(outcome): \(detail)"
  }

  private enum CodingKeys: String, CodingKey {
    case check, estimator, severity, verdict, detail, location, sentence
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    check = try c.decode(RecordedCheck.self, forKey: .check)
    estimator = try c.decodeIfPresent(String.self, forKey: .estimator)
    severity = try c.decode(CheckSeverity.self, forKey: .severity)
    verdict = try c.decode(Verdict.self, forKey: .verdict)
    detail = try c.decode(String.self, forKey: .detail)
    location = try c.decodeIfPresent(SourceRange.self, forKey: .location)
    // Written for readers; derived from the parts, so only its presence is read.
    _ = try c.decode(String.self, forKey: .sentence)
  }

  /// Writes the parts and the ``sentence`` (for readers of `result.json`).
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(check, forKey: .check)
    try c.encodeIfPresent(estimator, forKey: .estimator)
    try c.encode(severity, forKey: .severity)
    try c.encode(verdict, forKey: .verdict)
    try c.encode(detail, forKey: .detail)
    try c.encodeIfPresent(location, forKey: .location)
    try c.encode(sentence, forKey: .sentence)
  }
}
