import Foundation

/// Golden files: compares text with a committed file.
///
/// With `RECORD_SNAPSHOTS=1` in the environment the file is (re)written and
/// the comparison still reports a failure ("recorded"), so that a new golden
/// file is never accepted without being read: record, read the diff, commit,
/// run again without the variable.
public enum Snapshot {
  /// Whether this run re-records golden files.
  public static var isRecording: Bool {
    ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1"
  }

  /// - Returns: `nil` when `actual` equals the golden file; otherwise a
  ///   message for the test to fail with.
  public static func compare(_ actual: String, goldenPath: String) -> String? {
    let existing = FileManager.default.contents(atPath: goldenPath).map { String(decoding: $0, as: UTF8.self) }
    if isRecording {
      if existing == actual { return nil }
      try? FileManager.default.createDirectory(
        atPath: (goldenPath as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
      _ = FileManager.default.createFile(atPath: goldenPath, contents: Data(actual.utf8))
      return "recorded a new golden file at \(goldenPath); read it, then run again without RECORD_SNAPSHOTS"
    }
    guard let existing else {
      return "no golden file at \(goldenPath); run with RECORD_SNAPSHOTS=1 to record it"
    }
    if existing == actual { return nil }
    return "output differs from \(goldenPath):\n" + firstDifference(existing, actual)
  }

  static func firstDifference(_ expected: String, _ actual: String) -> String {
    let a = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let b = actual.split(separator: "\n", omittingEmptySubsequences: false)
    for i in 0..<max(a.count, b.count) {
      let x = i < a.count ? String(a[i]) : "<end of file>"
      let y = i < b.count ? String(b[i]) : "<end of output>"
      if x != y { return "line \(i + 1):\n  expected: \(x)\n  actual:   \(y)" }
    }
    return "(no line differs; check trailing newlines)"
  }
}

/// Paths of the package, found from a test file's own path.
public enum PackagePaths {
  /// The package root: the folder above `Tests/`.
  public static func root(from filePath: String = #filePath) -> String {
    var url = URL(fileURLWithPath: filePath)
    while url.path != "/" {
      url.deleteLastPathComponent()
      if url.lastPathComponent == "Tests" { return url.deletingLastPathComponent().path }
    }
    preconditionFailure("no Tests folder above \(filePath)")
  }

  /// The folder holding the built products (`assay` among them), next to
  /// the running test bundle.
  public static var productsDirectory: String {
    URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path
  }
}
