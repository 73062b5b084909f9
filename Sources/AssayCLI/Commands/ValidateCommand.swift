import ArgumentParser
import StudyModel
import StudySpec

/// `assay validate`: checks study files without running anything.
struct ValidateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "validate",
    abstract: "Check study files: syntax, keys, types, references, graph and data header.",
    discussion: "Exit code 0 when every study is valid, 2 otherwise."
  )

  @Argument(help: "Study files, or folders (every *.yaml below them).")
  var paths: [String] = ["studies"]

  @Option(help: "Output format: text (compiler style) or json.")
  var format: OutputFormat = .text

  func run() throws {
    let batch = StudyBatch(paths: paths, format: format)
    batch.printDiagnostics()
    switch format {
    case .text: Console.out(batch.summary + "\n")
    case .json: Console.out(JSONCodec.encode(batch.diagnosticRecords))
    }
    if batch.isInvalid { throw AssayExit(status: .invalid) }
  }
}
