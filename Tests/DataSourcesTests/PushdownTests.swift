import CausalEngine
import Foundation
import NumericKernels
import StudyModel
import StudySpec
import Tabular
import TestSupport
import Testing

@testable import DataSources

/// `compute: database`: the estimates and checks of linear regression from
/// aggregate queries agree with `compute: local` on the same rows to 1e-9,
/// and the row hash in SQL equals `RowHash` bit for bit.
@Suite(
  "Pushdown to PostgreSQL", .enabled(if: PostgresServer.isAvailable, Comment(rawValue: PostgresServer.skipMessage)))
struct PushdownTests {
  /// The suite's database: `units` (800 rows: a binary treatment, two
  /// covariates, a three-level text covariate, 40 clusters; keys 3, 10, 17 …)
  /// and `dose` (a continuous treatment).
  static let database: Result<String, PostgresServer.Failure> = {
    do {
      let server = try PostgresServer.start()
      let url = try server.createDatabase("pushdown")
      var rng = Xoshiro256StarStar(seed: 31)
      var rows: [String] = []
      for i in 0..<800 {
        let w1 = rng.nextNormal()
        let w2 = rng.nextNormal()
        let g = ["north", "south", "west"][Int(rng.nextUniform() * 3)]
        let t = rng.nextUniform() < 1 / (1 + exp(-(0.6 * w1 - 0.4 * w2))) ? 1 : 0
        let y = 1.5 * Double(t) + w1 + 0.5 * w2 * w2 + (g == "south" ? 0.7 : 0) + rng.nextNormal()
        let dose = 0.8 * w1 + rng.nextNormal()
        let yd = 0.5 * dose + w1 + rng.nextNormal()
        rows.append("(\(3 + 7 * i), \(t), \(y), \(w1), \(w2), '\(g)', \(i % 40), \(dose), \(yd))")
      }
      try server.psql(
        """
        CREATE TABLE units (id bigint PRIMARY KEY, t integer, y float8, w1 float8, w2 float8, g text, cl integer,
          dose float8, yd float8);
        INSERT INTO units VALUES \(rows.joined(separator: ", "));
        """, database: "pushdown")
      return .success(url)
    } catch let failure as PostgresServer.Failure {
      return .failure(failure)
    } catch {
      return .failure(PostgresServer.Failure(description: "\(error)"))
    }
  }()

  /// A run of the study with `compute` set, on the suite's database.
  func run(compute: String, treatment: String = "t", outcome: String = "y", estimators: String) throws -> RunRecord {
    let url = try Self.database.get()
    let w = try Workspace()
    defer { w.remove() }
    // Resampling checks draw whole clusters, which is not pushed down: they skip the clustered estimator.
    let scope = estimators.contains("name: clustered") ? "\n      estimators: [hc1, classical, hc0, hc2, hc3]" : ""
    let graph =
      "dag { w1 -> \(treatment) ; w2 -> \(treatment) ; g -> \(treatment) ; w1 -> \(outcome) ; w2 -> \(outcome) ; g -> \(outcome) ; \(treatment) -> \(outcome) ; cl }"
    try w.write(
      "study.yaml",
      """
      version: 1
      name: pushdown
      seed: 77
      data:
        postgres: ASSAY_TEST_PG
        table: units
        row_key: id
        compute: \(compute)
      graph:
        dagitty: "\(graph)"
      estimand:
        treatment: \(treatment)
        outcome: \(outcome)
      estimators:
      \(estimators)
      refutations:
        simulations: 25
        checks:
          - check: placebo_treatment
          - check: random_common_cause
          - check: data_subset
            fraction: 0.7\(scope)
          - check: bootstrap\(scope)
      """)
    return try Self.runStudy(in: w, compute: compute, url: url)
  }

  /// The run of `study.yaml` in `w`, reading PostgreSQL at `url` (as ASSAY_TEST_PG), in
  /// memory or pushed down (`compute`, which the study file also says).
  static func runStudy(in w: Workspace, compute: String, url: String) throws -> RunRecord {
    let outcome = StudyLoader.load(file: w.path + "/study.yaml", environment: .live)
    let study = try #require(outcome.study, "\(outcome.diagnostics)")
    let options = RunOptions(
      deterministic: true, assayVersion: "test", studySHA256: "", commandLine: [], platform: "test", timestamp: "")
    let variable: (String) -> String? = { $0 == "ASSAY_TEST_PG" ? url : nil }
    if compute == "database" {
      return StudyRunner.run(
        study: study, database: try StudyDataLoader.openDatabase(study, variable: variable), options: options)
    }
    return StudyRunner.run(
      study: study, data: try StudyDataLoader.load(study, variable: variable).table, options: options)
  }

