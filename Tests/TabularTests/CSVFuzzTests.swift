import Foundation
import TestSupport
import Testing

@testable import Tabular

/// Seeded fuzzing: mutated CSV files must never crash or hang the reader;
/// every outcome is a table or a located `CSVError`, and reading in tiny
/// blocks gives the same outcome as reading at once.
@Suite("CSV reader: fuzz")
struct CSVFuzzTests {
  static let seeds: [String] = [
    "id,group,x,y,flag\n1,a,0.5,1e3,true\n2,\"b, c\",-1.25,NA,false\n3,\"say \"\"q\"\"\",2,3,1\n",
    "a\tb\n1\t2\n\"x\ty\"\t3\n",
    "\u{FEFF}v,w\r\n1,2\r\n\"3\r\n4\",5\r\n",
    "n,m\n1,2\n3,4\n5,6\n7,8\n",
  ]

  static let alphabet: [UInt8] = Array(",\"\n\r\t ab01.-+eE9xNA".utf8) + [0xFF, 0xEF, 0xBB, 0xBF, 0xC3, 0xA9, 0]

  static func mutate(_ base: [UInt8], _ rng: inout SplitMix64) -> [UInt8] {
    var bytes = base
    let edits = 1 + Int(rng.next() % 4)
    for _ in 0..<edits {
      let position = bytes.isEmpty ? 0 : Int(rng.next() % UInt64(bytes.count + 1))
      switch rng.next() % 5 {
      case 0: bytes.insert(alphabet[Int(rng.next() % UInt64(alphabet.count))], at: position)
      case 1: if position < bytes.count { bytes.remove(at: position) }
      case 2: if position < bytes.count { bytes[position] = alphabet[Int(rng.next() % UInt64(alphabet.count))] }
      case 3:
        let length = min(bytes.count - position, Int(rng.next() % 8))
        if length > 0 { bytes.insert(contentsOf: bytes[position..<(position + length)], at: position) }
      default: bytes = Array(bytes.prefix(position))
      }
    }
    return bytes
  }

  static func outcome(_ bytes: [UInt8], _ options: CSVOptions, blockSize: Int?, tail: TailParser? = nil) -> String {
    do throws(CSVError) {
      let t: LoadedTable
      if let blockSize {
        t = try CSVReader.read(bytes: bytes, blockSize: blockSize, options: options, tail: tail)
      } else {
        t = try CSVReader.read(bytes: bytes, fileName: "fuzz.csv", options: options)
      }
      return
        "ok \(t.rowsRead) \(t.table.columnNames) \(t.table.columns.map(\.kind)) \(t.table.columns.map(\.levels)) "
        + "\(t.rowsDropped) \(t.firstDroppedLines) \(t.table.columns.map { $0.values.map(\.bitPattern) })"
    } catch {
      return error.rendered(fileName: "fuzz.csv")
    }
  }

  @Test("10,000 mutated files: no crash, no hang, located errors, block-size independent")
  func fuzz() {
    var rng = SplitMix64(seed: 20_241_129)
    var failures = 0
    for iteration in 0..<10_000 {
      let base = Array(Self.seeds[iteration % Self.seeds.count].utf8)
      let bytes = Self.mutate(base, &rng)
      var options = CSVOptions(delimiter: iteration % Self.seeds.count == 1 ? 9 : 44)
      if rng.next() % 4 == 0 { options.dropMissing = true }
      let whole = Self.outcome(bytes, options, blockSize: nil)
      if whole.hasPrefix("fuzz.csv:") {
        // Located: a line within the file (+1 for a missing final newline).
        let lines = bytes.filter { $0 == 0x0A }.count + 1
        let parts = whole.split(separator: ":")
        if let line = Int(parts[1]), !(1...lines).contains(line) {
          failures += 1
          Issue.record("seed iteration \(iteration): error line \(line) outside 1...\(lines)")
        }
      }
      if iteration % 2 == 0 {
        let chunked = Self.outcome(bytes, options, blockSize: 1 + Int(rng.next() % 7))
        if chunked != whole {
          failures += 1
          if failures < 5 { Issue.record("iteration \(iteration): whole \(whole) vs chunked \(chunked) for \(bytes)") }
        }
      }
    }
    // "No hang" needs no timer: every parse is a single forward pass over at
    // most a few hundred bytes, so a hang would stall this test visibly.
    #expect(failures == 0)
  }

  /// A file of mostly unquoted numbers (the fast path's shape) with, at a
  /// rate drawn per file, what sends a record elsewhere: quoted fields
  /// holding line breaks and delimiters, text, missing values, exponents,
  /// values against a declared kind, short and long rows, blank lines, CRLF,
  /// a quote left open and a last record without a line end.
  static func mostlyNumbers(_ rng: inout SplitMix64) -> (bytes: [UInt8], options: CSVOptions) {
    let fields = 1 + Int(rng.next() % 4)
    let noise = [0, 0, 200, 40, 8][Int(rng.next() % 5)]
    let end = rng.next() % 4 == 0 ? "\r\n" : "\n"
    var text = (0..<fields).map { "c\($0)" }.joined(separator: ",") + end
    func odd() -> Bool { noise > 0 && rng.next() % UInt64(noise) == 0 }
    for _ in 0..<(10 + Int(rng.next() % 300)) {
      var row: [String] = []
      for _ in 0..<fields {
        if odd() {
          row.append(
            ["\"1\n2\"", "\"3,4\"", "NA", "x", "1.5e3", "\"7\"", " 8 ", "2", "-0", "\"a"][Int(rng.next() % 10)])
        } else {
          switch rng.next() % 3 {
          case 0: row.append(String(rng.next() % 2))
          case 1: row.append(String(Int(rng.next() % 2_000_000) - 1_000_000))
          default:
            row.append(String(format: "%.*f", Int(rng.next() % 9), Double(Int(rng.next() % 2_000_000)) / 1000 - 1000))
          }
        }
      }
      if odd() { row.append("9") }
      if odd() && row.count > 1 { row.removeLast() }
      text += row.joined(separator: ",") + end
      if odd() { text += end }
    }
    // Sometimes the last record has no line end.
    if rng.next() % 3 == 0 { text.removeLast(end.count) }
    var options = CSVOptions()
    switch rng.next() % 6 {
    case 0: options.declaredKinds["c0"] = .binary
    case 1: options.declaredKinds["c0"] = .integer
    case 2: options.dropMissing = true
    default: break
    }
    return (Array(text.utf8), options)
  }

  @Test("Split blocks: the second half parsed on another core gives the sequential outcome, errors and lines included")
  func splitBlocks() {
    var rng = SplitMix64(seed: 20_261_208)
    var failures = 0
    var kept = 0
    var discarded = 0
    for iteration in 0..<1500 {
      let (bytes, options) = Self.mostlyNumbers(&rng)
      let whole = Self.outcome(bytes, options, blockSize: nil)
      let tail = TailParser(minimumBytes: 2 + Int(rng.next() % 64))
      let split = Self.outcome(bytes, options, blockSize: 16 + Int(rng.next() % 600), tail: tail)
      kept += tail.rowsKept
      discarded += tail.runsDiscarded
      if split != whole {
        failures += 1
        if failures < 4 {
          Issue.record(
            "iteration \(iteration): whole \(whole) vs split \(split) for \(String(decoding: bytes, as: UTF8.self))")
        }
      }
    }
    #expect(failures == 0)
    // Both outcomes of a split happen: runs kept (rows parsed on the other
    // core) and runs discarded (a split inside a quoted field, a text column).
    #expect(kept > 10_000)
    #expect(discarded > 100)
  }
}
