import Foundation
import NumericKernels
import StudyModel
import Tabular
import Testing

@testable import CausalEngine

/// The checks under hashed randomness (data with row keys): each row's draw
/// is a function of its key (`RowHash`), so the simulations do not depend on
/// the row order and a database computes the same ones.
@Suite("Refuters with row keys")
struct RowKeyedRefuterTests {
  static let checks: [CheckKind] = [.placeboTreatment, .randomCommonCause, .dataSubset, .bootstrap]

  /// The simulated data of `Simulated.confounded` with keys 1000 + 7i (not
  /// positions, and not consecutive).
  static func keyed(n: Int, seed: UInt64) -> AnalysisData {
    let data = Simulated.confounded(n: n, effect: 2, seed: seed)
    return AnalysisData(table: data.table, rowKeys: (0..<n).map { Int64(1000 + 7 * $0) })
  }

  func problem(_ data: AnalysisData) -> EstimationProblem {
    EngineFixtures.problem(data, method: .linearRegression, treatment: "T", outcome: "Y", adjustment: ["W1", "W2"])
  }

  /// n = 5,003 spans several blocks of the fused passes, the last one partial.
  @Test("the OLS shortcuts give the same simulated estimates as full refits", arguments: checks, [500, 5_003])
  func shortcutMatchesRefits(_ kind: CheckKind, n: Int) throws {
    let data = Self.keyed(n: n, seed: 21)
    let simulations = n > 1_000 ? 6 : 30
    let fast = try Simulated.refute(
      kind, problem: problem(data), estimator: LinearRegressionEstimator(), simulations: simulations)
    let slow = try Simulated.refute(
      kind, problem: problem(data), estimator: LinearRegressionEstimator(), simulations: simulations, shortcuts: false)
    #expect(fast.simulated.count == simulations)
    #expect(fast.simulated.count == slow.simulated.count)
    for (a, b) in zip(fast.simulated, slow.simulated) {
      #expect(abs(a - b) <= 1e-9 * max(1, abs(b)), "\(a) vs \(b)")
    }
  }

  @Test("the simulations follow the keys, not the row order", arguments: checks)
  func orderInvariance(_ kind: CheckKind) throws {
    let data = Self.keyed(n: 600, seed: 22)
    let reversed = data.rows(Array((0..<600).reversed()))
    let a = try Simulated.refute(kind, problem: problem(data), estimator: LinearRegressionEstimator(), simulations: 20)
    let b = try Simulated.refute(
      kind, problem: problem(reversed), estimator: LinearRegressionEstimator(), simulations: 20)
    for (x, y) in zip(a.simulated, b.simulated) {
      #expect(abs(x - y) <= 1e-9 * max(1, abs(y)), "\(x) vs \(y)")
    }
  }

  @Test("a sound estimate passes; a confounded one fails the random common cause", arguments: checks)
  func verdicts(_ kind: CheckKind) throws {
    let data = Self.keyed(n: 2000, seed: 23)
    let record = try Simulated.refute(kind, problem: problem(data), estimator: LinearRegressionEstimator())
    #expect(record.verdict == .passed, "\(record.detail)")
    #expect(record.simulated.count == 100)
  }

  @Test("the hashed bootstrap's spread matches the OLS standard error (HC1) within Monte-Carlo error")
  func bootstrapSpread() throws {
    // 400 resamples of n = 3,000: the relative error of a bootstrap SD is
    // about 1/sqrt(2·400) = 3.5%; 15% is over four times that.
    let data = Self.keyed(n: 3000, seed: 24)
    let estimator = MethodEstimator(LinearRegressionEstimator())
    let original = try estimator.estimate(problem(data))
    let record = try Simulated.refute(
      .bootstrap, problem: problem(data), estimator: LinearRegressionEstimator(), simulations: 400)
    let values = record.simulated
    let mean = values.reduce(0, +) / Double(values.count)
    let sd = (values.reduce(0.0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)).squareRoot()
    let se = try #require(original.standardError)
    #expect(abs(sd / se - 1) < 0.15, "bootstrap SD \(sd) vs SE \(se)")
  }
}
