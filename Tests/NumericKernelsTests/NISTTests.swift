import Foundation
import Testing

@testable import NumericKernels

/// NIST StRD linear regression: certified values (500-digit arithmetic,
/// printed to 15 digits; https://www.itl.nist.gov/div898/strd/lls/lls.shtml),
/// graded by the log relative error of McCullough (1998).
@Suite("NIST StRD linear least squares")
struct NISTTests {
  struct Case: Sendable, CustomTestStringConvertible {
    let name: String
    /// Minimum LRE of the coefficients (the targets of the issue).
    let coefficientDigits: Double
    var testDescription: String { name }
  }

  static let cases: [Case] = [
    Case(name: "Norris", coefficientDigits: 11), Case(name: "Pontius", coefficientDigits: 11),
    Case(name: "NoInt1", coefficientDigits: 11), Case(name: "NoInt2", coefficientDigits: 11),
    Case(name: "Longley", coefficientDigits: 10), Case(name: "Wampler1", coefficientDigits: 9),
    Case(name: "Wampler2", coefficientDigits: 9), Case(name: "Wampler3", coefficientDigits: 9),
    Case(name: "Wampler4", coefficientDigits: 7), Case(name: "Wampler5", coefficientDigits: 5.5),
    Case(name: "Filip", coefficientDigits: 7),
  ]

  /// The design of a NIST data set: polynomial sets get `[1, x, …, x^k]`
  /// (no 1 for NoInt1/2), Longley gets `[1, x1…x6]`.
  static func problem(_ name: String) -> (design: Matrix, y: [Double], certified: [String: Any]) {
    let json = Fixture.json("nist/\(name).json")
    let xs = (json["x"] as? [[Any]] ?? []).map { $0.compactMap { ($0 as? NSNumber)?.doubleValue } }
    let y = json.doubles("y")
    let intercept = json["intercept"] as? Bool ?? true
    var columns: [[Double]] = []
    if intercept { columns.append([Double](repeating: 1, count: y.count)) }
    if let degree = json["polynomial_degree"] as? Int {
      for k in 1...degree { columns.append(xs[0].map { pow($0, Double(k)) }) }
    } else {
      columns.append(contentsOf: xs)
    }
    return (Matrix(columns: columns), y, json.object("certified"))
  }

  /// Digits demanded of standard errors, residual SD and R²: 8, except Filip,
  /// whose design columns `x^k` (k ≤ 10) cannot be represented exactly in
  /// double precision: rounding them perturbs the exact solution by about
  /// `κ·ε ≈ 5·10⁹ × 1.1·10⁻¹⁶`, i.e. to about 7 digits, whatever the solver.
  static func secondaryDigits(_ c: Case) -> Double { c.name == "Filip" ? 7 : 8 }

  @Test("coefficients, standard errors, residual SD and R² reach their digits", arguments: cases)
  func certified(_ c: Case) {
    check(c, LeastSquares.fit(design: Self.problem(c.name).design, response: Self.problem(c.name).y))
  }

  /// The double-precision factorisation alone (used above 10⁷ = n·p²) meets the same targets.
  @Test("the double-precision path reaches the coefficient targets too", arguments: cases)
  func doublePath(_ c: Case) {
    let (design, y, _) = Self.problem(c.name)
    check(
      c,
      LeastSquares.fit(
        design: design, response: y, weights: nil, columnNames: nil, rankTolerance: nil, extendedLimit: 0),
      secondary: c.name == "Filip" ? 7 : min(8, c.coefficientDigits))
  }

  func check(_ c: Case, _ fit: LeastSquaresFit, secondary: Double? = nil) {
    let (design, _, certified) = Self.problem(c.name)
    let secondaryDigits = secondary ?? Self.secondaryDigits(c)
    let coefficients = certified.doubles("coefficients")
    #expect(
      fit.rank == design.columns,
      "\(c.name): rank \(fit.rank), aliased \(fit.aliasedColumns), condition \(fit.conditionNumber)")
    let coefficientLRE = zip(fit.coefficients, coefficients).map { logRelativeError($0, $1) }.min() ?? 0
    #expect(coefficientLRE >= c.coefficientDigits, "\(c.name): coefficient LRE \(coefficientLRE)")
    // Standard errors, residual SD and R² where defined (Wampler1/2 fit exactly: SE = 0).
    let se = certified.doubles("standard_errors")
    if se.allSatisfy({ $0 > 0 }) {
      let seLRE = zip(fit.standardErrors(.classical), se).map { logRelativeError($0, $1) }.min() ?? 0
      let sd = logRelativeError(fit.residualVariance.squareRoot(), certified.double("residual_standard_deviation"))
      #expect(seLRE >= secondaryDigits, "\(c.name): SE LRE \(seLRE)")
      #expect(sd >= secondaryDigits, "\(c.name): residual SD LRE \(sd)")
    }
    if ProcessInfo.processInfo.environment["ASSAY_PRINT_ACCURACY"] == "1" {
      let seL =
        zip(fit.standardErrors(.classical), certified.doubles("standard_errors")).map { logRelativeError($0, $1) }.min()
        ?? 0
      print(
        "LRE", c.name, coefficientLRE, seL,
        logRelativeError(fit.residualVariance.squareRoot(), certified.double("residual_standard_deviation")),
        fit.conditionNumber)
    }
    let r2 = logRelativeError(fit.rSquared, certified.double("r_squared"))
    #expect(r2 >= secondaryDigits, "\(c.name): R² LRE \(r2)")
  }

  @Test("a duplicated column is aliased by name, its coefficient NaN")
  func aliasing() {
    let (design, y, _) = Self.problem("Longley")
    var columns = (0..<design.columns).map { design.column($0) }
    columns.insert(columns[2].map { $0 * 2 }, at: 3)  // 2·x2 next to x2
    let names = ["const", "x1", "x2", "twice_x2", "x3", "x4", "x5", "x6"]
    let fit = LeastSquares.fit(design: Matrix(columns: columns), response: y, columnNames: names)
    #expect(fit.rank == 7)
    #expect(fit.aliasedColumns.count == 1)
    #expect(["x2", "twice_x2"].contains(fit.aliasedColumnNames.first ?? ""))
    #expect(fit.coefficients[fit.aliasedColumns[0]].isNaN)
    #expect(fit.standardErrors(.classical)[fit.aliasedColumns[0]].isNaN)
    // The fitted values are those of the full-rank model (a closed-form identity).
    let full = LeastSquares.fit(design: design, response: y)
    for i in 0..<y.count { #expect(relativeError(fit.fittedValues[i], full.fittedValues[i]) < 1e-9) }
  }
}
