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

  @OptionGroup var places: PathOptions

  func run() throws {
    let batch = StudyBatch(paths: paths, format: format, checkData: .ifSmall, policy: places.policy)
    batch.printDiagnostics()
    switch format {
    case .text:
      for study in batch.studies {
        Console.out(PlanRenderer.text(study) + Self.columnsText(batch.dataColumns[study.file]) + "\n")
      }
    case .json:
      let plans = batch.studies.map { study in
        var plan = PlanRecord(study)
        plan.dataColumns = batch.dataColumns[study.file]
        return plan
      }
      Console.out(JSONCodec.encode(PlanOutput(diagnostics: batch.diagnosticRecords, studies: plans)))
    }
    if batch.isInvalid { throw AssayExit(status: .invalid) }
  }

  /// The data columns' types with their evidence, or a line saying the data were not read.
  static func columnsText(_ columns: [PlanRecord.DataColumn]?) -> String {
    guard let columns else { return "  columns       not read (the data file is larger than 64 MiB, or unreadable)\n" }
    var text = "  columns       types read from every value, never from one row:\n"
    for column in columns {
      let evidence =
        column.typeEvidence.map { "; \($0.reason) (\($0.valuesSeen) of \($0.rowsSeen) rows have a value)" }
        ?? (column.declared ? "; declared" : "")
      text += "                \(column.name): \(column.type.rawValue)\(evidence)\n"
    }
    return text
  }
}
