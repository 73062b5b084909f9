/// One re-estimate a check reports in a table: at a placebo cutoff, for a
/// covariate taken as the outcome, or at one bandwidth of a grid.
public struct CheckFit: Codable, Sendable, Hashable {
  /// What was estimated: "placebo cutoff below", a covariate's name, "1.5 × h".
  public var label: String
  /// The cutoff or bandwidth the fit used.
  public var at: Double?
  /// The main bandwidth h of the fit.
  public var bandwidth: Double?
  public var estimate: Double?
  public var standardError: Double?
  public var confidenceInterval: [Double]?
  public var pValue: Double?
  /// Rows with positive weight at h.
  public var n: Int?
  /// Whether this fit passes the check's rule.
  public var passed: Bool

  public init(
    label: String, at: Double?, bandwidth: Double?, estimate: Double?, standardError: Double?,
    confidenceInterval: [Double]?, pValue: Double?, n: Int?, passed: Bool
  ) {
    self.label = label
    self.at = at
    self.bandwidth = bandwidth
    self.estimate = estimate
    self.standardError = standardError
    self.confidenceInterval = confidenceInterval
    self.pValue = pValue
    self.n = n
    self.passed = passed
  }
}

/// The manipulation test of Cattaneo, Jansson & Ma (2020) on the running
/// variable, with a histogram for the density plot.
public struct DensityTestRecord: Codable, Sendable, Hashable {
  public var runningVariable: String
  public var cutoff: Double
  /// The bandwidth on each side.
  public var bandwidth: SideValues
  public var observations: SideCounts
  /// Rows within the bandwidth on each side.
  public var effectiveObservations: SideCounts
  /// The density of the running variable at the cutoff, estimated from each side.
  public var density: SideValues
  /// Jackknife standard errors of the two densities.
  public var densityStandardError: SideValues
  /// Density above minus density below.
  public var difference: Double?
  public var differenceStandardError: Double?
  /// The statistic T = difference / its jackknife standard error.
  public var statistic: Double?
  public var pValue: Double?
  public var massPointsAdjusted: Bool
  /// A histogram of the running variable near the cutoff, scaled as a density.
  public var histogram: DensityHistogram

  public init(
    runningVariable: String, cutoff: Double, bandwidth: SideValues, observations: SideCounts,
    effectiveObservations: SideCounts, density: SideValues, densityStandardError: SideValues, difference: Double?,
    differenceStandardError: Double?, statistic: Double?, pValue: Double?, massPointsAdjusted: Bool,
    histogram: DensityHistogram
  ) {
    self.runningVariable = runningVariable
    self.cutoff = cutoff
    self.bandwidth = bandwidth
    self.observations = observations
    self.effectiveObservations = effectiveObservations
    self.density = density
    self.densityStandardError = densityStandardError
    self.difference = difference
    self.differenceStandardError = differenceStandardError
    self.statistic = statistic
    self.pValue = pValue
    self.massPointsAdjusted = massPointsAdjusted
    self.histogram = histogram
  }
}

/// A histogram scaled as a density: `count / (n · width)` per bin.
public struct DensityHistogram: Codable, Sendable, Hashable {
  /// Bin edges, ascending; the cutoff is one of them.
  public var edges: [Double]
  public var counts: [Int]
  /// Each bin's height, `count / (n · width)`, n every row.
  public var heights: [Double]

  public init(edges: [Double], counts: [Int], heights: [Double]) {
    self.edges = edges
    self.counts = counts
    self.heights = heights
  }
}
