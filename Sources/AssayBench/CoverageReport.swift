import Foundation
import SimulationStudies

/// The coverage table of `make accuracy`: every scenario of the coverage
/// study at n = 500 and 2000, 500 replications each.
enum CoverageReport {
  static func run(replications: Int = 500, filter: String? = nil) {
    let threads = ProcessInfo.processInfo.activeProcessorCount
    print("\nCoverage of 95% intervals (\(replications) replications; target 93-97%)")
    print(
      pad("scenario", 64) + pad("n", 7, left: true) + pad("coverage", 10, left: true) + pad("bias", 11, left: true)
        + pad("mean SE", 11, left: true) + pad("SD(est)", 11, left: true))
    for scenario in CoverageScenarios.all where filter.map({ scenario.name.contains($0) }) ?? true {
      for n in [500, 2000] {
        let r = CoverageRunner.run(scenario, n: n, replications: replications, threads: threads)
        let flag = (0.93...0.97).contains(r.coverage) ? "" : "  <- outside 93-97%"
        print(
          pad(r.scenario, 64) + pad("\(n)", 7, left: true)
            + pad(String(format: "%.1f%%", 100 * r.coverage), 10, left: true)
            + pad(String(format: "%.4f", r.bias), 11, left: true)
            + pad(String(format: "%.4f", r.meanStandardError), 11, left: true)
            + pad(String(format: "%.4f", r.estimateStandardDeviation), 11, left: true) + flag)
      }
    }
  }
}

/// Pads text to a width (on the left when `left`), for plain-text tables.
func pad(_ text: String, _ width: Int, left: Bool = false) -> String {
  let fill = String(repeating: " ", count: max(0, width - text.count))
  return left ? fill + text : text + fill
}
