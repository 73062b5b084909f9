import ArgumentParser
import AuditReport
import StudyModel

/// `assay diff`: what moved between two sets of runs.
struct DiffCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "diff",
    abstract: "Compare two sets of runs: estimates that moved, verdicts that flipped, data pins and estimands.",
    discussion: """
      OLD and NEW are each a result.json or a reports folder (every study in it, matched by name; when \
      one side is a single result.json, only its study is compared). Exit code 0 when no estimate moved \
      beyond --tolerance and no verdict, status, data pin or estimand changed (nor any study, estimator \
      or check appeared or disappeared); 1 otherwise; 2 for input that cannot be read.
      """
  )

  @Argument(help: "The old runs: a result.json or a reports folder.")
  var old: String

  @Argument(help: "The new runs: a result.json or a reports folder.")
  var new: String

  @Option(help: "Relative tolerance: a number moved when |new - old| > tolerance * |old| (default 0: any change).")
  var tolerance: Double = 0

  @Option(help: "Output: text, markdown (a pull-request comment), json, or github (workflow annotations).")
  var format: DiffFormat = .text

  mutating func validate() throws {
    if !(tolerance >= 0 && tolerance.isFinite) { throw ValidationError("--tolerance must be a number of at least 0") }
  }

  func run() throws {
    let diff: DiffRecord
    do throws(StoredRuns.Failure) {
      diff = StoredRuns.diff(old: try StoredRuns(path: old), new: try StoredRuns(path: new), tolerance: tolerance)
    } catch {
      Console.error(error.description + "\n")
      throw AssayExit(status: .invalid)
    }
    switch format {
    case .text: Console.out(DiffRenderer.text(diff))
    case .markdown: Console.out(DiffRenderer.markdown(diff))
    case .json: Console.out(DiffRenderer.json(diff))
    case .github: Console.out(DiffRenderer.github(diff))
    }
    throw AssayExit(status: diff.changed ? .gateFailed : .ok)
  }
}
