/// The benchmark suites, in the order they run. Each suite lives in its own
/// file; add it here.
enum BenchSuites {
  static func runAll(into report: inout BenchReport) {
  }
}
