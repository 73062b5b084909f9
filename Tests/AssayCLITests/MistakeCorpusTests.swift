import Foundation
import TestSupport
import Testing

/// The corpus of mistakes (Tests/AssayCLITests/Corpus): realistic study
/// files, each either refused at validation with located errors (its
/// `.diagnostics` golden file) or computed right end to end against an
/// independent reference (its `.expected.json`, from statsmodels/patsy/R
/// fixtures; see the corpus README and `expectations.py`).
///
/// Every case runs the built `assay` in a sandbox holding the case and the
/// data sets, so validation, the data checks, the engine and the records are
/// all on the path.
@Suite("Corpus of mistakes")
struct MistakeCorpusTests {
  static let corpus = PackagePaths.root() + "/Tests/AssayCLITests/Corpus"

  /// The data sets the cases read: the corpus's own, and the term-language fixtures.
  static let dataSets: [(source: String, name: String)] = {
    let fm = FileManager.default
    var sets: [(String, String)] = []
    for file in (try? fm.contentsOfDirectory(atPath: corpus + "/data")) ?? [] where file.hasSuffix(".csv") {
      sets.append((corpus + "/data/" + file, file))
    }
    let fixtures = PackagePaths.root() + "/Tests/CausalEngineTests/Fixtures"
    for folder in (try? fm.contentsOfDirectory(atPath: fixtures)) ?? []
    where folder.hasPrefix("terms_") || folder.hasPrefix("did_") || folder == "weights_clusters" {
      sets.append((fixtures + "/" + folder + "/data.csv", folder + ".csv"))
    }
    return sets
  }()

  static let cases: [String] = {
    let files = (try? FileManager.default.contentsOfDirectory(atPath: corpus + "/cases")) ?? []
    return files.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
  }()

  /// What a case expects, from its first line.
  enum Expectation: String {
    case refused = "# corpus: refused."
    case computed = "# corpus: computed."
  }

  func sandbox(for name: String) throws -> StudySandbox {
    let sandbox = try StudySandbox()
    let fm = FileManager.default
    try fm.createDirectory(atPath: sandbox.root + "/studies/data", withIntermediateDirectories: true)
    for set in Self.dataSets {
      try fm.copyItem(atPath: set.source, toPath: sandbox.root + "/studies/data/" + set.name)
    }
    try fm.copyItem(atPath: Self.corpus + "/cases/\(name).yaml", toPath: sandbox.root + "/studies/\(name).yaml")
    return sandbox
  }

