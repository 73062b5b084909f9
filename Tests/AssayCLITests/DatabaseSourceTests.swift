import Foundation
import TestSupport
import Testing

/// `assay run` on database sources end to end: the same rows from a CSV
/// file, an SQLite file and a PostgreSQL table give the same run; the
/// connection string appears nowhere; a database's refusals exit 2 with its
/// message and the study line, and leave no report behind.
@Suite("assay run on SQLite and PostgreSQL")
struct DatabaseSourceTests {
  /// 400 simulated units (true effect 2), as CSV text and as rows of numbers.
  static let rows: [[Double]] = {
    var rng = SplitMix64(seed: 11)
    func uniform() -> Double { Double(rng.next() >> 11) / 9_007_199_254_740_992 }
    func normal() -> Double { (-2 * log(max(uniform(), 1e-300))).squareRoot() * cos(2 * .pi * uniform()) }
    return (1...400).map { id in
      let w1 = normal()
      let w2 = normal()
      let t: Double = uniform() < 1 / (1 + exp(-(0.5 * w1 - 0.3 * w2))) ? 1 : 0
      let y = 2 * t + w1 + 0.5 * w2 + normal()
      // The CSV text is what every source holds: parse it back.
      return [Double(id)] + [w1, w2, t, y].map { Double(String(format: "%.6f", $0)) ?? 0 }
    }
  }()

  static var csv: String {
    "id,w1,w2,t,y\n"
      + rows.map { r in
        "\(Int(r[0])),\(String(format: "%.6f", r[1])),\(String(format: "%.6f", r[2])),\(Int(r[3])),\(String(format: "%.6f", r[4]))"
      }.joined(separator: "\n") + "\n"
  }

  /// A workspace with `study.yaml` reading `data` (the `data:` section's body).
  struct Workspace {
    let path: String

    init(
      data: String,
      estimators: String =
        "  - name: ols\n    method: linear_regression\n  - name: ipw\n    method: propensity_score_weighting"
    ) throws {
      path = FileManager.default.temporaryDirectory.appendingPathComponent("assay-db-\(UUID().uuidString)").path
      try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
      let study = """
        version: 1
        name: sources
        seed: 5
        data:
        \(data)
          columns: {t: binary}
        graph:
          dagitty: "dag { w1 -> t ; w2 -> t ; w1 -> y ; w2 -> y ; t -> y }"
        estimand:
          treatment: t
          outcome: y
        estimators:
        \(estimators)
        refutations:
          simulations: 30
          checks:
            - check: placebo_treatment
            - check: random_common_cause
            - check: data_subset
            - check: bootstrap
        report:
          directory: out
        """
      try study.write(toFile: path + "/study.yaml", atomically: true, encoding: .utf8)
    }

    func read(_ file: String) -> String {
      String(decoding: FileManager.default.contents(atPath: path + "/" + file) ?? Data(), as: UTF8.self)
    }

    /// Every file the run wrote, concatenated.
    var reports: String {
      let files = (try? FileManager.default.contentsOfDirectory(atPath: path + "/out")) ?? []
      return files.sorted().map { read("out/" + $0) }.joined(separator: "\n")
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
  }

  func assay(_ arguments: [String], in directory: String, environment: [String: String] = [:]) throws -> (
    status: Int32, stdout: String, stderr: String
  ) {
    let run = try StudySandbox.runAssay(arguments, in: directory, environment: environment)
    return (run.status, run.stdout, run.stderr)
  }

  /// What must not depend on the source: estimates, checks, expectations,
  /// gate (without the study lines, which move with the `data:` section).
  static func analysis(_ resultJSON: String) throws -> String {
    let object = try #require(try JSONSerialization.jsonObject(with: Data(resultJSON.utf8)) as? [String: Any])
    func withoutLocations(_ value: Any) -> Any {
      if let object = value as? [String: Any] {
        return object.filter { $0.key != "location" }.mapValues(withoutLocations)
      }
      if let array = value as? [Any] { return array.map(withoutLocations) }
      return value
    }
    let kept = ["status", "estimates", "study_checks", "expectations", "gate", "identification"]
    let subset = object.filter { kept.contains($0.key) }.mapValues(withoutLocations)
    let data = try JSONSerialization.data(withJSONObject: subset, options: [.sortedKeys])
    return String(decoding: data, as: UTF8.self)
  }

