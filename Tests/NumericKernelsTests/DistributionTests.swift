import Foundation
import Testing

@testable import NumericKernels

/// Distribution functions against 50-digit mpmath values
/// (`Fixtures/distributions.json`, made by `scripts/make_distributions.py`;
/// every row is the correctly rounded double of the exact value).
@Suite("Distributions vs mpmath")
struct DistributionTests {
  struct Row: Sendable, CustomTestStringConvertible {
    let function: String
    let args: [String: Double]
    let value: Double
    var testDescription: String { "\(function)\(args.sorted { $0.key < $1.key })" }
  }

  static let rows: [Row] = {
    let document = Fixture.json("distributions.json")
    return (document["rows"] as? [[String: Any]] ?? []).map { row in
      let args = (row["args"] as? [String: Any] ?? [:]).mapValues { ($0 as? NSNumber)?.doubleValue ?? .nan }
      return Row(function: row["function"] as? String ?? "", args: args, value: row.double("value"))
    }
  }()

  static func evaluate(_ row: Row) -> Double {
    let a = row.args
    switch row.function {
    case "normal_cdf": return Normal.cdf(a["x"]!)
    case "normal_sf": return Normal.survival(a["x"]!)
    case "normal_quantile": return Normal.quantile(a["p"]!)
    case "t_cdf": return StudentT(degreesOfFreedom: a["df"]!).cdf(a["x"]!)
    case "t_sf": return StudentT(degreesOfFreedom: a["df"]!).survival(a["x"]!)
    case "t_quantile": return StudentT(degreesOfFreedom: a["df"]!).quantile(a["p"]!)
    case "chi2_cdf": return ChiSquared(degreesOfFreedom: a["df"]!).cdf(a["x"]!)
    case "chi2_sf": return ChiSquared(degreesOfFreedom: a["df"]!).survival(a["x"]!)
    case "chi2_quantile": return ChiSquared(degreesOfFreedom: a["df"]!).quantile(a["p"]!)
    case "f_cdf": return FDistribution(numerator: a["d1"]!, denominator: a["d2"]!).cdf(a["x"]!)
    case "f_sf": return FDistribution(numerator: a["d1"]!, denominator: a["d2"]!).survival(a["x"]!)
    case "f_quantile": return FDistribution(numerator: a["d1"]!, denominator: a["d2"]!).quantile(a["p"]!)
    case "beta_inc_reg": return SpecialFunctions.regularizedIncompleteBeta(a: a["a"]!, b: a["b"]!, x: a["x"]!)
    case "gamma_inc_lower_reg": return SpecialFunctions.regularizedLowerGamma(a: a["a"]!, x: a["x"]!)
    case "gamma_inc_upper_reg": return SpecialFunctions.regularizedUpperGamma(a: a["a"]!, x: a["x"]!)
    default: return .nan
    }
  }

  @Test("every row of distributions.json to 1e-12 relative")
  func allRows() {
    #expect(Self.rows.count == 1133)
    var failures: [String] = []
    var worst: [String: Double] = [:]
    for row in Self.rows {
      let computed = Self.evaluate(row)
      let error = relativeError(computed, row.value)
      worst[row.function] = max(worst[row.function] ?? 0, error)
      if !(error <= 1e-12) {
        failures.append("\(row.testDescription): computed \(computed), expected \(row.value), rel. error \(error)")
      }
    }
    if ProcessInfo.processInfo.environment["ASSAY_PRINT_ACCURACY"] == "1" {
      for (f, e) in worst.sorted(by: { $0.key < $1.key }) { print(f, e) }
    }
    #expect(
      failures.isEmpty, Comment(rawValue: "\(failures.count) rows off:\n" + failures.prefix(40).joined(separator: "\n"))
    )
  }

  @Test("edge cases: infinities, 0 and 1, the median")
  func edges() {
    #expect(Normal.quantile(0) == -.infinity)
    #expect(Normal.quantile(1) == .infinity)
    #expect(Normal.quantile(0.5) == 0)
    #expect(Normal.quantile(-0.1).isNaN)
    #expect(StudentT(degreesOfFreedom: 5).quantile(0.5) == 0)
    #expect(StudentT(degreesOfFreedom: 5).cdf(.infinity) == 1)
    #expect(ChiSquared(degreesOfFreedom: 3).cdf(-1) == 0)
    #expect(ChiSquared(degreesOfFreedom: 3).quantile(0) == 0)
    #expect(FDistribution(numerator: 2, denominator: 3).cdf(0) == 0)
    #expect(SpecialFunctions.regularizedIncompleteBeta(a: 2, b: 3, x: 1) == 1)
    #expect(SpecialFunctions.regularizedLowerGamma(a: -1, x: 1).isNaN)
  }

  @Test("closed forms: Cauchy (t₁) and χ²₂")
  func closedForms() {
    // t₁ is Cauchy: F(x) = ½ + atan(x)/π; χ²₂ is exponential with mean 2.
    for x in [-3.0, -0.5, 0.25, 2.0] {
      #expect(relativeError(StudentT(degreesOfFreedom: 1).cdf(x), 0.5 + atan(x) / Double.pi) < 1e-14)
      #expect(relativeError(ChiSquared(degreesOfFreedom: 2).cdf(abs(x)), -expm1(-abs(x) / 2)) < 1e-14)
    }
  }
}
