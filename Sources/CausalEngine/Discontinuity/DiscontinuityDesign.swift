import Foundation
import NumericKernels
import StudyModel

/// A regression-discontinuity design read from the data: which side of the
/// cutoff is treated, whether the design is sharp or fuzzy, and the columns
/// every local-polynomial fit uses.
///
/// Treated side: `treated_side` when the study sets it, else the side with
/// the larger share of units at `treatment_value`. Sharp: every unit on the
/// treated side is at `treatment_value` and every other unit at
/// `control_value`; anything else is fuzzy. A study that names a side while
/// the data are exactly sharp on the other is an error (it would flip the
/// effect's sign); a fuzzy design whose first stage runs the other way is
/// estimated and warned about.
///
/// Sign: rdrobust estimates right (x ≥ c) minus left. A sharp design treated
/// below reports the negative (treated minus untreated side); a fuzzy ratio
/// has the same value either way, and is scaled by `treatment_value −
/// control_value` to be the effect of that contrast.
struct DiscontinuityDesign: Sendable {
  var options: RegressionDiscontinuityOptions
  var running: [Double]
  var outcome: [Double]
  var treatment: [Double]
  var covariateColumns: [[Double]]
  var cluster: [Int]?
  /// Sampling weights (`data.weights`), which multiply the kernel weights
  /// everywhere: fits, bandwidth selection and variances (rdrobust's `weights`).
  var weights: [Double]?
  var treatedSide: RegressionDiscontinuityOptions.TreatedSide
  var treatedSideInferred: Bool
  var design: DiscontinuityRecord.Design
  var share: SideValues
  var contrast: Double
  var variance: DiscontinuityVariance
  var warnings: [String] = []

  init(_ problem: EstimationProblem, options: RegressionDiscontinuityOptions) throws(EstimationFailure) {
    self.options = options
    let data = problem.data
    for name in [options.runningVariable] + options.covariates where data.column(name).kind == .categorical {
      throw .invalidData(
        "'\(name)' is categorical: the running variable and the covariates of a regression discontinuity must be numeric (encode a category as 0/1 indicator columns)"
      )
    }
    let x = data.values(options.runningVariable)
    let t = data.values(problem.treatment)
    running = x
    outcome = data.values(problem.outcome)
    treatment = t
    covariateColumns = options.covariates.map { data.values($0) }
    cluster = options.standardErrors == .cluster ? problem.clusterCodes : nil
    weights = problem.weights
    contrast = problem.contrast
    let c = options.cutoff
    let above = x.indices.filter { x[$0] >= c }
    let below = x.indices.filter { x[$0] < c }
    guard !above.isEmpty, !below.isEmpty else {
      throw .invalidData(
        "every unit lies on one side of the cutoff \(JSONValue.format(c)) of \(options.runningVariable)")
    }
    let treatedValue = problem.treatmentValue
    let controlValue = problem.controlValue
    func shareTreated(_ rows: [Int]) -> Double {
      Double(rows.filter { t[$0] == treatedValue }.count) / Double(rows.count)
    }
    share = SideValues(below: shareTreated(below), above: shareTreated(above))
    let shareBelow = share.below ?? 0
    let shareAbove = share.above ?? 0
    func isSharp(_ side: RegressionDiscontinuityOptions.TreatedSide) -> Bool {
      let (treatedRows, untreatedRows) = side == .above ? (above, below) : (below, above)
      return treatedRows.allSatisfy { t[$0] == treatedValue } && untreatedRows.allSatisfy { t[$0] == controlValue }
    }
    if let given = options.treatedSide {
      treatedSide = given
      treatedSideInferred = false
      let other: RegressionDiscontinuityOptions.TreatedSide = given == .above ? .below : .above
      if !isSharp(given), isSharp(other) {
        throw .invalidData(
          "treated_side is '\(given.rawValue)', but every unit \(other.rawValue) the cutoff is treated and every unit \(given.rawValue) it is not: write 'treated_side: \(other.rawValue)'"
        )
      }
    } else {
      guard shareAbove != shareBelow else {
        throw .invalidData(
          "the share of units with \(problem.treatment) = \(JSONValue.format(treatedValue)) is the same on both sides of the cutoff: the treatment does not change at it"
        )
      }
      treatedSide = shareAbove > shareBelow ? .above : .below
      treatedSideInferred = true
    }
    design = isSharp(treatedSide) ? .sharp : .fuzzy
    if design == .fuzzy {
      let treatedShare = treatedSide == .above ? shareAbove : shareBelow
      let untreatedShare = treatedSide == .above ? shareBelow : shareAbove
      if treatedShare <= untreatedShare {
        warnings.append(
          "treated_side is '\(treatedSide.rawValue)', but fewer units are treated on that side (\(Self.percent(treatedShare))) than on the other (\(Self.percent(untreatedShare))): the first stage runs the other way"
        )
      }
    }
    switch options.standardErrors {
    case .hc0: variance = .hc0
    case .hc1: variance = .hc1
    case .hc2: variance = .hc2
    case .hc3: variance = .hc3
    case .cluster: variance = .cluster
    default: variance = .nearestNeighbor(matches: 3)
    }
  }

