import TestSupport
import Testing

@testable import CausalGraph

/// Adjustment sets on seeded random DAGs and ADMGs with latent nodes,
/// checked against the definition of the adjustment criterion applied to
/// every subset of observed nodes, path by path, in the full graph (latent
/// nodes included), independently of the latent projection.
@Suite("Adjustment properties")
struct AdjustmentPropertyTests {
  struct Case {
    var g: MixedGraph
    var x: Int
    var y: Int
  }

  static func cases(count: Int, seed: UInt64) -> [Case] {
    var rng = SplitMix64(seed: seed)
    var out: [Case] = []
    while out.count < count {
      let kind = out.count % 3  // DAG, DAG with latent nodes, ADMG with latent nodes
      let n = Int.random(in: 3...8, using: &rng)
      let g = RandomGraphs.make(
        nodes: n, directed: 0.4, bidirected: kind == 2 ? 0.12 : 0, latent: kind == 0 ? 0 : 0.2,
        using: &rng)
      guard let (x, y) = RandomGraphs.pair(in: g, using: &rng) else { continue }
      out.append(Case(g: g, x: x, y: y))
    }
    return out
  }

  @Test("every listed set is valid and minimal, and no minimal set is missed (1,200 graphs)")
  func enumerationIsCompleteAndSound() throws {
    var withSets = 0
    for (i, c) in Self.cases(count: 1_200, seed: 0xAD05).enumerated() {
      let g = c.g
      let paths = BruteForce.paths(g, from: c.x, to: c.y, avoid: [])
        .filter { !$0.nodes.dropFirst().contains(c.x) }
      let forbidden = BruteForce.forbidden(g, c.x, c.y)
      let candidates = g.nodes.filter {
        !g.isLatent[$0] && $0 != c.x && $0 != c.y && !forbidden.contains($0)
      }
      let valid = BruteForce.subsets(of: candidates).filter {
        BruteForce.isAdjustmentSet(g, Set($0), forbidden: forbidden, paths: paths)
      }
      let minimal = Set(
        valid.filter { s in !valid.contains { t in t.count < s.count && Set(t).isSubset(of: s) } }
          .map { Set($0) })
      let q = try CausalQuery(graph: g, treatments: [c.x], outcomes: [c.y])
      let listed = q.minimalAdjustmentSets()
      #expect(Set(listed.sets.map { Set($0) }) == minimal, "case \(i)")
      #expect(listed.sets.count == minimal.count, "case \(i): no repeats")
      if !minimal.isEmpty { withSets += 1 }
      // The decision procedure agrees with the definition on every subset.
      for s in BruteForce.subsets(of: candidates) {
        let expected = BruteForce.isAdjustmentSet(g, Set(s), forbidden: forbidden, paths: paths)
        let verdict = q.checkAdjustmentSet(s)
        #expect(verdict.isValid == expected, "case \(i) set \(s)")
        if !verdict.isValid { #expect(!verdict.problems.isEmpty) }
      }
      // Forbidden nodes are refused with that reason.
      for f in forbidden where f != c.x && !g.isLatent[f] && f != c.y {
        #expect(q.checkAdjustmentSet([f]).problems.contains { if case .forbidden = $0 { true } else { false } })
      }
      // Canonical: valid exactly when some valid set exists.
      let canonical = q.canonicalAdjustmentSet()
      #expect((canonical != nil) == !valid.isEmpty, "case \(i)")
      if let canonical {
        #expect(BruteForce.isAdjustmentSet(g, Set(canonical), forbidden: forbidden, paths: paths))
      }
      if let one = q.minimalAdjustmentSet() { #expect(minimal.contains(Set(one)), "case \(i)") }
      // Optimal, when given, is valid.
      if let o = q.optimalAdjustmentSet().nodes {
        #expect(BruteForce.isAdjustmentSet(g, Set(o), forbidden: forbidden, paths: paths), "case \(i)")
      }
    }
    #expect(withSets > 300)
  }

  @Test("path explanations: a set is valid iff no listed non-causal path is open (400 graphs)")
  func explanationsAgree() throws {
    for (i, c) in Self.cases(count: 400, seed: 0xE1A9).enumerated() {
      let q = try CausalQuery(graph: c.g, treatments: [c.x], outcomes: [c.y])
      for z in [q.canonicalAdjustmentSet() ?? [], [], q.minimalAdjustmentSet() ?? []] {
        let verdict = q.checkAdjustmentSet(z)
        let listing = q.nonCausalPaths(given: z)
        #expect(listing.omitted == 0 && !listing.omittedIsLowerBound)
        let anyOpen = listing.paths.contains { $0.status.isOpen }
        let forbiddenProblem = verdict.problems.contains { if case .forbidden = $0 { true } else { false } }
        if !forbiddenProblem { #expect(verdict.isValid == !anyOpen, "case \(i) z \(z)") }
        for p in listing.paths {
          #expect(!p.path.isCausal)
          // The status names a real blocker.
          switch p.status {
          case .open: break
          case .blockedByConditioning(let v): #expect(z.contains(v))
          case .blockedByCollider(let v): #expect(!z.contains(v))
          }
        }
      }
    }
  }
}
