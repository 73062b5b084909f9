import Foundation
import StudyModel
import TestSupport
import Testing

@testable import AuditReport

/// Golden files of this target, in `Tests/AuditReportTests/Fixtures`.
enum Fixtures {
  static var directory: String { PackagePaths.root() + "/Tests/AuditReportTests/Fixtures" }

  /// Compares `actual` with the golden file `name` and records an issue when they differ.
  static func expectMatches(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
    if let message = Snapshot.compare(actual, goldenPath: directory + "/" + name) {
      Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation)
    }
  }

  /// The committed JSON Schema of `result.json`.
  static func resultSchema() throws -> JSONValue {
    let path = PackagePaths.root() + "/schema/result-v1.schema.json"
    let text = try String(contentsOfFile: path, encoding: .utf8)
    return try JSONParser.parse(text)
  }
}
