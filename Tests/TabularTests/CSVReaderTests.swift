import Foundation
import TestSupport
import Testing

@testable import Tabular

/// Well-formed edge cases of the reader (RFC 4180 and the documented extensions).
@Suite("CSV reader: well-formed files")
struct CSVReaderTests {
  func load(_ text: String, _ options: CSVOptions = CSVOptions()) throws(CSVError) -> LoadedTable {
    try CSVReader.read(bytes: Array(text.utf8), fileName: "test.csv", options: options)
  }

  @Test("numbers, kinds and categorical levels")
  func kinds() throws {
    let t = try load("a,b,c,d,e\n1,0,1.5,x,true\n2,1,-2e3,y,FALSE\n3,1,.25,x,True\n")
    #expect(t.rowsRead == 3)
    #expect(t.table.columnNames == ["a", "b", "c", "d", "e"])
    #expect(t.table.column(named: "a")?.kind == .integer)
    #expect(t.table.column(named: "b")?.kind == .binary)
    #expect(t.table.column(named: "c")?.kind == .continuous)
    #expect(t.table.column(named: "c")?.values == [1.5, -2000, 0.25])
    #expect(t.table.column(named: "d")?.kind == .categorical)
    #expect(t.table.column(named: "d")?.levels == ["x", "y"])
    #expect(t.table.column(named: "d")?.values == [0, 1, 0])
    #expect(t.table.column(named: "e")?.kind == .binary)
    #expect(t.table.column(named: "e")?.values == [1, 0, 1])
  }

  @Test("levels are sorted by bytes, independent of row order")
  func levelOrder() throws {
    let t = try load("g\nzebra\napple\nmango\napple\n")
    let g = try #require(t.table.column(named: "g"))
    #expect(g.levels == ["apple", "mango", "zebra"])
    #expect(g.values == [2, 0, 1, 0])
    #expect(g.level(at: 0) == "zebra")
  }

  @Test("quotes with commas, doubled quotes and newlines; CRLF; BOM")
  func quoting() throws {
    let text = "\u{FEFF}id,\"note, with comma\",v\r\n1,\"say \"\"hi\"\"\",\"2.5\"\r\n2,\"two\nlines\",3\r\n"
    let t = try load(text)
    #expect(t.table.columnNames == ["id", "note, with comma", "v"])
    #expect(t.table.column(named: "note, with comma")?.levels == ["say \"hi\"", "two\nlines"])
    #expect(t.table.column(named: "v")?.values == [2.5, 3])
    #expect(t.rowsRead == 2)
  }

  @Test("tab-separated files; blank lines; no final newline; spaces around numbers")
  func tsv() throws {
    let t = try load("x\ty\n1\t 2 \n\n3\t4", CSVOptions(delimiter: 9))
    #expect(t.table.column(named: "y")?.values == [2, 4])
    #expect(t.rowsRead == 2)
  }

