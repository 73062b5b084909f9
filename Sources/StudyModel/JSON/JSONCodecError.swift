/// Why JSON text could not be read, or read back into a record.
public struct JSONCodecError: Error, Sendable, Hashable, CustomStringConvertible {
  /// Where in the document: a JSON-pointer-like path such as `/estimates/2/ci`; empty for syntax errors.
  public var path: String
  public var message: String

  public init(path: String, message: String) {
    self.path = path
    self.message = message
  }

  public var description: String {
    path.isEmpty ? message : "\(path): \(message)"
  }
}
