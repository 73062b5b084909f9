import ArgumentParser
import StudySpec

/// `assay schema`: prints the JSON Schema of the study format.
struct SchemaCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "schema",
    abstract: "Print the JSON Schema (draft-07) of the study format, for editors."
  )

  enum Format: String, ExpressibleByArgument, CaseIterable {
    case json
    /// The reference tables of docs/study-format.md.
    case markdown
  }

  @Option(help: "json (the JSON Schema) or markdown (the format reference tables).")
  var format: Format = .json

  func run() throws {
    switch format {
    case .json: print(StudySchema.text(), terminator: "")
    case .markdown: print(FormatReference.markdown(), terminator: "")
    }
  }
}
