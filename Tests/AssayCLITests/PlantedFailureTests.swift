import Foundation
import Testing

/// The planted failures in `studies/failing/`: each study must fail its gate
/// (exit code 1) through exactly the check it was built to fail, and pass
/// every other check it declares. The data are simulated by
/// `studies/data/scripts/simulate_failures.py`, whose header states each
/// model; the expected failures follow from those models, not from a run.
@Suite("planted failures, end to end")
struct PlantedFailureTests {
  struct Case: CustomTestStringConvertible, Sendable {
    var file: String
    var name: String
    /// The one failed check, as "check" (study-wide) or "check on estimator".
    var failure: String
    /// Checks that must have passed.
    var passing: [String]

    var testDescription: String { file }
  }

  static let cases: [Case] = [
    // The graph omits c, a common cause of z and y: it implies z _||_ y | t, which the
    // data (z = 0.8c + e, y = t + 0.5w + 0.8c + e) contradict.
    Case(
      file: "failing/omitted-confounder.yaml", name: "failing-omitted-confounder",
      failure: "graph_independencies", passing: ["placebo_treatment", "data_subset", "expectation"]),
    // True effect 0 (y = 1.5x + e): the estimate cannot stand outside the placebo distribution.
    Case(
      file: "failing/placebo-no-effect.yaml", name: "failing-placebo-no-effect",
      failure: "placebo_treatment on ols", passing: ["random_common_cause", "data_subset"]),
    // t ~ Bernoulli(logistic(4x)), x ~ N(0, 1.5^2): most propensities lie outside [0.01, 0.99].
    Case(
      file: "failing/no-overlap.yaml", name: "failing-no-overlap",
      failure: "overlap on ols", passing: ["placebo_treatment", "data_subset", "expectation"]),
    // 60% of the units in [-0.1, 0) move to -x: the running variable's density jumps at 0
    // (Python rddensity on the file: p = 6.4e-9); y is continuous in x and w is drawn before x.
    Case(
      file: "failing/manipulated-running-variable.yaml", name: "failing-manipulated-running-variable",
      failure: "rd_density on rdrobust", passing: ["rd_placebo_cutoffs", "rd_covariate_balance"]),
  ]

  @Test("exit 1, failed by exactly the planted check", arguments: cases)
  func plantedFailure(_ c: Case) throws {
    let sandbox = try StudySandbox(studies: [c.file])
    defer { sandbox.remove() }
    let run = try sandbox.run(c.file)
    #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
    #expect(run.stdout.hasPrefix("\(c.name): FAILED"))
    let result = try sandbox.result(c.name)
    #expect(result.status == "failed")
    #expect(result.failedChecks == [c.failure])
    for check in c.passing {
      let records = result.checks.filter { $0.check == check }
      #expect(!records.isEmpty, "\(check) is declared")
      #expect(records.allSatisfy { $0.verdict == "passed" }, "\(check)")
    }
    #expect(result.checks.allSatisfy { $0.verdict == "passed" || $0.verdict == "failed" })
  }
}
