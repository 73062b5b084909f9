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
/// cause updates of the checks (`PushdownRegression`). The database sums in
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
