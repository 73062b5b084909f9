import ArgumentParser
import DataSources
import Foundation
import StudyModel
import StudySpec

/// `--root DIR` and `--allow-outside-root`: where a study may read and write.
struct PathOptions: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "The project root: data and reports must resolve inside it (default: the current folder when it holds the "
        + "study, or the folder holding the study's 'studies' folder, else the study's own folder).", valueName: "dir"))
  var root: String?

  @Flag(help: "Let data.path and report.directory resolve outside the project root (trusted studies only).")
  var allowOutsideRoot = false

  var policy: PathPolicy { PathPolicy(root: root, allowOutsideRoot: allowOutsideRoot) }
}

/// Where a study may read and write (docs/security.md).
///
/// A study's `data.path` and `report.directory` must resolve, symbolic links
/// followed, inside its project root: `--root`; else the current folder when
/// the study is inside it (a checkout, in CI) or the folder that holds the
/// nearest enclosing `studies` folder (where the default `reports/` is),
/// whichever is wider; else the study's own folder. `--allow-outside-root` lifts the rule, for
/// trusted studies. The report folder's path may not pass through a symbolic
/// link below the root (a planted link would redirect the writes).
struct PathPolicy: Sendable {
  var root: String?
  var allowOutsideRoot: Bool

  init(root: String? = nil, allowOutsideRoot: Bool = false) {
    self.root = root
    self.allowOutsideRoot = allowOutsideRoot
  }

  /// The project root of a study file, absolute and without `.` or `..` (symbolic links kept).
  func root(forStudyFile file: String) -> String {
    if let root { return Self.absolute(root) }
    let folder = Self.absolute((file as NSString).deletingLastPathComponent)
    let parts = folder.split(separator: "/", omittingEmptySubsequences: true)
    var own = folder
    if let index = parts.lastIndex(of: "studies") {
      own = "/" + parts[..<index].joined(separator: "/")
    }
    // The current folder (a checkout in CI) when it holds the study: the wider of the two.
    let current = Self.absolute(".")
    if current == "/" || folder == current || folder.hasPrefix(current + "/") {
      return current.count < own.count ? current : own
    }
    return own
  }

  /// The environment the study reader sees: the real file system, with a
  /// data file outside the root refused before its header is read.
  func environment(forStudyFile file: String) -> StudyEnvironment {
    let root = root(forStudyFile: file)
    let allow = allowOutsideRoot
    let outside = DataFileProblem(
      "the file is outside the project root \(root)",
      notes: [
        "a study reads only inside its project root: move the data there, pass --root DIR, or, for a trusted study, --allow-outside-root"
      ])
    return StudyEnvironment.fileSystem(
      readHeader: { path, delimiter in
        if !allow, !Self.isInside(path, root: root) { return .failure(outside) }
        return StudyEnvironment.live.readHeader(path, delimiter)
      },
      readSQLiteColumns: { path, relation in
        if !allow, !Self.isInside(path, root: root) { return .failure(outside) }
        guard let read = StudyEnvironment.live.readSQLiteColumns else {
          return .failure(DataFileProblem("this build cannot read SQLite files"))
        }
        return read(path, relation)
      })
  }

  /// The problems of a study's report folder: outside the root, or reached through a symbolic link.
  func reportProblems(_ study: Study) -> [Diagnostic] {
    let directory = study.report.resolvedDirectory
    let root = root(forStudyFile: study.file)
    let at = study.report.directory.origin.range
    if !allowOutsideRoot, !Self.isInside(directory, root: root) {
      return [
        .error(
          "report.directory '\(study.report.directory.value)' is outside the project root \(root)", at: at,
          notes: [
            .init(
              "a study writes only inside its project root: name a folder there, pass --root DIR, or, for a trusted study, --allow-outside-root"
            )
          ])
      ]
    }
    if let link = Self.symbolicLink(in: directory, below: root) {
      return [
        .error(
          "report.directory '\(study.report.directory.value)' passes through the symbolic link \(link)", at: at,
          notes: [.init("Assay does not write through symbolic links: name the real folder")])
      ]
    }
    return []
  }

  // MARK: - Paths

  /// `path` made absolute (against the current folder), `.` and `..` removed.
  static func absolute(_ path: String) -> String {
    let full = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    var parts: [Substring] = []
    for part in full.split(separator: "/", omittingEmptySubsequences: true) {
      if part == "." { continue }
      if part == ".." {
        if !parts.isEmpty { parts.removeLast() }
        continue
      }
      parts.append(part)
    }
    return "/" + parts.joined(separator: "/")
  }

  /// `path` with symbolic links resolved as far as it exists (the rest appended).
  static func resolved(_ path: String) -> String {
    var existing = absolute(path)
    var rest: [String] = []
    while existing != "/" {
      if let real = realpath(existing, nil) {
        defer { free(real) }
        let base = String(cString: real)
        return absolute(([base] + rest.reversed()).joined(separator: "/"))
      }
      rest.append((existing as NSString).lastPathComponent)
      existing = (existing as NSString).deletingLastPathComponent
    }
    return absolute("/" + rest.reversed().joined(separator: "/"))
  }

  /// Whether `path`, links resolved, is `root` or inside it.
  static func isInside(_ path: String, root: String) -> Bool {
    let path = resolved(path)
    let root = resolved(root)
    return root == "/" || path == root || path.hasPrefix(root + "/")
  }

  /// The first existing component of `path` below `root` that is a symbolic link, or `nil`.
  static func symbolicLink(in path: String, below root: String) -> String? {
    let full = absolute(path)
    let base = absolute(root)
    let start = full.hasPrefix(base + "/") ? base : (full as NSString).deletingLastPathComponent
    var current = start
    for part in full.dropFirst(start.count).split(separator: "/") {
      current += (current.hasSuffix("/") ? "" : "/") + part
      var info = stat()
      guard lstat(current, &info) == 0 else { return nil }
      if info.st_mode & S_IFMT == S_IFLNK { return current }
    }
    return nil
  }
}
