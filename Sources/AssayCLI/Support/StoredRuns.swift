import AuditReport
import Foundation
import StudyModel

/// Run records read back from disk: one `result.json`, or every study of a reports folder.
///
/// A folder holding a `result.json` is one study's report folder; any other
/// folder is a reports folder, and each of its subfolders' `result.json` is
/// read (one level down, so a study's `partial/` folder is not). Two records
/// of the same study in one folder, a file that is not a run record, or a
/// folder without any are errors: `assay diff` cannot say what to compare.
struct StoredRuns {
  /// The path as given.
  var path: String
  /// Whether the path named one `result.json` (not a folder).
  var isFile: Bool
  /// The records, in path order.
  var records: [RunRecord]

  /// Why a path could not be read, as `path: error: message`.
  struct Failure: Error, CustomStringConvertible {
    var path: String
    var message: String
    var description: String { "\(path): error: \(message)" }
  }

  /// The file name of a stored run record.
  static let recordFile = AuditReport.fileName(.json)

  init(path: String) throws(Failure) {
    self.path = path
    let manager = FileManager.default
    var isDirectory: ObjCBool = false
    guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw Failure(path: path, message: "no such file or folder")
    }
    isFile = !isDirectory.boolValue
    if isFile {
      records = [try Self.read(path)]
      return
    }
    let own = (path as NSString).appendingPathComponent(Self.recordFile)
    if manager.fileExists(atPath: own) {
      records = [try Self.read(own)]
      return
    }
    let entries = ((try? manager.contentsOfDirectory(atPath: path)) ?? []).sorted()
    var files: [String] = []
    for entry in entries {
      let candidate = (path as NSString).appendingPathComponent(entry + "/" + Self.recordFile)
      var dir: ObjCBool = false
      if manager.fileExists(atPath: candidate, isDirectory: &dir), !dir.boolValue { files.append(candidate) }
    }
    guard !files.isEmpty else {
      throw Failure(
        path: path, message: "no \(Self.recordFile) in this folder or its subfolders (a reports folder of assay run)")
    }
    var records: [RunRecord] = []
    var sources: [String: String] = [:]
    for file in files {
      let record = try Self.read(file)
      if let other = sources[record.study.name] {
        throw Failure(
          path: path, message: "\(other) and \(file) both hold the study '\(record.study.name)'; keep one of them")
      }
      sources[record.study.name] = file
      records.append(record)
    }
    self.records = records
  }

  /// One `result.json`.
  static func read(_ file: String) throws(Failure) -> RunRecord {
    guard let data = FileManager.default.contents(atPath: file) else {
      throw Failure(path: file, message: "cannot read the file")
    }
    do throws(JSONCodecError) {
      return try ResultJSON.decode(String(decoding: data, as: UTF8.self))
    } catch {
      throw Failure(path: file, message: "not a readable run record: \(error.description)")
    }
  }

  /// The diff of `old` against `new`. When one side is a single `result.json`,
  /// only its study is compared (the other side's record of that name).
  static func diff(old: StoredRuns, new: StoredRuns, tolerance: Double) -> DiffRecord {
    var oldRecords = old.records
    var newRecords = new.records
    if old.isFile, !new.isFile {
      let names = Set(oldRecords.map(\.study.name))
      newRecords = newRecords.filter { names.contains($0.study.name) }
    } else if new.isFile, !old.isFile {
      let names = Set(newRecords.map(\.study.name))
      oldRecords = oldRecords.filter { names.contains($0.study.name) }
    }
    return RunDiff.compare(
      old: oldRecords, new: newRecords, tolerance: tolerance, oldLabel: old.path, newLabel: new.path)
  }
}
