import CausalEngine
import NumericKernels

/// The logistic regression's aggregates (``AggregateSource``) in SQL: the
/// IRLS passes, mean predictions, order statistics of the fitted
/// probabilities, and the strata of a propensity score.
///
/// The fitted probability of a row is computed as `GLMLink.logit` computes
/// it: `η = Σ β_j a_j` summed left to right, clamped to ±700,
/// `t = e^(−|η|)`, the larger of `μ` and `1 − μ` `1/(1 + t)` and the smaller
/// `t/(1 + t)` (`t · (1/(1 + t))`), so that neither overflows nor loses its
/// digits; each stage is a subquery fenced by `OFFSET 0`.
extension PostgresAggregates {
  /// The rows with `carry` columns (`(expression, name)`), the fitted
  /// linear predictors `e<k>` (one per entry of `predictors`, written on the
  /// alias `x`), `t<k>`, and `m<k>` (μ), `c<k>` (1 − μ); only the rows where
  /// `filter` is 1 when it is given.
  func fitted(carry: [(String, String)], predictors: [String], filter: DesignExpression? = nil) -> String {
    let list = carry.map { "\($0.0) AS \($0.1)" }.joined(separator: ", ")
    let condition = filter.map { " WHERE \(sql($0)) = 1::float8" } ?? ""
    let rows = "SELECT \(list) FROM \(from)\(condition) OFFSET 0"
    let etas = predictors.enumerated().map { "(\($0.element)) AS e\($0.offset)" }.joined(separator: ", ")
    let withEta = "SELECT x.*, \(etas) FROM (\(rows)) AS x OFFSET 0"
    let ts = predictors.indices.map {
      "exp(-abs(greatest(least(y.e\($0), 700::float8), -700::float8))) AS t\($0)"
    }.joined(separator: ", ")
    let withT = "SELECT y.*, \(ts) FROM (\(withEta)) AS y OFFSET 0"
    let probabilities = predictors.indices.map { k in
      let large = "(1::float8 / (1::float8 + z.t\(k)))"
      let small = "(z.t\(k) * \(large))"
      return
        "CASE WHEN z.e\(k) >= 0 THEN \(large) ELSE \(small) END AS m\(k), CASE WHEN z.e\(k) >= 0 THEN \(small) ELSE \(large) END AS c\(k)"
    }.joined(separator: ", ")
    return "SELECT z.*, \(probabilities) FROM (\(withT)) AS z OFFSET 0"
  }

  /// `Σ β_j <prefix>a<j>`, left to right.
  static func predictor(_ coefficients: [Double], prefix: String) -> String {
    coefficients.enumerated().map { "\(literal($0.element)) * x.\(prefix)\($0.offset)" }.joined(separator: " + ")
  }

  /// The design columns as `(expression, name)` pairs named `<prefix><j>`.
  func carried(_ columns: [DesignExpression], prefix: String = "a") -> [(String, String)] {
    columns.enumerated().map { (sql($0.element), "\(prefix)\($0.offset)") }
  }

  /// One row of numbers.
  func numbers(_ statement: String, count: Int) throws(AggregateFailure) -> [Double] {
    let result = try run(statement)
    guard result.rowCount == 1 else { throw AggregateFailure("the database returned \(result.rowCount) rows for 1") }
    return (0..<count).map { result.bytes(0, $0).flatMap { ServerNumber.parse($0) } ?? 0 }
  }

  func logisticPass(_ columns: [DesignExpression], response: DesignExpression, coefficients: [Double]?)
    throws(AggregateFailure) -> LogisticPass
  {
    let q = columns.count
    // R's starting means (y + ½)/2, as a linear predictor.
    let start = "ln(((x.y + 0.5::float8) / 2::float8) / (1::float8 - (x.y + 0.5::float8) / 2::float8))"
    let eta = coefficients.map { Self.predictor($0, prefix: "a") } ?? start
    let rows = fitted(carry: carried(columns) + [(sql(response), "y")], predictors: [eta])
    // The working weight μ(1 − μ) and w·z = w η + (y − μ), 0 below 1e-150.
    let kept = "(g.m0 * g.c0) >= 1e-150::float8"
    let weighted =
      "SELECT g.*, CASE WHEN \(kept) THEN g.m0 * g.c0 ELSE 0::float8 END AS w, CASE WHEN \(kept) THEN (g.m0 * g.c0) * (g.e0 + (g.y - g.m0) / (g.m0 * g.c0)) ELSE 0::float8 END AS wz FROM (\(rows)) AS g OFFSET 0"
    var aggregates: [String] = []
    for j in 0..<q { for k in j..<q { aggregates.append("sum(h.w * h.a\(j) * h.a\(k))") } }
    for j in 0..<q { aggregates.append("sum(h.wz * h.a\(j))") }
    aggregates.append(
      "sum(2::float8 * (CASE WHEN h.y > 0 THEN h.y * ln(h.y / h.m0) ELSE 0::float8 END + CASE WHEN h.y < 1 THEN (1::float8 - h.y) * ln((1::float8 - h.y) / h.c0) ELSE 0::float8 END))"
    )
    aggregates.append("sum(CASE WHEN least(h.m0, h.c0) < 1e-8::float8 THEN 1 ELSE 0 END)")
    let values = try numbers(
      "SELECT \(aggregates.joined(separator: ", ")) FROM (\(weighted)) AS h", count: aggregates.count)
    var information = Matrix(rows: q, columns: q)
    var i = 0
    for j in 0..<q {
      for k in j..<q {
        information[j, k] = values[i]
        information[k, j] = values[i]
        i += 1
      }
    }
    return LogisticPass(
      information: information, working: Array(values[i..<(i + q)]), deviance: values[i + q],
      extreme: Int(values[i + q + 1]))
  }

