import NumericKernels
import StudyModel

/// Where the sums of a `compute: database` run come from: a database that
/// evaluates them over its rows (DataSources implements it in SQL); the
/// engine never sees a row.
///
/// Every request is a weighted sum over the rows the analysis uses, for one
/// or more simulations computed in one scan: for design columns
/// `a = (a₁ … a_q)` (expressions of the row's columns, ``DesignExpression``)
/// and a row weight w (``RowWeight``, which may depend on the simulation
/// through ``RowHash``),
///
///     count = Σ w,  squares = Σ w²,  linear_j = Σ w a_j,  quadratic_jk = Σ w a_j a_k.
///
/// With the right weights these are a least-squares fit's Gram matrix, its
/// sandwich's meat, and the bootstrap, subset, placebo and random-common-
/// cause updates of the checks (`PushdownRegression`). A logistic
/// regression asks for one IRLS pass per iteration and then mean
/// predictions (`PushdownLogistic`); stratification for order statistics of
/// the fitted scores and per-stratum means and variances
/// (`PushdownStratification`). The database sums in
/// its own order; results agree with the in-memory engine to rounding
/// (relative 1e-12 on well-conditioned designs; tested to 1e-9).
public protocol AggregateSource: Sendable {
  /// The weighted sums for simulations `0..<simulations` (one result when
  /// the weight does not depend on the simulation).
  func sums(_ columns: [DesignExpression], weight: RowWeight, simulations: Int, quadratic: Bool)
    throws(AggregateFailure) -> [WeightedSums]

  /// The cluster-robust meat `Σ_g s_g s_gᵀ`, `s_g = Σ_{i∈g} a_i e_i`, with
  /// `e_i = y_i − a_iᵀβ`, and the number of clusters G.
  func clusterMeat(
    _ columns: [DesignExpression], response: DesignExpression, coefficients: [Double], cluster: String
  ) throws(AggregateFailure) -> (meat: Matrix, clusters: Int)

  /// One pass of a logistic regression's IRLS (``LogisticPass``) over all
  /// rows, at `coefficients` or, when nil, at R's starting means
  /// `μ = (y + ½)/2`.
  func logisticPass(_ columns: [DesignExpression], response: DesignExpression, coefficients: [Double]?)
    throws(AggregateFailure) -> LogisticPass

  /// Mean logistic predictions for several designs of the same rows (the
  /// treatment column set to each contrast value), over the rows where
  /// `filter` is 1 (all rows when nil), in one scan: the row count and, per
  /// design `a`, `Σ μ` and `Σ μ(1 − μ) a` with `μ = 1/(1 + e^(−aᵀβ))`.
  func logisticMeans(_ designs: [[DesignExpression]], coefficients: [Double], filter: DesignExpression?)
    throws(AggregateFailure) -> (count: Double, sums: [Double], gradients: [[Double]])

  /// Order statistics of the fitted probabilities `μ = 1/(1 + e^(−aᵀβ))`
  /// over all rows: the values at the 0-based `ranks` of their ascending
  /// order (one sort of the rows).
  func logisticOrderStatistics(_ columns: [DesignExpression], coefficients: [Double], ranks: [Int])
    throws(AggregateFailure) -> [Double]

  /// Per stratum and arm (``StratumCell``), with `μ` as above and the
  /// stratum of a row `labels[k]` for the first cut `k` with `μ ≤ cuts[k]`
  /// (`labels.last` above every cut); the arm is `arm` (1 or 0). One scan.
  func strata(
    _ columns: [DesignExpression], coefficients: [Double], cuts: [Double], labels: [Int], arm: DesignExpression,
    outcome: DesignExpression
  ) throws(AggregateFailure) -> [StratumCell]

  /// The fitted probabilities' summary per arm (``ScoreSummary``), in one
  /// scan.
  func scoreSummary(_ columns: [DesignExpression], coefficients: [Double], arm: DesignExpression, bins: Int)
    throws(AggregateFailure) -> ScoreSummary
}

