/// What a regression-discontinuity estimate found, beyond the estimate's
/// own value and interval: the design decided from the data, the
/// bandwidths, rdrobust's three rows, the counts, and the plot's data.
///
/// Effects (the rows and the first stage) are treated minus untreated side,
/// so they have the sign of the estimate; the limits, polynomials and bins
/// are the data's own (below and above the cutoff).
public struct DiscontinuityRecord: Codable, Sendable, Hashable {
  /// Sharp: the treatment switches exactly at the cutoff; fuzzy: only its probability jumps.
  public enum Design: String, Codable, Sendable, CaseIterable {
    case sharp, fuzzy
  }

  public var runningVariable: String
  public var cutoff: Double
  public var design: Design
  public var treatedSide: RegressionDiscontinuityOptions.TreatedSide
  /// Whether the treated side was decided from the data (the study did not set `treated_side`).
  public var treatedSideInferred: Bool
  /// The share of units at the treatment value on each side.
  public var treatedShare: SideValues
  public var kernel: RegressionDiscontinuityOptions.Kernel
  /// The order p of the local polynomial.
  public var order: Int
  /// The order of the bias-correction polynomial (p + 1).
  public var biasOrder: Int
  /// How the bandwidth was chosen: mse, cer or given.
  public var bandwidthSelection: String
  /// The main bandwidth h on each side.
  public var bandwidth: SideValues
  /// The bias bandwidth b on each side.
  public var biasBandwidth: SideValues
  public var inference: RegressionDiscontinuityOptions.Inference
  /// The variance estimator (nn, hc0 … hc3, cluster).
  public var variance: StandardErrorMethod
  /// The local-polynomial estimate with its standard error.
  public var conventional: DiscontinuityEstimate
  /// The bias-corrected estimate with the conventional standard error.
  public var biasCorrected: DiscontinuityEstimate
  /// The bias-corrected estimate with the robust standard error.
  public var robust: DiscontinuityEstimate
  /// The jump in the treatment at the cutoff (fuzzy designs).
  public var firstStage: DiscontinuityFirstStage?
  /// Rows on each side.
  public var observations: SideCounts
  /// Rows with positive weight at the main bandwidth.
  public var effectiveObservations: SideCounts
  /// Rows with positive weight at the bias bandwidth.
  public var biasObservations: SideCounts
  /// Distinct values of the running variable on each side.
  public var distinctValues: SideCounts
  /// Clusters with a row within the bandwidths (cluster-robust variance).
  public var clusters: Int?
  /// Whether mass points (≥ 20% repeated values on a side) floored the pilot bandwidths.
  public var massPointsAdjusted: Bool
  public var covariates: [String]
  /// The covariates' coefficients γ̂, in the order of `covariates`.
  public var covariateCoefficients: [Double?]
  /// The (covariate-adjusted) outcome's limit at the cutoff from each side.
  public var limits: SideValues
  /// The fitted order-p polynomial on each side, in powers of (running variable − cutoff), valid within the bandwidth.
  public var localPolynomial: SideCurves
  /// The RD plot's bins and global polynomials; null for re-estimates.
  public var plot: DiscontinuityPlotRecord?

  public init(
    runningVariable: String, cutoff: Double, design: Design,
    treatedSide: RegressionDiscontinuityOptions.TreatedSide, treatedSideInferred: Bool, treatedShare: SideValues,
    kernel: RegressionDiscontinuityOptions.Kernel, order: Int, biasOrder: Int, bandwidthSelection: String,
    bandwidth: SideValues, biasBandwidth: SideValues, inference: RegressionDiscontinuityOptions.Inference,
    variance: StandardErrorMethod, conventional: DiscontinuityEstimate, biasCorrected: DiscontinuityEstimate,
    robust: DiscontinuityEstimate, firstStage: DiscontinuityFirstStage?, observations: SideCounts,
    effectiveObservations: SideCounts, biasObservations: SideCounts, distinctValues: SideCounts, clusters: Int?,
    massPointsAdjusted: Bool, covariates: [String], covariateCoefficients: [Double?], limits: SideValues,
    localPolynomial: SideCurves, plot: DiscontinuityPlotRecord?
  ) {
    self.runningVariable = runningVariable
    self.cutoff = cutoff
    self.design = design
    self.treatedSide = treatedSide
    self.treatedSideInferred = treatedSideInferred
    self.treatedShare = treatedShare
    self.kernel = kernel
    self.order = order
    self.biasOrder = biasOrder
    self.bandwidthSelection = bandwidthSelection
    self.bandwidth = bandwidth
    self.biasBandwidth = biasBandwidth
    self.inference = inference
    self.variance = variance
    self.conventional = conventional
    self.biasCorrected = biasCorrected
    self.robust = robust
    self.firstStage = firstStage
    self.observations = observations
    self.effectiveObservations = effectiveObservations
    self.biasObservations = biasObservations
    self.distinctValues = distinctValues
    self.clusters = clusters
    self.massPointsAdjusted = massPointsAdjusted
    self.covariates = covariates
    self.covariateCoefficients = covariateCoefficients
    self.limits = limits
    self.localPolynomial = localPolynomial
    self.plot = plot
  }

