import NumericKernels
import StudyModel

/// The data of a regression discontinuity, split at the cutoff and sorted by
/// the running variable on each side, as rdrobust prepares it.
///
/// Left holds the units with `x < c`, right those with `x ≥ c` (rdrobust's
/// convention: an estimate is the right limit minus the left limit). Each
/// side keeps the columns the local polynomials fit, in rdrobust's order:
/// the outcome, then the treatment (fuzzy designs), then the covariates.
/// Rows are ordered by x with a stable sort, so tied values keep their data
/// order.
struct DiscontinuitySample: Sendable {
  /// One side of the cutoff.
  struct Side: Sendable {
    /// The running variable, ascending.
    var x: [Double]
    /// The fitted columns: outcome, treatment (fuzzy), covariates.
    var columns: [[Double]]
    /// Cluster codes, when clustered.
    var cluster: [Int]?
    /// Sampling weights, which multiply the kernel weights everywhere.
    var weights: [Double]?

    var count: Int { x.count }

    /// The number of distinct values of x.
    var distinctCount: Int {
      guard !x.isEmpty else { return 0 }
      var count = 1
      for i in 1..<x.count where x[i] != x[i - 1] { count += 1 }
      return count
    }
  }

  var cutoff: Double
  var left: Side
  var right: Side
  /// Whether column 1 is a treatment whose jump divides the outcome's (fuzzy design).
  var isFuzzy: Bool
  var covariateCount: Int

  /// The number of fitted columns.
  var columnCount: Int { 1 + (isFuzzy ? 1 : 0) + covariateCount }

  /// Splits and sorts the rows.
  ///
  /// - Parameters:
  ///   - treatment: the treatment column of a fuzzy design (`nil`: sharp).
  ///   - covariates: covariate columns, in the order given.
  /// - Precondition: every column has one value per row, and none is missing.
  init(
    running x: [Double], outcome y: [Double], treatment: [Double]?, covariates: [[Double]], cluster: [Int]?,
    weights: [Double]?, cutoff: Double
  ) {
    precondition(x.count == y.count, "running variable and outcome differ in length")
    let order = x.indices.sorted { x[$0] < x[$1] || (x[$0] == x[$1] && $0 < $1) }
    let columns = [y] + (treatment.map { [$0] } ?? []) + covariates
    func side(_ rows: [Int]) -> Side {
      Side(
        x: rows.map { x[$0] }, columns: columns.map { c in rows.map { c[$0] } },
        cluster: cluster.map { c in rows.map { c[$0] } }, weights: weights.map { w in rows.map { w[$0] } })
    }
    self.cutoff = cutoff
    left = side(order.filter { x[$0] < cutoff })
    right = side(order.filter { x[$0] >= cutoff })
    isFuzzy = treatment != nil
    covariateCount = covariates.count
  }
}

/// How the variance of a local-polynomial RD estimate is estimated (rdrobust's `vce`).
enum DiscontinuityVariance: Sendable, Equatable {
  /// Nearest-neighbour residuals with at least `matches` neighbours (rdrobust's default, 3).
  case nearestNeighbor(matches: Int)
  /// Plug-in residuals without a factor.
  case hc0
  /// Plug-in residuals scaled by `sqrt(n/(n − k))`, n and k per side.
  case hc1
  /// Plug-in residuals scaled by `(1 − h_ii)^(−1/2)`.
  case hc2
  /// Plug-in residuals scaled by `(1 − h_ii)^(−1)`.
  case hc3
  /// Cluster-robust CR1: unscaled residuals, `G/(G − 1) (n − 1)/(n − k)` per side.
  case cluster
}

extension RegressionDiscontinuityOptions.Kernel {
  /// `K(u)` on `|u| ≤ 1` (rdrobust's `rdrobust_kweight` before its division by h).
  func weight(_ u: Double) -> Double {
    guard abs(u) <= 1 else { return 0 }
    switch self {
    case .triangular: return 1 - abs(u)
    case .epanechnikov: return 0.75 * (1 - u * u)
    case .uniform: return 0.5
    }
  }

  /// The constant of the pilot bandwidth (rdbwselect's `C_c`).
  var pilotConstant: Double {
    switch self {
    case .triangular: 2.576
    case .epanechnikov: 2.34
    case .uniform: 1.843
    }
  }
}