  /// The PostgreSQL database of this suite (the units as table `units`, and
  /// 30,000 rows with an index as `big`), or why there is none.
  static let postgres: Result<String, PostgresServer.Failure> = {
    do {
      let server = try PostgresServer.start()
      let url = try server.createDatabase("clitests")
      try server.psql(
        """
        CREATE TABLE units (id bigint PRIMARY KEY, w1 double precision, w2 double precision, t integer,
          y double precision);
        CREATE TABLE big AS SELECT i::bigint AS id, (i % 3)::float8 AS w1, (i % 5)::float8 AS w2, (i % 2) AS t,
          (i % 7)::float8 AS y FROM generate_series(1, 30000) AS i;
        ALTER TABLE big ADD PRIMARY KEY (id);
        ANALYZE big;
        """, database: "clitests")
      try server.psql(
        "COPY units FROM STDIN WITH (FORMAT csv, HEADER true)", database: "clitests", input: DatabaseSourceTests.csv)
      return .success(url)
    } catch let failure as PostgresServer.Failure {
      return .failure(failure)
    } catch {
      return .failure(PostgresServer.Failure(description: "\(error)"))
    }
  }()

  @Test(
    "the same rows from CSV, SQLite and PostgreSQL give identical estimates, checks and verdicts",
    .enabled(if: PostgresServer.isAvailable, Comment(rawValue: PostgresServer.skipMessage)))
  func sameRun() throws {
    let csv = try Workspace(data: "  path: data.csv\n  row_key: id")
    defer { csv.remove() }
    try Self.csv.write(toFile: csv.path + "/data.csv", atomically: true, encoding: .utf8)
    let sqlite = try Workspace(data: "  sqlite: data.db\n  table: units\n  row_key: id")
    defer { sqlite.remove() }
    let db = try SQLiteWriter(path: sqlite.path + "/data.db")
    try db.execute("CREATE TABLE units (id INTEGER PRIMARY KEY, w1 REAL, w2 REAL, t INTEGER, y REAL)")
    try db.insert(into: "units", rows: Self.rows.reversed(), integers: [0, 3])
    let postgres = try Workspace(data: "  postgres: ASSAY_TEST_PG\n  table: units\n  row_key: id")
    defer { postgres.remove() }
    let url = try Self.postgres.get()

    var analyses: [String] = []
    for (w, env) in [(csv, [:]), (sqlite, [:]), (postgres, ["ASSAY_TEST_PG": url])] {
      let run = try assay(["run", "study.yaml", "--quiet", "--deterministic"], in: w.path, environment: env)
      #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
      analyses.append(try Self.analysis(w.read("out/result.json")))
    }
    #expect(analyses[0] == analyses[1])
    #expect(analyses[0] == analyses[2])
    #expect(analyses[0].contains("\"verdict\":\"passed\""))
    // compute: database: the same estimates, checks and verdicts to 1e-9 (the
    // database sums in its own order).
    let pushdown = try Workspace(
      data: "  postgres: ASSAY_TEST_PG\n  table: units\n  row_key: id\n  compute: database",
      estimators: "  - name: ols\n    method: linear_regression")
    defer { pushdown.remove() }
    let pushed = try assay(
      ["run", "study.yaml", "--quiet", "--deterministic"], in: pushdown.path, environment: ["ASSAY_TEST_PG": url])
    #expect(pushed.status == 0, "\(pushed.stdout)\(pushed.stderr)")
    let pushedRecord = try RunResult(path: pushdown.path + "/out/result.json")
    let local = try RunResult(path: postgres.path + "/out/result.json")
    #expect(abs(try pushedRecord.value("ols") - local.value("ols")) <= 1e-9 * abs(try local.value("ols")))
    #expect(
      abs(try pushedRecord.standardError("ols") - local.standardError("ols"))
        <= 1e-9 * (try local.standardError("ols")))
    let pushedChecks = try pushedRecord.estimate("ols")["refutations"] as? [[String: Any]] ?? []
    let localChecks = try local.estimate("ols")["refutations"] as? [[String: Any]] ?? []
    #expect(pushedChecks.count == 4)
    for (a, b) in zip(pushedChecks, localChecks) {
      #expect(a["verdict"] as? String == b["verdict"] as? String)
      let x = a["simulated"] as? [Double] ?? []
      let y = b["simulated"] as? [Double] ?? []
      #expect(x.count == 30 && x.count == y.count)
      for (u, v) in zip(x, y) { #expect(abs(u - v) <= 1e-9 * max(1, abs(v))) }
    }
    #expect((pushedRecord.data["database"] as? [String: Any])?["compute"] as? String == "database")
    // Each column's type evidence is recorded, the same whatever the source and compute.
    func evidence(_ record: RunResult) -> [String] {
      (record.data["columns"] as? [[String: Any]] ?? []).map {
        "\($0["name"] ?? ""): \(($0["type_evidence"] as? [String: Any])?["reason"] ?? "none")"
      }.sorted()
    }
    let csvRecord = try RunResult(path: csv.path + "/out/result.json")
    #expect(evidence(csvRecord).contains("y: all 400 values are numbers, some with a fraction or an exponent"))
    #expect(evidence(local) == evidence(csvRecord))
    #expect(evidence(pushedRecord) == evidence(csvRecord))
    // SQLite and PostgreSQL hold the same values: the same result set, the same SHA-256.
    let sqliteRecord = try RunResult(path: sqlite.path + "/out/result.json")
    let postgresRecord = try RunResult(path: postgres.path + "/out/result.json")
    #expect(sqliteRecord.data["sha256"] as? String == postgresRecord.data["sha256"] as? String)
    let database = try #require(postgresRecord.data["database"] as? [String: Any])
    #expect(database["engine"] as? String == "postgresql")
    #expect(database["rows"] as? Int == 400)
    #expect(database["query"] as? String == "SELECT \"id\", \"w1\", \"w2\", \"t\", \"y\" FROM units ORDER BY \"id\"")
    // Reruns on unchanged data are byte-identical.
    let again = try assay(
      ["run", "study.yaml", "--quiet", "--deterministic"], in: postgres.path, environment: ["ASSAY_TEST_PG": url])
    #expect(again.status == 0)
    #expect(try Self.analysis(postgres.read("out/result.json")) == analyses[2])
  }

