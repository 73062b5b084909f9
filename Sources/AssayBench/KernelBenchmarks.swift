import Foundation
import NumericKernels
import Tabular

/// Figures for the numeric kernels and the CSV reader (`make bench`).
///
/// Every figure is the best of a few runs (`bestTime`), on data generated
/// here from fixed seeds. Sizes follow issue 4: CSV 1M × 12, Gram at
/// n = 10⁶ for p ∈ {5, 20, 100}, OLS/logit fits for n ∈ {10⁴, 10⁵, 10⁶} ×
/// p ∈ {5, 20, 100}, 1-NN propensity matching at n = 10⁶.
enum KernelBenchmarks {
  /// `ASSAY_BENCH_KERNELS=csv,gram,fits,random,matching` runs only those groups.
  static func run(into report: inout BenchReport) {
    let only = ProcessInfo.processInfo.environment["ASSAY_BENCH_KERNELS"].map {
      Set($0.split(separator: ",").map(String.init))
    }
    func wanted(_ group: String) -> Bool { only?.contains(group) ?? true }
    let bandwidth = streamingBandwidth(into: &report)
    if wanted("csv") { csv(into: &report) }
    if wanted("gram") { gram(into: &report, bandwidth: bandwidth) }
    if wanted("fits") { fits(into: &report) }
    if wanted("random") { random(into: &report) }
    if wanted("matching") { matching(into: &report) }
  }

  /// A design with a column of ones and p − 1 standard normal columns.
  static func design(n: Int, p: Int, seed: UInt64) -> Matrix {
    var g = Xoshiro256StarStar(seed: seed)
    var values = [Double](repeating: 1, count: n * p)
    values.withUnsafeMutableBufferPointer { v in
      for i in n..<(n * p) { v[i] = g.nextNormal() }
    }
    return Matrix(rows: n, columns: p, columnMajor: values)
  }

  /// Streaming read bandwidth: a SIMD sum over 256 MiB.
  static func streamingBandwidth(into report: inout BenchReport) -> Double {
    let count = 32 << 20
    let data = [Double](repeating: 1.25, count: count)
    var sink = 0.0
    let t = bestTime(repetitions: 5) { sink += Kernels.sum(data) }
    let gbps = Double(count * 8) / t / 1e9
    report.add("memory", "streaming read (sum of 256 MiB)", gbps, "GB/s", note: sink > 0 ? "" : "!")
    return gbps
  }

  /// CSV: a 1M × 12 numeric file (6 decimals) in a temporary directory.
  static func csv(into report: inout BenchReport) {
    let rows = 1_000_000
    let columns = 12
    let path = NSTemporaryDirectory() + "/assay-bench-\(getpid()).csv"
    var bytes: [UInt8] = []
    bytes.reserveCapacity(rows * columns * 11)
    bytes.append(contentsOf: (0..<columns).map { "x\($0)" }.joined(separator: ",").utf8)
    bytes.append(0x0A)
    var g = Xoshiro256StarStar(seed: 4)
    for _ in 0..<rows {
      for c in 0..<columns {
        // A fixed-point value with 6 decimals in (−100, 100), written digit by digit.
        var v = Int64(g.next() % 200_000_000) - 100_000_000
        if v < 0 {
          bytes.append(0x2D)
          v = -v
        }
        let whole = v / 1_000_000
        let fraction = v % 1_000_000
        if whole >= 10 { bytes.append(UInt8(0x30 + whole / 10)) }
        bytes.append(UInt8(0x30 + whole % 10))
        bytes.append(0x2E)
        var divisor: Int64 = 100_000
        while divisor > 0 {
          bytes.append(UInt8(0x30 + (fraction / divisor) % 10))
          divisor /= 10
        }
        bytes.append(c == columns - 1 ? 0x0A : 0x2C)
      }
    }
    _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
    defer { try? FileManager.default.removeItem(atPath: path) }
    var rowsRead = 0
    let t = bestTime(repetitions: 3) {
      rowsRead = (try? CSVReader.read(path: path, options: CSVOptions()))?.rowsRead ?? -1
    }
    let mb = Double(bytes.count) / 1e6
    report.add(
      "csv", "read 1M x 12 numeric (incl. SHA-256)", mb / t, "MB/s",
      note: String(format: "%.0f MB in %.3f s, %d rows", mb, t, rowsRead))
    let hash = bestTime(repetitions: 3) { _ = try? ContentHash.sha256(path: path) }
    report.add("csv", "SHA-256 of the same file alone", mb / hash, "MB/s")
  }

