// `make bench`: prints a table of measured figures and writes bench/results.json.
// `make accuracy` (`AssayBench accuracy`): the NIST StRD accuracy table.
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
} else {
  var report = BenchReport()
  BenchSuites.runAll(into: &report, only: arguments.first)
  report.printTable()
  report.write(to: "bench/results.json")
}
