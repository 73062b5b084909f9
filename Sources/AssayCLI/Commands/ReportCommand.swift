import ArgumentParser
import AuditReport
import Foundation
import StudyModel

/// `assay report`: re-renders the reports from a stored run record.
struct ReportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "report",
    abstract: "Re-render report.md, report.html and junit.xml from a stored result.json, without recomputing.",
    discussion: "Exit code 0 when the reports were written, 2 when the record cannot be read."
  )

  @Argument(help: "A result.json written by `assay run`.")
  var record: String

  @Option(help: "Folder to write the reports to (default: the record's folder).")
  var output: String?

  @Option(
    name: .customLong("formats"), parsing: .upToNextOption,
    help: "Formats to write: markdown, html, json, junit (default: markdown, html and junit).")
  var formats: [String] = ["markdown", "html", "junit"]

  func run() throws {
    guard let data = FileManager.default.contents(atPath: record) else {
      Console.error("\(record): error: cannot read the file\n")
      throw AssayExit(status: .invalid)
    }
    let run: RunRecord
    do throws(JSONCodecError) {
      run = try ResultJSON.decode(String(decoding: data, as: UTF8.self))
    } catch {
      Console.error("\(record): error: not a readable run record: \(error.description)\n")
      throw AssayExit(status: .invalid)
    }
    var chosen: [ReportFormat] = []
    for name in formats {
      guard let format = ReportFormat(rawValue: name) else {
        let names = ReportFormat.allCases.map(\.rawValue).joined(separator: ", ")
        Console.error("error: unknown format '\(name)'; choose from \(names)\n")
        throw AssayExit(status: .invalid)
      }
      chosen.append(format)
    }
    let directory =
      output
      ?? ((record as NSString).deletingLastPathComponent.isEmpty ? "." : (record as NSString).deletingLastPathComponent)
    do {
      try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
      for file in AuditReport.files(for: run, formats: chosen) {
        try ReportFiles.write(file.contents, to: directory + "/" + file.name)
      }
    } catch {
      Console.error("error: cannot write the reports to \(directory): \(error)\n")
      throw AssayExit(status: .invalid)
    }
    Console.out("\(run.study.name): reports written to \(directory)\n")
  }
}
