import CausalEngine
import Foundation
import NumericKernels
import Tabular

/// The engine's sums (``AggregateSource``) as PostgreSQL aggregate queries
/// over the study's table or query: `compute: database`.
///
/// Every request is one statement, one scan of the rows. A weight that
/// depends on the simulation (the checks) is computed per row and
/// simulation from ``RowHash`` in integer SQL, with every simulation in the
/// same scan:
///
/// ```sql
/// SELECT g.s, sum(g.w), sum(g.w * g.w), sum(g.w * g.a0), …, sum(g.w * g.a0 * g.a1), …
/// FROM (SELECT d.*, <weight of d.h> AS w
///       FROM (SELECT b.*, sims.s, <mix(b.r # (4 * sims.s))> AS h
///             FROM (<the design columns a0 … and the row's hash part r>) AS b
///             CROSS JOIN generate_series(0, S - 1) AS sims(s) OFFSET 0) AS d OFFSET 0) AS g
/// GROUP BY g.s ORDER BY g.s
/// ```
///
/// The hash uses only `bigint` `&`, `#` (xor), `>>` and products of a number
/// below 2³² by a constant below 2³¹, so it never overflows and equals the
/// in-memory value bit for bit; `OFFSET 0` keeps the planner from inlining
/// (and so repeating) a subquery's expressions. Constants (coefficients, the
/// inverse Gram matrix) are sent as `float8` literals in their shortest
/// exact form. Connection problems and refusals become ``AggregateFailure``
/// with the server's message.
final class PostgresAggregates: AggregateSource, @unchecked Sendable {
  /// The connection, used by one request at a time.
  private let connection: PostgresConnection
  private let lock = NSLock()
  /// `table` or `(query) AS assay_source`.
  let from: String
  let rowKey: String
  /// The PostgreSQL type class of each column (booleans are cast through integers).
  let classes: [String: DatabaseReader.ValueClass]
  /// Statements sent so far (for the record and the tests).
  private(set) var statements: [String] = []

  init(connection: PostgresConnection, from: String, rowKey: String, classes: [String: DatabaseReader.ValueClass]) {
    self.connection = connection
    self.from = from
    self.rowKey = rowKey
    self.classes = classes
  }

  // MARK: - SQL text

  static let mask = "4294967295"

  /// One round of ``RowHash/mix(_:)`` on an expression below 2³² (the
  /// expression is repeated: keep it a column reference).
  static func mix(_ value: String) -> String {
    let x = "(\(value))"
    let x1 = "(\(x) # (\(x) >> 16))"
    let x2 = "((\(x1) * \(RowHash.multiplier1)) & \(mask))"
    let x3 = "(\(x2) # (\(x2) >> 15))"
    let x4 = "((\(x3) * \(RowHash.multiplier2)) & \(mask))"
    return "(\(x4) # (\(x4) >> 16))"
  }

  /// A `float8` literal that reads back as exactly `value`.
  static func literal(_ value: Double) -> String {
    precondition(value.isFinite, "a non-finite constant in a pushed-down query")
    return "(\(value))::float8"
  }

  static func quoted(_ identifier: String) -> String { DatabaseStatement.quoted(identifier) }

  static func text(_ value: String) -> String { "'" + value.replacingOccurrences(of: "'", with: "''") + "'" }

  /// A design expression on the source's columns.
  func sql(_ expression: DesignExpression) -> String {
    switch expression {
    case .constant(let c): return Self.literal(c)
    case .column(let name):
      let column = Self.quoted(name)
      return classes[name] == .boolean ? "(\(column))::int::float8" : "(\(column))::float8"
    case .indicator(let name, let level):
      return "(CASE WHEN (\(Self.quoted(name)))::text = \(Self.text(level)) THEN 1::float8 ELSE 0::float8 END)"
    case .product(let a, let b): return "(\(sql(a)) * \(sql(b)))"
    case .equals(let name, let value):
      let column = Self.quoted(name)
      let number = classes[name] == .boolean ? "(\(column))::int::float8" : "(\(column))::float8"
      return "(CASE WHEN \(number) = \(Self.literal(value)) THEN 1::float8 ELSE 0::float8 END)"
    }
  }

