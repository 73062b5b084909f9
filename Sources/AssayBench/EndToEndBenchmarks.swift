import CausalEngine
import DataSources
import Foundation
import StudyModel
import StudySpec
import Tabular

/// The standard study of issue 9 end to end (`bench/standard-study.yaml`
/// on `StandardStudyData`), at n = 10⁴, 10⁵ and 10⁶, with 1 and 2 threads:
/// seconds per phase (study file, read and parse with SHA-256,
/// identification, each estimator, each check, total) and peak memory.
///
/// Each (n, threads) runs in a child process (`AssayBench endtoend-child N
/// THREADS RUNS [SKIP...]`), so that its peak resident set (`VmHWM` of
/// `/proc/self/status`) is the study's own and not what earlier suites left
/// behind; the child runs the study `RUNS` times (5, 3, 1 by size) and
/// reports the phases of its fastest run. The path runs as `assay run`
/// does (`StudyExecution`): `StudyLoader`, `CSVReader` with the study's
/// column options, `StudyRunner`; the reports are not written.
/// `ASSAY_BENCH_SIZES` (e.g. `10000,100000`) restricts the sizes. Profile a
/// child under callgrind with `ASSAY_BENCH_SIMULATIONS=10 valgrind
/// --tool=callgrind AssayBench endtoend-child 100000 1 1` (valgrind 3.19
/// cannot read this toolchain's DWARF 5: run a copy made with
/// `objcopy --strip-debug`, which keeps the symbols).
enum EndToEndBenchmarks {
  /// The study run end to end: `bench/standard-study.yaml`, or the template
  /// named by `ASSAY_BENCH_STUDY` (`bench/weighting-matching-study.yaml`,
  /// `bench/four-estimator-study.yaml`: the same data path is replaced).
  static var templatePath: String {
    let chosen = ProcessInfo.processInfo.environment["ASSAY_BENCH_STUDY"] ?? ""
    return chosen.isEmpty ? "bench/standard-study.yaml" : chosen
  }
  static let templateDataPath = "data/standard-10000.csv"

  static func run(into report: inout BenchReport) {
    for n in selectedSizes() {
      StandardStudyData.ensure(n)
      // `ASSAY_BENCH_SKIP` (e.g. `matching`) leaves estimators out.
      let skip = (ProcessInfo.processInfo.environment["ASSAY_BENCH_SKIP"] ?? "").split(separator: ",").map(String.init)
      for threads in [1, 2] {
        let runs = n <= 10_000 ? 5 : n <= 100_000 ? 3 : 1
        guard let result = runChild(n: n, threads: threads, runs: runs, skip: skip) else {
          report.add("e2e", "n=\(n) threads=\(threads)", .nan, "s", note: "the child run failed")
          continue
        }
        record(result, n: n, threads: threads, runs: runs, skipped: skip, into: &report)
      }
    }
  }