  /// The effect in words: "the effect at the cutoff lagdemvoteshare = 0.5" (for compliers when fuzzy).
  public var estimandPhrase: String {
    "the effect at the cutoff \(runningVariable) = \(JSONValue.format(cutoff))"
      + (design == .fuzzy ? ", for compliers (units whose treatment the cutoff switches)" : "")
  }
}

/// One of rdrobust's rows: an estimate, its standard error, interval and p-value.
public struct DiscontinuityEstimate: Codable, Sendable, Hashable {
  public var estimate: Double?
  public var standardError: Double?
  public var confidenceInterval: [Double]?
  public var pValue: Double?

  public init(estimate: Double?, standardError: Double?, confidenceInterval: [Double]?, pValue: Double?) {
    self.estimate = estimate
    self.standardError = standardError
    self.confidenceInterval = confidenceInterval
    self.pValue = pValue
  }
}

/// The jump in the treatment at the cutoff, rdrobust's three rows.
public struct DiscontinuityFirstStage: Codable, Sendable, Hashable {
  public var conventional: DiscontinuityEstimate
  public var biasCorrected: DiscontinuityEstimate
  public var robust: DiscontinuityEstimate

  public init(
    conventional: DiscontinuityEstimate, biasCorrected: DiscontinuityEstimate, robust: DiscontinuityEstimate
  ) {
    self.conventional = conventional
    self.biasCorrected = biasCorrected
    self.robust = robust
  }
}

/// A number below and above a cutoff.
public struct SideValues: Codable, Sendable, Hashable {
  public var below: Double?
  public var above: Double?

  public init(below: Double?, above: Double?) {
    self.below = below
    self.above = above
  }
}

/// A count below and above a cutoff.
public struct SideCounts: Codable, Sendable, Hashable {
  public var below: Int
  public var above: Int

  public init(below: Int, above: Int) {
    self.below = below
    self.above = above
  }
}

/// Polynomial coefficients below and above a cutoff, in powers of (running variable − cutoff).
public struct SideCurves: Codable, Sendable, Hashable {
  public var below: [Double?]
  public var above: [Double?]

  public init(below: [Double?], above: [Double?]) {
    self.below = below
    self.above = above
  }
}

/// The data of the RD plot: rdplot's binned means and global polynomials.
public struct DiscontinuityPlotRecord: Codable, Sendable, Hashable {
  /// esmv (spacings variance) or esmvpr (polynomial variance, used with mass points).
  public var rule: String
  /// The number of bins on each side (empty bins included).
  public var binCount: SideCounts
  /// The non-empty bins.
  public var bins: [DiscontinuityBinRecord]
  public var polynomialOrder: Int
  /// The global polynomial of the outcome on each side.
  public var polynomial: SideCurves

  public init(
    rule: String, binCount: SideCounts, bins: [DiscontinuityBinRecord], polynomialOrder: Int, polynomial: SideCurves
  ) {
    self.rule = rule
    self.binCount = binCount
    self.bins = bins
    self.polynomialOrder = polynomialOrder
    self.polynomial = polynomial
  }
}

/// One non-empty bin of the RD plot.
public struct DiscontinuityBinRecord: Codable, Sendable, Hashable {
  /// rdplot's index: negative below the cutoff, positive above.
  public var index: Int
  public var lower: Double
  public var upper: Double
  public var meanX: Double
  public var meanY: Double
  public var n: Int

  public init(index: Int, lower: Double, upper: Double, meanX: Double, meanY: Double, n: Int) {
    self.index = index
    self.lower = lower
    self.upper = upper
    self.meanX = meanX
    self.meanY = meanY
    self.n = n
  }
}
