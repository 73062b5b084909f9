import NumericKernels
import Testing

@testable import CausalEngine

/// The score line's searches against their definitions, computed by brute
/// force over every position (no search involved).
@Suite("Score line searches")
struct ScoreLineTests {
  /// A line of `n` units with scores on a coarse grid (many exact ties) or continuous.
  static func line(_ n: Int, ties: Bool, seed: UInt64) -> ScoreLine {
    var g = Xoshiro256StarStar(seed: seed)
    let scores = (0..<n).map { _ in ties ? Double(Sampling.uniformInt(below: 7, using: &g)) / 4 : g.nextNormal() }
    return ScoreLine(scores: scores, subset: Array(0..<n))
  }

  @Test("firstTrue from any start equals a linear scan", arguments: [0, 1, 2, 5, 64])
  func firstTrue(_ n: Int) {
    for cut in 0...n {
      for start in -1...(n + 1) {
        let found = Ordering.firstTrue(0, n, from: start) { $0 >= cut }
        #expect(found == cut, "n \(n), cut \(cut), start \(start)")
      }
    }
  }

  @Test(
    "matchRange with any hint or run hint is the run of every unit within the m-th squared distance plus the tolerance",
    arguments: [
      (1, false), (2, false), (9, true), (200, true), (200, false),
    ])
  func matchRangeDefinition(_ shape: (Int, Bool)) {
    let (n, ties) = shape
    let line = Self.line(n, ties: ties, seed: UInt64(n))
    var g = Xoshiro256StarStar(seed: 99)
    for trial in 0..<60 {
      let m = 1 + Sampling.uniformInt(below: 3, using: &g)
      let tolerance = trial % 3 == 0 ? 0 : 0.01
      // Half the queries are a unit of the line (skipped), half a value between the scores.
      let skip: Int? = trial % 2 == 0 ? Sampling.uniformInt(below: n, using: &g) : nil
      let value = skip.map { line.scores[$0] } ?? (g.nextNormal() * 0.8)
      let distances = (0..<n).map { (line.scores[$0] - value) * (line.scores[$0] - value) }
      let counted = (0..<n).filter { $0 != skip }.map { distances[$0] }.sorted()
      let expected: ClosedRange<Int>?
      if counted.isEmpty {
        expected = nil
      } else if m >= counted.count {
        expected = 0...(n - 1)
      } else {
        let limit = counted[m - 1] + tolerance
        let within = (0..<n).filter { distances[$0] <= limit }
        expected = within.first!...within.last!
      }
      let plain = line.matchRange(value, m: m, tolerance: tolerance, skip: skip)
      #expect(plain == expected, "n \(n), m \(m), value \(value)")
      for hint in [0, n / 2, n, skip ?? line.lowerBound(value), Sampling.uniformInt(below: n + 1, using: &g)] {
        #expect(line.matchRange(value, m: m, tolerance: tolerance, skip: skip, hint: hint) == expected)
      }
      // A run hint (the previous query's run) anywhere on the line, or past its ends, changes nothing.
      let a = Sampling.uniformInt(below: n, using: &g)
      let b = a + Sampling.uniformInt(below: n - a, using: &g)
      for runHint in [a...b, 0...(n - 1), (n - 1)...(n - 1), 0...0, expected ?? 0...0] {
        #expect(
          line.matchRange(value, m: m, tolerance: tolerance, skip: skip, hint: a, runHint: runHint) == expected,
          "run hint \(runHint)")
      }
    }
  }

  @Test("lowerBounds by merge equal a search per position")
  func lowerBoundsByMerge() {
    let a = Self.line(300, ties: true, seed: 1)
    let b = Self.line(250, ties: true, seed: 2)
    #expect(a.lowerBounds(of: b) == b.scores.map { a.lowerBound($0) })
    let c = Self.line(300, ties: false, seed: 3)
    let e = Self.line(17, ties: false, seed: 4)
    #expect(c.lowerBounds(of: e) == e.scores.map { c.lowerBound($0) })
    #expect(e.lowerBounds(of: c) == c.scores.map { e.lowerBound($0) })
  }
}
