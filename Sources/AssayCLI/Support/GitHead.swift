import Foundation

/// The commit a git checkout's `HEAD` names, read from the repository's own
/// files, as `git rev-parse HEAD` would print it — without starting git.
///
/// Starting `git` cost about 60 ms of every run, needed a `git` binary, and
/// ran a program whose behaviour an untrusted repository's configuration can
/// change; reading three small files does neither.
///
/// The rules (gitrepository-layout(5)): walking up from the study's folder,
/// the first `.git` is the repository — a folder, or a file `gitdir: PATH`
/// (a linked worktree or a submodule; PATH relative to the file's folder).
/// `HEAD` holds a commit (a detached head) or `ref: refs/heads/NAME`; a ref
/// is a loose file under the git folder or, for branches shared by linked
/// worktrees, under the common folder its `commondir` names, else a line
/// `SHA NAME` of `packed-refs` there. A symbolic ref is followed at most
/// five times. Anything else (an unborn branch, an unreadable file, a
/// value that is not 40 or 64 lowercase hexadecimal digits) gives `nil`,
/// and the record then says there is no commit.
enum GitHead {
  /// The commit of the repository holding `file`, when there is one.
  static func commit(near file: String) -> String? {
    guard let gitDirectory = repository(containing: file) else { return nil }
    guard let head = read(gitDirectory + "/HEAD") else { return nil }
    return resolve(head, gitDirectory: gitDirectory, depth: 0)
  }

  /// The git folder of the repository holding `file`.
  static func repository(containing file: String) -> String? {
    let fm = FileManager.default
    let start = (file as NSString).deletingLastPathComponent
    var directory = URL(fileURLWithPath: start.isEmpty ? "." : start).standardizedFileURL.path
    while true {
      let candidate = directory + "/.git"
      var isDirectory: ObjCBool = false
      if fm.fileExists(atPath: candidate, isDirectory: &isDirectory) {
        if isDirectory.boolValue { return candidate }
        guard let text = read(candidate), text.hasPrefix("gitdir:") else { return nil }
        let path = text.dropFirst("gitdir:".count).trimmingCharacters(in: .whitespaces)
        return path.hasPrefix("/") ? path : URL(fileURLWithPath: directory + "/" + path).standardizedFileURL.path
      }
      let parent = (directory as NSString).deletingLastPathComponent
      if parent == directory || parent.isEmpty { return nil }
      directory = parent
    }
  }

  static func resolve(_ value: String, gitDirectory: String, depth: Int) -> String? {
    if isObjectName(value) { return value }
    guard value.hasPrefix("ref:"), depth < 5 else { return nil }
    let name = value.dropFirst("ref:".count).trimmingCharacters(in: .whitespaces)
    guard name.hasPrefix("refs/"), !name.contains("..") else { return nil }
    let common = read(gitDirectory + "/commondir").map { path in
      path.hasPrefix("/") ? path : URL(fileURLWithPath: gitDirectory + "/" + path).standardizedFileURL.path
    }
    for directory in [gitDirectory, common].compactMap({ $0 }) {
      if let loose = read(directory + "/" + name) {
        return resolve(loose, gitDirectory: gitDirectory, depth: depth + 1)
      }
    }
    let packed = read((common ?? gitDirectory) + "/packed-refs") ?? ""
    for line in packed.split(separator: "\n") where !line.hasPrefix("#") && !line.hasPrefix("^") {
      let parts = line.split(separator: " ", maxSplits: 1)
      if parts.count == 2, parts[1] == name, isObjectName(String(parts[0])) { return String(parts[0]) }
    }
    return nil
  }

  /// A full object name: 40 (SHA-1) or 64 (SHA-256) lowercase hexadecimal digits.
  static func isObjectName(_ text: String) -> Bool {
    (text.utf8.count == 40 || text.utf8.count == 64)
      && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
  }

  /// A small regular file's text, trimmed (nil when absent, not regular, or over 1 MiB).
  static func read(_ path: String) -> String? {
    guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
      attributes[.type] as? FileAttributeType == .typeRegular,
      (attributes[.size] as? Int ?? 0) <= 1 << 20,
      let data = FileManager.default.contents(atPath: path)
    else { return nil }
    return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
  }
}
