/// Separation in a binary-response model: no finite maximum-likelihood estimate exists.
///
/// With `aᵢ = (2yᵢ − 1)·xᵢ`, the data are *separated* when some direction
/// `β ≠ 0` has `aᵢᵀβ ≥ 0` for every observation with `aᵢᵀβ > 0` for at least
/// one (Albert & Anderson 1984): moving along `β` never lowers the
/// likelihood, so the estimates run off to infinity.
/// - `complete`: some direction has `aᵢᵀβ > 0` for **every** observation
///   (the outcome is a deterministic function of the linear predictor).
/// - `quasiComplete`: every separating direction leaves some observations
///   on the separating hyperplane; `units` is the number of observations
///   that are perfectly predicted (strictly on their side for the
///   maximal separating direction), whose fitted probabilities go to 0 or 1.
///
/// `columns` names the design columns (by index) of a sparsest separating
/// direction: among directions separating the same observations, one that
/// minimises `Σ|βⱼ|` over the non-constant columns (the intercept is left
/// free and is not named).
public enum Separation: Sendable, Hashable {
  case complete(columns: [Int])
  case quasiComplete(columns: [Int], units: Int)

  /// The design columns involved.
  public var columns: [Int] {
    switch self {
    case .complete(let columns), .quasiComplete(let columns, _): columns
    }
  }
}
