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

  static func outcome(_ bytes: [UInt8], _ options: CSVOptions, blockSize: Int?) -> String {
    do throws(CSVError) {
      let t: LoadedTable
      if let blockSize {
        t = try CSVReader.read(bytes: bytes, blockSize: blockSize, options: options)
      } else {
        t = try CSVReader.read(bytes: bytes, fileName: "fuzz.csv", options: options)
      }
      return "ok \(t.rowsRead) \(t.table.columnNames) \(t.table.columns.map { $0.values.map(\.bitPattern) })"
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
}