  @Test("numbers are exactly rounded (fast path and fallback)")
  func numbers() throws {
    let samples = [
      "0.1", "123456.789", "1e22", "1e23", "9007199254740993", "0.30000000000000004", "2.2250738585072014e-308",
      "4.9e-324", "1.7976931348623157e308", "-0", "00012", "5.", "-.5e-3", "123456789012345678901234567890",
      "18446744073709551616", "0.0000000000000000000000", "1e-400", "1234567890123456789e-10",
    ]
    let text = "v\n" + samples.joined(separator: "\n") + "\n"
    let t = try load(text)
    let values = try #require(t.table.column(named: "v")).values
    for (s, v) in zip(samples, values) { #expect(v == Double(s)!, "\(s)") }
  }

  @Test("short decimals (the eight-digits-at-a-time path) equal Double(String), with kinds inferred")
  func shortDecimals() throws {
    // Every shape the short path accepts, and its neighbours it must refuse:
    // 1–9 integer digits, 0–9 fraction digits, signs, 16-17 significant digits.
    var g = SplitMix64(seed: 2025)
    var rows: [[String]] = []
    for _ in 0..<4000 {
      var row: [String] = []
      for _ in 0..<3 {
        let whole = String(UInt64.random(in: 0...999_999_999, using: &g)).prefix(Int.random(in: 1...9, using: &g))
        let digits = Int.random(in: 0...9, using: &g)
        let fraction = String((0..<digits).map { _ in Character(String(Int.random(in: 0...9, using: &g))) })
        let sign = Bool.random(using: &g) ? "-" : ""
        row.append(sign + whole + (digits > 0 || Bool.random(using: &g) ? "." + fraction : ""))
      }
      row.append(Bool.random(using: &g) ? "0" : "1")
      rows.append(row)
    }
    let text = "a,b,c,t\n" + rows.map { $0.joined(separator: ",") }.joined(separator: "\n") + "\n"
    for blockSize in [64, 4 << 20] {
      let t = try CSVReader.read(bytes: Array(text.utf8), blockSize: blockSize, options: CSVOptions())
      for (c, name) in ["a", "b", "c", "t"].enumerated() {
        let values = try #require(t.table.column(named: name)).values
        for (r, v) in values.enumerated() { #expect(v.bitPattern == Double(rows[r][c])!.bitPattern, "\(rows[r][c])") }
      }
      #expect(t.table.column(named: "t")?.kind == .binary)
      #expect(t.table.column(named: "a")?.kind == .continuous)
    }
    // Integer literals stay integers; a declared binary column refuses a 2 found by the short path.
    let integers = "x,y\n" + (0..<100).map { "\($0),\($0 % 2)" }.joined(separator: "\n") + "\n"
    let u = try load(integers)
    #expect(u.table.column(named: "x")?.kind == .integer)
    #expect(u.table.column(named: "y")?.kind == .binary)
    let bad = "x,y\n" + (0..<100).map { "\($0),\($0 == 70 ? 2 : 1)" }.joined(separator: "\n") + "\n"
    #expect(throws: CSVError.self) { try load(bad, CSVOptions(declaredKinds: ["y": .binary])) }
    do {
      _ = try load(bad, CSVOptions(declaredKinds: ["y": .binary]))
    } catch {
      #expect(error.line == 72)
    }
  }

  @Test("declared kinds are honoured")
  func declared() throws {
    let t = try load(
      "a,b,c\n1,2,3\n0,4,5\n", CSVOptions(declaredKinds: ["a": .binary, "b": .continuous, "c": .categorical]))
    #expect(t.table.column(named: "a")?.kind == .binary)
    #expect(t.table.column(named: "b")?.kind == .continuous)
    #expect(t.table.column(named: "c")?.kind == .categorical)
    #expect(t.table.column(named: "c")?.levels == ["3", "5"])
  }

  @Test("missing values: drop policy keeps complete cases over the loaded columns only")
  func dropMissing() throws {
    let text = "a,b,c\n1,2,x\nNA,3,y\n4,,NA\n5,6,\n7,8,z\n"
    let t = try load(text, CSVOptions(columns: ["a", "b"], dropMissing: true))
    #expect(t.table.columnNames == ["a", "b"])
    #expect(t.rowsRead == 5)
    #expect(t.rowsDropped == 2)
    #expect(t.droppedByColumn == ["a": 1, "b": 1])
    #expect(t.firstDroppedLines == [3, 4])
    #expect(t.table.column(named: "a")?.values == [1, 5, 7])
    // Custom missing tokens (here a numeric sentinel).
    let u = try load("a\n1\n-999\n2\n", CSVOptions(missingValues: ["-999"], dropMissing: true))
    #expect(u.table.column(named: "a")?.values == [1, 2])
  }

  @Test("the SHA-256 is of the raw bytes; reading a file equals reading its bytes")
  func hashingAndFiles() throws {
    let text = "a,b\n1,2\n3,4\n"
    let t = try load(text)
    // sha256 of "a,b\n1,2\n3,4\n" computed with `printf 'a,b\n1,2\n3,4\n' | sha256sum`.
    #expect(t.sha256 == ContentHash.sha256(bytes: Array(text.utf8)))
    #expect(
      ContentHash.sha256(bytes: Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    )
    let path = NSTemporaryDirectory() + "/assay-csv-\(UInt64.random(in: 0...UInt64.max)).csv"
    _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
    defer { try? FileManager.default.removeItem(atPath: path) }
    let fromFile = try CSVReader.read(path: path, options: CSVOptions())
    #expect(fromFile.table == t.table)
    #expect(fromFile.sha256 == t.sha256)
    #expect(try ContentHash.sha256(path: path) == t.sha256)
    #expect(fromFile.byteCount == text.utf8.count)
  }

  @Test("records split across read blocks parse the same (large file)")
  func blocks() throws {
    var text = "x,label,y\n"
    for i in 0..<300_000 { text += "\(i),\"l\(i % 7),\nz\",\(Double(i) * 0.5)\n" }
    let path = NSTemporaryDirectory() + "/assay-csv-big-\(UInt64.random(in: 0...UInt64.max)).csv"
    _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
    defer { try? FileManager.default.removeItem(atPath: path) }
    let t = try CSVReader.read(path: path, options: CSVOptions())
    #expect(t.rowsRead == 300_000)
    let x = try #require(t.table.column(named: "x")).values
    let y = try #require(t.table.column(named: "y")).values
    #expect(x.enumerated().allSatisfy { $0.element == Double($0.offset) })
    #expect(y.enumerated().allSatisfy { $0.element == Double($0.offset) * 0.5 })
    #expect(t.table.column(named: "label")?.levels.count == 7)
  }

  @Test("a file of 16 MiB or more reads the same on two threads (hash and split parse) and on one")
  func twoThreads() throws {
    var bytes: [UInt8] = Array("i,half,odd\n".utf8)
    let rows = 1_000_000
    bytes.reserveCapacity(rows * 22)
    for i in 0..<rows { bytes += Array("\(i),\(Double(i) * 0.5),\(i % 2)\n".utf8) }
    #expect(bytes.count >= PipelinedHasher.concurrentFrom)
    let path = NSTemporaryDirectory() + "/assay-csv-two-\(UInt64.random(in: 0...UInt64.max)).csv"
    _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
    defer { try? FileManager.default.removeItem(atPath: path) }
    var one = CSVOptions()
    one.threads = 1
    let sequential = try CSVReader.read(path: path, options: one)
    let parallel = try CSVReader.read(path: path, options: CSVOptions())
    #expect(parallel.table == sequential.table)
    #expect(parallel.sha256 == sequential.sha256)
    #expect(parallel.sha256 == ContentHash.sha256(bytes: bytes))
    #expect(parallel.rowsRead == rows)
    let half = try #require(parallel.table.column(named: "half"))
    #expect(half.values.enumerated().allSatisfy { $0.element == Double($0.offset) * 0.5 })
    #expect(half.kind == .continuous)
    #expect(parallel.table.column(named: "odd")?.kind == .binary)
    #expect(parallel.table.column(named: "i")?.kind == .integer)
  }
}

@Suite("Content hashes")
struct ContentHashTests {
  @Test("the pipelined (second-core) hasher gives the same digest as hashing at once")
  func pipelined() {
    var rng: UInt64 = 12345
    let bytes = (0..<3_000_000).map { _ -> UInt8 in
      rng = rng &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return UInt8(truncatingIfNeeded: rng >> 33)
    }
    for concurrent in [true, false] {
      let hasher = PipelinedHasher(concurrent: concurrent)
      var offset = 0
      while offset < bytes.count {
        let end = min(bytes.count, offset + 700_001)
        bytes[offset..<end].withUnsafeBytes { hasher.update($0) }
        offset = end
      }
      #expect(hasher.finish() == ContentHash.sha256(bytes: bytes))
    }
  }
}
