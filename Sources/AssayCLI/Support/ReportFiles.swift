import AuditReport
import Foundation
import StudyModel

/// Writes a run's reports to disk (the only place reports touch files).
///
/// Writes are atomic and locked: a run's files go to a temporary folder
/// beside the report folder, which is then renamed into place, so a reader
/// (or a run killed half-way) sees the old set or the new set, never a mix;
/// a lock file per study (`.<folder>.lock` beside it) makes a second run of
/// the same study refuse while one is under way. Every file is written by
/// creating it new and renaming it over the old one, so a symbolic link
/// planted at `report.md` is replaced, never written through.
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

  /// The entries a report folder may hold: Assay's report files and `partial/`.
  static let ownEntries = Set(ReportFormat.allCases.map { AuditReport.fileName($0) } + [partialFolder])

  /// A report folder that cannot be written, found before any computation.
  struct Refusal: Error {
    var message: String
    var notes: [String] = []

    func diagnostic(_ study: Study) -> Diagnostic {
      .error(message, at: study.report.directory.origin.range, notes: notes.map { .init($0) })
    }
  }

  /// The lock on a study's report folder, held until released (or the process ends).
  final class Lock {
    private var descriptor: Int32

    init(descriptor: Int32) { self.descriptor = descriptor }

    deinit { release() }

    func release() {
      guard descriptor >= 0 else { return }
      flock(descriptor, LOCK_UN)
      close(descriptor)
      descriptor = -1
    }
  }

  /// Checks, before any computation, that the study's reports can be
  /// written, and takes the study's lock: the report folder (and every
  /// folder above it that exists) must be a folder, and must hold nothing
  /// but Assay's report files (a run replaces it as a whole).
  static func prepare(_ study: Study) throws(Refusal) -> Lock {
    let directory = study.report.resolvedDirectory
    let manager = FileManager.default
    // The nearest existing ancestor must be a folder; then create the parent.
    var ancestor = directory
    while true {
      var isDirectory: ObjCBool = false
      if manager.fileExists(atPath: ancestor, isDirectory: &isDirectory) {
        guard isDirectory.boolValue else {
          throw Refusal(
            message: ancestor == directory
              ? "report.directory '\(study.report.directory.value)' names a file, not a folder"
              : "report.directory '\(study.report.directory.value)' cannot be created: \(ancestor) is a file",
            notes: ["name a folder for the reports (it is created when missing)"])
        }
        break
      }
      let parent = (ancestor as NSString).deletingLastPathComponent
      if parent == ancestor || parent.isEmpty { break }
      ancestor = parent
    }
    if let entries = try? manager.contentsOfDirectory(atPath: directory) {
      let foreign = entries.filter { !ownEntries.contains($0) && !$0.hasPrefix(".") }.sorted()
      if !foreign.isEmpty {
        let shown = foreign.prefix(5).joined(separator: ", ") + (foreign.count > 5 ? ", ..." : "")
        throw Refusal(
          message:
            "report.directory '\(study.report.directory.value)' holds files Assay did not write (\(shown)); a run replaces the folder as a whole",
          notes: ["name a folder of the study's own, such as reports/\(study.name.value)"])
      }
    }
    let parent = (directory as NSString).deletingLastPathComponent
    do {
      try manager.createDirectory(atPath: parent.isEmpty ? "." : parent, withIntermediateDirectories: true)
    } catch {
      throw Refusal(message: "cannot create the folder \(parent): \(describe(error))")
    }
    let lockPath = lockFile(of: directory)
    let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644)
    guard fd >= 0 else {
      throw Refusal(message: "cannot open the lock file \(lockPath): \(String(cString: strerror(errno)))")
    }
    guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
      close(fd)
      throw Refusal(
        message: "another assay run is writing the reports of study '\(study.name.value)' (lock \(lockPath))",
        notes: ["run one study at a time; the lock is released when that run ends"])
    }
    return Lock(descriptor: fd)
  }

  /// The lock file of a report folder: `.<name>.lock` beside it.
  static func lockFile(of directory: String) -> String {
    let parent = (directory as NSString).deletingLastPathComponent
    let name = (directory as NSString).lastPathComponent
    return (parent.isEmpty ? "." : parent) + "/." + name + ".lock"
  }

  /// Writes the study's report formats (`report.formats`) to the run's
  /// folder (``directory(for:study:)``), as a whole: to a temporary folder,
  /// renamed into place. Returns that folder and whether it replaced reports.
  @discardableResult
  static func writeAll(_ record: RunRecord, study: Study) throws -> (directory: String, replaced: Bool) {
    let directory = directory(for: record, study: study)
    let manager = FileManager.default
    let parent = (directory as NSString).deletingLastPathComponent
    let name = (directory as NSString).lastPathComponent
    let base = parent.isEmpty ? "." : parent
    try manager.createDirectory(atPath: base, withIntermediateDirectories: true)
    let token = "\(getpid())-\(UUID().uuidString.prefix(8))"
    let temporary = base + "/." + name + ".tmp-" + token
    try manager.createDirectory(atPath: temporary, withIntermediateDirectories: false)
    do {
      for file in AuditReport.files(for: record, formats: study.report.formats.value) {
        try Data(file.contents.utf8).write(to: URL(fileURLWithPath: temporary + "/" + file.name))
      }
      var isDirectory: ObjCBool = false
      let exists = manager.fileExists(atPath: directory, isDirectory: &isDirectory)
      if exists, !record.isPartial, manager.fileExists(atPath: directory + "/" + partialFolder) {
        // A full run keeps the partial reports beside it.
        try manager.moveItem(atPath: directory + "/" + partialFolder, toPath: temporary + "/" + partialFolder)
      }
      if exists {
        let old = base + "/." + name + ".old-" + token
        try rename(directory, to: old)
        try rename(temporary, to: directory)
        try? manager.removeItem(atPath: old)
      } else {
        try rename(temporary, to: directory)
      }
      return (directory, exists)
    } catch {
      try? manager.removeItem(atPath: temporary)
      throw error
    }
  }

  /// Writes `index.md` and `index.html` to `folder`; returns their paths.
  static func writeIndex(markdown: String, html: String, in folder: String) throws -> [String] {
    let paths = [folder + "/index.html", folder + "/index.md"]
    try write(html, to: paths[0])
    try write(markdown, to: paths[1])
    return paths
  }

  /// Writes one file atomically: a new temporary file beside it, renamed
  /// over it (a symbolic link at `path` is replaced, not followed).
  static func write(_ text: String, to path: String) throws {
    let folder = (path as NSString).deletingLastPathComponent
    if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
    let temporary =
      (folder.isEmpty ? "." : folder) + "/." + (path as NSString).lastPathComponent + ".tmp-\(getpid())-"
      + UUID().uuidString.prefix(8)
    do {
      try Data(text.utf8).write(to: URL(fileURLWithPath: temporary))
      try rename(temporary, to: path)
    } catch {
      try? FileManager.default.removeItem(atPath: temporary)
      throw error
    }
  }

  /// `rename(2)`: atomic within a file system; replaces a file or an empty folder at `target`.
  static func rename(_ source: String, to target: String) throws {
    guard Foundation.rename(source, target) == 0 else {
      throw WriteError(message: "cannot move \(source) to \(target): \(String(cString: strerror(errno)))")
    }
  }

  /// A write that failed, in words.
  struct WriteError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
  }

  /// An error in words: the reason, never a raw `NSError` dump.
  static func describe(_ error: Error) -> String {
    if let error = error as? WriteError { return error.message }
    let ns = error as NSError
    if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain,
      let code = POSIXErrorCode(rawValue: Int32(underlying.code))
    {
      return String(cString: strerror(code.rawValue))
    }
    if ns.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(ns.code))) }
    switch ns.code {
    case NSFileWriteFileExistsError: return "a file is in the way"
    case NSFileWriteNoPermissionError, NSFileReadNoPermissionError: return "permission denied"
    case NSFileWriteOutOfSpaceError: return "no space left on the device"
    case NSFileNoSuchFileError, NSFileReadNoSuchFileError: return "no such file or folder"
    default: return ns.localizedDescription
    }
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
