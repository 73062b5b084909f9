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

  /// The commit of the git repository holding `file`, when there is one.
  static func gitCommit(near file: String) -> String? {
    let directory = (file as NSString).deletingLastPathComponent
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["git", "-C", directory.isEmpty ? "." : directory, "rev-parse", "HEAD"]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    do {
      try process.run()
    } catch {
      return nil
    }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { return nil }
    let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    return text.count == 40 ? text : nil
  }
}
