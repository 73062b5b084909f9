import Foundation

/// Progress on standard error: a live line on a terminal, plain lines at
/// most every two seconds otherwise (CI logs), nothing with `--quiet`.
final class Progress: @unchecked Sendable {
  private let quiet: Bool
  private let study: String
  private let isTerminal = isatty(2) == 1
  private let lock = NSLock()
  private var lastPlain = Date.distantPast
  private var wroteLive = false

  init(quiet: Bool, study: String) {
    self.quiet = quiet
    self.study = study
  }

  func line(_ message: String) {
    guard !quiet else { return }
    lock.lock()
    defer { lock.unlock() }
    if isTerminal {
      let text = "\(study): \(message)"
      let clipped = text.count > 100 ? String(text.prefix(99)) + "…" : text
      Console.live(control: "\r\u{1B}[2K", clipped)
      wroteLive = true
    } else if Date().timeIntervalSince(lastPlain) >= 2 {
      lastPlain = Date()
      Console.error("\(study): \(message)\n")
    }
  }

  func finish() {
    lock.lock()
    defer { lock.unlock() }
    if wroteLive { Console.live(control: "\r\u{1B}[2K", "") }
  }
}
