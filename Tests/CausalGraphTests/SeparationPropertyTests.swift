import TestSupport
import Testing

@testable import CausalGraph

/// Property tests of the graph queries against brute-force path enumeration
/// (``BruteForce``) on seeded random DAGs and ADMGs.
@Suite("Separation properties")
struct SeparationPropertyTests {
  @Test("m-separation agrees with path enumeration (1,000 graphs)")
  func separationMatchesPaths() {
    var rng = SplitMix64(seed: 0x5E9A)
    var checked = 0
    for round in 0..<1_000 {
      let n = Int.random(in: 3...7, using: &rng)
      let g = RandomGraphs.make(
        nodes: n, directed: 0.35, bidirected: round.isMultiple(of: 2) ? 0.15 : 0, using: &rng)
      let a = Int.random(in: 0..<n, using: &rng)
      var b = Int.random(in: 0..<n, using: &rng)
      if b == a { b = (a + 1) % n }
      let others = (0..<n).filter { $0 != a && $0 != b }
      let z = others.filter { _ in Bool.random(using: &rng) }
      let expected = BruteForce.separated(g, a, b, given: Set(z))
      #expect(
        g.isSeparated([a], [b], given: z) == expected, "round \(round): \(g.names[a]) vs \(g.names[b]) given \(z)")
      let connected = Set(g.connectedNodes(from: [a], given: z))
      for v in others where !z.contains(v) {
        #expect(connected.contains(v) == !BruteForce.separated(g, a, v, given: Set(z)), "round \(round)")
      }
      checked += 1
    }
    #expect(checked == 1_000)
  }

  @Test("minimal separators: FindMinSep and ListMinSep against all subsets (400 graphs)")
  func minimalSeparators() {
    var rng = SplitMix64(seed: 0x11A7)
    for round in 0..<400 {
      let n = Int.random(in: 3...7, using: &rng)
      let g = RandomGraphs.make(
        nodes: n, directed: 0.4, bidirected: round.isMultiple(of: 3) ? 0.15 : 0, using: &rng)
      let a = 0
      let b = n - 1
      let allowed = (1..<(n - 1)).filter { _ in Double.random(in: 0..<1, using: &rng) < 0.8 }
      let separating = BruteForce.subsets(of: allowed).filter {
        BruteForce.separated(g, a, b, given: Set($0))
      }
      let minimal = separating.filter { s in
        !separating.contains { t in t.count < s.count && Set(t).isSubset(of: s) }
      }
      let listed = g.listMinimalSeparators([a], [b], allowed: allowed)
      #expect(!listed.truncated)
      #expect(
        Set(listed.separators.map { Set($0) }) == Set(minimal.map { Set($0) }),
        "round \(round)")
      #expect(listed.separators.count == Set(listed.separators.map { Set($0) }).count, "no repeats")
      let one = g.findMinimalSeparator([a], [b], allowed: allowed)
      #expect((one == nil) == minimal.isEmpty, "round \(round)")
      if let one { #expect(minimal.contains { Set($0) == Set(one) }, "round \(round)") }
      let any = g.findSeparator([a], [b], allowed: allowed)
      #expect((any == nil) == separating.isEmpty, "round \(round)")
    }
  }

  @Test("ancestors, descendants and districts by their definitions (300 graphs)")
  func ancestry() {
    var rng = SplitMix64(seed: 0xA9C3)
    for _ in 0..<300 {
      let n = Int.random(in: 2...8, using: &rng)
      let g = RandomGraphs.make(nodes: n, directed: 0.3, bidirected: 0.2, using: &rng)
      let s = (0..<n).filter { _ in Double.random(in: 0..<1, using: &rng) < 0.3 }
      let down = s.reduce(into: Set<Int>()) { $0.formUnion(BruteForce.descendants(g, $1)) }
      #expect(Set(g.descendants(of: s)) == down)
      let up = (0..<n).filter { v in !BruteForce.descendants(g, v).isDisjoint(with: s) }
      #expect(g.ancestors(of: s) == up)
      // Two nodes share a district iff a path of bidirected edges joins them.
      let districts = g.districts()
      #expect(districts.flatMap { $0 }.sorted() == Array(0..<n))
      for d in districts {
        for v in d {
          for w in g.siblings[v] { #expect(d.contains(w)) }
        }
      }
    }
  }
}