  /// The rows as design columns `a0 …`, with the row's hash part `r` for a
  /// stream: `r = mix(mix(mix(lo) # hi) # stream)`, three fenced steps.
  func base(_ columns: [DesignExpression], stream: UInt32?, extra: [String] = []) -> String {
    var list = columns.enumerated().map { "\(sql($0.element)) AS a\($0.offset)" } + extra
    guard let stream else { return "SELECT \(list.joined(separator: ", ")) FROM \(from)" }
    let key = "(\(Self.quoted(rowKey)))::bigint"
    list += ["(\(key) & \(Self.mask)) AS lo", "((\(key) >> 32) & \(Self.mask)) AS hi"]
    let names = (0..<columns.count).map { "a\($0)" } + extra.map { $0.components(separatedBy: " AS ").last ?? $0 }
    let carried = names.map { "x.\($0)" }.joined(separator: ", ")
    let step1 = "SELECT \(list.joined(separator: ", ")) FROM \(from) OFFSET 0"
    let step2 = "SELECT \(carried), x.hi, \(Self.mix("x.lo")) AS m FROM (\(step1)) AS x OFFSET 0"
    let step3 = "SELECT \(carried), \(Self.mix("x.m # x.hi")) AS m FROM (\(step2)) AS x OFFSET 0"
    return "SELECT \(carried), \(Self.mix("x.m # \(stream)")) AS r FROM (\(step3)) AS x"
  }

  /// The sums for a weight, over `columns` (see ``AggregateSource``).
  func sums(_ columns: [DesignExpression], weight: RowWeight, simulations: Int, quadratic: Bool)
    throws(AggregateFailure) -> [WeightedSums]
  {
    let q = columns.count
    var aggregates: [String] = []
    func add(_ w: String) {
      aggregates.append("sum(\(w))")
      aggregates.append("sum(\(w) * \(w))")
      for j in 0..<q { aggregates.append("sum(\(w) * g.a\(j))") }
      if quadratic {
        for j in 0..<q { for k in j..<q { aggregates.append("sum(\(w) * g.a\(j) * g.a\(k))") } }
      }
    }
    let statement: String
    var perSimulation = true
    switch weight {
    case .one:
      perSimulation = false
      add("1::float8")
      statement = "SELECT 0, \(aggregates.joined(separator: ", ")) FROM (\(base(columns, stream: nil))) AS g"
    case .squaredResidual(let response, let coefficients, let inverse, let power):
      perSimulation = false
      add("g.w")
      let fitted = coefficients.enumerated().map { "\(Self.literal($0.element)) * b.a\($0.offset)" }.joined(
        separator: " + ")
      let residual = "(b.y - (\(fitted)))"
      var w = "(\(residual) * \(residual))"
      if power > 0 {
        var terms: [String] = []
        for i in 0..<q { for j in 0..<q { terms.append("\(Self.literal(inverse[i * q + j])) * b.a\(i) * b.a\(j)") } }
        let leverage = "(" + terms.joined(separator: " + ") + ")"
        w =
          power == 1
          ? "(\(w) / (1::float8 - \(leverage)))" : "(\(w) / ((1::float8 - \(leverage)) * (1::float8 - \(leverage))))"
      }
      let carried = (0..<q).map { "b.a\($0)" }.joined(separator: ", ")
      let inner = base(columns, stream: nil, extra: ["\(sql(response)) AS y"])
      statement =
        "SELECT 0, \(aggregates.joined(separator: ", ")) FROM (SELECT \(carried), \(w) AS w FROM (\(inner)) AS b OFFSET 0) AS g"
    case .poisson(let stream), .bernoulli(let stream, _), .normal(let stream):
      let draws: [String]
      switch weight {
      case .normal: draws = [Self.mix("b.r # (4 * sims.s)") + " AS h0", Self.mix("b.r # (4 * sims.s + 1)") + " AS h1"]
      default: draws = [Self.mix("b.r # (4 * sims.s)") + " AS h0"]
      }
      let w: String
      switch weight {
      case .poisson:
        let cases = RowHash.poissonThresholds.enumerated().map { "WHEN d.h0 < \($0.element) THEN \($0.offset)" }
        w = "(CASE \(cases.joined(separator: " ")) ELSE \(RowHash.poissonThresholds.count) END)::float8"
      case .bernoulli(_, let threshold):
        w = "(CASE WHEN d.h0 < \(threshold) THEN 1 ELSE 0 END)::float8"
      default:
        w =
          "(sqrt(-2::float8 * ln(((d.h0)::float8 + 0.5::float8) / 4294967296::float8)) * cos(2::float8 * pi() * (((d.h1)::float8 + 0.5::float8) / 4294967296::float8)))"
      }
      add("g.w")
      let carried = (0..<q).map { "d.a\($0)" }.joined(separator: ", ")
      let bCarried = (0..<q).map { "b.a\($0)" }.joined(separator: ", ")
      let drawn =
        "SELECT \(bCarried), sims.s, \(draws.joined(separator: ", ")) FROM (\(base(columns, stream: stream))) AS b CROSS JOIN generate_series(0, \(simulations - 1)) AS sims(s) OFFSET 0"
      statement =
        "SELECT g.s, \(aggregates.joined(separator: ", ")) FROM (SELECT \(carried), d.s, \(w) AS w FROM (\(drawn)) AS d OFFSET 0) AS g GROUP BY g.s ORDER BY g.s"
    }
    let result = try run(statement)
    let expected = perSimulation ? simulations : 1
    guard result.rowCount == expected else {
      throw AggregateFailure("the database returned \(result.rowCount) rows for \(expected) simulations")
    }
    return (0..<expected).map { r in
      var values = [Double](repeating: 0, count: aggregates.count)
      for c in 0..<aggregates.count {
        values[c] = result.bytes(r, c + 1).flatMap { ServerNumber.parse($0) } ?? 0
      }
      var quadraticMatrix = Matrix(rows: quadratic ? q : 0, columns: quadratic ? q : 0)
      if quadratic {
        var i = 2 + q
        for j in 0..<q {
          for k in j..<q {
            quadraticMatrix[j, k] = values[i]
            quadraticMatrix[k, j] = values[i]
            i += 1
          }
        }
      }
      return WeightedSums(
        count: values[0], squares: values[1], linear: Array(values[2..<(2 + q)]), quadratic: quadraticMatrix)
    }
  }