  static func gram(into report: inout BenchReport, bandwidth: Double) {
    let n = 1_000_000
    for p in [5, 20, 100] {
      let x = design(n: n, p: p, seed: UInt64(p))
      let y = x.column(p - 1)
      let t = bestTime(repetitions: p == 100 ? 2 : 5) { _ = Kernels.gram(x, weights: nil, response: y) }
      let q = Double(p + 1)
      let bytes = Double(n) * q * 8
      let flops = Double(n) * q * (q + 1)  // q(q+1)/2 products, a multiply and an add each
      report.add(
        "gram", "X'X, X'y at n=1e6, p=\(p)", bytes / t / 1e9, "GB/s",
        note: String(
          format: "%.1f GFLOP/s, %.3f s, %.2fx of streaming bandwidth", flops / t / 1e9, t,
          (bytes / t / 1e9) / bandwidth))
    }
  }

  static func fits(into report: inout BenchReport) {
    for n in [10_000, 100_000, 1_000_000] {
      for p in [5, 20, 100] {
        let (x, y, binary) = fitProblem(n: n, p: p)
        let repetitions = n >= 1_000_000 ? 1 : 3
        let ols = bestTime(repetitions: repetitions) {
          let fit = LeastSquares.fit(design: x, response: y)
          _ = fit.standardErrors(.hc1)
        }
        report.add("ols", "OLS + HC1 SEs n=\(n), p=\(p)", ols * 1000, "ms")
        var iterations = 0
        let logit = bestTime(repetitions: repetitions) {
          iterations = GLM.fit(design: x, response: binary, family: .binomial, link: .logit).iterations
        }
        report.add("logit", "logistic IRLS n=\(n), p=\(p)", logit * 1000, "ms", note: "\(iterations) iterations")
      }
    }
  }

  static func random(into report: inout BenchReport) {
    let count = 10_000_000
    var buffer = [Double](repeating: 0, count: count)
    var g = Xoshiro256StarStar(seed: 1)
    let uniform = bestTime { Sampling.fillUniform(&buffer, using: &g) }
    report.add(
      "random", "uniform draws (fillUniform)", Double(count) / uniform / 1e6, "M/s",
      note: String(format: "%.2f ns per draw", uniform / Double(count) * 1e9))
    let normal = bestTime { Sampling.fillNormal(&buffer, using: &g) }
    report.add(
      "random", "normal draws (fillNormal, ziggurat)", Double(count) / normal / 1e6, "M/s",
      note: String(format: "%.2f ns per draw", normal / Double(count) * 1e9))
    var sink = 0.0
    let single = bestTime { for _ in 0..<count { sink += g.nextNormal() } }
    report.add(
      "random", "normal draws (nextNormal one at a time)", Double(count) / single / 1e6, "M/s",
      note: String(format: "%.2f ns per draw%@", single / Double(count) * 1e9, sink.isNaN ? " !" : ""))
  }

  /// The fits' problem: a design, a Gaussian response and a 0/1 response from a logit model.
  static func fitProblem(n: Int, p: Int) -> (Matrix, [Double], [Double]) {
    let x = design(n: n, p: p, seed: UInt64(n + p))
    var g = Xoshiro256StarStar(seed: 9)
    let beta = (0..<p).map { _ in 0.3 * g.nextNormal() / Double(p).squareRoot() }
    let eta = x.multiplied(by: beta)
    let y = eta.map { $0 + g.nextNormal() }
    let binary = eta.map { Sampling.uniform(using: &g) < 1 / (1 + exp(-$0)) ? 1.0 : 0.0 }
    return (x, y, binary)
  }

  /// Propensity-like scores of 10⁶ units, every other one a control; the treated are the queries.
  static func matchingProblem() -> (scores: [Double], controls: [Int], queries: [Double]) {
    let n = 1_000_000
    var g = Xoshiro256StarStar(seed: 12)
    let scores = (0..<n).map { _ in 1 / (1 + exp(-g.nextNormal())) }
    let controls = (0..<n).filter { $0 % 2 == 1 }
    let queries = (0..<n).filter { $0 % 2 == 0 }.map { scores[$0] }
    return (scores, controls, queries)
  }

  static func matching(into report: inout BenchReport) {
    let (scores, controls, queries) = matchingProblem()
    var matched = 0
    let t = bestTime(repetitions: 5) {
      let index = SortedNeighbors(scores: scores, subset: controls)
      matched = index.nearestTable(queries: queries, k: 1).units.count
    }
    report.add(
      "matching", "1-NN propensity matching n=1e6 (500k x 500k)", t * 1000, "ms",
      note: "bucket-sorted build + sort-and-merge queries into a NeighborTable; \(matched) matches")
    let build = bestTime(repetitions: 5) { _ = SortedNeighbors(scores: scores, subset: controls) }
    report.add("matching", "  of which: build (bucket sort of 500k scores)", build * 1000, "ms")
    let objects = bestTime(repetitions: 3) {
      _ = SortedNeighbors(scores: scores, subset: controls).nearestAll(queries: queries, k: 1)
    }
    report.add("matching", "1-NN as [Neighbors] (two arrays per query)", objects * 1000, "ms")
  }
}
