/// The benchmark suites, in the order they run. Each suite lives in its own
/// file; add it here. `AssayBench NAME` runs only the suite named NAME.
enum BenchSuites {
  static let suites: [(name: String, run: @Sendable (inout BenchReport) -> Void)] = [
    ("kernels", KernelBenchmarks.run(into:)),
    ("graphs", GraphBenchmarks.run(into:)),
    ("refits", RefitBenchmarks.run(into:)),
    ("endtoend", EndToEndBenchmarks.run(into:)),
    ("studies", SimulationStudyBenchmarks.run(into:)),
  ]

  static func runAll(into report: inout BenchReport, only: String? = nil) {
    for suite in suites where only == nil || only == suite.name {
      print("== \(suite.name)")
      suite.run(&report)
    }
  }
}