  @Test(
    "a missing-value code in the first row of a column of numbers is refused, read locally or pushed down",
    .enabled(if: PostgresServer.isAvailable, Comment(rawValue: PostgresServer.skipMessage)))
  func typeFromWholeColumn() throws {
    // Issue 20, defect 1: before, 'N/A' in the first row made y categorical with 400 levels.
    let query =
      "  query: \"SELECT id, w1, w2, t, CASE WHEN id = 1 THEN 'N/A' ELSE y::text END AS y FROM units\""
    for compute in ["local", "database"] {
      let w = try Workspace(
        data: "  postgres: ASSAY_TEST_PG\n\(query)\n  row_key: id\n  compute: \(compute)",
        estimators: "  - name: ols\n    method: linear_regression")
      defer { w.remove() }
      let run = try assay(
        ["run", "study.yaml", "--quiet"], in: w.path, environment: ["ASSAY_TEST_PG": try Self.postgres.get()])
      #expect(run.status == 2, "\(compute): \(run.stdout)\(run.stderr)")
      #expect(
        run.stderr.contains(
          "error: row 1 (id = 1), column 'y': non-numeric value 'N/A' in column 'y', whose other 399 values are numbers"
        ), "\(compute): \(run.stderr)")
      #expect(!FileManager.default.fileExists(atPath: w.path + "/out/result.json"))
    }
  }

