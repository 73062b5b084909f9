import Foundation

/// The repository's seeded mutation fuzzer (issue 20): turns a corpus of
/// valid inputs (seeded from the tests' own files) into mutated ones, the
/// same every run for a seed, so a failure replays exactly.
///
/// Each mutation applies 1 to 8 edits: replace, delete or insert a byte from
/// the input's alphabet, duplicate, swap or drop lines, truncate, splice in a
/// piece of another corpus entry, or insert a token that has broken parsers
/// before (control characters, quotes, very long runs, NUL bytes).
/// `make test` runs a fixed small number of iterations (seconds);
/// `ASSAY_LONG_TESTS=1` runs ``iterations(_:long:)``'s long count.
public struct MutationFuzzer {
  public var rng: SplitMix64
  public let corpus: [[UInt8]]
  public let alphabet: [UInt8]

  /// Tokens worth inserting whatever the format.
  public static let tokens: [[UInt8]] = [
    Array("\u{1B}]8;;http://x\u{07}".utf8), Array("\n::add-mask::x\n".utf8), Array("\u{85}".utf8),
    Array("\"".utf8), Array("\"\"".utf8), Array("N/A".utf8), Array(".".utf8), Array("nan".utf8),
    Array("1e400".utf8), Array("-".utf8), Array("\r".utf8), [0, 0, 0], [0xFF, 0xFE],
    [UInt8](repeating: 0x61, count: 300), [UInt8](repeating: 0x5B, count: 80),
  ]

  public init(seed: UInt64, corpus: [[UInt8]], alphabet: [UInt8]) {
    precondition(!corpus.isEmpty, "a fuzzer needs a corpus")
    rng = SplitMix64(seed: seed)
    self.corpus = corpus
    self.alphabet = alphabet
  }

  /// Iterations: `standard` in `make test`, `long` with `ASSAY_LONG_TESTS=1`.
  public static func iterations(_ standard: Int, long: Int) -> Int {
    ProcessInfo.processInfo.environment["ASSAY_LONG_TESTS"] == "1" ? long : standard
  }

  mutating func below(_ n: Int) -> Int { n <= 0 ? 0 : Int(rng.next() % UInt64(n)) }

  /// The next mutated input (from corpus entry `iteration % corpus.count`).
  public mutating func next(_ iteration: Int) -> [UInt8] {
    mutate(corpus[iteration % corpus.count])
  }

  public mutating func mutate(_ bytes: [UInt8]) -> [UInt8] {
    var out = bytes
    for _ in 0..<(1 + below(8)) {
      let at = below(out.count + 1)
      switch below(10) {
      case 0: if at < out.count { out[at] = alphabet[below(alphabet.count)] }
      case 1: if at < out.count { out.remove(at: at) }
      case 2: out.insert(alphabet[below(alphabet.count)], at: at)
      case 3:
        var lines = out.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
        let i = below(lines.count)
        lines.insert(lines[i], at: i)
        out = Array(lines.joined(separator: [0x0A]))
      case 4:
        var lines = out.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
        lines.swapAt(below(lines.count), below(lines.count))
        out = Array(lines.joined(separator: [0x0A]))
      case 5:
        var lines = out.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
        if lines.count > 1 { lines.remove(at: below(lines.count)) }
        out = Array(lines.joined(separator: [0x0A]))
      case 6: out = Array(out[..<at])
      case 7:
        let other = corpus[below(corpus.count)]
        let start = below(other.count)
        let piece = other[start..<min(other.count, start + 1 + below(40))]
        out.insert(contentsOf: piece, at: at)
      default: out.insert(contentsOf: Self.tokens[below(Self.tokens.count)], at: at)
      }
    }
    return out
  }
}
