import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Live progress of `assay run`: a redrawn block on a terminal (standard
/// error on a pseudo-terminal), plain lines in a log (a pipe), nothing on
/// standard output, nothing with `--quiet`. Only the content is tested; the
/// cadence (four redraws a second, a log line every four seconds) is not
/// timed here.
@Suite("progress on standard error")
struct ProgressTests {
  typealias Workspace = RunCommandTests.Workspace

  /// `assay` with standard error on `stderrTerminal` (a pseudo-terminal) or a
  /// pipe; returns the exit status, standard output and standard error.
  func assay(_ arguments: [String], in directory: String, terminal: Bool) throws -> (Int32, String, String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: PackagePaths.productsDirectory + "/assay")
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    var env = ProcessInfo.processInfo.environment
    env["GITHUB_ACTIONS"] = nil
    env["GITHUB_STEP_SUMMARY"] = nil
    process.environment = env
    let out = Pipe()
    process.standardOutput = out
    var errText = ""
    if terminal {
      #if canImport(Glibc)
        var controller: Int32 = -1
        var device: Int32 = -1
        guard openpty(&controller, &device, nil, nil, nil) == 0 else {
          throw CocoaError(.fileReadUnknown)
        }
        let deviceHandle = FileHandle(fileDescriptor: device, closeOnDealloc: false)
        process.standardError = deviceHandle
        // Read the controller side on another thread until the child closes the terminal.
        let collected = Collected()
        let source = controller
        let reader = Thread {
          var buffer = [UInt8](repeating: 0, count: 4096)
          while true {
            let n = read(source, &buffer, buffer.count)
            if n <= 0 { break }
            collected.append(buffer[0..<n])
          }
          collected.close()
        }
        reader.start()
        try process.run()
        close(device)
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        collected.wait()
        close(controller)
        errText = collected.text
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), errText)
      #else
        throw CocoaError(.featureUnsupported)
      #endif
    }
    let err = Pipe()
    process.standardError = err
    try process.run()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
  }

  /// Bytes read from the pseudo-terminal, and a signal when it closed.
  final class Collected: @unchecked Sendable {
    private let lock = NSCondition()
    private var bytes: [UInt8] = []
    private var closed = false

    func append(_ chunk: ArraySlice<UInt8>) {
      lock.lock()
      bytes += chunk
      lock.unlock()
    }

    func close() {
      lock.lock()
      closed = true
      lock.broadcast()
      lock.unlock()
    }

    func wait() {
      lock.lock()
      while !closed { lock.wait() }
      lock.unlock()
    }

    var text: String {
      lock.lock()
      defer { lock.unlock() }
      return String(decoding: bytes, as: UTF8.self)
    }
  }

  @Test("on a terminal: a redrawn block with each running check's simulations done/total")
  func terminal() throws {
    let w = try Workspace()
    let (status, stdout, stderr) = try assay(["run", "study.yaml"], in: w.path, terminal: true)
    #expect(status == 0, "\(stdout)")
    // Lines are erased and redrawn in place (ESC [2K), one per running check.
    #expect(stderr.contains("\u{1B}[2K"))
    #expect(stderr.contains("simulated: estimating ipw"))
    #expect(stderr.contains("ipw: placebo_treatment  0/40 simulations"))
    #expect(stderr.contains("ols: random_common_cause  "))
    #expect(stderr.contains("/40 simulations  "))
    // The block is cleared before the summary; nothing of it on standard output.
    #expect(stderr.contains("\r\u{1B}[J"))
    #expect(!stdout.contains("simulations"))
    #expect(stdout.hasPrefix("simulated: PASSED"))
  }

  @Test("in a log: plain lines with the counts, nothing on standard output with --format json")
  func log() throws {
    let w = try Workspace()
    let (status, stdout, stderr) = try assay(
      ["run", "study.yaml", "--format", "json", "--deterministic"], in: w.path, terminal: false)
    #expect(status == 0)
    #expect(!stderr.contains("\u{1B}"))
    #expect(stderr.contains("simulated: checking ipw: placebo_treatment (40 simulations)\n"))
    #expect(stderr.contains("simulated: ipw: placebo_treatment 40/40 simulations done in "))
    #expect(stderr.contains("simulated: ols: random_common_cause 40/40 simulations done in "))
    #expect(!stdout.contains("simulations done"))
    #expect((try? JSONSerialization.jsonObject(with: Data(stdout.utf8))) != nil)
  }

  @Test("--quiet silences progress on a terminal and in a log")
  func quiet() throws {
    let w = try Workspace()
    for terminal in [true, false] {
      let (status, _, stderr) = try assay(["run", "study.yaml", "--quiet"], in: w.path, terminal: terminal)
      #expect(status == 0)
      #expect(!stderr.contains("simulations"), "terminal: \(terminal)")
      #expect(!stderr.contains("\u{1B}"), "terminal: \(terminal)")
    }
  }
}
