import Foundation
import Testing

/// `provenance.git_commit` is read from the repository's files (`GitHead`),
/// without starting git; the authority is `git rev-parse HEAD` itself, on a
/// branch, with packed refs, on a detached head and in a linked worktree.
@Suite("Git commit in the provenance")
struct GitProvenanceTests {
  static let git = ["/usr/bin/git", "/usr/local/bin/git"].first { FileManager.default.isExecutableFile(atPath: $0) }

  /// Runs git in `directory` and returns its trimmed standard output.
  @discardableResult
  static func git(_ arguments: [String], in directory: String) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: git ?? "/usr/bin/git")
    process.arguments = ["-c", "user.name=Assay", "-c", "user.email=assay@example.org"] + arguments
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "git \(arguments.joined(separator: " "))")
    return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
  }

  /// The recorded commit after `assay run study.yaml` in `directory`.
  static func recorded(_ probe: UntrustedInputTests.Probe, in directory: String = ".") throws -> String? {
    let run = try probe.assay(["run", "--quiet", "--threads", "1", directory + "/study.yaml"])
    #expect(run.status == 0, "\(run.stderr)")
    let result = try RunResult(path: probe.root + "/" + directory + "/out/result.json")
    return (result.json["provenance"] as? [String: Any])?["git_commit"] as? String
  }

  @Test(
    "the commit on a branch, with packed refs, on a detached head, in a linked worktree, and none outside a repository",
    .enabled(if: git != nil, "git is not installed"))
  func commits() throws {
    let probe = try UntrustedInputTests.Probe()
    defer { probe.sandbox.remove() }
    let root = probe.root
    #expect(try Self.recorded(probe) == nil)
    try probe.sandbox.write("out/\n", to: ".gitignore")
    try Self.git(["init", "-q", "-b", "main"], in: root)
    try Self.git(["add", "study.yaml", "data.csv", ".gitignore"], in: root)
    try Self.git(["commit", "-q", "-m", "first"], in: root)
    let first = try Self.git(["rev-parse", "HEAD"], in: root)
    #expect(first.count == 40)
    #expect(try Self.recorded(probe) == first)
    // A second commit, its ref packed (no loose file left).
    try probe.sandbox.write("# a comment\n" + UntrustedInputTests.Probe.study(), to: "study.yaml")
    try Self.git(["commit", "-q", "-am", "second"], in: root)
    try Self.git(["pack-refs", "--all", "--prune"], in: root)
    #expect(!FileManager.default.fileExists(atPath: root + "/.git/refs/heads/main"))
    let second = try Self.git(["rev-parse", "HEAD"], in: root)
    #expect(second != first)
    #expect(try Self.recorded(probe) == second)
    // A detached head.
    try Self.git(["checkout", "-q", "--detach", first], in: root)
    #expect(try Self.recorded(probe) == first)
    // A linked worktree on a new branch (its .git is a file; the branch lives in the common folder).
    try Self.git(["checkout", "-q", "main"], in: root)
    try Self.git(["worktree", "add", "-q", "-b", "other", "linked", first], in: root)
    try probe.sandbox.write("# other\n" + UntrustedInputTests.Probe.study(), to: "linked/study.yaml")
    try Self.git(["commit", "-q", "-am", "third"], in: root + "/linked")
    let third = try Self.git(["rev-parse", "HEAD"], in: root + "/linked")
    #expect(third != first && third != second)
    #expect(try Self.recorded(probe, in: "linked") == third)
    #expect(try Self.recorded(probe) == second)
  }
}
