/// The `report:` section.
public struct ReportSpec: Codable, Sendable {
  public var formats: Located<[ReportFormat]>
  /// The directory as written (or the default `reports/<name>`).
  public var directory: Located<String>
  /// The directory resolved against the study file's folder.
  public var resolvedDirectory: String

  public init(formats: Located<[ReportFormat]>, directory: Located<String>, resolvedDirectory: String) {
    self.formats = formats
    self.directory = directory
    self.resolvedDirectory = resolvedDirectory
  }
}
