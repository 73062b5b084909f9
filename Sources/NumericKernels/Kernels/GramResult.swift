/// The cross products of a design `X`, a response `y` and weights `w`.
///
/// `xtx = XᵀWX` (`p × p`, symmetric, both triangles filled), `xty = XᵀWy`
/// (empty when no response was given) and `yty = yᵀWy` (0 without a response),
/// with `W = diag(w)` or the identity.
public struct GramResult: Sendable, Equatable {
  /// `XᵀWX`.
  public var xtx: Matrix
  /// `XᵀWy`; empty when the response was `nil`.
  public var xty: [Double]
  /// `yᵀWy`; 0 when the response was `nil`.
  public var yty: Double

  /// A result from its parts.
  public init(xtx: Matrix, xty: [Double], yty: Double) {
    self.xtx = xtx
    self.xty = xty
    self.yty = yty
  }
}