  func logisticMeans(_ designs: [[DesignExpression]], coefficients: [Double], filter: DesignExpression?)
    throws(AggregateFailure) -> (count: Double, sums: [Double], gradients: [[Double]])
  {
    let carry = designs.enumerated().flatMap { carried($0.element, prefix: "d\($0.offset)_") }
    let predictors = designs.indices.map { Self.predictor(coefficients, prefix: "d\($0)_") }
    let rows = fitted(carry: carry, predictors: predictors, filter: filter)
    var aggregates = ["count(*)"]
    for (d, design) in designs.enumerated() {
      aggregates.append("sum(g.m\(d))")
      for j in design.indices { aggregates.append("sum(g.m\(d) * g.c\(d) * g.d\(d)_\(j))") }
    }
    let values = try numbers(
      "SELECT \(aggregates.joined(separator: ", ")) FROM (\(rows)) AS g", count: aggregates.count)
    var sums: [Double] = []
    var gradients: [[Double]] = []
    var i = 1
    for design in designs {
      sums.append(values[i])
      gradients.append(Array(values[(i + 1)..<(i + 1 + design.count)]))
      i += 1 + design.count
    }
    return (values[0], sums, gradients)
  }

  func logisticOrderStatistics(_ columns: [DesignExpression], coefficients: [Double], ranks: [Int])
    throws(AggregateFailure) -> [Double]
  {
    guard !ranks.isEmpty else { return [] }
    let rows = fitted(carry: carried(columns), predictors: [Self.predictor(coefficients, prefix: "a")])
    let wanted = ranks.map(String.init).joined(separator: ", ")
    let result = try run(
      "SELECT o.r, o.m FROM (SELECT g.m0 AS m, row_number() OVER (ORDER BY g.m0) - 1 AS r FROM (\(rows)) AS g) AS o WHERE o.r IN (\(wanted)) ORDER BY o.r"
    )
    guard result.rowCount == ranks.count else {
      throw AggregateFailure("the database returned \(result.rowCount) order statistics for \(ranks.count)")
    }
    return (0..<ranks.count).map { result.bytes($0, 1).flatMap { ServerNumber.parse($0) } ?? .nan }
  }

  func strata(
    _ columns: [DesignExpression], coefficients: [Double], cuts: [Double], labels: [Int], arm: DesignExpression,
    outcome: DesignExpression
  ) throws(AggregateFailure) -> [StratumCell] {
    precondition(labels.count == cuts.count + 1, "strata: \(labels.count) labels for \(cuts.count) cuts")
    let rows = fitted(
      carry: carried(columns) + [(sql(arm), "k"), (sql(outcome), "y")],
      predictors: [Self.predictor(coefficients, prefix: "a")])
    let cases = cuts.enumerated().map { "WHEN g.m0 <= \(Self.literal($0.element)) THEN \(labels[$0.offset])" }
    let stratum = "CASE \(cases.joined(separator: " ")) ELSE \(labels[cuts.count]) END"
    let result = try run(
      "SELECT s.s, s.k, count(*), avg(s.y), var_samp(s.y) FROM (SELECT \(stratum) AS s, g.k::int AS k, g.y FROM (\(rows)) AS g) AS s GROUP BY s.s, s.k ORDER BY s.s, s.k"
    )
    return (0..<result.rowCount).map { r in
      let number = { (c: Int) in result.bytes(r, c).flatMap { ServerNumber.parse($0) } }
      return StratumCell(
        stratum: Int(number(0) ?? -1), arm: Int(number(1) ?? -1), count: Int(number(2) ?? 0),
        mean: number(3) ?? .nan, variance: number(4) ?? 0)
    }
  }

  func scoreSummary(_ columns: [DesignExpression], coefficients: [Double], arm: DesignExpression, bins: Int)
    throws(AggregateFailure) -> ScoreSummary
  {
    let rows = fitted(
      carry: carried(columns) + [(sql(arm), "k")], predictors: [Self.predictor(coefficients, prefix: "a")])
    let bin = "least(\(bins - 1), greatest(0, floor(g.m0 * \(Self.literal(Double(bins))))))::int"
    let result = try run(
      "SELECT g.k::int, \(bin) AS b, count(*), min(g.m0), max(g.m0), sum(CASE WHEN g.m0 < 0.01::float8 OR g.m0 > 0.99::float8 THEN 1 ELSE 0 END) FROM (\(rows)) AS g GROUP BY 1, 2"
    )
    var summary = ScoreSummary(
      minimum: [.infinity, .infinity], maximum: [-.infinity, -.infinity], outside: 0,
      histogram: [[Int](repeating: 0, count: bins), [Int](repeating: 0, count: bins)])
    for r in 0..<result.rowCount {
      let number = { (c: Int) in result.bytes(r, c).flatMap { ServerNumber.parse($0) } ?? .nan }
      let k = Int(number(0)) == 1 ? 1 : 0
      let b = min(bins - 1, max(0, Int(number(1))))
      summary.histogram[k][b] += Int(number(2))
      summary.minimum[k] = min(summary.minimum[k], number(3))
      summary.maximum[k] = max(summary.maximum[k], number(4))
      summary.outside += Int(number(5))
    }
    return summary
  }
}
