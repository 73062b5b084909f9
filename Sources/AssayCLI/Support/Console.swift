import Foundation
import StudyModel

/// Where the commands write: the one place that touches standard output
/// and standard error.
///
/// Standard output carries a command's result (text, or one JSON document
/// with `--format json`); everything else (diagnostics of a run, progress,
/// GitHub workflow commands) goes to standard error, so that the JSON on
/// standard output is always one valid document.
///
/// Everything written goes through the one sanitiser, ``OutputText``: text
/// from a study or its data cannot drive the terminal or start a GitHub
/// workflow command; workflow commands come from ``annotations(_:)`` only.
enum Console {
  /// The command's result.
  static func out(_ text: String) {
    FileHandle.standardOutput.write(Data(OutputText.forTerminal(text).utf8))
  }

  /// Diagnostics, progress and notes.
  static func error(_ text: String) {
    FileHandle.standardError.write(Data(OutputText.forTerminal(text).utf8))
  }

  /// A progress line on a terminal: `control` (Assay's own cursor
  /// movements, never user text) then `text`, sanitised, with no line feed.
  static func live(control: String, _ text: String) {
    FileHandle.standardError.write(Data((control + OutputText.forTerminal(text)).utf8))
  }

  /// A live block on a terminal, written at once: each piece's `control`
  /// (Assay's own cursor movements, never user text) then its `text`, sanitised.
  static func live(_ pieces: [(control: String, text: String)]) {
    let block = pieces.map { $0.control + OutputText.forTerminal($0.text) }.joined()
    FileHandle.standardError.write(Data(block.utf8))
  }

  /// GitHub Actions workflow commands (annotations), written only when
  /// running there, and only here: on standard error, which the runner
  /// reads as well (standard output stays one JSON document with `--format json`).
  ///
  /// Each line must be one command (`::name ...::message`) whose values are
  /// already escaped by GitHub's rules (`%0A` for a line feed); any other
  /// control character is escaped, and a line that is not a command is
  /// written as ordinary text.
  static func annotations(_ text: String) {
    guard RunEnvironment.current.isGitHubActions, !text.isEmpty else { return }
    FileHandle.standardError.write(Data(commandLines(text).utf8))
  }

  /// Workflow commands asked for as a command's result (`assay diff --format
  /// github`), on standard output, one per line, checked as in ``annotations(_:)``.
  static func commands(_ text: String) {
    FileHandle.standardOutput.write(Data(commandLines(text).utf8))
  }

  /// The one writer of workflow commands: each line one command with its
  /// control characters escaped; a line that is not a command is ordinary text.
  private static func commandLines(_ text: String) -> String {
    var out = ""
    for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
      let command = OutputText.escapingControls(String(line), keepingLineBreaks: false)
      out += (command.hasPrefix("::") ? command : OutputText.forTerminal(command)) + "\n"
    }
    return out
  }
}
