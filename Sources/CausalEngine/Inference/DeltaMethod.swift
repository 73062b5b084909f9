import NumericKernels

/// The delta method: the variance of a function of estimated coefficients.
///
/// For `g(β)` with gradient `∇g` at `β̂` and coefficient covariance `V`,
/// `Var(g(β̂)) ≈ ∇gᵀ V ∇g` (Oehlert 1992). Covariates are treated as fixed,
/// as Stata's `margins` and R's `marginaleffects` do by default: the
/// variance conditions on the sample's covariate values.
enum DeltaMethod {
  /// `sqrt(gᵀ V g)`, ignoring entries of `g` that are zero (so aliased,
  /// NaN rows of `V` do not contaminate a gradient that does not use them).
  static func standardError(gradient g: [Double], covariance v: Matrix) -> Double {
    precondition(g.count == v.rows && v.rows == v.columns, "gradient and covariance must conform")
    var total = 0.0
    for i in g.indices where g[i] != 0 {
      for j in g.indices where g[j] != 0 {
        total += g[i] * v[i, j] * g[j]
      }
    }
    return total >= 0 ? total.squareRoot() : .nan
  }
}
