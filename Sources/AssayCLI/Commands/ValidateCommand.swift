import ArgumentParser
import StudyModel
import StudySpec

/// `assay validate`: checks study files without running anything.
struct ValidateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "validate",
    abstract: "Check study files: syntax, keys, types, references, graph and data header, and the data itself.",
    discussion: """
      With the data (by default when the data file is at most 64 MiB; always with --data, never with --no-data), \
      also reads it and checks it against the study: the declared column types, the pin, missing values, the \
      treatment levels each method needs, terms outside their functions' domains (log of a value <= 0, naming \
      the row), constant and identifier-like graph variables.
      Exit code 0 when every study is valid, 2 otherwise.
      """
  )

  @Flag(inversion: .prefixedNo, help: "Read each study's data and check it against the study (default: when small).")
  var data: Bool?

  @Argument(help: "Study files, or folders (every *.yaml below them).")
  var paths: [String] = ["studies"]

  @Option(help: "Output format: text (compiler style) or json.")
  var format: OutputFormat = .text

  func run() throws {
    let check: StudyBatch.DataCheck = data.map { $0 ? .always : .never } ?? .ifSmall
    let batch = StudyBatch(paths: paths, format: format, checkData: check)
    batch.printDiagnostics()
    switch format {
    case .text: Console.out(batch.summary + "\n")
    case .json: Console.out(JSONCodec.encode(batch.diagnosticRecords))
    }
    if batch.isInvalid { throw AssayExit(status: .invalid) }
  }
}
