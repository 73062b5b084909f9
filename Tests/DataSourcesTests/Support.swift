import Foundation
import StudyModel
import StudySpec
import TestSupport
import Testing

@testable import DataSources

/// A temporary folder for a test's study, data and database files.
struct Workspace {
  let path: String

  init() throws {
    path = FileManager.default.temporaryDirectory.appendingPathComponent("assay-ds-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  }

  func write(_ name: String, _ text: String) throws {
    try text.write(toFile: path + "/" + name, atomically: true, encoding: .utf8)
  }

  /// Writes `study.yaml` with this `data:` section (indented by the caller)
  /// and a small graph over `t`, `y` and `w` (plus `g` when asked), and loads
  /// it as `assay validate` does.
  func study(data: String, graph: String = "dag { w -> t ; w -> y ; t -> y }", extra: String = "") throws
    -> StudyLoader.Outcome
  {
    try write(
      "study.yaml",
      """
      version: 1
      name: source
      seed: 3
      data:
      \(data)
      graph:
        dagitty: "\(graph)"
      estimand:
        treatment: t
        outcome: y
      estimators:
        - name: ols
          method: linear_regression
      \(extra)
      """)
    return StudyLoader.load(file: path + "/study.yaml", environment: .live)
  }

  func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// The committed result-set fixture (Fixtures/result_set_sha256.py).
struct ResultSetFixture {
  let columns: [String]
  /// The rows as SQL literals: `(3, 0, -0.1, 1e-07, 'a'), …`.
  let values: String
  let sha256: String
  let bytes: Int

  static func load() throws -> ResultSetFixture {
    let path = PackagePaths.root() + "/Tests/DataSourcesTests/Fixtures/result_set_sha256.json"
    let data = try #require(FileManager.default.contents(atPath: path))
    let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    return ResultSetFixture(
      columns: json["columns"] as? [String] ?? [], values: json["sql_values"] as? String ?? "",
      sha256: json["sha256"] as? String ?? "", bytes: json["bytes"] as? Int ?? 0)
  }
}

extension DataLoadError {
  /// The diagnostics as `assay run` prints them, paths relative to `folder`.
  func rendered(relativeTo folder: String) -> String {
    var renderer = DiagnosticRenderer()
    return renderer.text(diagnostics).replacingOccurrences(of: folder + "/", with: "")
  }
}