  func clusterMeat(
    _ columns: [DesignExpression], response: DesignExpression, coefficients: [Double], cluster: String
  ) throws(AggregateFailure) -> (meat: Matrix, clusters: Int) {
    let q = columns.count
    let fitted = coefficients.enumerated().map { "\(Self.literal($0.element)) * b.a\($0.offset)" }.joined(
      separator: " + ")
    let inner = base(columns, stream: nil, extra: ["\(sql(response)) AS y", "\(Self.quoted(cluster)) AS cl"])
    let carried = (0..<q).map { "b.a\($0)" }.joined(separator: ", ")
    let scores = (0..<q).map { "sum(e.e * e.a\($0)) AS s\($0)" }.joined(separator: ", ")
    var products: [String] = []
    for j in 0..<q { for k in j..<q { products.append("sum(c.s\(j) * c.s\(k))") } }
    let statement =
      "SELECT count(*), \(products.joined(separator: ", ")) FROM (SELECT \(scores) FROM (SELECT \(carried), b.cl, (b.y - (\(fitted))) AS e FROM (\(inner)) AS b OFFSET 0) AS e GROUP BY e.cl) AS c"
    let result = try run(statement)
    guard result.rowCount == 1 else { throw AggregateFailure("the database returned no cluster sums") }
    let clusters = result.bytes(0, 0).flatMap(DatabaseReader.integer).map { Int($0) } ?? 0
    var meat = Matrix(rows: q, columns: q)
    var c = 1
    for j in 0..<q {
      for k in j..<q {
        let v = result.bytes(0, c).flatMap { ServerNumber.parse($0) } ?? 0
        meat[j, k] = v
        meat[k, j] = v
        c += 1
      }
    }
    return (meat, clusters)
  }

  func run(_ statement: String) throws(AggregateFailure) -> PostgresConnection.Result {
    lock.lock()
    defer { lock.unlock() }
    statements.append(statement)
    do throws(DatabaseError) {
      return try connection.execute(statement)
    } catch {
      throw AggregateFailure(
        (error.connectionLost ? "the connection to PostgreSQL was lost: " : "PostgreSQL: ") + error.message)
    }
  }

  /// The statements sent so far.
  var sent: [String] {
    lock.lock()
    defer { lock.unlock() }
    return statements
  }
}

/// Numbers in the server's text format.
enum ServerNumber {
  static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
    if let number = TableBuilder.number(bytes) { return number.value }
    let text = String(decoding: bytes, as: UTF8.self)
    return text == "NaN" ? .nan : nil
  }
}
