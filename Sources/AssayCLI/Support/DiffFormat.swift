import ArgumentParser

/// How `assay diff` prints a diff.
enum DiffFormat: String, ExpressibleByArgument, CaseIterable {
  /// Lines for a terminal.
  case text
  /// GitHub-flavoured Markdown, for a pull-request comment or the step summary.
  case markdown
  /// One JSON document (docs/machine-output.md).
  case json
  /// GitHub workflow commands (annotations) on the lines of the study files.
  case github
}
