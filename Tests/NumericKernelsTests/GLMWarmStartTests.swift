import Foundation
import Testing

@testable import NumericKernels

/// Warm starts (`GLM.fit(start:)`): a refit that starts at another fit's
/// coefficients reaches the same optimum as the cold start from R's starting
/// means. The authority is the cold start (itself tested against R in
/// GLMTests); the tolerance is the convergence criterion's: both stop when
/// the last step moved every coefficient by at most 1e-10 standard errors,
/// so they agree to far better than 1e-8 standard errors.
@Suite("GLM warm starts")
struct GLMWarmStartTests {
  /// A logistic design: intercept and three covariates, `P(y = 1) = logit⁻¹(0.3 + x·b)`.
  static func data(n: Int, seed: UInt64) -> (Matrix, [Double]) {
    var rng = Xoshiro256StarStar(seed: seed)
    var columns = [[Double]](repeating: [], count: 4)
    var y: [Double] = []
    for _ in 0..<n {
      let x = [1, rng.nextNormal(), rng.nextNormal(), rng.nextUniform() < 0.4 ? 1.0 : 0.0]
      for j in 0..<4 { columns[j].append(x[j]) }
      let eta = 0.3 + 0.8 * x[1] - 0.5 * x[2] + 0.7 * x[3]
      y.append(rng.nextUniform() < 1 / (1 + exp(-eta)) ? 1 : 0)
    }
    return (Matrix(columns: columns), y)
  }

  static func expectSame(_ warm: GLMFit, _ cold: GLMFit) {
    #expect(warm.converged && cold.converged)
    #expect(warm.aliasedColumns == cold.aliasedColumns)
    for j in cold.coefficients.indices where cold.coefficients[j].isFinite {
      let gap = abs(warm.coefficients[j] - cold.coefficients[j]) / cold.standardErrors[j]
      #expect(gap <= 1e-8, "coefficient \(j): \(warm.coefficients[j]) vs \(cold.coefficients[j])")
      #expect(abs(warm.standardErrors[j] - cold.standardErrors[j]) <= 1e-8 * cold.standardErrors[j])
    }
    #expect(abs(warm.deviance - cold.deviance) <= 1e-9 * cold.deviance)
  }

  @Test(
    "a refit on a bootstrap resample or a subset started at the full fit equals the cold refit, in no more iterations",
    arguments: [300, 2_003])
  func resamples(n: Int) {
    let (x, y) = Self.data(n: n, seed: UInt64(n))
    let full = GLM.fit(design: x, response: y, family: .binomial, link: .logit)
    var rng = Xoshiro256StarStar(seed: 99)
    for kind in ["bootstrap", "subset"] {
      for _ in 0..<3 {
        // Frequency weights: bootstrap counts, or 0/1 for a subset of 80%.
        let weights: [Double] = (0..<n).map { _ in
          kind == "subset" ? (rng.nextUniform() < 0.8 ? 1 : 0) : 0
        }
        var counts = weights
        if kind == "bootstrap" { for _ in 0..<n { counts[Int(rng.next() % UInt64(n))] += 1 } }
        let cold = GLM.fit(design: x, response: y, family: .binomial, link: .logit, weights: counts)
        let warm = GLM.fit(
          design: x, response: y, family: .binomial, link: .logit, weights: counts, start: full.coefficients)
        Self.expectSame(warm, cold)
        // Never more iterations; the saving (about one at these sizes) is measured by `make bench`.
        #expect(warm.iterations <= cold.iterations, "\(kind): \(warm.iterations) vs \(cold.iterations)")
      }
    }
  }

  @Test("an aliased column stays aliased and a non-finite start counts as 0; a far start still converges")
  func aliasedAndFar() {
    let (x0, y) = Self.data(n: 400, seed: 4)
    // A fifth column equal to the third: aliased.
    let x = Matrix(columns: (0..<4).map { j in (0..<x0.rows).map { x0[$0, j] } } + [(0..<x0.rows).map { x0[$0, 2] }])
    let cold = GLM.fit(design: x, response: y, family: .binomial, link: .logit)
    #expect(cold.aliasedColumns == [4])
    let warm = GLM.fit(design: x, response: y, family: .binomial, link: .logit, start: cold.coefficients)
    Self.expectSame(warm, cold)
    let far = GLM.fit(design: x, response: y, family: .binomial, link: .logit, start: [3, -4, 5, -6, .nan])
    Self.expectSame(far, cold)
  }

  @Test("a ridge-penalised refit with a warm start equals the cold one")
  func ridge() {
    let (x, y) = Self.data(n: 500, seed: 5)
    let cold = GLM.fit(design: x, response: y, family: .binomial, link: .logit, ridge: 2)
    let warm = GLM.fit(
      design: x, response: y, family: .binomial, link: .logit, ridge: 2, start: [0.1, 0.5, -0.2, 0.4])
    Self.expectSame(warm, cold)
  }
}
