import Foundation
import NumericKernels
import Tabular

/// `AssayBench profile NAME`: runs one kernel once on the benchmark's data,
/// for `valgrind --tool=callgrind` (whose instruction counts are repeatable
/// on the shared build machine, unlike wall time). Names: `csv` (reads
/// `bench/data/standard-1000000.csv`), `gram20`, `gram100`, `ols20`,
/// `logit20`, `matching`, `normal`; sizes as in `KernelBenchmarks`.
enum ProfileTargets {
  static let names = ["csv", "gram20", "gram100", "ols20", "logit20", "matching", "normal"]

  static func run(_ name: String) {
    switch name {
    case "csv":
      let path = StandardStudyData.ensure(1_000_000)
      let rows = (try? CSVReader.read(path: path, options: CSVOptions()))?.rowsRead ?? -1
      print("csv: \(rows) rows")
    case "gram20", "gram100":
      let p = name == "gram20" ? 20 : 100
      let x = KernelBenchmarks.design(n: 1_000_000, p: p, seed: UInt64(p))
      let g = Kernels.gram(x, weights: nil, response: x.column(p - 1))
      print("\(name): trace \(g.yty)")
    case "ols20":
      let (x, y, _) = KernelBenchmarks.fitProblem(n: 1_000_000, p: 20)
      let fit = LeastSquares.fit(design: x, response: y)
      print("ols20: se \(fit.standardErrors(.hc1)[1])")
    case "logit20":
      let (x, _, binary) = KernelBenchmarks.fitProblem(n: 1_000_000, p: 20)
      let fit = GLM.fit(design: x, response: binary, family: .binomial, link: .logit)
      print("logit20: \(fit.iterations) iterations, se \(fit.standardErrors[1])")
    case "matching":
      let (scores, controls, queries) = KernelBenchmarks.matchingProblem()
      let found = SortedNeighbors(scores: scores, subset: controls).nearestTable(queries: queries, k: 1)
      print("matching: \(found.count) queries")
    case "normal":
      var buffer = [Double](repeating: 0, count: 10_000_000)
      var g = Xoshiro256StarStar(seed: 1)
      Sampling.fillNormal(&buffer, using: &g)
      var sink = 0.0
      for _ in 0..<1_000_000 { sink += g.nextNormal() }
      print("normal: \(buffer[0] + sink)")
    default:
      print("unknown profile target '\(name)'; one of: \(names.joined(separator: ", "))")
      exit(2)
    }
  }
}
