import Foundation

/// How far one running simulated check has got: `done` of its `total`
/// simulations have finished. Reported when the check starts (`done == 0`)
/// and whenever simulations finish, the last time with `done == total`.
/// Reports of one check arrive in increasing `done`; those of checks running
/// at the same time interleave.
public struct SimulationProgress: Sendable, Equatable {
  /// The estimate the check refutes.
  public var estimator: String
  /// The check's kind (`placebo_treatment`).
  public var check: String
  /// A label unique to the check in the run (`checks[2]:data_subset on ipw`).
  public var key: String
  public var done: Int
  public var total: Int

  public init(estimator: String, check: String, key: String, done: Int, total: Int) {
    self.estimator = estimator
    self.check = check
    self.key = key
    self.done = done
    self.total = total
  }
}

/// Counts finished simulations of one check under a lock and reports the
/// running count (simulations finish on several threads at once).
final class SimulationCounter: @unchecked Sendable {
  private let lock = NSLock()
  private var done = 0
  private let total: Int
  private let report: @Sendable (Int, Int) -> Void

  init(total: Int, report: @escaping @Sendable (Int, Int) -> Void) {
    self.total = total
    self.report = report
    report(0, total)
  }

  /// Adds `count` finished simulations and reports the new count (under the
  /// lock, so that one check's reports arrive in increasing order).
  func add(_ count: Int) {
    lock.lock()
    defer { lock.unlock() }
    done += count
    report(done, total)
  }
}
