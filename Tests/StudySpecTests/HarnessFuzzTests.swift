import Foundation
import StudyModel
import StudySpec
import Tabular
import TestSupport
import Testing

/// The repository's fuzz harness (issue 20): the YAML study reader, the CSV
/// reader and the term parser under ``MutationFuzzer``, each with a corpus
/// seeded from the tests' own files. `make test` runs a fixed small number of
/// iterations; `ASSAY_LONG_TESTS=1` runs 10,000 study files, 2,000 CSV files
/// and 20,000 terms. Every input must end in a result or a located error, in
/// under 20 seconds, and a CSV whose column types would be a guess is never
/// read as a table.
@Suite("Fuzz harness: study files, CSV files, terms")
struct HarnessFuzzTests {
  static let root = PackagePaths.root()

  /// Files under `folder` (relative to the repository) ending in `suffix`.
  static func files(_ folder: String, _ suffix: String) -> [[UInt8]] {
    let path = root + "/" + folder
    let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
    return names.filter { $0.hasSuffix(suffix) }.sorted().compactMap { name in
      FileManager.default.contents(atPath: path + "/" + name).map { Array($0.prefix(4096)) }
    }
  }

  /// The longest a single input may take.
  static let perInput: Duration = .seconds(20)

  @Test("study files: mutated corpus of valid, invalid and corpus studies; no crash, no hang, errors located")
  func studies() throws {
    let corpus =
      Self.files("Tests/StudySpecTests/Fixtures/valid", ".yaml")
      + Self.files("Tests/StudySpecTests/Fixtures/invalid", ".yaml")
      + Self.files("Tests/AssayCLITests/Corpus/cases", ".yaml") + Self.files("studies", ".yaml")
    #expect(corpus.count > 30)
    var fuzzer = MutationFuzzer(
      seed: 20_261_207, corpus: corpus,
      alphabet: Array(":-[]{},&*!|>#'\"\n\t %@`?~=<.0123456789abcxyz".utf8) + [0, 0xC3])
    let clock = ContinuousClock()
    for iteration in 0..<MutationFuzzer.iterations(1_500, long: 10_000) {
      let bytes = fuzzer.next(iteration)
      let start = clock.now
      let outcome = StudyLoader.load(bytes: bytes, file: "fuzz.yaml", environment: Fixtures.environment)
      #expect(clock.now - start < Self.perInput, "iteration \(iteration) took \(clock.now - start)")
      if outcome.study == nil, !outcome.diagnostics.containsErrors {
        Issue.record("iteration \(iteration): no study and no error")
      }
      for diagnostic in outcome.diagnostics {
        // Whatever the input, a message prints no raw control character.
        let text = OutputText.forTerminal(diagnostic.message)
        if text.unicodeScalars.contains(where: { OutputText.isControl($0) && $0 != "\n" && $0 != "\t" }) {
          Issue.record("iteration \(iteration): raw control character in \(text.debugDescription)")
        }
      }
    }
  }

  /// Whether a table read from undeclared columns has a column whose type was a guess.
  static func guessed(_ table: LoadedTable) -> String? {
    for column in table.table.columns where column.kind == .categorical {
      if let level = column.levels.first(where: { DecimalNumberProbe.isNumber($0) }) {
        return "\(column.name): level '\(level)' reads as a number"
      }
    }
    return nil
  }

