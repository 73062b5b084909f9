import ArgumentParser
import DataSources
import Foundation
import StudyModel
import StudySpec
import Tabular

/// `assay init DATA.csv`: writes a starter study for a data file.
///
/// Profiles the whole file (``DataProfile``: every column's type and summary
/// over all rows, missing values counted), and writes ``StarterStudy``'s text next to the
/// data (`<name>.yaml`, the name made from the file name) or to `--output`.
/// An existing file is never overwritten without `--force`. The written
/// study is validated before the command reports success: its one expected
/// error is the placeholder graph (until the user draws it); any other is a
/// bug here (exit code 2), not a surprise later.
struct InitCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "init",
    abstract: "Write a starter study for a data file: columns and types, a graph skeleton, defaults.",
    discussion: """
      The study is written next to the data as <name>.yaml (the name comes from the file name), \
      or to --output. Exit code 0 when the study was written and validates, 2 otherwise.
      """
  )

  @Argument(help: "The data file (CSV, or TSV by extension).")
  var data: String

  @Option(name: .shortAndLong, help: "Where to write the study (default: next to the data).")
  var output: String?

  @Flag(help: "Overwrite an existing study file.")
  var force = false

  @Option(help: "The treatment column (default: the first binary column).")
  var treatment: String?

  @Option(help: "The outcome column (default: the last numeric column).")
  var outcome: String?

  func run() throws {
    let fm = FileManager.default
    var isDirectory: ObjCBool = false
    guard fm.fileExists(atPath: data, isDirectory: &isDirectory), !isDirectory.boolValue else {
      Console.error(
        "\(data): error: " + (isDirectory.boolValue ? "a folder, not a data file\n" : "no such data file\n"))
      throw AssayExit(status: .invalid)
    }
    let isTab = data.lowercased().hasSuffix(".tsv")
    let base = ((data as NSString).lastPathComponent as NSString).deletingPathExtension
    let name = Self.slug(base)
    let target = output ?? Self.join((data as NSString).deletingLastPathComponent, name + ".yaml")
    let dataPath = Self.relativePath(of: data, fromFolderOf: target)
    let profile: DataProfile
    do throws(CSVError) {
      profile = try DataProfile.read(path: data, delimiter: isTab ? 9 : 44)
    } catch {
      Console.error(error.rendered(fileName: data))
      throw AssayExit(status: .invalid)
    }
    var starter: StarterStudy
    do throws(StarterStudy.Problem) {
      starter = try StarterStudy(
        name: name, dataPath: dataPath, sha256: profile.sha256, delimiterIsTab: isTab, rowsRead: profile.rowsRead,
        columns: profile.columns,
        treatment: treatment, outcome: outcome)
    } catch {
      Console.error("\(data): error: \(error.message)\n" + error.notes.map { "note: \($0)\n" }.joined())
      throw AssayExit(status: .invalid)
    }
    do throws(CSVError) {
      starter.completeRows = try profile.completeRows(of: starter.graphColumns)
    } catch {
      Console.error(error.rendered(fileName: data))
      throw AssayExit(status: .invalid)
    }
    if fm.fileExists(atPath: target), !force {
      Console.error(
        "\(target): error: the file exists; assay init does not overwrite it\n"
          + "note: pass --force to replace it, or --output PATH to write elsewhere\n")
      throw AssayExit(status: .invalid)
    }
    try ReportFiles.write(starter.text, to: target)
    // The starter must validate but for its placeholder graph, which is an error until the user draws it.
    let check = StudyLoader.load(file: target, environment: .live)
    let unexpected = check.diagnostics.filter { $0.severity == .error && !$0.message.hasPrefix(Self.placeholderError) }
    if !unexpected.isEmpty {
      var renderer = DiagnosticRenderer()
      Console.error(renderer.text(check.diagnostics))
      Console.error(
        "error: the starter study written to \(target) does not validate (a bug in assay init; please report it)\n")
      throw AssayExit(status: .invalid)
    }
    Console.out(
      """
      wrote \(target): \(starter.columns.count) columns, \(starter.rowsRead) rows
        treatment (placeholder): \(starter.treatment)
        outcome (placeholder):   \(starter.outcome)
      next: edit the TODOs (treatment, outcome, the graph's arrows) and delete `placeholder: true`, then
        assay validate \(target)
        assay identify \(target)
        assay run \(target)

      """)
  }

  /// The start of the validation error a placeholder graph gives.
  static let placeholderError = "the graph is still the placeholder"

  /// A valid study name from a file name: lowercase letters, digits and `-`.
  static func slug(_ text: String) -> String {
    var out = ""
    for s in text.lowercased().unicodeScalars {
      if s.isASCII, s.properties.isAlphabetic || ("0"..."9").contains(s) {
        out.unicodeScalars.append(s)
      } else if !out.isEmpty, !out.hasSuffix("-") {
        out.append("-")
      }
    }
    while out.hasSuffix("-") { out.removeLast() }
    return out.isEmpty ? "study" : out
  }

  static func join(_ folder: String, _ file: String) -> String {
    folder.isEmpty ? file : folder + "/" + file
  }

  /// The path of `file` relative to the folder of `studyPath` (how a study
  /// names its data), from their absolute, standardised forms.
  static func relativePath(of file: String, fromFolderOf studyPath: String) -> String {
    let cwd = FileManager.default.currentDirectoryPath
    func absolute(_ p: String) -> [String] {
      let full = p.hasPrefix("/") ? p : cwd + "/" + p
      return URL(fileURLWithPath: full).standardizedFileURL.path.split(separator: "/").map(String.init)
    }
    let target = absolute(file)
    let folder = Array(absolute(studyPath).dropLast())
    var common = 0
    while common < min(target.count - 1, folder.count), target[common] == folder[common] { common += 1 }
    let ups = Array(repeating: "..", count: folder.count - common)
    return (ups + target[common...]).joined(separator: "/")
  }
}
