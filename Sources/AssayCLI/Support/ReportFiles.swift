import AuditReport
import Foundation
import StudyModel

/// Writes a run's reports to disk (the only place reports touch files).
enum ReportFiles {
  /// Writes the study's report formats (`report.formats`) to its report folder.
  static func writeAll(_ record: RunRecord, study: Study) throws {
    let directory = study.report.resolvedDirectory
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    for file in AuditReport.files(for: record, formats: study.report.formats.value) {
      try write(file.contents, to: directory + "/" + file.name)
    }
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
