/// The result of `LeastSquares.fit`: coefficients, rank, residuals and the
/// material for every covariance estimator.
///
/// Aliased columns have `NaN` coefficients, `NaN` rows and columns in every
/// covariance matrix, and `NaN` standard errors; they are listed by index in
/// `aliasedColumns` and by name in `aliasedColumnNames`.
public struct LeastSquaresFit: Sendable {
  /// `β̂`, one per design column; `NaN` for aliased columns.
  public let coefficients: [Double]
  /// The numerical rank `r`.
  public let rank: Int
  /// Indices of the columns found linearly dependent on the others (ascending).
  public let aliasedColumns: [Int]
  /// The names of the design columns (`x0, x1, …` when none were given).
  public let columnNames: [String]
  /// The relative rank tolerance `τ` used: pivots with `|R[k,k]| ≤ τ·|R[0,0]|` were aliased.
  public let rankTolerance: Double
  /// The 2-norm condition number `σ_max / σ_min` of the column-scaled,
  /// weighted design restricted to its estimable columns (from `R₁₁`).
  public let conditionNumber: Double
  /// `X β̂` (aliased columns contribute nothing).
  public let fittedValues: [Double]
  /// `y − X β̂` (unweighted).
  public let residuals: [Double]
  /// `n − r`.
  public let residualDegreesOfFreedom: Int
  /// `Σ wᵢ eᵢ²`.
  public let residualSumOfSquares: Double
  /// `σ̂² = Σ wᵢ eᵢ² / (n − r)`; `NaN` when `n == r`.
  public let residualVariance: Double
  /// `1 − RSS/TSS`; TSS is centred (about the weighted mean) when the design
  /// has a non-zero constant column, uncentred (`Σ wᵢ yᵢ²`) otherwise, as in
  /// statsmodels and NIST's no-intercept data sets.
  public let rSquared: Double
  /// `1 − (1 − R²)(n − c)/(n − r)`, `c = 1` with an intercept, else 0.
  public let adjustedRSquared: Double
  /// Whether a non-zero constant column was found among the estimable ones.
  public let hasIntercept: Bool
  /// `(XᵀWX)⁻¹` over the estimable columns; aliased rows/columns are `NaN`.
  public let unscaledCovariance: Matrix

  let design: Matrix
  let weights: [Double]?
  /// Estimable columns in pivot order.
  let pivotOrder: [Int]

  init(
    coefficients: [Double], rank: Int, aliasedColumns: [Int], columnNames: [String], rankTolerance: Double,
    conditionNumber: Double, fittedValues: [Double], residuals: [Double], residualDegreesOfFreedom: Int,
    residualSumOfSquares: Double, residualVariance: Double, rSquared: Double, adjustedRSquared: Double,
    hasIntercept: Bool, unscaledCovariance: Matrix, design: Matrix, weights: [Double]?, pivotOrder: [Int]
  ) {
    self.coefficients = coefficients
    self.rank = rank
    self.aliasedColumns = aliasedColumns
    self.columnNames = columnNames
    self.rankTolerance = rankTolerance
    self.conditionNumber = conditionNumber
    self.fittedValues = fittedValues
    self.residuals = residuals
    self.residualDegreesOfFreedom = residualDegreesOfFreedom
    self.residualSumOfSquares = residualSumOfSquares
    self.residualVariance = residualVariance
    self.rSquared = rSquared
    self.adjustedRSquared = adjustedRSquared
    self.hasIntercept = hasIntercept
    self.unscaledCovariance = unscaledCovariance
    self.design = design
    self.weights = weights
    self.pivotOrder = pivotOrder
  }

  /// The names of the aliased columns.
  public var aliasedColumnNames: [String] { aliasedColumns.map { columnNames[$0] } }

  /// Whether some column was aliased.
  public var isRankDeficient: Bool { !aliasedColumns.isEmpty }

  /// The number of observations `n`.
  public var observationCount: Int { residuals.count }

  /// The estimable column indices in ascending order.
  public var estimableColumns: [Int] { pivotOrder.sorted() }
}
