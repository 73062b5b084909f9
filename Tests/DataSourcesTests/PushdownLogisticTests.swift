import CausalEngine
import Foundation
import StudyModel
import StudySpec
import TestSupport
import Testing

@testable import DataSources

/// `compute: database` for `generalized_linear_model` (logistic IRLS) and
/// `propensity_score_stratification`, against two authorities:
/// - the independent reference fixtures of the in-memory estimators
///   (Tests/CausalEngineTests/Fixtures, README.md): `glm_logit`
///   (statsmodels GLM + the analytic delta method; tolerance 1e-8 relative,
///   an iterative fit) and `pss_binary` (a numpy implementation of the
///   strata definition on a statsmodels-fitted score; 1e-8 relative, since
///   the database refits the score by its own IRLS);
/// - `compute: local` on the same PostgreSQL rows, to 1e-9 relative:
///   estimates, standard errors, intervals, models, diagnostics, verdicts.
@Suite(
  "Logistic and stratification pushdown to PostgreSQL",
  .enabled(if: PostgresServer.isAvailable, Comment(rawValue: PostgresServer.skipMessage)))
struct PushdownLogisticTests {
  /// The fixtures' rows as tables `glm` and `pss`, keyed by their line (1 …).
  static let database: Result<String, PostgresServer.Failure> = {
    do {
      let server = try PostgresServer.start()
      let url = try server.createDatabase("pushdown_logistic")
      for (table, folder, types) in [
        ("glm", "glm_logit", ["W3": "integer", "T": "integer", "Y": "integer"]),
        ("pss", "pss_binary", ["v0": "integer"]),
      ] {
        let text = try String(contentsOfFile: fixture(folder) + "/data.csv", encoding: .utf8)
        let lines = text.split(separator: "\n").map(String.init)
        let header = lines[0].split(separator: ",").map(String.init).filter { $0 != "pscore" }
        let keep = lines[0].split(separator: ",").map { $0 != "pscore" }
        let columns = header.map { "\"\($0)\" \(types[$0] ?? "float8")" }.joined(separator: ", ")
        let rows = lines.dropFirst().enumerated().map { i, line in
          let values = zip(line.split(separator: ","), keep).filter(\.1).map { String($0.0) }
          return "\(i + 1),\(values.joined(separator: ","))\n"
        }
        try server.psql("CREATE TABLE \(table) (id bigint PRIMARY KEY, \(columns))", database: "pushdown_logistic")
        try server.psql(
          "COPY \(table) FROM STDIN WITH (FORMAT csv)", database: "pushdown_logistic", input: rows.joined())
      }
      return .success(url)
    } catch let failure as PostgresServer.Failure {
      return .failure(failure)
    } catch {
      return .failure(PostgresServer.Failure(description: "\(error)"))
    }
  }()

  static func fixture(_ folder: String) -> String {
    PackagePaths.root() + "/Tests/CausalEngineTests/Fixtures/" + folder
  }

  static func expected(_ folder: String) throws -> [String: Any] {
    let data = try Data(contentsOf: URL(fileURLWithPath: fixture(folder) + "/expected.json"))
    return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
  }

  /// A run of a study on `table` with `compute` set.
  func run(
    compute: String, table: String, treatment: String, outcome: String, covariates: [String], effect: String,
    estimators: String, checks: String = ""
  ) throws -> RunRecord {
    let url = try Self.database.get()
    let w = try Workspace()
    defer { w.remove() }
    let edges = covariates.map { "\($0) -> \(treatment) ; \($0) -> \(outcome)" }.joined(separator: " ; ")
    try w.write(
      "study.yaml",
      """
      version: 1
      name: pushdown-logistic
      seed: 5
      data:
        postgres: ASSAY_TEST_PG
        table: \(table)
        row_key: id
        compute: \(compute)
      graph:
        dagitty: "dag { \(edges) ; \(treatment) -> \(outcome) }"
      estimand:
        treatment: \(treatment)
        outcome: \(outcome)
        effect: \(effect)
      estimators:
      \(estimators)
      \(checks)
      """)
    return try PushdownTests.runStudy(in: w, compute: compute, url: url)
  }

