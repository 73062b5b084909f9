import Foundation
import Testing

@testable import NumericKernels

/// Degenerate inputs must give documented values (NaN, aliasing), never a crash.
@Suite("Edge cases of the fits")
struct EdgeCaseTests {
  @Test("a zero column and a constant duplicate are aliased; an empty design has rank 0")
  func leastSquaresEdges() {
    let y = [1.0, 2, 4, 3, 5]
    let x = Matrix(columns: [[1, 1, 1, 1, 1], [0, 0, 0, 0, 0], [1, 2, 3, 4, 5], [2, 2, 2, 2, 2]])
    for limit in [Int.max, 0] {
      let fit = LeastSquares.fit(
        design: x, response: y, weights: nil, columnNames: ["c", "zero", "t", "two"],
        rankTolerance: nil, extendedLimit: limit)
      #expect(fit.rank == 2)
      #expect(fit.aliasedColumnNames.sorted() == ["two", "zero"] || fit.aliasedColumnNames.sorted() == ["c", "zero"])
      #expect(fit.coefficients[1].isNaN)
      // y on t with an intercept: slope 0.9 (closed form: Sxy/Sxx = 9/10).
      #expect(abs(fit.coefficients[2] - 0.9) < 1e-12)
    }
    let empty = LeastSquares.fit(design: Matrix(rows: 5, columns: 0), response: y)
    #expect(empty.rank == 0)
    #expect(empty.coefficients.isEmpty)
    #expect(empty.residuals == y)
    let none = LeastSquares.fit(design: Matrix(rows: 0, columns: 2), response: [])
    #expect(none.rank == 0)
    #expect(none.coefficients.allSatisfy { $0.isNaN })
  }

  @Test("more columns than rows: rank at most n, the rest aliased")
  func wide() {
    let x = Matrix(columns: [[1, 1, 1], [1, 2, 3], [1, 4, 9], [1, 8, 27], [2, 1, 0]])
    let fit = LeastSquares.fit(design: x, response: [1, 2, 3])
    #expect(fit.rank == 3)
    #expect(fit.aliasedColumns.count == 2)
    #expect(fit.residualDegreesOfFreedom == 0)
    #expect(fit.residualVariance.isNaN)
  }

  @Test("GLM with zero-weight rows ignores them; an all-aliased design is degenerate, not a crash")
  func glmEdges() {
    let x = Matrix(columns: [[1, 1, 1, 1, 1, 1], [-2, -1, 0, 1, 2, 3]])
    let y = [0.0, 1, 0, 1, 1, 0]
    let weighted = GLM.fit(design: x, response: y, family: .binomial, link: .logit, weights: [1, 1, 1, 1, 1, 0])
    let dropped = GLM.fit(
      design: Matrix(columns: [[1, 1, 1, 1, 1], [-2, -1, 0, 1, 2]]), response: Array(y.prefix(5)),
      family: .binomial, link: .logit)
    for k in 0..<2 { #expect(abs(weighted.coefficients[k] - dropped.coefficients[k]) < 1e-9) }
    let zero = GLM.fit(design: Matrix(rows: 3, columns: 1), response: [0, 1, 0], family: .binomial, link: .logit)
    #expect(zero.rank == 0)
    #expect(zero.aliasedColumns == [0])
    #expect(!zero.converged)
  }
}

@Suite("GLM offsets and prior weights")
struct GLMOffsetWeightTests {
  @Test("Poisson rate model: intercept-only with offset log(t) has β₀ = log(Σy/Σt) (closed form)")
  func offset() {
    let y = [2.0, 0, 5, 3, 7, 1]
    let t = [1.0, 0.5, 2, 1.5, 3, 0.7]
    let fit = GLM.fit(
      design: Matrix(columns: [[Double](repeating: 1, count: 6)]), response: y, family: .poisson,
      link: .log, offset: t.map { log($0) })
    #expect(fit.converged)
    #expect(abs(fit.coefficients[0] - log(y.reduce(0, +) / t.reduce(0, +))) < 1e-12)
  }

  @Test("binomial proportions with trial weights equal the expanded 0/1 data")
  func proportions() {
    // Three covariate patterns with 4, 5 and 6 trials and 1, 3 and 5 successes.
    let x = [-1.0, 0, 1]
    let trials = [4.0, 5, 6]
    let successes = [1.0, 3, 5]
    let grouped = GLM.fit(
      design: Matrix(columns: [[1, 1, 1], x]), response: zip(successes, trials).map { $0 / $1 },
      family: .binomial, link: .logit, weights: trials)
    var ex: [Double] = []
    var ey: [Double] = []
    for k in 0..<3 {
      for j in 0..<Int(trials[k]) {
        ex.append(x[k])
        ey.append(Double(j) < successes[k] ? 1 : 0)
      }
    }
    let expanded = GLM.fit(
      design: Matrix(columns: [[Double](repeating: 1, count: ex.count), ex]), response: ey,
      family: .binomial, link: .logit)
    for k in 0..<2 {
      #expect(abs(grouped.coefficients[k] - expanded.coefficients[k]) < 1e-10)
      #expect(abs(grouped.standardErrors[k] - expanded.standardErrors[k]) < 1e-10)
    }
  }
}
