import Foundation
import StudyModel
import StudySpec
import Tabular
import TestSupport

enum Fixtures {
  static let root = PackagePaths.root()
  static let directory = root + "/Tests/StudySpecTests/Fixtures"

  static func files(in folder: String, suffix: String = ".yaml") -> [String] {
    let path = directory + "/" + folder
    return ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [])
      .filter { $0.hasSuffix(suffix) }.sorted().map { path + "/" + $0 }
  }

  static func text(_ path: String) -> String {
    String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)
  }

  /// The real file system with the CSV header reader of `Tabular`, as the CLI wires it.
  static let environment = StudyEnvironment.fileSystem { path, delimiter in
    do throws(CSVError) {
      return .success(try CSVHeader.read(path: path, delimiter: delimiter == .tab ? 9 : 44))
    } catch {
      return .failure(DataFileProblem(error.message, line: error.line, column: error.column, notes: error.notes))
    }
  }

  /// An environment in which no file exists (for tests of the YAML layer).
  static let empty = StudyEnvironment(
    fileExists: { _ in false }, readHeader: { _, _ in .failure(DataFileProblem("no file")) })

  /// Renders diagnostics as `assay validate` prints them, with paths shown
  /// relative to the fixtures folder.
  static func render(_ diagnostics: [Diagnostic]) -> String {
    var renderer = DiagnosticRenderer()
    return renderer.text(diagnostics).replacingOccurrences(of: directory + "/", with: "")
  }
}

/// A YAML document as the JSON data model sees it (core-schema scalars).
enum YAMLJSON {
  static func convert(_ node: YAMLNode) -> JSONValue {
    switch node.content {
    case .scalar(let s):
      switch s.coreValue {
      case .null: return .null
      case .bool(let b): return .bool(b)
      case .integer(let i): return .integer(i)
      case .largeInteger(let t): return .number(Double(t) ?? .infinity)
      case .float(let d): return .number(d)
      case .string(let t): return .string(t)
      }
    case .sequence(let items): return .array(items.map(convert))
    case .mapping(let pairs): return .object(pairs.map { ($0.key.scalar?.text ?? "?", convert($0.value)) })
    }
  }
}
