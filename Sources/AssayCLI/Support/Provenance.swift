import Foundation

/// What the record says about where and when a run happened.
enum Provenance {
  /// The platform: operating system and architecture.
  static var platform: String {
    #if arch(x86_64)
      let arch = "x86_64"
    #elseif arch(arm64)
      let arch = "arm64"
    #else
      let arch = "unknown"
    #endif
    return "\(ProcessInfo.processInfo.operatingSystemVersionString) \(arch)"
  }

  /// ISO 8601 UTC; `SOURCE_DATE_EPOCH` (reproducible builds) fixes it.
  static func timestamp() -> String {
    var date = Date()
    if let seconds = RunEnvironment.current.sourceDateEpoch {
      date = Date(timeIntervalSince1970: seconds)
    }
    let formatter = ISO8601DateFormatter()
    formatter.timeZone = TimeZone(identifier: "UTC")
    return formatter.string(from: date)
  }

  /// The commit of the git repository holding `file`, when there is one
  /// (``GitHead``: read from the repository's files, no git process).
  static func gitCommit(near file: String) -> String? { GitHead.commit(near: file) }
}
