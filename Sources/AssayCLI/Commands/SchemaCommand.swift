import ArgumentParser
import StudyModel
import StudySpec

/// `assay schema`: prints a JSON Schema: of the study format, or of `result.json`.
struct SchemaCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "schema",
    abstract: "Print the JSON Schema (draft-07) of the study format (for editors) or of result.json."
  )

  enum Format: String, ExpressibleByArgument, CaseIterable {
    case json
    /// The reference tables of docs/study-format.md.
    case markdown
  }

  enum Document: String, ExpressibleByArgument, CaseIterable {
    /// The study file format.
    case study
    /// The run record, `result.json`.
    case result
  }

  @Argument(help: "study (the study file format) or result (result.json).")
  var document: Document = .study

  @Option(help: "json (the JSON Schema) or markdown (the study format's reference tables).")
  var format: Format = .json

  func validate() throws {
    if document == .result, format == .markdown {
      throw ValidationError("--format markdown is for the study format; result.json is documented in docs/reports.md")
    }
  }

  func run() throws {
    switch (document, format) {
    case (.study, .json): Console.out(StudySchema.text())
    case (.study, .markdown): Console.out(FormatReference.markdown())
    case (.result, _): Console.out(RunRecord.jsonSchema().schema.serialized())
    }
  }
}
