import AuditReport
import Foundation
import StudyModel
import StudySpec

/// The index of a reports folder (`index.md`, `index.html`), written by every `assay run`.
///
/// Its folder is where a study's reports go by default (`reports/` beside
/// the studies folder; ``StudyFiles/defaultReportsFolder(forStudyFile:)``).
/// It lists the studies this run wrote and every other study whose
/// `result.json` is in a subfolder there, so that running one study does not
/// drop the others from the index; a partial run (`partial/`) is listed
/// beside its study's full reports.
enum ReportIndex {
  /// One study run by this command: its record, the study, and where its reports went.
  struct Run {
    var record: RunRecord
    var study: Study
    var directory: String
  }

  /// The report files an index links to, when present.
  static let reportFiles = ReportFormat.allCases.map { AuditReport.fileName($0) }

  /// Writes the index of each reports folder the runs belong to; returns what it wrote, per folder.
  static func write(_ runs: [Run]) throws -> [(folder: String, files: [String], studies: Int)] {
    var folders: [String] = []
    for run in runs {
      let folder = StudyFiles.defaultReportsFolder(forStudyFile: run.study.file)
      if !folders.contains(folder) { folders.append(folder) }
    }
    var written: [(folder: String, files: [String], studies: Int)] = []
    for folder in folders {
      let mine = runs.filter { StudyFiles.defaultReportsFolder(forStudyFile: $0.study.file) == folder }
      let (entries, problems) = entries(in: folder, runs: mine)
      let files = try ReportFiles.writeIndex(
        markdown: StudyIndex.markdown(entries, problems: problems), html: StudyIndex.html(entries, problems: problems),
        in: folder)
      written.append((folder, files, entries.count))
    }
    return written
  }

  /// The studies of `folder`: those on disk, then this run's (which replace them).
  static func entries(in folder: String, runs: [Run]) -> ([StudyIndex.Entry], [String]) {
    var full: [String: RunRecord] = [:]
    var partial: [String: RunRecord] = [:]
    var problems: [String] = []
    let manager = FileManager.default
    for name in ((try? manager.contentsOfDirectory(atPath: folder)) ?? []).sorted() {
      let directory = folder + "/" + name
      for (path, isPartial) in [(directory + "/result.json", false), (directory + "/partial/result.json", true)]
      where manager.fileExists(atPath: path) {
        do throws(StoredRuns.Failure) {
          let record = try StoredRuns.read(path)
          if isPartial { partial[absolute(directory)] = record } else { full[absolute(directory)] = record }
        } catch {
          problems.append(error.description)
        }
      }
    }
    for run in runs {
      let directory = absolute(run.study.report.resolvedDirectory)
      if run.record.isPartial { partial[directory] = run.record } else { full[directory] = run.record }
    }
    let root = absolute(folder)
    var entries: [StudyIndex.Entry] = []
    let partialFolder = "/" + ReportFiles.partialFolder
    for directory in Set(full.keys).union(partial.keys).sorted() {
      if let record = full[directory] {
        entries.append(
          StudyIndex.Entry(
            record: record, folder: relative(directory, from: root), files: present(in: directory),
            partial: partial[directory], partialFiles: present(in: directory + partialFolder)))
      } else if let record = partial[directory] {
        // Only a partial run so far: it is the study's row, marked partial.
        entries.append(
          StudyIndex.Entry(
            record: record, folder: relative(directory + partialFolder, from: root),
            files: present(in: directory + partialFolder)))
      }
    }
    return (entries, problems)
  }

  /// The report files present in `directory`.
  static func present(in directory: String) -> [String] {
    reportFiles.filter { FileManager.default.fileExists(atPath: directory + "/" + $0) }
  }

  static func absolute(_ path: String) -> String {
    URL(fileURLWithPath: path).standardizedFileURL.path
  }

  /// `path` relative to the folder `base` (both absolute): `nsw`, `../out`.
  static func relative(_ path: String, from base: String) -> String {
    let target = path.split(separator: "/")
    let origin = base.split(separator: "/")
    var common = 0
    while common < target.count, common < origin.count, target[common] == origin[common] { common += 1 }
    let parts = Array(repeating: "..", count: origin.count - common) + target[common...].map(String.init)
    return parts.isEmpty ? "." : parts.joined(separator: "/")
  }
}
