import Foundation
import StudyModel

/// Turns the paths given on the command line into study files.
public enum StudyFiles {
  /// Each file as given; each folder as every `*.yaml` and `*.yml` file
  /// below it, sorted by path. Paths that do not exist become diagnostics.
  public static func expand(_ paths: [String]) -> (files: [String], diagnostics: [Diagnostic]) {
    var files: [String] = []
    var diagnostics: [Diagnostic] = []
    let manager = FileManager.default
    for path in paths {
      var isDirectory: ObjCBool = false
      guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
        var diagnostic = Diagnostic(.error, "no such file or folder", at: nil, file: path)
        diagnostic.notes = [
          .init("paths are relative to the current folder, \(manager.currentDirectoryPath)"),
          .init(
            "name study files (assay run path/to/study.yaml) or a folder of them; `assay init DATA.csv` writes a first study"
          ),
        ]
        diagnostics.append(diagnostic)
        continue
      }
      guard isDirectory.boolValue else {
        files.append(path)
        continue
      }
      var found: [String] = []
      if let enumerator = manager.enumerator(atPath: path) {
        while let relative = enumerator.nextObject() as? String {
          if relative.hasSuffix(".yaml") || relative.hasSuffix(".yml") {
            let full = path.hasSuffix("/") ? path + relative : path + "/" + relative
            var dir: ObjCBool = false
            if manager.fileExists(atPath: full, isDirectory: &dir), !dir.boolValue { found.append(full) }
          }
        }
      }
      if found.isEmpty {
        diagnostics.append(Diagnostic(.warning, "no study files (*.yaml) in this folder", at: nil, file: path))
      }
      files.append(contentsOf: found.sorted())
    }
    return (files, diagnostics)
  }

  /// The folder that holds the reports of a study file by default (`reports`
  /// beside the nearest enclosing `studies` folder, or beside the file), where
  /// `assay run` writes the index of every study's reports.
  public static func defaultReportsFolder(forStudyFile file: String) -> String {
    Paths.directory(of: Paths.defaultReportDirectory(forStudyIn: Paths.directory(of: file), name: "study"))
  }
}
