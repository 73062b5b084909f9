import Foundation
import StudyModel

/// Loads study files: reads the bytes, composes the YAML, reads and
/// validates the study, and returns every diagnostic sorted by position.
public enum StudyLoader {
  /// What loading one study file produced.
  public struct Outcome: Sendable {
    /// The study, when no error was found.
    public var study: Study?
    /// Every diagnostic, sorted by file and position.
    public var diagnostics: [Diagnostic]
  }

  /// Loads the study file at `path` (as the user named it).
  public static func load(
    file path: String, environment: StudyEnvironment, limits: YAMLLimits = YAMLLimits()
  ) -> Outcome {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
      return Outcome(
        study: nil,
        diagnostics: [
          Diagnostic(.error, "no such study file", at: nil, file: path)
        ])
    }
    // Only a regular file: a named pipe would block the read forever.
    let attributes = try? FileManager.default.attributesOfItem(atPath: path)
    if let type = attributes?[.type] as? FileAttributeType, type != .typeRegular {
      return Outcome(
        study: nil,
        diagnostics: [
          Diagnostic(
            .error,
            "not a regular file (a named pipe, socket or device): Assay reads study files only from regular files",
            at: nil, file: path)
        ])
    }
    // Refuse a large file from its size, before reading a byte.
    if let attributes,
      let size = (attributes[.size] as? NSNumber)?.intValue, size > limits.maximumBytes
    {
      return Outcome(
        study: nil,
        diagnostics: [
          Diagnostic(
            .error,
            "file is \(size) bytes; a study file may have at most \(limits.maximumBytes) bytes",
            at: nil, file: path)
        ])
    }
    guard let data = FileManager.default.contents(atPath: path) else {
      return Outcome(
        study: nil,
        diagnostics: [
          Diagnostic(.error, "cannot read the study file (permission denied?)", at: nil, file: path)
        ])
    }
    return load(bytes: [UInt8](data), file: path, environment: environment, limits: limits)
  }

  /// Loads a study from bytes that were read from `file`.
  public static func load(
    bytes: [UInt8], file: String, environment: StudyEnvironment, limits: YAMLLimits = YAMLLimits()
  ) -> Outcome {
    let composed = YAMLComposer.compose(bytes, file: file, limits: limits)
    guard let root = composed.root else {
      var diagnostics = composed.diagnostics
      if diagnostics.isEmpty {
        diagnostics.append(Diagnostic(.error, "the study file is empty", at: nil, file: file))
      }
      return Outcome(study: nil, diagnostics: Diagnostic.sorted(diagnostics))
    }
    let source = String(decoding: bytes, as: UTF8.self)
    let reader = StudyReader(file: file, source: source, environment: environment)
    let study = reader.read(root)
    let all = composed.diagnostics + reader.sink.diagnostics
    return Outcome(study: all.containsErrors ? nil : study, diagnostics: Diagnostic.sorted(all))
  }
}

extension StudyEnvironment {
  /// The real file system, with header reading supplied by the caller.
  public static func fileSystem(
    readHeader: @escaping @Sendable (String, Delimiter) -> Result<[String], DataFileProblem>,
    readSQLiteColumns: (@Sendable (String, DatabaseSpec.Relation) -> Result<[String], DataFileProblem>)? = nil
  ) -> StudyEnvironment {
    StudyEnvironment(
      // Anything at the path counts: the header reader refuses a folder or a
      // named pipe with its own message (rather than "not found").
      fileExists: { path in FileManager.default.fileExists(atPath: path) },
      readHeader: readHeader, readSQLiteColumns: readSQLiteColumns)
  }
}
