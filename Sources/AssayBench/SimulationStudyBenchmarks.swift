import Foundation

/// Issue 17's simulation-heavy studies end to end: `bench/weighting-matching-study.yaml`
/// (weighting and matching) and `bench/four-estimator-study.yaml` (OLS,
/// weighting, doubly robust, matching), each estimator with placebo, subset
/// and bootstrap checks of 100 simulations, at n = 10⁴ and 10⁵
/// (`ASSAY_BENCH_SIZES` changes them), on 1 and 2 threads: seconds per check,
/// the total, the process's CPU seconds (so that a thread speed-up can be
/// read against the CPU it took on a shared machine) and peak memory. One
/// run each, in a child process (`EndToEndBenchmarks.runChild`).
enum SimulationStudyBenchmarks {
  static let studies = [
    ("weighting-matching", "bench/weighting-matching-study.yaml"),
    ("four-estimator", "bench/four-estimator-study.yaml"),
  ]

  static func run(into report: inout BenchReport) {
    let sizes =
      ProcessInfo.processInfo.environment["ASSAY_BENCH_SIZES"].map { _ in EndToEndBenchmarks.selectedSizes() }
      ?? [10_000, 100_000]
    for (name, path) in studies {
      for n in sizes {
        StandardStudyData.ensure(n)
        for threads in [1, 2] {
          let group = "\(name) \(EndToEndBenchmarks.label(n)) t\(threads)"
          guard let result = EndToEndBenchmarks.runChild(n: n, threads: threads, runs: 1, skip: [], study: path) else {
            report.add(group, "total", .nan, "s", note: "the child run failed")
            continue
          }
          for step in result["steps"] as? [[Any]] ?? [] {
            guard step.count == 2, let label = step[0] as? String, label.hasPrefix("check"),
              let seconds = step[1] as? Double
            else { continue }
            report.add(group, label, seconds, "s")
          }
          report.add(group, "total", result["total"] as? Double ?? .nan, "s", note: "wall, one run")
          report.add(
            group, "CPU", result["cpuSeconds"] as? Double ?? .nan, "s",
            note: "user + system, all threads of the run's process")
          report.add(group, "peak memory (VmHWM)", Double(result["peakKiB"] as? Int ?? 0) / 1024, "MiB")
        }
      }
    }
  }
}