  @Test("the corpus holds at least 30 cases, each saying what it expects and having its reference")
  func corpusIsComplete() throws {
    #expect(Self.cases.count >= 30)
    for name in Self.cases {
      let text = try String(contentsOfFile: Self.corpus + "/cases/\(name).yaml", encoding: .utf8)
      let first = String(text.prefix { $0 != "\n" })
      let expectation = [Expectation.refused, .computed].first { first.hasPrefix($0.rawValue) }
      #expect(expectation != nil, "\(name): the first line must say '# corpus: refused.' or '# corpus: computed.'")
      let reference = expectation == .refused ? ".diagnostics" : ".expected.json"
      #expect(
        FileManager.default.fileExists(atPath: Self.corpus + "/cases/\(name)\(reference)") || Snapshot.isRecording,
        "\(name) has no \(reference)")
    }
  }

  @Test("each case is refused with its golden diagnostics, or computed as its reference says", arguments: cases)
  func corpusCase(_ name: String) throws {
    let text = try String(contentsOfFile: Self.corpus + "/cases/\(name).yaml", encoding: .utf8)
    let sandbox = try sandbox(for: name)
    defer { sandbox.remove() }
    let validate = try sandbox.assay(["validate", "--data", "studies/\(name).yaml"])
    if text.hasPrefix(Expectation.refused.rawValue) {
      #expect(validate.status == 2, "\(validate.stdout)")
      if let difference = Snapshot.compare(
        validate.stdout, goldenPath: Self.corpus + "/cases/\(name).diagnostics")
      {
        Issue.record(Comment(rawValue: difference))
      }
      // A run refuses it as well, and never prints a verdict.
      let run = try sandbox.run("\(name).yaml")
      #expect(run.status == 2, "\(run.stdout)\(run.stderr)")
      #expect(!run.stdout.contains("PASSED") && !run.stdout.contains("FAILED"))
      return
    }
    #expect(validate.status == 0, "\(validate.stdout)")
    let run = try sandbox.run("\(name).yaml")
    #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
    let result = try sandbox.result(name)
    let expected = try Self.expected(name)
    for (estimator, reference) in expected {
      try Self.check(result.estimate(estimator), against: reference, case: name, estimator: estimator)
    }
  }

  /// The case's `.expected.json`: estimator name to reference.
  static func expected(_ name: String) throws -> [String: [String: Any]] {
    let data = try Data(contentsOf: URL(fileURLWithPath: corpus + "/cases/\(name).expected.json"))
    let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
    return object?["estimates"] as? [String: [String: Any]] ?? [:]
  }

  static func close(_ actual: Any?, _ expected: Any?, tolerance: Double) -> Bool {
    guard let a = actual as? Double, let e = expected as? Double else { return false }
    return abs(a - e) <= tolerance * max(abs(e), 1e-12)
  }

  static func check(_ estimate: [String: Any], against reference: [String: Any], case name: String, estimator: String) {
    let tolerance = reference["tolerance"] as? Double ?? 1e-10
    let label = "\(name) \(estimator) (\(reference["source"] as? String ?? ""))"
    #expect(estimate["status"] as? String == "ok", "\(label): \(estimate["failure"] ?? "")")
    #expect(
      close(estimate["value"], reference["value"], tolerance: tolerance),
      "\(label): value \(estimate["value"] ?? "null") vs \(reference["value"] ?? "")")
    if let se = reference["std_error"] {
      #expect(
        close(estimate["std_error"], se, tolerance: tolerance),
        "\(label): std_error \(estimate["std_error"] ?? "null") vs \(se)")
    }
    if let n = reference["n"] as? Int { #expect(estimate["n"] as? Int == n, "\(label): n") }
    let effects = estimate["conditional_effects"] as? [[String: Any]] ?? []
    let expectedEffects = reference["conditional_effects"] as? [[String: Any]] ?? []
    #expect(effects.count == expectedEffects.count, "\(label): conditional effects")
    for e in expectedEffects {
      guard
        let got = effects.first(where: {
          $0["modifier"] as? String == e["modifier"] as? String && $0["level"] as? String == e["level"] as? String
        })
      else {
        Issue.record("\(label): no conditional effect for \(e["modifier"] ?? "") = \(e["level"] ?? "")")
        continue
      }
      #expect(got["n"] as? Int == e["n"] as? Int, "\(label): n of \(e["level"] ?? "")")
      #expect(close(got["value"], e["value"], tolerance: tolerance), "\(label): effect at \(e["level"] ?? "")")
      #expect(close(got["std_error"], e["std_error"], tolerance: tolerance), "\(label): SE at \(e["level"] ?? "")")
    }
    let tests = estimate["heterogeneity"] as? [[String: Any]] ?? []
    let expectedTests = reference["heterogeneity"] as? [[String: Any]] ?? []
    #expect(tests.count == expectedTests.count, "\(label): heterogeneity tests")
    for h in expectedTests {
      guard let got = tests.first(where: { $0["modifier"] as? String == h["modifier"] as? String }) else {
        Issue.record("\(label): no heterogeneity test for \(h["modifier"] ?? "")")
        continue
      }
      #expect(got["df"] as? Int == h["df"] as? Int, "\(label): df")
      #expect(close(got["statistic"], h["statistic"], tolerance: tolerance), "\(label): chi-square")
    }
  }
}
