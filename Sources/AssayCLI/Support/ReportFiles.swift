import AuditReport
import Foundation
import StudyModel

/// Writes a run's reports to disk (the only place reports touch files).
enum ReportFiles {
  /// The folder a run's reports go to: the study's report folder, or for a
  /// partial run (`--select`) its `partial/` subfolder, so that a partial run
  /// never replaces the full reports.
  static func directory(for record: RunRecord, study: Study) -> String {
    let directory = study.report.resolvedDirectory
    return record.isPartial ? directory + "/" + partialFolder : directory
  }

  /// The subfolder of a study's report folder that holds a partial run.
  static let partialFolder = "partial"

  /// Writes the study's report formats (`report.formats`) to the run's
  /// folder (``directory(for:study:)``) and returns that folder.
  @discardableResult
  static func writeAll(_ record: RunRecord, study: Study) throws -> String {
    let directory = directory(for: record, study: study)
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    for file in AuditReport.files(for: record, formats: study.report.formats.value) {
      try write(file.contents, to: directory + "/" + file.name)
    }
    return directory
  }

  /// Writes `index.md` and `index.html` to `folder`; returns their paths.
  static func writeIndex(markdown: String, html: String, in folder: String) throws -> [String] {
    let paths = [folder + "/index.html", folder + "/index.md"]
    try write(html, to: paths[0])
    try write(markdown, to: paths[1])
    return paths
  }

  static func write(_ text: String, to path: String) throws {
    let folder = (path as NSString).deletingLastPathComponent
    if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
  }

  /// Appends to a file (GitHub's step summary), creating it when missing.
  static func append(_ text: String, to path: String) {
    if let handle = FileHandle(forWritingAtPath: path) {
      handle.seekToEndOfFile()
      handle.write(Data(text.utf8))
      try? handle.close()
    } else {
      try? write(text, to: path)
    }
  }
}
