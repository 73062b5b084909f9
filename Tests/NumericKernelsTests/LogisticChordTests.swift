import Foundation
import Testing

@testable import NumericKernels

/// `LogisticChord`: logistic refits on reweighted rows by Newton's method
/// with the information fixed at the start. Authority: statsmodels' GLM with
/// frequency weights on glm/logit_data.csv
/// (`Fixtures/scripts/make_glm_counts.py`: a bootstrap resample's counts, an
/// 80% subset, a permuted response), at 1e-8 relative: the chord method stops
/// within about 2e-10 standard errors of the optimum, statsmodels at a
/// deviance change of 1e-14.
@Suite("Logistic chord refits")
struct LogisticChordTests {
  static var reference: [String: Any] { Fixture.json("glm/binomial_logit_counts.json") }

  static func referenceCase(_ name: String) -> [String: Any] {
    let cases = reference["cases"] as? [[String: Any]] ?? []
    return cases.first { $0["name"] as? String == name } ?? [:]
  }

  /// The information `Xᵀ diag(mᵢ μᵢ(1 − μᵢ)) X` at `beta`.
  static func information(_ x: Matrix, _ beta: [Double], prior: [Double]?) -> Matrix {
    let weights = x.multiplied(by: beta).enumerated().map { i, eta in
      let mean = 1 / (1 + exp(-eta))
      return (prior?[i] ?? 1) * mean * (1 - mean)
    }
    return Kernels.gram(x, weights: weights, response: nil).xtx
  }

  @Test(
    "bootstrap counts and an 80% subset from the full fit's coefficients reach statsmodels' fit",
    arguments: [
      "bootstrap", "subset",
    ])
  func resamples(_ name: String) throws {
    let (x, y) = GLMTests.problem("glm/logit_data.csv")
    let start = Fixture.json("glm/binomial_logit.json").doubles("coefficients")
    let c = Self.referenceCase(name)
    let counts = c.doubles("counts")
    #expect(counts.count == x.rows)
    let fit = try #require(
      LogisticChord.fit(
        design: x, response: y, weights: counts, start: start,
        information: Self.information(x, start, prior: counts)))
    for (a, b) in zip(fit.coefficients, c.doubles("coefficients")) {
      #expect(relativeError(a, b) < 1e-8, "\(name): \(a) vs \(b)")
    }
    // The fitted means are those of the returned coefficients, for every row.
    let eta = x.multiplied(by: fit.coefficients)
    for i in 0..<x.rows { #expect(abs(fit.fittedMeans[i] - 1 / (1 + exp(-eta[i]))) <= 1e-15) }
    #expect(fit.iterations <= 8, "\(name): \(fit.iterations) passes")
  }

  @Test("a permuted response from the intercept-only start, information p̄(1 − p̄) XᵀX, reaches statsmodels' fit")
  func placebo() throws {
    let (x, y) = GLMTests.problem("glm/logit_data.csv")
    let c = Self.referenceCase("placebo")
    let order = c.doubles("permutation").map { Int($0) }
    let permuted = order.map { y[$0] }
    let share = permuted.reduce(0, +) / Double(permuted.count)
    var start = [Double](repeating: 0, count: x.columns)
    start[0] = log(share / (1 - share))
    let plain = Kernels.gram(x, weights: nil, response: nil).xtx
    var information = plain
    for j in 0..<x.columns { for i in 0..<x.columns { information[i, j] = plain[i, j] * share * (1 - share) } }
    let fit = try #require(
      LogisticChord.fit(design: x, response: permuted, weights: nil, start: start, information: information))
    for (a, b) in zip(fit.coefficients, c.doubles("coefficients")) {
      #expect(abs(a - b) < 1e-8 * max(1, abs(b)), "\(a) vs \(b)")
    }
  }

  /// Lockstep fits share each pass over the design; every model's iterations are its own.
  @Test("models fitted in lockstep equal each fitted alone, bit for bit, a declining one among them")
  func lockstep() throws {
    let (x, y) = GLMTests.problem("glm/logit_data.csv")
    let start = Fixture.json("glm/binomial_logit.json").doubles("coefficients")
    var models: [LogisticChord.Model] = []
    for name in ["bootstrap", "subset"] {
      let counts = Self.referenceCase(name).doubles("counts")
      models.append(
        LogisticChord.Model(
          response: y, weights: counts, start: start, information: Self.information(x, start, prior: counts)))
    }
    var tiny = Self.information(x, start, prior: nil)
    for j in 0..<x.columns { for i in 0..<x.columns { tiny[i, j] *= 1e-3 } }
    models.insert(
      LogisticChord.Model(response: y, weights: nil, start: start.map { $0 + 0.1 }, information: tiny), at: 1)
    let together = LogisticChord.fit(design: x, models: models)
    #expect(together[1] == nil)
    for (m, model) in models.enumerated() where m != 1 {
      let alone = try #require(
        LogisticChord.fit(
          design: x, response: model.response, weights: model.weights, start: model.start,
          information: model.information))
      let joint = try #require(together[m])
      #expect(joint.coefficients == alone.coefficients)
      #expect(joint.fittedMeans == alone.fittedMeans)
      #expect(joint.iterations == alone.iterations)
    }
  }

  @Test("declines: an information far from the optimum's, a singular one, separated data")
  func declines() {
    let (x, y) = GLMTests.problem("glm/logit_data.csv")
    let start = Fixture.json("glm/binomial_logit.json").doubles("coefficients")
    // A thousandth of the information: every step overshoots a thousandfold.
    var small = Self.information(x, start, prior: nil)
    for j in 0..<x.columns { for i in 0..<x.columns { small[i, j] *= 1e-3 } }
    let perturbed = start.map { $0 + 0.1 }
    #expect(LogisticChord.fit(design: x, response: y, weights: nil, start: perturbed, information: small) == nil)
    var singular = Self.information(x, start, prior: nil)
    for i in 0..<x.columns { singular[i, 3] = singular[i, 2] }
    for j in 0..<x.columns { singular[3, j] = singular[2, j] }
    #expect(LogisticChord.fit(design: x, response: y, weights: nil, start: start, information: singular) == nil)
    // Complete separation: the likelihood has no maximum, the steps never shrink.
    let (xs, ys) = GLMTests.problem("glm/separated_complete.csv")
    let zero = [Double](repeating: 0, count: xs.columns)
    var null = Kernels.gram(xs, weights: nil, response: nil).xtx
    for j in 0..<xs.columns { for i in 0..<xs.columns { null[i, j] *= 0.25 } }
    #expect(LogisticChord.fit(design: xs, response: ys, weights: nil, start: zero, information: null) == nil)
  }
}
