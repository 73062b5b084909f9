import Foundation
import NumericKernels

/// `make accuracy`: the NIST StRD linear-regression table.
///
/// For each of the 11 data sets, the log relative error
/// `LRE = −log₁₀(|computed − certified| / |certified|)` (McCullough 1998),
/// minimised over the coefficients, over the standard errors, and for the
/// residual standard deviation and R², next to the number of digits the
/// test suite demands. Certified values: `Tests/NumericKernelsTests/Fixtures/nist`
/// (NIST ITL, 500-digit arithmetic, 15 printed digits, so 15 is the cap).
/// Where the certified value is 0 (Wampler1/2 fit exactly) the LRE is
/// undefined and the absolute value is printed instead.
enum AccuracyReport {
  static let targets: [(String, Double)] = [
    ("Norris", 11), ("Pontius", 11), ("NoInt1", 11), ("NoInt2", 11), ("Longley", 10), ("Wampler1", 9),
    ("Wampler2", 9), ("Wampler3", 9), ("Wampler4", 7), ("Wampler5", 5.5), ("Filip", 7),
  ]

  static func run() {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().path
    let directory = root + "/Tests/NumericKernelsTests/Fixtures/nist"
    print("NIST StRD linear least squares (Householder QR with column pivoting)")
    print("LRE = -log10(|c - t|/|t|), capped at 15; 'abs' where the certified value is 0\n")
    print(
      pad("data set", 10) + pad("target", 8) + pad("coef LRE", 10) + pad("SE LRE", 12) + pad("resid SD", 12)
        + pad("R^2", 8) + pad("rank", 6) + "condition (scaled)")
    for (name, target) in targets {
      guard let data = FileManager.default.contents(atPath: directory + "/\(name).json"),
        let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
        let certified = json["certified"] as? [String: Any]
      else {
        print(pad(name, 10) + "fixture missing under \(directory)")
        continue
      }
      let xs = (json["x"] as? [[Double]]) ?? []
      let y = (json["y"] as? [Double]) ?? []
      var columns: [[Double]] = []
      if json["intercept"] as? Bool ?? true { columns.append([Double](repeating: 1, count: y.count)) }
      if let degree = json["polynomial_degree"] as? Int {
        for k in 1...degree { columns.append(xs[0].map { pow($0, Double(k)) }) }
      } else {
        columns.append(contentsOf: xs)
      }
      let fit = LeastSquares.fit(design: Matrix(columns: columns), response: y)
      let coefficients = (certified["coefficients"] as? [Double]) ?? []
      let errors = (certified["standard_errors"] as? [Double]) ?? []
      let coefficientLRE = zip(fit.coefficients, coefficients).map { lre($0, $1) }.min() ?? 0
      let se = fit.standardErrors(.classical)
      let seText: String
      if errors.allSatisfy({ $0 > 0 }) {
        seText = String(format: "%.1f", zip(se, errors).map { lre($0, $1) }.min() ?? 0)
      } else {
        seText = String(format: "abs %.0e", se.map(abs).max() ?? 0)
      }
      let sdCertified = (certified["residual_standard_deviation"] as? Double) ?? 0
      let sd = fit.residualVariance.squareRoot()
      let sdText = sdCertified > 0 ? String(format: "%.1f", lre(sd, sdCertified)) : String(format: "abs %.0e", sd)
      let r2 = lre(fit.rSquared, (certified["r_squared"] as? Double) ?? .nan)
      print(
        pad(name, 10) + pad(String(format: "%.1f", target), 8)
          + pad(String(format: "%.1f%@", coefficientLRE, coefficientLRE >= target ? "" : " !"), 10)
          + pad(seText, 12) + pad(sdText, 12) + pad(String(format: "%.1f", r2), 8)
          + pad("\(fit.rank)/\(columns.count)", 6)
          + String(format: "%.3g", fit.conditionNumber))
    }
  }

  static func lre(_ computed: Double, _ certified: Double) -> Double {
    if computed == certified { return 15 }
    let relative = certified == 0 ? abs(computed) : abs(computed - certified) / abs(certified)
    return min(15, max(0, -log10(relative)))
  }

  static func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
  }
}
