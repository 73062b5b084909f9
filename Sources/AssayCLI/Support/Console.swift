import Foundation

/// Where the commands write: the one place that touches standard output
/// and standard error.
///
/// Standard output carries a command's result (text, or one JSON document
/// with `--format json`); everything else (diagnostics of a run, progress,
/// GitHub workflow commands) goes to standard error, so that the JSON on
/// standard output is always one valid document.
enum Console {
  /// The command's result.
  static func out(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
  }

  /// Diagnostics, progress and notes.
  static func error(_ text: String) {
    FileHandle.standardError.write(Data(text.utf8))
  }

  /// GitHub Actions workflow commands (annotations), written only when
  /// running there; on standard error, which the runner reads as well.
  static func annotations(_ text: String) {
    guard RunEnvironment.current.isGitHubActions, !text.isEmpty else { return }
    error(text)
  }
}
