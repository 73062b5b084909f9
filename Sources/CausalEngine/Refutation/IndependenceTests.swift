import Foundation
import NumericKernels
import StudyModel

/// Conditional-independence tests for the graph's testable implications.
///
/// - `fisher_z`: the partial correlation r of a and b given Z (the
///   correlation of their residuals on `[1, Z]`), `z = atanh(r) √(n − |Z| − 3)`
///   with |Z| the number of design columns of Z, two-sided normal p
///   (Fisher 1924; as dagitty's `localTests` and pcalg's `gaussCItest`).
/// - `chi_square` / `g_test`: Pearson's X² or the likelihood-ratio G² of
///   independence within each stratum of Z (every combination of Z's
///   values), summed over strata with df `Σ (r_s − 1)(c_s − 1)` over the
///   levels present in each stratum (as bnlearn and pgmpy).
/// - `regression`: a partial F test: the continuous variable regressed on
///   `[1, Z]` against `[1, Z, other]` (the other one-hot if categorical).
/// `auto` picks `fisher_z` when both variables and Z are continuous,
/// `chi_square` when all are discrete (binary, categorical, or integer with
/// at most 10 distinct values), `regression` otherwise.
enum IndependenceTests {
  struct Outcome {
    var test: IndependenceTestChoice
    var statistic: Double
    var degreesOfFreedom: Double
    var pValue: Double
  }

  static func isDiscrete(_ data: AnalysisData, _ name: String) -> Bool {
    let c = data.column(name)
    switch c.kind {
    case .binary, .categorical: return true
    case .integer: return Set(c.values).count <= 10
    case .continuous: return false
    }
  }

  static func run(
    _ statement: IndependenceStatement, data: AnalysisData, test requested: IndependenceTestChoice
  ) -> Outcome? {
    let variables = [statement.a, statement.b] + statement.given
    var test = requested
    if test == .auto {
      let discrete = variables.map { isDiscrete(data, $0) }
      test = discrete.allSatisfy { $0 } ? .chiSquare : (discrete.allSatisfy { !$0 } ? .fisherZ : .regression)
    }
    switch test {
    case .fisherZ: return fisherZ(statement, data: data)
    case .chiSquare, .gTest: return contingency(statement, data: data, likelihoodRatio: test == .gTest)
    case .regression, .auto: return regression(statement, data: data)
    }
  }

  static func fisherZ(_ s: IndependenceStatement, data: AnalysisData) -> Outcome? {
    let z = ModelDesign.build(data: data, treatment: nil, covariates: s.given, terms: [])
    let ra = LeastSquares.fit(design: z.matrix, response: data.values(s.a)).residuals
    let rb = LeastSquares.fit(design: z.matrix, response: data.values(s.b)).residuals
    let saa = ra.reduce(0.0) { $0 + $1 * $1 }
    let sbb = rb.reduce(0.0) { $0 + $1 * $1 }
    guard saa > 0, sbb > 0 else { return nil }
    let r = zip(ra, rb).reduce(0.0) { $0 + $1.0 * $1.1 } / (saa * sbb).squareRoot()
    let k = Double(z.matrix.columns - 1)
    let n = Double(data.rowCount)
    guard n - k - 3 > 0 else { return nil }
    let statistic = atanh(max(-1 + 1e-15, min(1 - 1e-15, r))) * (n - k - 3).squareRoot()
    return Outcome(
      test: .fisherZ, statistic: statistic, degreesOfFreedom: n - k - 3, pValue: 2 * Normal.survival(abs(statistic)))
  }

