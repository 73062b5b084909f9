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

  /// `result.json` of `study` (a path in the sandbox) under ASSAY_THREADS 1 and 2.
  static func bothThreadCounts(_ sandbox: StudySandbox, _ study: String, reports: String) throws -> [String] {
    var outputs: [String] = []
    for threads in ["1", "2"] {
      // By ASSAY_THREADS, not --threads, which the record's command line would show.
      let run = try sandbox.assay(
        ["run", "--deterministic", "--quiet", study], environment: ["ASSAY_THREADS": threads])
      #expect(run.status == 0 || run.status == 1, "\(study), \(threads) threads: \(run.stderr)")
      outputs.append((try? sandbox.read(reports + "/result.json")) ?? "")
    }
    return outputs
  }

  @Test(
    "every estimator's simulation checks give the same result.json on 1 and 2 threads (the example studies)",
    arguments: [
      "nsw-experimental.yaml", "thornton-hiv-incentives.yaml", "card-college-proximity.yaml",
      "lee-close-elections.yaml", "mpdta-minimum-wage.yaml",
    ])
  func exampleStudies(study: String) throws {
    // Together: linear and logistic regression, weighting, matching, stratification, doubly
    // robust, instrumental variables, regression discontinuity, staggered DiD and TWFE, with
    // their placebo, random-common-cause, subset, bootstrap, dummy-outcome and placebo-time checks.
    let sandbox = try StudySandbox(studies: [study], simulations: 6)
    defer { sandbox.remove() }
    let name = try #require(
      try sandbox.read("studies/" + study).split(separator: "\n").first { $0.hasPrefix("name: ") }?.dropFirst(6))
    let outputs = try Self.bothThreadCounts(sandbox, "studies/" + study, reports: "reports/\(name)")
    #expect(!outputs[0].isEmpty)
    #expect(outputs[0] == outputs[1], "\(study)")
  }

  @Test(
    "double ML, distance matching, mediation and the front-door estimator: the same result.json on 1 and 2 threads"
  )
  func remainingEstimators() throws {
    let sandbox = try StudySandbox()
    defer { sandbox.remove() }
    // Simulated units: w confounds t and y; t acts on y directly and through m.
    var rng = SplitMix64(seed: 17)
    func uniform() -> Double { Double(rng.next() >> 11) / 9_007_199_254_740_992 }
    var csv = "w,t,m,y\n"
    for _ in 0..<300 {
      let w = uniform() * 2 - 1
      let t = uniform() < 0.5 + 0.3 * w ? 1 : 0
      let m = 0.8 * Double(t) + 0.5 * w + uniform()
      let y = Double(t) + 1.5 * m + w + uniform()
      csv += String(format: "%.5f,%d,%.5f,%.5f\n", w, t, m, y)
    }
    try sandbox.write(csv, to: "data.csv")
    let checks = """
      refutations:
        simulations: 6
        checks:
          - check: placebo_treatment
          - check: random_common_cause
          - check: data_subset
          - check: bootstrap
          - check: dummy_outcome
      """
    try sandbox.write(
      """
      version: 1
      name: backdoor
      seed: 3
      data:
        path: data.csv
        columns: {t: binary}
      graph:
        dagitty: "dag { w -> t ; w -> y ; w -> m ; t -> m ; m -> y ; t -> y }"
      estimand:
        treatment: t
        outcome: y
      estimators:
        - name: dml
          method: double_ml
        - name: distance
          method: distance_matching
        - name: mediation
          method: mediation
          params: {mediators: [m]}
      \(checks)
      report:
        directory: out-backdoor
      """, to: "backdoor.yaml")
    try sandbox.write(
      """
      version: 1
      name: frontdoor
      seed: 3
      data:
        path: data.csv
        columns: {t: binary}
      graph:
        dagitty: "dag { U [latent] ; U -> t ; U -> y ; t -> m ; m -> y }"
      estimand:
        treatment: t
        outcome: y
        identification: frontdoor
      estimators:
        - name: frontdoor
          method: frontdoor_two_stage
      \(checks)
      report:
        directory: out-frontdoor
      """, to: "frontdoor.yaml")
    for study in ["backdoor", "frontdoor"] {
      let outputs = try Self.bothThreadCounts(sandbox, study + ".yaml", reports: "out-" + study)
      #expect(outputs[0].contains("\"simulated\""), "\(study): \(outputs[0].prefix(300))")
      #expect(outputs[0] == outputs[1], "\(study)")
    }
  }
}
