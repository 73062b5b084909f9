import Foundation
import TestSupport
import Testing

@testable import Tabular

/// The malformed corpus: each `Fixtures/malformed/NAME.csv` (with optional
/// `NAME.options`) must fail with exactly the golden text in `NAME.error`
/// (re-record with `RECORD_SNAPSHOTS=1`).
@Suite("CSV reader: malformed corpus")
struct MalformedCSVTests {
  static let directory = PackagePaths.root() + "/Tests/TabularTests/Fixtures/malformed"

  static let names: [String] = {
    let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    return files.filter { $0.hasSuffix(".csv") }.map { String($0.dropLast(4)) }.sorted()
  }()

  /// `.options` lines: `declare name=kind`, `columns a,b`, `delimiter tab`, `drop-missing`.
  static func options(_ name: String) -> CSVOptions {
    var options = CSVOptions()
    guard let data = FileManager.default.contents(atPath: directory + "/\(name).options") else { return options }
    for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
      let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
      switch parts[0] {
      case "declare":
        let pair = parts[1].split(separator: "=").map(String.init)
        options.declaredKinds[pair[0]] = ColumnKind(rawValue: pair[1])
      case "columns": options.columns = parts[1].split(separator: ",").map(String.init)
      case "delimiter": options.delimiter = parts[1] == "tab" ? 9 : 44
      case "drop-missing": options.dropMissing = true
      default: break
      }
    }
    return options
  }

  @Test("the corpus has at least 25 files")
  func size() { #expect(Self.names.count >= 25) }

  @Test("each malformed file fails with its golden error", arguments: names)
  func golden(_ name: String) {
    let path = Self.directory + "/\(name).csv"
    let text: String
    do {
      let loaded = try CSVReader.read(path: path, options: Self.options(name))
      text = "no error: \(loaded.rowsRead) rows\n"
    } catch {
      text = error.rendered(fileName: "\(name).csv")
    }
    if let problem = Snapshot.compare(text, goldenPath: Self.directory + "/\(name).error") {
      Issue.record(Comment(rawValue: problem))
    }
    // The same error when the bytes arrive in tiny blocks (records straddling blocks).
    let bytes = Array(FileManager.default.contents(atPath: path) ?? Data())
    let chunked: String
    do {
      _ = try CSVReader.read(bytes: bytes, blockSize: 3, options: Self.options(name))
      chunked = "no error"
    } catch {
      chunked = error.rendered(fileName: "\(name).csv")
    }
    #expect(chunked == text)
  }
}
