import Foundation
import StudyModel
import StudySpec
import TestSupport
import Testing

/// Seeded fuzzing of the loader: mutated study files must never crash or
/// hang it; each must end in a study or in diagnostics.
@Suite("Loader fuzzing")
struct FuzzTests {
  static let seeds: [String] = Fixtures.files(in: "valid") + [Fixtures.root + "/studies/nsw-experimental.yaml"]

  /// Bytes a mutation inserts: YAML's structural characters and a few others.
  static let alphabet: [UInt8] = Array(":-[]{},&*!|>#'\"\n\t %@`?~=<.0123456789abcxyz".utf8) + [0x00, 0xC3, 0xFF]

  static func mutate(_ bytes: [UInt8], rng: inout SplitMix64) -> [UInt8] {
    var out = bytes
    let edits = 1 + Int(rng.next() % 8)
    for _ in 0..<edits where !out.isEmpty {
      let at = Int(rng.next() % UInt64(out.count))
      switch rng.next() % 7 {
      case 0: out[at] = alphabet[Int(rng.next() % UInt64(alphabet.count))]
      case 1: out.remove(at: at)
      case 2: out.insert(alphabet[Int(rng.next() % UInt64(alphabet.count))], at: at)
      case 3:  // duplicate a line
        let lines = out.split(separator: 0x0A, omittingEmptySubsequences: false)
        let i = Int(rng.next() % UInt64(lines.count))
        var copy = lines
        copy.insert(lines[i], at: i)
        out = Array(copy.joined(separator: [0x0A]))
      case 4:  // swap two lines
        var lines = out.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
        let i = Int(rng.next() % UInt64(lines.count))
        let j = Int(rng.next() % UInt64(lines.count))
        lines.swapAt(i, j)
        out = Array(lines.joined(separator: [0x0A]))
      case 5:  // truncate
        out = Array(out[..<at])
      default:  // change indentation of a line
        if let lineStart = out[..<at].lastIndex(of: 0x0A) { out.insert(0x20, at: lineStart + 1) }
      }
    }
    return out
  }

  @Test("10,000 mutated study files: no crash, no hang")
  func fuzz() throws {
    let sources = Self.seeds.map { (path: $0, bytes: Array(Fixtures.text($0).utf8)) }
    var rng = SplitMix64(seed: 20_261_129)
    var loaded = 0
    var refused = 0
    let clock = ContinuousClock()
    let start = clock.now
    for iteration in 0..<10_000 {
      let source = sources[iteration % sources.count]
      let bytes = Self.mutate(source.bytes, rng: &rng)
      let outcome = StudyLoader.load(bytes: bytes, file: source.path, environment: Fixtures.environment)
      if outcome.study != nil { loaded += 1 } else { refused += 1 }
      // Every refusal says why.
      if outcome.study == nil, !outcome.diagnostics.containsErrors {
        Issue.record("iteration \(iteration): no study and no error")
      }
      // Rendering every diagnostic must not crash either.
      _ = Fixtures.render(outcome.diagnostics)
    }
    #expect(loaded + refused == 10_000)
    #expect(refused > 5_000)
    #expect(clock.now - start < .seconds(120))
  }
}
