import ArgumentParser
import Foundation
import StudyModel
import StudySpec

/// `assay plan`: validates studies and prints what a run would do.
struct PlanCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "plan",
    abstract: "Validate studies and print each one's resolved plan, defaults marked."
  )

  @Argument(help: "Study files, or folders (every *.yaml below them).")
  var paths: [String] = ["studies"]

  @Option(help: "Output format: text, or json (each study's resolved plan; see docs/machine-output.md).")
  var format: OutputFormat = .text

  func run() throws {
    let batch = StudyBatch(paths: paths, format: format)
    batch.printDiagnostics()
    switch format {
    case .text:
      for study in batch.studies { Console.out(PlanRenderer.text(study) + "\n") }
    case .json:
      Console.out(
        JSONCodec.encode(PlanOutput(diagnostics: batch.diagnosticRecords, studies: batch.studies.map(PlanRecord.init))))
    }
    if batch.isInvalid { throw AssayExit(status: .invalid) }
  }
}
