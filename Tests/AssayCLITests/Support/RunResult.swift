import Foundation
import StudyModel
import TestSupport

/// A run's `result.json` (schema/result-v1.schema.json), read with
/// `JSONSerialization` so that the tests do not share the writer's types.
///
/// Every record read this way is first validated against the committed
/// schema: each `result.json` the end-to-end tests write must conform.
struct RunResult {
  /// The committed schema of `result.json`, read once.
  static let validator: JSONSchemaValidator? = {
    let path = PackagePaths.root() + "/schema/result-v1.schema.json"
    guard let text = try? String(contentsOfFile: path, encoding: .utf8), let schema = try? JSONParser.parse(text)
    else { return nil }
    return JSONSchemaValidator(schema: schema)
  }()

  /// A parse or lookup failure, with what was missing.
  struct Missing: Error, CustomStringConvertible {
    var description: String
  }

  let json: [String: Any]

  init(path: String) throws {
    guard let data = FileManager.default.contents(atPath: path) else { throw Missing(description: "no file \(path)") }
    guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
      throw Missing(description: "\(path) is not a JSON object")
    }
    guard let validator = Self.validator else {
      throw Missing(description: "schema/result-v1.schema.json is unreadable")
    }
    let errors = validator.errors(try JSONParser.parse(String(decoding: data, as: UTF8.self)))
    guard errors.isEmpty else {
      throw Missing(
        description: "\(path) does not conform to result-v1.schema.json: " + errors.prefix(5).joined(separator: "; "))
    }
    json = object
  }

  /// `passed`, `failed` or `error`.
  var status: String? { json["status"] as? String }

  /// The `data` section (rows read, dropped and used; arm means).
  var data: [String: Any] { json["data"] as? [String: Any] ?? [:] }

  /// The estimate named `name`.
  func estimate(_ name: String) throws -> [String: Any] {
    let all = json["estimates"] as? [[String: Any]] ?? []
    guard let found = all.first(where: { $0["name"] as? String == name }) else {
      throw Missing(description: "no estimate '\(name)' among \(all.compactMap { $0["name"] as? String })")
    }
    return found
  }

  /// The point estimate of `name`.
  func value(_ name: String) throws -> Double {
    guard let v = try estimate(name)["value"] as? Double else {
      throw Missing(description: "estimate '\(name)' has no value")
    }
    return v
  }

  /// The standard error of `name`.
  func standardError(_ name: String) throws -> Double {
    guard let v = try estimate(name)["std_error"] as? Double else {
      throw Missing(description: "estimate '\(name)' has no std_error")
    }
    return v
  }

  /// The diagnostic value called `diagnostic` of estimate `name`.
  func diagnostic(_ diagnostic: String, of name: String) throws -> Double {
    let list = try estimate(name)["diagnostics"] as? [[String: Any]] ?? []
    guard let v = list.first(where: { $0["name"] as? String == diagnostic })?["value"] as? Double else {
      throw Missing(description: "estimate '\(name)' has no diagnostic '\(diagnostic)'")
    }
    return v
  }

  /// The mean of `column` in the arm `arm` (`treated` or `control`).
  func armMean(_ column: String, arm: String) throws -> Double {
    let arms = data["arms"] as? [[String: Any]] ?? []
    guard let means = arms.first(where: { $0["arm"] as? String == arm })?["means"] as? [String: Any],
      let v = means[column] as? Double
    else { throw Missing(description: "no mean of \(column) in the \(arm) arm") }
    return v
  }

  /// Every check record: refutations of each estimate, study checks and
  /// expectations, as (check, estimator or nil, verdict, severity).
  var checks: [(check: String, estimator: String?, verdict: String, severity: String)] {
    var records: [[String: Any]] = []
    for e in json["estimates"] as? [[String: Any]] ?? [] { records += e["refutations"] as? [[String: Any]] ?? [] }
    records += json["study_checks"] as? [[String: Any]] ?? []
    records += json["expectations"] as? [[String: Any]] ?? []
    return records.map {
      (
        $0["check"] as? String ?? "?", $0["estimator"] as? String, $0["verdict"] as? String ?? "?",
        $0["severity"] as? String ?? "?"
      )
    }
  }

  /// "check on estimator" of every record with the verdict `failed`.
  var failedChecks: [String] {
    checks.filter { $0.verdict == "failed" }.map { record in
      record.estimator.map { "\(record.check) on \($0)" } ?? record.check
    }.sorted()
  }
}
