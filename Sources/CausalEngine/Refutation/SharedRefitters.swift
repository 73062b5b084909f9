import Foundation

/// An estimate's refitters (``OLSRefitter``, ``WeightedRefitter``), built by
/// the first of its checks that asks and shared by the others, so that an
/// estimate with several checks builds its design matrix (and `XᵀX`) once
/// instead of once per check; released when the last of its checks is done.
///
/// A refitter depends only on what every check of the estimate shares (the
/// estimate's problem and its full-data propensity coefficients), so each
/// check gets the refitter it would have built itself, and the records do
/// not change. Checks that run at once wait for the one building it.
final class SharedRefitters: @unchecked Sendable {
  private let lock = NSLock()
  private var ols: OLSRefitter?? = nil
  private var weighted: (any WeightedRefitter)?? = nil
  /// Checks of the estimate not done yet.
  private var users: Int

  /// For an estimate with `users` checks (each calls ``release()`` once).
  init(users: Int) {
    self.users = users
  }

  /// The OLS refitter, built by `build` on first use.
  func ols(_ build: () -> OLSRefitter?) -> OLSRefitter? {
    lock.lock()
    defer { lock.unlock() }
    if let ols { return ols }
    let built = build()
    ols = .some(built)
    return built
  }

  /// The weighting, matching or doubly robust refitter, built by `build` on first use.
  func weighted(_ build: () -> (any WeightedRefitter)?) -> (any WeightedRefitter)? {
    lock.lock()
    defer { lock.unlock() }
    if let weighted { return weighted }
    let built = build()
    weighted = .some(built)
    return built
  }

  /// One check of the estimate is done; after the last, the refitters are freed.
  func release() {
    lock.lock()
    defer { lock.unlock() }
    users -= 1
    if users == 0 {
      ols = nil
      weighted = nil
    }
  }
}
