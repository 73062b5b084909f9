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

  @Option(help: "Output format: text, or json (the resolved study).")
  var format: OutputFormat = .text

  func run() throws {
    let batch = StudyBatch(paths: paths, format: format)
    batch.printDiagnostics()
    let studies = batch.outcomes.compactMap(\.outcome.study)
    switch format {
    case .text:
      for study in studies { print(PlanRenderer.text(study)) }
    case .json:
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
      let data = try encoder.encode(studies.map(\.resolvedSettings))
      print(String(decoding: data, as: UTF8.self))
    }
    if batch.hasErrors || batch.outcomes.isEmpty { throw AssayExit(status: .invalid) }
  }
}