  static func contingency(_ s: IndependenceStatement, data: AnalysisData, likelihoodRatio: Bool) -> Outcome? {
    let a = data.values(s.a)
    let b = data.values(s.b)
    let z = s.given.map { data.values($0) }
    var strata: [[Double]: [Int]] = [:]
    for i in a.indices { strata[z.map { $0[i] }, default: []].append(i) }
    var statistic = 0.0
    var df = 0.0
    for key in strata.keys.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
      let rows = strata[key]!
      let levelsA = Array(Set(rows.map { a[$0] })).sorted()
      let levelsB = Array(Set(rows.map { b[$0] })).sorted()
      guard levelsA.count > 1, levelsB.count > 1 else { continue }
      var table = [[Double]](repeating: [Double](repeating: 0, count: levelsB.count), count: levelsA.count)
      for i in rows {
        table[levelsA.firstIndex(of: a[i])!][levelsB.firstIndex(of: b[i])!] += 1
      }
      let n = Double(rows.count)
      let rowSums = table.map { $0.reduce(0, +) }
      let columnSums = (0..<levelsB.count).map { j in table.reduce(0.0) { $0 + $1[j] } }
      for r in 0..<levelsA.count {
        for c in 0..<levelsB.count {
          let expected = rowSums[r] * columnSums[c] / n
          let observed = table[r][c]
          if likelihoodRatio {
            if observed > 0 { statistic += 2 * observed * Foundation.log(observed / expected) }
          } else {
            statistic += (observed - expected) * (observed - expected) / expected
          }
        }
      }
      df += Double((levelsA.count - 1) * (levelsB.count - 1))
    }
    guard df > 0 else { return nil }
    return Outcome(
      test: likelihoodRatio ? .gTest : .chiSquare, statistic: statistic, degreesOfFreedom: df,
      pValue: ChiSquared(degreesOfFreedom: df).survival(statistic))
  }

  static func regression(_ s: IndependenceStatement, data: AnalysisData) -> Outcome? {
    // The response is a continuous variable of the pair (a first).
    let response = isDiscrete(data, s.a) && !isDiscrete(data, s.b) ? s.b : s.a
    let other = response == s.a ? s.b : s.a
    let restricted = ModelDesign.build(data: data, treatment: nil, covariates: s.given, terms: [])
    let full = ModelDesign.build(data: data, treatment: nil, covariates: s.given + [other], terms: [])
    let y = data.values(response)
    let r = LeastSquares.fit(design: restricted.matrix, response: y)
    let f = LeastSquares.fit(design: full.matrix, response: y)
    let q = Double(f.rank - r.rank)
    let dfResidual = Double(f.residualDegreesOfFreedom)
    guard q > 0, dfResidual > 0, f.residualSumOfSquares > 0 else { return nil }
    let statistic = ((r.residualSumOfSquares - f.residualSumOfSquares) / q) / (f.residualSumOfSquares / dfResidual)
    return Outcome(
      test: .regression, statistic: statistic, degreesOfFreedom: q,
      pValue: FDistribution(numerator: q, denominator: dfResidual).survival(statistic))
  }

  /// Holm (1979) step-down or Benjamini-Hochberg (1995) step-up adjusted
  /// p-values, in the input order; `none` returns them unchanged.
  static func adjust(_ p: [Double], method: GraphIndependenciesOptions.Correction) -> [Double] {
    let m = Double(p.count)
    let order = p.indices.sorted { (p[$0], $0) < (p[$1], $1) }
    var adjusted = p
    switch method {
    case .holm:
      var running = 0.0
      for (rank, i) in order.enumerated() {
        running = max(running, min(1, (m - Double(rank)) * p[i]))
        adjusted[i] = running
      }
    case .bh:
      var running = 1.0
      for (rank, i) in order.enumerated().reversed() {
        running = min(running, min(1, m / Double(rank + 1) * p[i]))
        adjusted[i] = running
      }
    case .none:
      break
    }
    return adjusted
  }
}

/// `graph_independencies`: tests each conditional independence the graph
/// implies among observed variables (one per non-adjacent pair, as dagitty's
/// `impliedConditionalIndependencies`), corrects for multiple testing, and
/// fails when any corrected p-value is below alpha.
enum GraphIndependenciesCheck {
  static func run(_ check: CheckSpec, statements: [IndependenceStatement], data: AnalysisData) -> CheckRecord {
    let options = check.options(as: GraphIndependenciesOptions.self)
    let alpha = check.common.alpha
    let correction = options.correction
    let requested = options.test
    let rule =
      "fails when any \(correction == .none ? "" : correction.rawValue + "-corrected ")p-value < \(short(alpha))"
    var tests: [IndependenceTestRecord] = []
    var untestable: [String] = []
    var raw: [Double] = []
    var outcomes: [(IndependenceStatement, IndependenceTests.Outcome)] = []
    for statement in statements {
      if let outcome = IndependenceTests.run(statement, data: data, test: requested) {
        outcomes.append((statement, outcome))
        raw.append(outcome.pValue)
      } else {
        untestable.append(statement.text)
      }
    }
    let adjusted = IndependenceTests.adjust(raw, method: correction)
    for (k, (statement, outcome)) in outcomes.enumerated() {
      tests.append(
        IndependenceTestRecord(
          statement: statement, test: outcome.test, statistic: outcome.statistic.finiteOrNil,
          degreesOfFreedom: outcome.degreesOfFreedom, pValue: outcome.pValue.finiteOrNil,
          adjustedPValue: adjusted[k].finiteOrNil, rejected: adjusted[k] < alpha))
    }
    let rejected = tests.filter(\.rejected)
    let verdict: Verdict
    var detail: String
    if statements.isEmpty {
      verdict = .notApplicable
      detail = "the graph implies no conditional independence among observed variables (every pair is adjacent)"
    } else if tests.isEmpty {
      verdict = .notApplicable
      detail = "none of the implied independencies could be tested"
    } else {
      verdict = rejected.isEmpty ? .passed : .failed
      detail =
        rejected.isEmpty
        ? "all \(tests.count) implied independencies are consistent with the data"
        : "the data contradict \(rejected.count) of \(tests.count) implied independencies: "
          + rejected.prefix(5).map(\.statement.text).joined(separator: "; ")
    }
    if !untestable.isEmpty { detail += "; not testable: " + untestable.prefix(5).joined(separator: "; ") }
    let smallest = adjusted.min()
    return CheckRecord(
      check: .check(.graphIndependencies), estimator: nil, verdict: verdict, severity: check.severity,
      summary: CheckKind.graphIndependencies.descriptor.summary, rule: rule, detail: detail,
      statistic: smallest?.finiteOrNil, statisticName: "smallest corrected p-value", threshold: alpha,
      pValue: smallest?.finiteOrNil,
      values: [NamedValue("tests", Double(tests.count)), NamedValue("rejected", Double(rejected.count))],
      tests: tests, location: check.origin.range)
  }
}
