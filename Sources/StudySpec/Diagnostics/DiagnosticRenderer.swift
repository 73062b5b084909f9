import Foundation
import StudyModel

/// Turns diagnostics into text a person, an editor or CI reads.
///
/// Text form, as compilers print it:
/// ```
/// studies/nsw.yaml:24:13: error: unknown estimator method 'propensity_score_matchin'
///     method: propensity_score_matchin
///             ^~~~~~~~~~~~~~~~~~~~~~~~
/// note: did you mean 'propensity_score_matching'?
/// ```
/// The source line is shown as written; the caret line copies its tabs so
/// the marks line up, and counts Unicode scalars as the columns do.
public struct DiagnosticRenderer {
  private var cache: [String: [Substring]] = [:]
  private let readFile: (String) -> String?

  /// - Parameter readFile: the text of a file by path (default: read from disk).
  public init(readFile: @escaping (String) -> String? = DiagnosticRenderer.readFromDisk) {
    self.readFile = readFile
  }

  /// Files larger than this are not read to show a line (a data file can be huge).
  static let largestSource = 16 << 20

  public static func readFromDisk(_ path: String) -> String? {
    // Regular files only (a named pipe would block), and not too large.
    guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
      attributes[.type] as? FileAttributeType == .typeRegular,
      let size = (attributes[.size] as? NSNumber)?.intValue, size <= largestSource,
      let data = FileManager.default.contents(atPath: path)
    else { return nil }
    return String(decoding: data, as: UTF8.self)
  }

  /// The most characters of a source line shown; a longer line is cut around the column.
  static let widestSnippet = 400

  private mutating func line(_ number: Int, of file: String) -> Substring? {
    if cache[file] == nil {
      cache[file] = readFile(file)?.split(separator: "\n", omittingEmptySubsequences: false) ?? []
    }
    guard let lines = cache[file], number >= 1, number <= lines.count else { return nil }
    var text = lines[number - 1]
    if text.hasSuffix("\r") { text = text.dropLast() }
    return text
  }

  // MARK: - Text

  /// The diagnostic as compiler-style text, ending with a newline.
  public mutating func text(_ diagnostic: Diagnostic) -> String {
    var out = header(diagnostic.severity.rawValue, diagnostic.message, range: diagnostic.range, file: diagnostic.file)
    out += snippet(diagnostic.range)
    for note in diagnostic.notes {
      out += header("note", note.message, range: note.range, file: nil)
      out += snippet(note.range)
    }
    return out
  }

  /// All diagnostics as text, followed by a one-line summary when any exist.
  public mutating func text(_ diagnostics: [Diagnostic]) -> String {
    diagnostics.map { text($0) }.joined()
  }

  private func header(_ severity: String, _ message: String, range: SourceRange?, file: String?) -> String {
    if let range { return "\(range.file):\(range.start.line):\(range.start.column): \(severity): \(message)\n" }
    if let file { return "\(file): \(severity): \(message)\n" }
    return "\(severity): \(message)\n"
  }

  private mutating func snippet(_ range: SourceRange?) -> String {
    guard let located = range, let whole = line(located.start.line, of: located.file) else { return "" }
    var scalars = Array(whole.unicodeScalars)
    var range = located
    var source = String(whole)
    if scalars.count > Self.widestSnippet {
      // A window around the column, with "…" where the line goes on.
      let start = max(0, min(range.start.column - 1 - Self.widestSnippet / 2, scalars.count - Self.widestSnippet))
      let end = min(scalars.count, start + Self.widestSnippet)
      var shown = String.UnicodeScalarView()
      if start > 0 { shown.append("…") }
      shown.append(contentsOf: scalars[start..<end])
      if end < scalars.count { shown.append("…") }
      let shift = start - (start > 0 ? 1 : 0)
      range.start.column -= shift
      if range.end.line == range.start.line { range.end.column = min(range.end.column - shift, shown.count + 1) }
      scalars = Array(shown)
      source = String(shown)
    }
    var marker = ""
    for i in 0..<max(0, min(range.start.column - 1, scalars.count)) {
      marker.unicodeScalars.append(scalars[i] == "\t" ? "\t" : " ")
    }
    if range.start.column - 1 > scalars.count {
      marker += String(repeating: " ", count: range.start.column - 1 - scalars.count)
    }
    var length: Int
    if range.end.line == range.start.line {
      length = range.end.column - range.start.column
    } else {
      length = scalars.count - (range.start.column - 1)
    }
    // Never underline past the end of the line, nor trailing blanks.
    let available = scalars.count - (range.start.column - 1)
    if available > 0 {
      var visible = min(length, available)
      while visible > 1, scalars[range.start.column - 2 + visible].properties.isWhitespace { visible -= 1 }
      length = visible
    }
    marker += "^" + String(repeating: "~", count: max(0, length - 1))
    return "\(source)\n\(marker)\n"
  }

  // MARK: - GitHub Actions

  /// One workflow command per diagnostic (`::error file=...,line=...,col=...::message`),
  /// escaped as GitHub requires: `%`, CR and LF in the message; also `:` and
  /// `,` in property values. Notes are appended to the message on new lines.
  public static func githubAnnotations(_ diagnostics: [Diagnostic]) -> String {
    var out = ""
    for d in diagnostics {
      let command: String =
        switch d.severity {
        case .error: "error"
        case .warning: "warning"
        case .note: "notice"
        }
      var properties: [String] = []
      if let file = d.file { properties.append("file=" + escapeProperty(file)) }
      if let range = d.range {
        properties.append("line=\(range.start.line)")
        properties.append("col=\(range.start.column)")
        properties.append("endLine=\(range.end.line)")
        properties.append("endColumn=\(range.end.column)")
      }
      properties.append("title=" + escapeProperty("assay: \(command)"))
      let message = ([d.message] + d.notes.map { "note: " + $0.message }).joined(separator: "\n")
      out += "::\(command) " + properties.joined(separator: ",") + "::" + escapeData(message) + "\n"
    }
    return out
  }

  static func escapeData(_ s: String) -> String {
    s.replacingOccurrences(of: "%", with: "%25")
      .replacingOccurrences(of: "\r", with: "%0D")
      .replacingOccurrences(of: "\n", with: "%0A")
  }

  static func escapeProperty(_ s: String) -> String {
    escapeData(s)
      .replacingOccurrences(of: ":", with: "%3A")
      .replacingOccurrences(of: ",", with: "%2C")
  }
}
