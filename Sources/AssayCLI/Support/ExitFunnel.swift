import ArgumentParser
import Foundation

/// Assay's exit codes.
enum ExitStatus: Int32 {
  /// Everything passed.
  case ok = 0
  /// A check or expectation of severity error failed.
  case gateFailed = 1
  /// An invalid study, data file or command line.
  case invalid = 2
  /// A numerical failure (singular design, separation, non-convergence under `error`).
  case numericalFailure = 3
}

/// Thrown by a command that has already printed what went wrong.
struct AssayExit: Error {
  var status: ExitStatus
}

/// The one place where any error becomes text and an exit code.
enum ExitFunnel {
  static func exit(_ status: ExitStatus) -> Never {
    Foundation.exit(status.rawValue)
  }

  static func exit(with error: Error) -> Never {
    if let done = error as? AssayExit { exit(done.status) }
    // Errors of the argument parser: help and --version exit 0; every
    // usage problem exits 2, Assay's code for invalid input.
    let code = Assay.exitCode(for: error)
    let message = Assay.fullMessage(for: error)
    if code == .success {
      Console.out(message + "\n")
      exit(.ok)
    }
    if !message.isEmpty {
      Console.error(message + "\n")
    }
    exit(.invalid)
  }
}
