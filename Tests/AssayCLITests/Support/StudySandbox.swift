import Foundation
import TestSupport

/// A throw-away copy of the example studies for end-to-end runs of `assay`.
///
/// The folder holds `studies/` (the committed study files and a copy of
/// `studies/data/`), so that a study's relative data path and its default
/// report folder (`reports/<name>` beside `studies/`) both resolve inside the
/// sandbox: nothing a run writes lands in the repository. Standard output and
/// standard error go to files, so that a chatty run cannot fill a pipe and
/// block. The folder is deleted by ``remove()``.
struct StudySandbox {
  /// What one invocation of `assay` did.
  struct Run {
    var status: Int32
    var stdout: String
    var stderr: String
  }

  static let repositoryRoot = PackagePaths.root()

  /// The sandbox root (it contains `studies/` and, after a run, `reports/`).
  let root: String

  /// Copies the given study files (paths relative to the repository's
  /// `studies/`, e.g. `failing/no-overlap.yaml`) and the whole data folder.
  ///
  /// - Parameter simulations: when given, every `simulations: N` line of the
  ///   copied studies is rewritten to this count, and every
  ///   `propensity_score_stratification` estimator (written without
  ///   `params:`) gets `params: {bootstrap: 99}` instead of the default 999 (debug
  ///   builds are about 25 times slower than release; point estimates do not
  ///   depend on either count).
  init(studies: [String], simulations: Int? = nil) throws {
    let fm = FileManager.default
    root = fm.temporaryDirectory.appendingPathComponent("assay-e2e-\(UUID().uuidString)").path
    try fm.createDirectory(atPath: root + "/studies", withIntermediateDirectories: true)
    try fm.copyItem(atPath: Self.repositoryRoot + "/studies/data", toPath: root + "/studies/data")
    for study in studies {
      let target = root + "/studies/" + study
      try fm.createDirectory(
        atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
      var text = try String(contentsOfFile: Self.repositoryRoot + "/studies/" + study, encoding: .utf8)
      if let simulations {
        text = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
          let trimmed = line.drop { $0 == " " }
          let indent = String(line.prefix(line.count - trimmed.count))
          if trimmed.hasPrefix("simulations: ") { return indent + "simulations: \(simulations)" }
          // Only where the estimator has no `params:` of its own (the copies' studies do not).
          if trimmed == "method: propensity_score_stratification", !text.contains("bootstrap: ") {
            return String(line) + "\n" + indent + "params: {bootstrap: 99}"
          }
          return String(line)
        }.joined(separator: "\n")
      }
      try Data(text.utf8).write(to: URL(fileURLWithPath: target))
    }
  }

  /// An empty sandbox (for `assay init` and hand-written studies).
  init() throws {
    root = FileManager.default.temporaryDirectory.appendingPathComponent("assay-e2e-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
  }

  /// Runs the built `assay` with the sandbox as the working directory
  /// (GitHub's variables unset, unless `environment` sets them).
  func assay(_ arguments: [String], environment extra: [String: String] = [:]) throws -> Run {
    try Self.runAssay(arguments, in: root, environment: extra)
  }

  /// Runs the built `assay` in `directory`, GitHub's variables unset unless
  /// `environment` sets them. Standard output and standard error go to
  /// temporary files, so that a chatty run cannot fill a pipe and block.
  static func runAssay(_ arguments: [String], in directory: String, environment extra: [String: String] = [:])
    throws -> Run
  {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: PackagePaths.productsDirectory + "/assay")
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    var environment = ProcessInfo.processInfo.environment
    environment["GITHUB_ACTIONS"] = nil
    environment["GITHUB_STEP_SUMMARY"] = nil
    for (key, value) in extra { environment[key] = value }
    process.environment = environment
    let id = UUID().uuidString
    let temporary = FileManager.default.temporaryDirectory.path
    let outPath = temporary + "/assay-stdout-\(id)"
    let errPath = temporary + "/assay-stderr-\(id)"
    _ = FileManager.default.createFile(atPath: outPath, contents: nil)
    _ = FileManager.default.createFile(atPath: errPath, contents: nil)
    defer {
      try? FileManager.default.removeItem(atPath: outPath)
      try? FileManager.default.removeItem(atPath: errPath)
    }
    let out = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
    let err = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
    process.standardOutput = out
    process.standardError = err
    try process.run()
    process.waitUntilExit()
    try out.close()
    try err.close()
    let stdout = String(decoding: FileManager.default.contents(atPath: outPath) ?? Data(), as: UTF8.self)
    let stderr = String(decoding: FileManager.default.contents(atPath: errPath) ?? Data(), as: UTF8.self)
    return Run(status: process.terminationStatus, stdout: stdout, stderr: stderr)
  }

  /// `assay run --deterministic --quiet --threads 2 studies/<study>`.
  func run(_ study: String) throws -> Run {
    try assay(["run", "--deterministic", "--quiet", "--threads", "2", "studies/" + study])
  }

  /// The `result.json` a run wrote for the study named `name`.
  func result(_ name: String) throws -> RunResult {
    try RunResult(path: root + "/reports/\(name)/result.json")
  }

  /// Writes a file inside the sandbox (creating its folder).
  func write(_ text: String, to relativePath: String) throws {
    let path = root + "/" + relativePath
    try FileManager.default.createDirectory(
      atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
  }

  /// Reads a file inside the sandbox.
  func read(_ relativePath: String) throws -> String {
    try String(contentsOfFile: root + "/" + relativePath, encoding: .utf8)
  }

  /// Deletes the sandbox.
  func remove() {
    try? FileManager.default.removeItem(atPath: root)
  }
}
