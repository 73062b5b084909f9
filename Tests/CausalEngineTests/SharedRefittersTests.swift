import Foundation
import NumericKernels
import StudyModel
import Testing

@testable import CausalEngine

/// An estimate's refitters are built once for all its checks (the study
/// runner shares them) and freed after the last check.
@Suite("Shared refitters")
struct SharedRefittersTests {
  final class Count: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func add() {
      lock.lock()
      value += 1
      lock.unlock()
    }
    var total: Int {
      lock.lock()
      defer { lock.unlock() }
      return value
    }
  }

  @Test("checks running at once build one refitter, the same one, and the last release frees it")
  func buildsOnce() throws {
    let data = Simulated.confounded(n: 400, effect: 1, seed: 11)
    let problem = EngineFixtures.problem(
      data, method: .linearRegression, treatment: "T", outcome: "Y", adjustment: ["W1", "W2"])
    let users = 6
    let shared = SharedRefitters(users: users)
    let builds = Count()
    let slopes = ParallelMap.map(count: users, threads: 3) { _ -> Double? in
      defer { shared.release() }
      let refitter = shared.ols {
        builds.add()
        return OLSRefitter(problem)
      }
      return refitter?.gram[1, 1]
    }
    #expect(builds.total == 1)
    let own = try #require(OLSRefitter(problem))
    #expect(slopes.allSatisfy { $0 == own.gram[1, 1] })
    // After the last release the refitter is gone: the next use builds again.
    _ = shared.ols {
      builds.add()
      return nil
    }
    #expect(builds.total == 2)
  }

  @Test("a check that changes its problem does not use the refitters built for the estimate's")
  func changedProblem() throws {
    let data = Simulated.confounded(n: 200, effect: 1, seed: 12)
    let problem = EngineFixtures.problem(
      data, method: .linearRegression, treatment: "T", outcome: "Y", adjustment: ["W1", "W2"])
    let estimator = MethodEstimator(LinearRegressionEstimator())
    var context = RefutationContext(
      problem: problem, estimator: estimator, original: try estimator.estimate(problem),
      check: Simulated.check(.bootstrap), streamLabel: "checks[1]:bootstrap", threads: 1)
    context.shared = SharedRefitters(users: 1)
    #expect(context.shared != nil)
    context.problem.adjustment = ["W1"]
    #expect(context.shared == nil)
    context.shared = SharedRefitters(users: 1)
    context.original = try estimator.estimate(context.problem)
    #expect(context.shared == nil)
  }
}