  static func selectedSizes() -> [Int] {
    guard let text = ProcessInfo.processInfo.environment["ASSAY_BENCH_SIZES"], !text.isEmpty else {
      return StandardStudyData.sizes
    }
    return text.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)).map { Int($0) } }
  }

  static func label(_ n: Int) -> String {
    switch n {
    case 10_000: "1e4"
    case 100_000: "1e5"
    case 1_000_000: "1e6"
    default: "\(n)"
    }
  }

  /// Adds one (n, threads) result to the report.
  static func record(
    _ result: [String: Any], n: Int, threads: Int, runs: Int, skipped: [String], into report: inout BenchReport
  ) {
    let group = "e2e \(label(n)) t\(threads)"
    let steps = result["steps"] as? [[Any]] ?? []
    for step in steps {
      guard step.count == 2, let name = step[0] as? String, let seconds = step[1] as? Double else { continue }
      report.add(group, name, seconds * 1_000, "ms")
    }
    let total = result["total"] as? Double ?? .nan
    let estimates = result["estimates"] as? String ?? ""
    let left = skipped.isEmpty ? "" : "; without \(skipped.joined(separator: ", ")) (ASSAY_BENCH_SKIP)"
    report.add(group, "total", total, "s", note: "fastest of \(runs); \(estimates)\(left)")
    let peak = Double(result["peakKiB"] as? Int ?? 0) / 1024
    let baseline = Double(result["baselineKiB"] as? Int ?? 0) / 1024
    let numeric = Double(n * 14 * 8) / 1_048_576
    report.add(
      group, "peak memory (VmHWM)", peak, "MiB",
      note: String(
        format: "%.2fx the data's %.1f MiB of doubles; %.0f MiB before reading", peak / numeric, numeric,
        baseline))
  }

  /// Runs `AssayBench endtoend-child` and parses its one line of JSON;
  /// `study` replaces the study template (`ASSAY_BENCH_STUDY`).
  static func runChild(n: Int, threads: Int, runs: Int, skip: [String], study: String? = nil) -> [String: Any]? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executablePath())
    if let study {
      var environment = ProcessInfo.processInfo.environment
      environment["ASSAY_BENCH_STUDY"] = study
      process.environment = environment
    }
    process.arguments = ["endtoend-child", "\(n)", "\(threads)", "\(runs)"] + skip
    let pipe = Pipe()
    process.standardOutput = pipe
    do { try process.run() } catch { return nil }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { return nil }
    let lines = String(decoding: data, as: UTF8.self).split(separator: "\n")
    guard let last = lines.last(where: { $0.hasPrefix("{") }) else { return nil }
    return (try? JSONSerialization.jsonObject(with: Data(last.utf8))) as? [String: Any]
  }

  static func executablePath() -> String {
    (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
  }

  // MARK: - The child

  /// `AssayBench endtoend-child N THREADS RUNS [SKIP...]`: runs the study
  /// (without the estimators named SKIP) and prints one line of JSON (steps
  /// of the fastest run, its total, peak memory).
  static func child(arguments: [String]) {
    let n = arguments.count > 0 ? Int(arguments[0]) ?? 10_000 : 10_000
    let threads = arguments.count > 1 ? Int(arguments[1]) ?? 1 : 1
    let runs = arguments.count > 2 ? Int(arguments[2]) ?? 1 : 1
    let skip = Array(arguments.dropFirst(3))
    let baseline = memoryStatus("VmRSS")
    var best: (total: Double, steps: [(String, Double)], estimates: String)? = nil
    for _ in 0..<runs {
      guard let run = runOnce(n: n, threads: threads, skip: skip) else { exit(1) }
      if best == nil || run.total < best!.total { best = run }
    }
    guard let best else { exit(1) }
    let document: [String: Any] = [
      "steps": best.steps.map { [$0.0, $0.1] }, "total": best.total, "estimates": best.estimates,
      "peakKiB": memoryStatus("VmHWM"), "baselineKiB": baseline, "cpuSeconds": cpuSeconds(),
    ]
    guard let data = try? JSONSerialization.data(withJSONObject: document) else { exit(1) }
    print(String(decoding: data, as: UTF8.self))
  }

  /// The study file for `n` rows: the template with its data path replaced.
  /// `ASSAY_BENCH_SIMULATIONS` replaces the 100 simulations (for profiling under callgrind).
  static func studyBytes(n: Int) -> [UInt8]? {
    guard let template = FileManager.default.contents(atPath: templatePath) else { return nil }
    var text = String(decoding: template, as: UTF8.self)
      .replacingOccurrences(of: templateDataPath, with: "data/standard-\(n).csv")
    if let simulations = ProcessInfo.processInfo.environment["ASSAY_BENCH_SIMULATIONS"], Int(simulations) != nil {
      text = text.replacingOccurrences(of: "simulations: 100", with: "simulations: \(simulations)")
    }
    return Array(text.utf8)
  }

  static let environment = StudyEnvironment.fileSystem { path, delimiter in
    do throws(CSVError) {
      return .success(try CSVHeader.read(path: path, delimiter: delimiter == .tab ? 9 : 44))
    } catch {
      return .failure(DataFileProblem(error.message, line: error.line, column: error.column, notes: error.notes))
    }
  }

  /// One run: (total seconds, phases, a summary of the estimates).
  static func runOnce(n: Int, threads: Int, skip: [String]) -> (
    total: Double, steps: [(String, Double)], estimates: String
  )? {
    let clock = ContinuousClock()
    let start = clock.now
    guard let bytes = studyBytes(n: n) else {
      FileHandle.standardError.write(Data("cannot read \(templatePath)\n".utf8))
      return nil
    }
    let outcome = StudyLoader.load(bytes: bytes, file: templatePath, environment: environment)
    guard let study = outcome.study else {
      var renderer = DiagnosticRenderer()
      FileHandle.standardError.write(Data(renderer.text(outcome.diagnostics).utf8))
      return nil
    }
    let studySeconds = seconds(clock.now - start)
    let readStart = clock.now
    let loaded: LoadedTable
    do throws(CSVError) {
      var csvOptions = StudyColumns.options(study)
      csvOptions.threads = threads
      loaded = try CSVReader.read(path: study.data.resolvedPath, options: csvOptions)
    } catch {
      FileHandle.standardError.write(Data("\(study.data.resolvedPath): \(error.message)\n".utf8))
      return nil
    }
    let readSeconds = seconds(clock.now - readStart)
    let selected = skip.isEmpty ? nil : study.estimators.map(\.name.value).filter { !skip.contains($0) }
    let options = RunOptions(
      threads: threads, selectedEstimators: selected, assayVersion: "bench", studySHA256: "",
      commandLine: ["AssayBench"], platform: "bench", timestamp: "", loadSeconds: studySeconds + readSeconds)
    let record = StudyRunner.run(study: study, data: loaded, options: options)
    let total = seconds(clock.now - start)
    if let error = record.error {
      FileHandle.standardError.write(Data("run error: \(error.message)\n".utf8))
      return nil
    }
    var steps: [(String, Double)] = [
      ("study file (YAML, header)", studySeconds), ("read + parse CSV (SHA-256)", readSeconds),
    ]
    for step in record.provenance.timing?.steps ?? [] where step.name != "load data" {
      steps.append((step.name, step.value ?? .nan))
    }
    let estimates = record.estimates.map { e in
      "\(e.name) \(e.value.map { String(format: "%.3f", $0) } ?? "-")"
    }.joined(separator: ", ")
    return (total, steps, estimates)
  }

  /// User plus system CPU seconds of this process so far (all its threads).
  static func cpuSeconds() -> Double {
    var usage = rusage()
    guard getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage) == 0 else { return .nan }
    return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) * 1e-6 + Double(usage.ru_stime.tv_sec)
      + Double(usage.ru_stime.tv_usec) * 1e-6
  }

  /// A `kB` field of `/proc/self/status` (0 where there is none).
  static func memoryStatus(_ field: String) -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in text.split(separator: "\n") where line.hasPrefix(field + ":") {
      let digits = line.dropFirst(field.count + 1).filter { $0.isNumber }
      return Int(digits) ?? 0
    }
    return 0
  }

  static func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
  }
}
