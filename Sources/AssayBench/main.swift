// `make bench`: prints a table of measured figures and writes bench/results.json.
// `make accuracy` (`AssayBench accuracy`): the NIST StRD accuracy table.
// `AssayBench generate [N...]`: the standard study's data (bench/data/standard-N.csv).
// `AssayBench profile NAME`: one kernel, once, for callgrind (see ProfileTargets).
// Each area adds its suite in its own file (`KernelBenchmarks.swift`, ...).
import Foundation

let arguments = CommandLine.arguments.dropFirst()
if arguments.first == "accuracy" {
  AccuracyReport.run()
  CoverageReport.run()
} else if arguments.first == "coverage" {
  // `AssayBench coverage [name filter] [replications]`
  let filter = arguments.dropFirst().first
  let replications = arguments.dropFirst(2).first.flatMap { Int($0) } ?? 500
  CoverageReport.run(replications: replications, filter: filter)
} else if arguments.first == "generate" {
  // `AssayBench generate [N...]`: the standard study's data files (default: all sizes).
  let sizes = arguments.dropFirst().compactMap { Double($0).map { Int($0) } }
  for n in sizes.isEmpty ? StandardStudyData.sizes : sizes { print(StandardStudyData.ensure(n)) }
} else if arguments.first == "profile", let name = arguments.dropFirst().first {
  ProfileTargets.run(name)
} else if arguments.first == "endtoend-child" {
  EndToEndBenchmarks.child(arguments: Array(arguments.dropFirst()))
} else {
  var report = BenchReport()
  BenchSuites.runAll(into: &report, only: arguments.first)
  report.printTable()
  report.write(to: "bench/results.json")
}
