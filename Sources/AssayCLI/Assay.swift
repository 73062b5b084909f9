import ArgumentParser

/// The `assay` command: validate, plan and run causal studies.
struct Assay: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "assay",
    abstract: "Validate and run declarative causal-inference studies.",
    discussion: """
      Exit codes: 0 ok; 1 a gate failed (a required check did not pass); \
      2 invalid study, data or usage; 3 numerical failure.
      """,
    version: AssayVersion.text,
    subcommands: [
      InitCommand.self, ValidateCommand.self, PlanCommand.self, IdentifyCommand.self, RunCommand.self,
      ReportCommand.self, DiffCommand.self, SchemaCommand.self,
    ]
  )
}

@main
enum AssayMain {
  static func main() {
    do {
      var command = try Assay.parseAsRoot()
      try command.run()
    } catch {
      ExitFunnel.exit(with: error)
    }
    ExitFunnel.exit(.ok)
  }
}
