import Foundation
import StudyModel

/// The verdict of a run as the terminal shows it.
enum Summary {
  /// Prints the verdict of a run on standard output.
  static func print(_ record: RunRecord, quiet: Bool) {
    func emit(_ text: String) { Console.out(text + "\n") }
    let banner: String
    switch record.status {
    case .passed: banner = "PASSED"
    case .failed: banner = "FAILED"
    case .error: banner = "ERROR"
    }
    emit("\(record.study.name): \(banner)")
    if let error = record.error {
      emit("  error: \(error.message)")
      if let location = error.location { emit("    at \(location)") }
      for note in error.notes { emit("  note: \(note)") }
      if error.kind == .notIdentified {
        emit(
          "  hint: `assay identify \(record.study.file)` shows how the graph identifies the effect, or why it cannot")
      }
    }
    if quiet { return }
    if let identification = record.identification {
      var line = "  identification: \(identification.strategy); estimand: \(identification.estimand)"
      // Estimators that identify the effect another way (a discontinuity, instruments) say so.
      let others = record.estimates.filter { $0.strategy != identification.strategy }
      if !others.isEmpty {
        line += "; " + others.map { "\($0.name) uses \($0.strategy.phrase)" }.joined(separator: ", ")
      }
      emit(line)
    }
    for estimate in record.estimates {
      let name = estimate.name.padding(toLength: max(estimate.name.count, 14), withPad: " ", startingAt: 0)
      if let value = estimate.value {
        var line = "  \(name) \(format(value))"
        if let ci = estimate.confidenceInterval {
          line += "  [\(format(ci[0])), \(format(ci[1]))]"
        }
        if let se = estimate.standardError { line += "  se \(format(se))" }
        let passed = estimate.refutations.filter { $0.verdict == .passed }.count
        let applicable = estimate.refutations.filter { $0.verdict != .notApplicable }.count
        line += "  \(passed)/\(applicable) checks passed"
        emit(line)
      } else {
        emit("  \(name) error: \(estimate.failure ?? "no estimate")")
      }
    }
    for failure in record.gate.failures {
      let place = failure.location.map { "\($0): " } ?? ""
      emit("  \(place)\(failure.severity == .error ? "FAILED" : "warning"): \(failure.sentence)")
    }
  }

  static func format(_ x: Double) -> String { String(format: "%.4g", x) }

}