  @Test(
    "sampling weights and clusters: the same run from CSV, SQLite and PostgreSQL (columns of a query)",
    .enabled(if: PostgresServer.isAvailable, Comment(rawValue: PostgresServer.skipMessage)))
  func weightsAndClusters() throws {
    // The weight and cluster columns come from a query in both databases (numbers both engines
    // compute exactly), and from the file's own columns.
    let query = "  query: \"SELECT id, w1, w2, t, y, 1 + (id % 4) * 0.5 AS wt, id % 20 AS cl FROM units\""
    let estimators = """
        - name: wls
          method: linear_regression
          params: {cluster: cl}
        - name: ipw
          method: propensity_score_weighting
          params: {cluster: cl}
      """
    let csv = try Workspace(data: "  path: data.csv\n  row_key: id\n  weights: wt", estimators: estimators)
    defer { csv.remove() }
    let text =
      "id,w1,w2,t,y,wt,cl\n"
      + Self.rows.map { r in
        let id = Int(r[0])
        return
          "\(id),\(String(format: "%.6f", r[1])),\(String(format: "%.6f", r[2])),\(Int(r[3])),\(String(format: "%.6f", r[4])),\(String(format: "%.1f", 1 + Double(id % 4) * 0.5)),\(id % 20)"
      }.joined(separator: "\n") + "\n"
    try text.write(toFile: csv.path + "/data.csv", atomically: true, encoding: .utf8)
    let sqlite = try Workspace(
      data: "  sqlite: data.db\n\(query)\n  row_key: id\n  weights: wt", estimators: estimators)
    defer { sqlite.remove() }
    let db = try SQLiteWriter(path: sqlite.path + "/data.db")
    try db.execute("CREATE TABLE units (id INTEGER PRIMARY KEY, w1 REAL, w2 REAL, t INTEGER, y REAL)")
    try db.insert(into: "units", rows: Self.rows, integers: [0, 3])
    let postgres = try Workspace(
      data: "  postgres: ASSAY_TEST_PG\n\(query)\n  row_key: id\n  weights: wt", estimators: estimators)
    defer { postgres.remove() }
    let url = try Self.postgres.get()
    var analyses: [String] = []
    for (w, env) in [(csv, [:]), (sqlite, [:]), (postgres, ["ASSAY_TEST_PG": url])] {
      let run = try assay(["run", "study.yaml", "--quiet", "--deterministic"], in: w.path, environment: env)
      #expect(run.status == 0 || run.status == 1, "\(run.stdout)\(run.stderr)")
      analyses.append(try Self.analysis(w.read("out/result.json")))
    }
    #expect(analyses[0] == analyses[1])
    #expect(analyses[0] == analyses[2])
    let record = try RunResult(path: postgres.path + "/out/result.json")
    #expect(try record.standardError("wls") > 0)
    #expect(analyses[0].contains("CR1") || analyses[0].contains("cluster"))
    // A weight column the server's result lacks: exit 2 at data.weights, no report.
    let missing = try Workspace(
      data: "  postgres: ASSAY_TEST_PG\n  table: units\n  row_key: id\n  weights: wt", estimators: estimators)
    defer { missing.remove() }
    let refused = try assay(["run", "study.yaml", "--quiet"], in: missing.path, environment: ["ASSAY_TEST_PG": url])
    #expect(refused.status == 2)
    #expect(
      refused.stderr.contains("study.yaml:8:12: error: column 'wt', which the study uses, is not in"),
      "\(refused.stderr)")
    #expect(!FileManager.default.fileExists(atPath: missing.path + "/out/result.json"))
  }

  @Test(
    "the connection string and its password appear in no output, report or result.json",
    .enabled(if: PostgresServer.isAvailable, Comment(rawValue: PostgresServer.skipMessage)))
  func secretStaysSecret() throws {
    let password = "Zebra-Quokka-7731"
    let url = try Self.postgres.get() + " password=\(password)"
    let w = try Workspace(data: "  postgres: ASSAY_TEST_PG\n  table: units\n  row_key: id")
    defer { w.remove() }
    for format in ["text", "json"] {
      let run = try assay(
        ["run", "study.yaml", "--format", format], in: w.path,
        environment: ["ASSAY_TEST_PG": url, "GITHUB_ACTIONS": "true"])
      #expect(run.status == 0, "\(run.stderr)")
      for text in [run.stdout, run.stderr, w.reports] {
        #expect(!text.contains(password))
        #expect(!text.contains(url))
      }
      #expect(w.reports.contains("ASSAY_TEST_PG"))
    }
    // A refused connection: exit 2, located, and still no password.
    let refused = try assay(
      ["run", "study.yaml"], in: w.path,
      environment: ["ASSAY_TEST_PG": "host=/nonexistent-socket-dir user=analyst password=\(password)"])
    #expect(refused.status == 2)
    #expect(refused.stderr.contains("study.yaml:5:13: error: cannot connect to PostgreSQL"), "\(refused.stderr)")
    #expect(!(refused.stdout + refused.stderr).contains(password))
  }

  @Test(
    "a connection that drops mid-stream exits 2 with the server's message and the study line, and writes no report",
    .enabled(if: PostgresServer.isAvailable, Comment(rawValue: PostgresServer.skipMessage)))
  func droppedConnection() throws {
    // The server process ends itself when the index scan reaches id 25000.
    let w = try Workspace(
      data: """
          postgres: ASSAY_TEST_PG
          query: select * from big where id <> 25000 or pg_terminate_backend(pg_backend_pid())
          row_key: id
        """)
    defer { w.remove() }
    let run = try assay(["run", "study.yaml"], in: w.path, environment: ["ASSAY_TEST_PG": try Self.postgres.get()])
    #expect(run.status == 2)
    #expect(
      run.stderr.contains(
        "study.yaml:5:13: error: the connection to PostgreSQL was lost after 20000 rows: terminating connection due to administrator command"
      ), "\(run.stderr)")
    #expect(!FileManager.default.fileExists(atPath: w.path + "/out"))
  }

  @Test(
    "bad SQL exits 2 with the server's message at the query's line",
    .enabled(if: PostgresServer.isAvailable, Comment(rawValue: PostgresServer.skipMessage)))
  func badSQL() throws {
    let w = try Workspace(data: "  postgres: ASSAY_TEST_PG\n  query: select * from units where\n  row_key: id")
    defer { w.remove() }
    let run = try assay(["run", "study.yaml"], in: w.path, environment: ["ASSAY_TEST_PG": try Self.postgres.get()])
    #expect(run.status == 2)
    #expect(run.stderr.contains("study.yaml:6:10: error: PostgreSQL: syntax error at or near \")\""), "\(run.stderr)")
    #expect(!FileManager.default.fileExists(atPath: w.path + "/out"))
  }
}
