extension Matrix {
  /// The 1-norm `‖A‖₁ = max_j Σ_i |a_ij|` (the largest absolute column sum).
  public var oneNorm: Double {
    var best = 0.0
    storage.withUnsafeBufferPointer { a in
      for j in 0..<columns {
        var s = 0.0
        for i in 0..<rows { s += abs(a[j * rows + i]) }
        best = Swift.max(best, s)
      }
    }
    return best
  }

  /// The reciprocal condition number in the 1-norm, `1 / (‖A‖₁ ‖A⁻¹‖₁)`,
  /// computed exactly from the inverse; 0 when `A` is singular to working
  /// precision (no inverse, or a non-finite one).
  ///
  /// R's `rcond` (LAPACK `dgecon`) estimates the same quantity from an LU
  /// factorisation; its estimate of `‖A⁻¹‖₁` is a lower bound that is exact
  /// for most small matrices, so the two agree wherever a decision such as
  /// `rcond(A) < ε` is not on a knife edge.
  /// - Precondition: the matrix is square.
  public func reciprocalConditionNumber() -> Double {
    precondition(rows == columns, "reciprocalConditionNumber: \(rows)×\(columns) is not square")
    if rows == 0 { return 1 }
    let norm = oneNorm
    guard norm > 0, norm.isFinite, let inverse = luInverse() else { return 0 }
    let inverseNorm = inverse.oneNorm
    guard inverseNorm.isFinite, inverseNorm > 0 else { return 0 }
    return 1 / (norm * inverseNorm)
  }
}