  static let estimators = """
      - name: hc1
        method: linear_regression
        params: {terms: ["w2^2", "w1:w2"]}
      - name: classical
        method: linear_regression
        params: {se: classical}
      - name: hc0
        method: linear_regression
        params: {se: hc0}
      - name: hc2
        method: linear_regression
        params: {se: hc2}
      - name: hc3
        method: linear_regression
        params: {se: hc3}
      - name: clustered
        method: linear_regression
        params: {se: cluster, cluster: cl}
    """

  static func close(_ a: Double?, _ b: Double?) -> Bool {
    guard let a, let b else { return a == nil && b == nil }
    return abs(a - b) <= 1e-9 * max(1, abs(b))
  }

  func compare(_ database: RunRecord, _ local: RunRecord) {
    #expect(database.status == local.status)
    #expect(database.estimates.count == local.estimates.count)
    for (d, l) in zip(database.estimates, local.estimates) {
      #expect(d.failure == nil && l.failure == nil, "\(d.failure ?? "") \(l.failure ?? "")")
      #expect(Self.close(d.value, l.value), "\(d.name): \(d.value ?? .nan) vs \(l.value ?? .nan)")
      #expect(
        Self.close(d.standardError, l.standardError),
        "\(d.name): SE \(d.standardError ?? .nan) vs \(l.standardError ?? .nan)")
      #expect(Self.close(d.confidenceInterval?[0], l.confidenceInterval?[0]))
      #expect(d.models.first?.columns == l.models.first?.columns)
      for (x, y) in zip(d.models.first?.coefficients ?? [], l.models.first?.coefficients ?? []) {
        #expect(Self.close(x, y), "\(d.name) coefficients")
      }
      #expect(d.refutations.count == (d.name == "clustered" ? 2 : 4))
      for (r, s) in zip(d.refutations, l.refutations) {
        #expect(r.verdict == s.verdict, "\(d.name) \(r.check): \(r.detail) vs \(s.detail)")
        #expect(r.simulated.count == 25)
        #expect(r.simulated.count == s.simulated.count)
        for (x, y) in zip(r.simulated, s.simulated) {
          #expect(Self.close(x, y), "\(d.name) \(r.check): \(x) vs \(y)")
        }
        #expect(Self.close(r.pValue, s.pValue))
      }
    }
    #expect(database.data?.sha256 == local.data?.sha256)
    #expect(database.data?.rowsUsed == local.data?.rowsUsed)
    #expect(database.data?.database?.compute == .database)
  }

  @Test("linear regression with HC0–HC3, classical and cluster SEs, terms, a categorical covariate and four checks")
  func agreesWithLocal() throws {
    let database = try run(compute: "database", estimators: Self.estimators)
    let local = try run(compute: "local", estimators: Self.estimators)
    compare(database, local)
    #expect(database.estimates.first?.models.first?.columns.contains("g=south") == true)
  }

  @Test("a continuous treatment: the normal placebo and the other checks agree")
  func continuousTreatment() throws {
    let estimators = "  - name: ols\n    method: linear_regression"
    let database = try run(compute: "database", treatment: "dose", outcome: "yd", estimators: estimators)
    let local = try run(compute: "local", treatment: "dose", outcome: "yd", estimators: estimators)
    compare(database, local)
  }

  @Test("the row hash in SQL equals RowHash for every key shape")
  func hashInSQL() throws {
    let url = try Self.database.get()
    let keys: [Int64] = [0, 1, 2, 17, 2_147_483_647, 2_147_483_648, 4_294_967_295, 4_294_967_296, -1, -2, .min, .max]
    let stream: UInt32 = 0xDEAD_BEEF
    let connection = try PostgresConnection(connectionString: url)
    let values = keys.map { "((\($0))::bigint)" }.joined(separator: ", ")
    let lo = "(k & 4294967295)"
    let hi = "((k >> 32) & 4294967295)"
    let r = PostgresAggregates.mix("\(PostgresAggregates.mix("\(PostgresAggregates.mix(lo)) # \(hi)")) # \(stream)")
    let result = try connection.execute(
      "SELECT k, s, \(PostgresAggregates.mix("r # (4 * s + 1)")) FROM (SELECT k, \(r) AS r FROM (VALUES \(values)) AS v(k)) AS x CROSS JOIN generate_series(0, 3) AS sims(s) ORDER BY k, s"
    )
    #expect(result.rowCount == keys.count * 4)
    for row in 0..<result.rowCount {
      let k = try #require(result.text(row, 0).flatMap { Int64($0) })
      let s = try #require(result.text(row, 1).flatMap { Int($0) })
      let h = try #require(result.text(row, 2).flatMap { UInt64($0) })
      #expect(h == RowHash.draw(row: RowHash.row(key: k, stream: stream), simulation: s, draw: 1), "key \(k)")
    }
  }
}