/// One pass of IRLS for a logistic regression (`GLM`'s pass, computed by the
/// database): with `η = aᵀβ` clamped to ±700 as `GLMLink.logit` clamps it,
/// `μ`, `1 − μ` by its one-exponential formula, the working weight
/// `w = μ(1 − μ)` and response `z = η + (y − μ)/w`,
///
///     information = Σ w aaᵀ,  working = Σ w z a,  deviance = −2 Σ log(μ or 1 − μ),
///
/// and `extreme`, the rows with `min(μ, 1 − μ) < 1e-8` (the in-memory fit's
/// trigger for its separation check). A row whose weight is below 1e-150
/// (`|η| > 345`) adds nothing to the first two sums: PostgreSQL refuses a
/// floating-point underflow, and such a row's share is far below rounding
/// (the fit is then refused as possibly separated in any case).
public struct LogisticPass: Sendable {
  public var information: Matrix
  public var working: [Double]
  public var deviance: Double
  public var extreme: Int

  public init(information: Matrix, working: [Double], deviance: Double, extreme: Int) {
    self.information = information
    self.working = working
    self.deviance = deviance
    self.extreme = extreme
  }
}

/// The rows of one stratum and arm: their count, outcome mean and sample
/// variance (n − 1; 0 for one row).
public struct StratumCell: Sendable, Equatable {
  public var stratum: Int
  public var arm: Int
  public var count: Int
  public var mean: Double
  public var variance: Double

  public init(stratum: Int, arm: Int, count: Int, mean: Double, variance: Double) {
    self.stratum = stratum
    self.arm = arm
    self.count = count
    self.mean = mean
    self.variance = variance
  }
}

/// Fitted probabilities per arm (index 1 treated, 0 control): minimum,
/// maximum, the count outside [0.01, 0.99], and a histogram of `bins`
/// equal-width bins on [0, 1] (bin `min(bins − 1, max(0, ⌊μ · bins⌋))`).
public struct ScoreSummary: Sendable {
  public var minimum: [Double]
  public var maximum: [Double]
  public var outside: Int
  public var histogram: [[Int]]

  public init(minimum: [Double], maximum: [Double], outside: Int, histogram: [[Int]]) {
    self.minimum = minimum
    self.maximum = maximum
    self.outside = outside
    self.histogram = histogram
  }
}

/// A column of a design, as the database computes it from a row.
public indirect enum DesignExpression: Sendable, Hashable {
  /// A constant (1 for an intercept).
  case constant(Double)
  /// A numeric column's value.
  case column(String)
  /// 1 when a categorical column holds `level`, else 0.
  case indicator(String, level: String)
  /// The product of two expressions.
  case product(DesignExpression, DesignExpression)
  /// 1 when a numeric column equals `value`, else 0 (a treatment indicator).
  case equals(String, Double)
}

/// The weight of a row in a sum.
public enum RowWeight: Sendable, Hashable {
  /// Every row counts once.
  case one
  /// A Poisson(1) count from draw 0 of the row's hash in each simulation
  /// (the bootstrap).
  case poisson(stream: UInt32)
  /// 1 when draw 0 of the row's hash is below `threshold`, else 0 (subsets,
  /// two-valued placebos).
  case bernoulli(stream: UInt32, threshold: UInt64)
  /// A standard normal from draws 0 and 1 (random common causes).
  case normal(stream: UInt32)
  /// `e² / (1 − h)^power`, with `e = y − aᵀβ` and, for `power > 0`, the
  /// leverage `h = aᵀ A a` (the sandwich's meat: HC0/HC1 with power 0,
  /// HC2 with 1, HC3 with 2). `A` is the inverse Gram matrix, row-major.
  case squaredResidual(response: DesignExpression, coefficients: [Double], inverse: [Double], power: Int)
}

/// One simulation's sums (``AggregateSource``).
public struct WeightedSums: Sendable, Equatable {
  /// Σ w.
  public var count: Double
  /// Σ w².
  public var squares: Double
  /// Σ w a_j.
  public var linear: [Double]
  /// Σ w a_j a_k (q × q, symmetric); empty when not asked for.
  public var quadratic: Matrix

  public init(count: Double, squares: Double, linear: [Double], quadratic: Matrix) {
    self.count = count
    self.squares = squares
    self.linear = linear
    self.quadratic = quadratic
  }
}

/// Why the database could not compute a sum (the connection dropped, the
/// server refused the statement): the run stops with this message.
public struct AggregateFailure: Error, Sendable {
  public var message: String

  public init(_ message: String) { self.message = message }
}