  @Test("CSV files: mutated corpus; a table or a located error, and never a guessed column type")
  func csv() throws {
    let corpus =
      Self.files("Tests/TabularTests/Fixtures/malformed", ".csv") + Self.files("studies/data", ".csv")
      + Self.files("Tests/AssayCLITests/Corpus/data", ".csv")
    #expect(corpus.count > 20)
    var fuzzer = MutationFuzzer(
      seed: 20_261_208, corpus: corpus, alphabet: Array(",\"\n\r\t .-+eE0123456789abNA/".utf8))
    let clock = ContinuousClock()
    for iteration in 0..<MutationFuzzer.iterations(600, long: 2_000) {
      let bytes = fuzzer.next(iteration)
      let start = clock.now
      do throws(CSVError) {
        let table = try CSVReader.read(
          bytes: bytes, fileName: "fuzz.csv", options: CSVOptions(dropMissing: iteration % 2 == 0))
        if let guess = Self.guessed(table) { Issue.record("iteration \(iteration): \(guess)") }
      } catch {
        let lines = bytes.filter { $0 == 0x0A }.count + 1
        if let line = error.line, !(1...lines).contains(line) {
          Issue.record("iteration \(iteration): error line \(line) outside 1...\(lines)")
        }
      }
      #expect(clock.now - start < Self.perInput, "iteration \(iteration) took \(clock.now - start)")
    }
  }

  @Test("ambiguous columns: a non-number anywhere in a numeric column, row 1 included, is always refused")
  func ambiguous() throws {
    var rng = SplitMix64(seed: 20_261_209)
    let codes = [".", "N/A", "n/a", "-", "?", "NULL", "none", "missing", "x", "\u{1B}[2J", "1,5"]
    for iteration in 0..<MutationFuzzer.iterations(400, long: 2_000) {
      let rows = 2 + Int(rng.next() % 40)
      let column = Int(rng.next() % 3)
      let row = Int(rng.next() % UInt64(rows))
      let code = codes[Int(rng.next() % UInt64(codes.count))]
      var text = "a,b,c\n"
      for r in 0..<rows {
        var fields = (0..<3).map { c in
          String(format: c == 2 ? "%.3f" : "%d", c == 2 ? Double(r) * 0.37 : Int(rng.next() % 9) as CVarArg)
        }
        if r == row { fields[column] = "\"\(code)\"" }
        text += fields.joined(separator: ",") + "\n"
      }
      do throws(CSVError) {
        let table = try CSVReader.read(bytes: Array(text.utf8), fileName: "fuzz.csv", options: CSVOptions())
        Issue.record(
          "iteration \(iteration): read with '\(code)' at row \(row + 1): \(table.table.columns.map(\.kind))")
      } catch {
        #expect(error.kind == .mixedTypes, "iteration \(iteration): \(error)")
      }
    }
  }

  @Test("terms: mutated term texts parse or fail with a message; never crash")
  func terms() {
    let corpus = [
      "x", "a:b", "a:b:c", "log(x)", "sqrt(x)", "poly(age, 3)", " poly( age , 3 ) ", "ns(wt71, df = 3)", "C(g)",
      "C(g, ref = 'b')", "log(x):C(g, ref = b)", "I(x^2)", "a*b", "treat:x", "dose:x", "ns(x, 0)", "log(x, 2)",
    ].map { Array($0.utf8) }
    var fuzzer = MutationFuzzer(
      seed: 20_261_210, corpus: corpus, alphabet: Array("():,*^=' \"abcxyzCIns0123456789.-+".utf8))
    var parsed = 0
    for iteration in 0..<MutationFuzzer.iterations(5_000, long: 20_000) {
      let text = String(decoding: fuzzer.next(iteration), as: UTF8.self)
      switch ModelTerm.parse(text) {
      case .success: parsed += 1
      case .failure(let error): #expect(!"\(error)".isEmpty)
      }
    }
    #expect(parsed > 0)
  }
}

/// Whether a text reads as a number by the data reader's grammar (probed
/// through the reader itself, so the test does not restate the grammar).
enum DecimalNumberProbe {
  static func isNumber(_ text: String) -> Bool {
    guard !text.contains(","), !text.contains("\""), !text.contains("\n"), !text.contains("\r") else { return false }
    do throws(CSVError) {
      let table = try CSVReader.read(
        bytes: Array("v\n\(text)\n".utf8), fileName: "probe.csv", options: CSVOptions(missingValues: []))
      return table.table.columns.first?.kind != .categorical
    } catch {
      return false
    }
  }
}
