import StudyModel

/// Renders run records as report files; every function is pure.
///
/// The same record always gives the same bytes: nothing reads the clock, the
/// environment, the locale or the file system, and numbers are printed by
/// ``NumberFormat``. The CLI writes the files:
///
/// | file | function |
/// |---|---|
/// | `report.md` | ``MarkdownRenderer/render(_:)`` |
/// | `report.html` | ``HTMLRenderer/render(_:)`` |
/// | `result.json` | ``ResultJSON/encode(_:)`` (read back with ``ResultJSON/decode(_:)``) |
/// | `junit.xml` | ``JUnitRenderer/render(_:)-([RunRecord])`` (a batch of runs) |
/// | `index.md`, `index.html` | ``StudyIndex`` (every study of a reports folder) |
/// | the step summary under GitHub Actions | ``StepSummary/render(_:diff:omittedAnnotations:)`` |
/// | `assay diff` | ``RunDiff/compare(old:new:tolerance:)``, ``DiffRenderer`` |
/// | stdout under GitHub Actions | ``GitHubAnnotations/render(_:limit:)`` |
public enum AuditReport {
  /// A rendered report file.
  public struct File: Sendable, Hashable {
    /// The file name within the report directory: `report.md`, `report.html`, `result.json` or `junit.xml`.
    public var name: String
    public var contents: String
  }

  /// The file name of each report format.
  public static func fileName(_ format: ReportFormat) -> String {
    switch format {
    case .markdown: "report.md"
    case .html: "report.html"
    case .json: "result.json"
    case .junit: "junit.xml"
    }
  }

  /// The report files of `record` in `formats`, in the order given (duplicates once).
  public static func files(for record: RunRecord, formats: [ReportFormat] = ReportFormat.allCases) -> [File] {
    var seen: Set<ReportFormat> = []
    return formats.filter { seen.insert($0).inserted }.map { format in
      switch format {
      case .markdown: File(name: fileName(format), contents: MarkdownRenderer.render(record))
      case .html: File(name: fileName(format), contents: HTMLRenderer.render(record))
      case .json: File(name: fileName(format), contents: ResultJSON.encode(record))
      case .junit: File(name: fileName(format), contents: JUnitRenderer.render([record]))
      }
    }
  }
}
