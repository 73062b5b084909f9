import Foundation
import TestSupport
import Testing

/// Estimators and checks run concurrently over the threads; the result does
/// not depend on how many: `result.json` of a deterministic run is the same
/// bytes with one thread and with two.
@Suite("thread invariance of a whole run")
struct ThreadInvarianceTests {
  @Test("result.json is byte-identical for --threads 1 and --threads 2")
  func byteIdentical() throws {
    let checks = """
          - check: placebo_treatment
          - check: random_common_cause
          - check: data_subset
          - check: bootstrap
      """
    var outputs: [String] = []
    for threads in ["1", "2"] {
      let w = try RunCommandTests.Workspace(checks: checks)
      // By ASSAY_THREADS, not --threads, which the record's command line would show.
      let (status, stdout, _) = try RunCommandTests().assay(
        ["run", "study.yaml", "--quiet", "--deterministic"], in: w.path, environment: ["ASSAY_THREADS": threads])
      #expect(status == 0, "\(stdout)")
      outputs.append(w.read("out/result.json"))
    }
    #expect(!outputs[0].isEmpty)
    #expect(outputs[0] == outputs[1])
  }
}
