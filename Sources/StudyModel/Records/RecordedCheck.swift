/// Which check a record is of: a check of the study format, or one of the
/// study's expectations. Written as the check's YAML name, or `expectation`.
public enum RecordedCheck: Hashable, Codable, Sendable, RawRepresentable, CustomStringConvertible {
  case check(CheckKind)
  case expectation

  public init?(rawValue: String) {
    if rawValue == "expectation" {
      self = .expectation
    } else if let kind = CheckKind(rawValue: rawValue) {
      self = .check(kind)
    } else {
      return nil
    }
  }

  public var rawValue: String {
    switch self {
    case .check(let kind): kind.rawValue
    case .expectation: "expectation"
    }
  }

  public var description: String { rawValue }
}
