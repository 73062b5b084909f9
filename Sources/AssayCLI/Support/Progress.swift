import CausalEngine
import Dispatch
import Foundation

/// Progress on standard error, never on standard output (so `--format json`
/// keeps one document there); nothing with `--quiet`.
///
/// On a terminal: a live block, redrawn every ``terminalInterval`` seconds
/// (four times a second): the run's current step, then one line per running
/// simulated check with its simulations done/total, the rate and the time
/// left. In a log (not a terminal): each step as a plain line when it
/// starts, a line per running check every ``logInterval`` seconds with the
/// same counts, and a line when a check finishes.
final class Progress: @unchecked Sendable {
  /// Seconds between redraws of the live block on a terminal.
  static let terminalInterval = 0.25
  /// Seconds between the count lines of a log (at most 5, as promised in the README).
  static let logInterval = 4.0
  /// The widest line drawn on a terminal.
  static let width = 100

  private struct Running {
    var label: String
    var done: Int
    var total: Int
    var started: Date
  }

  private let quiet: Bool
  private let study: String
  private let isTerminal = isatty(2) == 1
  private let lock = NSLock()
  private var step = ""
  private var running: [String: Running] = [:]
  private var order: [String] = []
  private var drawnLines = 0
  private var lastDraw = Date.distantPast
  private var timer: DispatchSourceTimer?

  init(quiet: Bool, study: String) {
    self.quiet = quiet
    self.study = study
    guard !quiet else { return }
    let timer = DispatchSource.makeTimerSource(queue: DispatchQueue.global())
    let interval = isTerminal ? Self.terminalInterval : Self.logInterval
    timer.schedule(deadline: .now() + interval, repeating: interval)
    timer.setEventHandler { [weak self] in self?.tick() }
    timer.resume()
    self.timer = timer
  }

  deinit { timer?.cancel() }

  /// A new step of the run (`estimating ipw (propensity_score_weighting)`).
  func line(_ message: String) {
    guard !quiet else { return }
    lock.lock()
    defer { lock.unlock() }
    step = message
    if isTerminal { draw() } else { Console.error("\(study): \(message)\n") }
  }

  /// The counts of one running simulated check.
  func simulations(_ report: SimulationProgress) {
    guard !quiet else { return }
    lock.lock()
    defer { lock.unlock() }
    let now = Date()
    if running[report.key] == nil {
      guard report.done < report.total else { return }
      order.append(report.key)
      running[report.key] = Running(
        label: "\(report.estimator): \(report.check)", done: report.done, total: report.total, started: now)
    }
    running[report.key]?.done = report.done
    var changed = report.done == 0
    if report.done >= report.total, let finished = running[report.key] {
      changed = true
      running[report.key] = nil
      order.removeAll { $0 == report.key }
      if !isTerminal {
        let seconds = now.timeIntervalSince(finished.started)
        Console.error(
          "\(study): \(finished.label) \(finished.total)/\(finished.total) simulations done in \(Self.duration(seconds))\n"
        )
      }
    }
    // A check that starts or ends is drawn at once; counts at most ten times a second.
    if isTerminal && (changed || now.timeIntervalSince(lastDraw) >= 0.1) { draw() }
  }

  /// Clears the live block (before the summary is printed) and stops the timer.
  func finish() {
    timer?.cancel()
    guard !quiet else { return }
    lock.lock()
    defer { lock.unlock() }
    if isTerminal && drawnLines > 0 {
      Console.live(control: Self.up(drawnLines) + "\r\u{1B}[J", "")
      drawnLines = 0
    }
  }

  private func tick() {
    lock.lock()
    defer { lock.unlock() }
    if isTerminal {
      draw()
    } else {
      for key in order {
        guard let check = running[key] else { continue }
        Console.error("\(study): \(Self.counts(check, now: Date()))\n")
      }
    }
  }

  /// Redraws the live block in place (called under the lock).
  private func draw() {
    let now = Date()
    var lines = ["\(study): \(step)"]
    for key in order { if let check = running[key] { lines.append("  " + Self.counts(check, now: now)) } }
    // Cursor movements are Assay's own; the lines (study and check names) go through the sanitiser.
    var pieces: [(control: String, text: String)] = []
    for (k, line) in lines.enumerated() {
      let clipped = line.count > Self.width ? String(line.prefix(Self.width - 1)) + "…" : line
      pieces.append(((k == 0 ? Self.up(drawnLines) + "\r" : "\n") + "\u{1B}[2K", clipped))
    }
    pieces.append(("\u{1B}[J", ""))
    Console.live(pieces)
    drawnLines = lines.count
    lastDraw = now
  }

  /// Moves the cursor from the last line of a block of `lines` lines to its first.
  private static func up(_ lines: Int) -> String { lines > 1 ? "\u{1B}[\(lines - 1)A" : "" }

  /// `ipw: placebo_treatment  37/100 simulations  12.3/s  5 s left`.
  private static func counts(_ check: Running, now: Date) -> String {
    let elapsed = now.timeIntervalSince(check.started)
    var text = "\(check.label)  \(check.done)/\(check.total) simulations"
    if check.done > 0, elapsed > 0 {
      let rate = Double(check.done) / elapsed
      text += "  " + String(format: rate >= 10 ? "%.0f/s" : "%.1f/s", rate)
      text += "  \(duration(Double(check.total - check.done) / rate)) left"
    } else {
      text += "  starting"
    }
    return text
  }

  /// `0.4 s`, `12 s`, `3 min 05 s`.
  static func duration(_ seconds: Double) -> String {
    if seconds < 10 { return String(format: "%.1f s", seconds) }
    if seconds < 60 { return "\(Int(seconds.rounded())) s" }
    let whole = Int(seconds.rounded())
    return String(format: "%d min %02d s", whole / 60, whole % 60)
  }
}