  static func percent(_ share: Double) -> String {
    JSONValue.format((share * 1000).rounded() / 10) + "%"
  }

  /// +1 when the treated side is above the cutoff, −1 when below (sharp designs).
  var sideSign: Double { design == .sharp && treatedSide == .below ? -1 : 1 }

  /// The sample for a fit: the study's outcome (or another column), its
  /// treatment when fuzzy, its covariates, at the study's cutoff (or another),
  /// on all rows (or some).
  func sample(
    outcome y: [Double]? = nil, fuzzy: Bool? = nil, covariates: Bool = true, cutoff: Double? = nil, rows: [Int]? = nil
  ) -> DiscontinuitySample {
    let useFuzzy = fuzzy ?? (design == .fuzzy)
    let indices = rows ?? Array(running.indices)
    func pick(_ v: [Double]) -> [Double] { indices.map { v[$0] } }
    return DiscontinuitySample(
      running: pick(running), outcome: pick(y ?? outcome), treatment: useFuzzy ? pick(treatment) : nil,
      covariates: covariates ? covariateColumns.map(pick) : [], cluster: cluster.map { c in indices.map { c[$0] } },
      weights: weights.map(pick), cutoff: cutoff ?? options.cutoff)
  }

  /// The bandwidths for a sample: data-driven or given.
  func bandwidths(_ sample: DiscontinuitySample) throws(EstimationFailure) -> (
    h: Double, b: Double, massPoints: Bool, selection: String
  ) {
    switch options.bandwidth {
    case .fixed(let h):
      return (h, h, false, "given")
    case .meanSquaredError:
      let s = try DiscontinuityBandwidth.select(
        sample, order: options.order, kernel: options.kernel, variance: variance, kind: .meanSquaredError)
      return (s.h, s.b, s.massPointsAdjusted, "mse")
    case .coverageError:
      let s = try DiscontinuityBandwidth.select(
        sample, order: options.order, kernel: options.kernel, variance: variance, kind: .coverageError)
      return (s.h, s.b, s.massPointsAdjusted, "cer")
    }
  }

  /// Fits a sample at its bandwidths (data-driven unless given).
  func fit(_ sample: DiscontinuitySample, h given: Double? = nil, b givenB: Double? = nil) throws(EstimationFailure)
    -> (fit: DiscontinuityFit, massPoints: Bool, selection: String)
  {
    var h: Double
    var b: Double
    var massPoints = false
    var selection = "given"
    if let given {
      h = given
      b = givenB ?? given
    } else {
      (h, b, massPoints, selection) = try bandwidths(sample)
    }
    let fit = try DiscontinuityFit.fit(
      sample, order: options.order, kernel: options.kernel, variance: variance, h: SidePair(left: h, right: h),
      b: SidePair(left: b, right: b))
    return (fit, massPoints, selection)
  }

  /// The row the study's inference uses, as the effect (treated minus untreated, times the contrast when fuzzy).
  func effectRows(_ fit: DiscontinuityFit) -> DiscontinuityRows {
    let scale = design == .fuzzy ? contrast : sideSign
    func scaled(_ row: DiscontinuityRow) -> DiscontinuityRow {
      DiscontinuityRow(estimate: row.estimate * scale, standardError: row.standardError * abs(scale))
    }
    return DiscontinuityRows(
      conventional: scaled(fit.rows.conventional), biasCorrected: scaled(fit.rows.biasCorrected),
      robust: scaled(fit.rows.robust))
  }

  /// The estimate, standard error, interval and p-value of a row.
  static func estimate(_ row: DiscontinuityRow, level: Double) -> DiscontinuityEstimate {
    let inference = Inference.wald(estimate: row.estimate, standardError: row.standardError, level: level)
    return DiscontinuityEstimate(
      estimate: row.estimate.finiteOrNil, standardError: inference.standardError?.finiteOrNil,
      confidenceInterval: inference.interval, pValue: inference.pValue)
  }
}