  static func close(_ a: Double?, _ b: Double?, _ tolerance: Double) -> Bool {
    guard let a, let b else { return a == nil && b == nil }
    return abs(a - b) <= tolerance * max(1, abs(b))
  }

  /// `compute: database` equals `compute: local` to 1e-9.
  func compare(_ database: RunRecord, _ local: RunRecord) {
    #expect(database.status == local.status)
    #expect(database.estimates.count == local.estimates.count)
    for (d, l) in zip(database.estimates, local.estimates) {
      #expect(d.failure == nil && l.failure == nil, "\(d.failure ?? "") \(l.failure ?? "")")
      #expect(Self.close(d.value, l.value, 1e-9), "\(d.name): \(d.value ?? .nan) vs \(l.value ?? .nan)")
      #expect(Self.close(d.standardError, l.standardError, 1e-9), "\(d.name) SE")
      #expect(Self.close(d.confidenceInterval?[0], l.confidenceInterval?[0], 1e-9), "\(d.name) CI")
      #expect(Self.close(d.confidenceInterval?[1], l.confidenceInterval?[1], 1e-9), "\(d.name) CI")
      #expect(Self.close(d.pValue, l.pValue, 1e-9), "\(d.name) p")
      #expect(d.verdict == l.verdict)
      #expect(d.nTreated == l.nTreated && d.nControl == l.nControl && d.n == l.n)
      #expect(d.warnings == l.warnings)
      #expect(d.models.count == l.models.count)
      for (a, b) in zip(d.models, l.models) {
        #expect(a.columns == b.columns && a.formula == b.formula && a.kind == b.kind && a.role == b.role)
        for (x, y) in zip(a.coefficients + a.standardErrors, b.coefficients + b.standardErrors) {
          #expect(Self.close(x, y, 1e-9), "\(d.name) \(a.role) model")
        }
      }
      #expect(d.diagnostics.map(\.name) == l.diagnostics.map(\.name))
      for (x, y) in zip(d.diagnostics, l.diagnostics) {
        #expect(Self.close(x.value, y.value, 1e-9) && x.text == y.text, "\(d.name) \(x.name)")
      }
      #expect(d.propensityHistogram == l.propensityHistogram)
      #expect(d.components.map(\.value).count == l.components.map(\.value).count)
      for (x, y) in zip(d.components, l.components) { #expect(Self.close(x.value, y.value, 1e-9)) }
      #expect(d.refutations.map(\.verdict) == l.refutations.map(\.verdict))
    }
  }

  static let glmEstimators = """
      - name: rd
        method: generalized_linear_model
      - name: rr
        method: generalized_linear_model
        params: {scale: ratio}
      - name: or
        method: generalized_linear_model
        params: {scale: odds_ratio}
    """

  @Test(
    "logistic g-computation: statsmodels' fit, risk difference, risk and odds ratios (ATE, ATT, ATC)",
    arguments: ["ate", "att", "atc"])
  func logistic(effect: String) throws {
    let expected = try Self.expected("glm_logit")
    let database = try run(
      compute: "database", table: "glm", treatment: "T", outcome: "Y", covariates: ["W1", "W2", "W3"], effect: effect,
      estimators: Self.glmEstimators, checks: "refutations:\n  checks:\n    - check: estimator_agreement")
    let model = try #require(expected["model"] as? [String: Any])
    let coefficients = try #require(model["coef"] as? [Double])
    let standardErrors = try #require(model["se"] as? [Double])
    let effects = try #require((expected["effects"] as? [String: Any])?[effect] as? [String: Any])
    for (estimate, key) in zip(database.estimates, ["risk_difference", "risk_ratio", "odds_ratio"]) {
      #expect(estimate.failure == nil, "\(estimate.failure ?? "")")
      let reference = try #require(effects[key] as? [String: Any])
      #expect(Self.close(estimate.value, reference["estimate"] as? Double, 1e-8), "\(effect) \(key)")
      // A ratio's standard error is recorded on the ratio's scale: ratio × SE(log ratio).
      let se = reference[key == "risk_difference" ? "se" : "se_ratio_scale_delta"] as? Double
      #expect(Self.close(estimate.standardError, se, 1e-8), "\(effect) \(key) SE")
      let interval = try #require(reference["ci95"] as? [Double])
      #expect(Self.close(estimate.confidenceInterval?[0], interval[0], 1e-8), "\(effect) \(key) CI")
      #expect(Self.close(estimate.confidenceInterval?[1], interval[1], 1e-8), "\(effect) \(key) CI")
      let fitted = try #require(estimate.models.first)
      #expect(fitted.columns == ["(Intercept)", "T", "W1", "W2", "W3"])
      for (x, y) in zip(fitted.coefficients, coefficients) { #expect(Self.close(x, y, 1e-8)) }
      for (x, y) in zip(fitted.standardErrors, standardErrors) { #expect(Self.close(x, y, 1e-8)) }
    }
    let local = try run(
      compute: "local", table: "glm", treatment: "T", outcome: "Y", covariates: ["W1", "W2", "W3"], effect: effect,
      estimators: Self.glmEstimators, checks: "refutations:\n  checks:\n    - check: estimator_agreement")
    compare(database, local)
    #expect(database.studyChecks.map(\.verdict) == local.studyChecks.map(\.verdict))
  }

  @Test(
    "propensity-score stratification: the numpy reference's strata, estimate and SE (ATE, ATT, ATC)",
    arguments: ["ate", "att", "atc"])
  func stratification(effect: String) throws {
    let expected = try Self.expected("pss_binary")
    let estimators = """
        - name: strata
          method: propensity_score_stratification
          params: {se: stratified}
      """
    let covariates = ["W0", "W1", "W2", "W3", "W4"]
    let database = try run(
      compute: "database", table: "pss", treatment: "v0", outcome: "y", covariates: covariates, effect: effect,
      estimators: estimators)
    let estimate = try #require(database.estimates.first)
    #expect(estimate.failure == nil, "\(estimate.failure ?? "")")
    let reference = try #require((expected["estimates"] as? [String: Any])?[effect] as? [String: Any])
    #expect(Self.close(estimate.value, reference["estimate"] as? Double, 1e-8))
    #expect(Self.close(estimate.standardError, reference["se"] as? Double, 1e-8))
    let propensity = try #require(expected["propensity_coef"] as? [Double])
    for (x, y) in zip(estimate.models.first?.coefficients ?? [], propensity) { #expect(Self.close(x, y, 1e-8)) }
    #expect(estimate.diagnostics.first { $0.name == "strata used" }?.value == 5)
    let local = try run(
      compute: "local", table: "pss", treatment: "v0", outcome: "y", covariates: covariates, effect: effect,
      estimators: estimators)
    compare(database, local)
  }

  @Test("strata that lack an arm are merged as in memory")
  func mergedStrata() throws {
    // 100 strata of 40 units: at the top (22 controls among the last 800 units) some hold treated units only.
    let estimators = """
        - name: strata
          method: propensity_score_stratification
          params: {se: stratified, strata: 100}
      """
    let covariates = ["W0", "W1", "W2", "W3", "W4"]
    let database = try run(
      compute: "database", table: "pss", treatment: "v0", outcome: "y", covariates: covariates, effect: "ate",
      estimators: estimators)
    let local = try run(
      compute: "local", table: "pss", treatment: "v0", outcome: "y", covariates: covariates, effect: "ate",
      estimators: estimators)
    #expect(database.estimates.first?.warnings.contains { $0.contains("merged") } == true)
    compare(database, local)
  }
}
