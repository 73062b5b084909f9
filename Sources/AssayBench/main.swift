// `make bench`: prints a table of measured figures and writes bench/results.json.
// Each area adds its suite in its own file (`KernelBenchmarks.swift`, ...).
import Foundation

var report = BenchReport()
BenchSuites.runAll(into: &report)
report.printTable()
report.write(to: "bench/results.json")
