import TestSupport
import Testing

@testable import CausalGraph

/// Instruments, front-door sets and implied independencies on seeded random
/// graphs with latent nodes and bidirected edges, against brute force over
/// every subset with path-by-path m-separation in the full graph.
@Suite("Criteria properties")
struct CriteriaPropertyTests {
  static func cases(count: Int, seed: UInt64) -> [AdjustmentPropertyTests.Case] {
    AdjustmentPropertyTests.cases(count: count, seed: seed)
  }

  @Test("instruments: every ancestral instrument is found, and some instrument exactly when any exists (1,000 graphs)")
  func instruments() throws {
    var found = 0
    var conditional = 0
    for (i, c) in Self.cases(count: 1_000, seed: 0x1717).enumerated() {
      let g = c.g
      let affected = BruteForce.descendants(g, c.x).union(BruteForce.descendants(g, c.y))
      let cn = BruteForce.causalNodes(g, c.x, c.y)
      let cut = BruteForce.without(g) { from, to in from == c.x && cn.contains(to) }
      func works(_ z: Int, _ w: [Int]) -> Bool {
        !BruteForce.separated(g, z, c.x, given: Set(w)) && BruteForce.separated(cut, z, c.y, given: Set(w))
      }
      let q = try CausalQuery(graph: g, treatments: [c.x], outcomes: [c.y])
      let listed = q.findInstruments()
      let listedNodes = Set(listed.map(\.instrument))
      var anyInstrument = false
      for z in g.nodes where !g.isLatent[z] && z != c.x && z != c.y {
        let admissible = g.nodes.filter {
          !g.isLatent[$0] && $0 != z && $0 != c.x && $0 != c.y && !affected.contains($0)
        }
        let subsets = BruteForce.subsets(of: admissible)
        if subsets.contains(where: { works(z, $0) }) { anyInstrument = true }
        // Ancestral: W among the ancestors of Y and Z (van der Zander et al. 2015).
        let ancestors = g.nodes.filter { v in
          !BruteForce.descendants(g, v).isDisjoint(with: [z, c.y])
        }
        let ancestral = subsets.contains { Set($0).isSubset(of: ancestors) && works(z, $0) }
        if ancestral { #expect(listedNodes.contains(z), "case \(i): \(g.names[z])") }
        // The test for a given (Z, W) agrees with the definition.
        for w in subsets.prefix(6) {
          #expect(q.checkInstrument(z, given: w).isValid == works(z, w), "case \(i): \(g.names[z]) | \(w)")
        }
      }
      #expect(listed.isEmpty == !anyInstrument, "case \(i)")
      for v in listed {
        #expect(v.isValid && works(v.instrument, v.conditioningSet), "case \(i)")
        #expect(v.relevance.holds && v.exclusion.holds && v.admissibility.holds)
        #expect(q.checkInstrument(v.instrument, given: v.conditioningSet).isValid)
        if !v.conditioningSet.isEmpty { conditional += 1 }
      }
      found += listed.count
    }
    #expect(found > 200 && conditional > 30)
  }

  @Test("front-door: a set is found exactly when one exists (1,000 graphs)")
  func frontDoor() throws {
    var exists = 0
    for (i, c) in Self.cases(count: 1_000, seed: 0xF0D0).enumerated() {
      let g = c.g
      let directed = BruteForce.paths(g, from: c.x, to: c.y).filter(\.isDirected)
      let cutX = BruteForce.without(g) { from, _ in from == c.x }
      func isFrontDoor(_ m: [Int]) -> Bool {
        let ms = Set(m)
        // (i) every directed path from X to Y meets M.
        if directed.contains(where: { Set($0.nodes).isDisjoint(with: ms) }) { return false }
        // (ii) X ⊥ M in the graph without X's outgoing edges.
        if !m.allSatisfy({ BruteForce.separated(cutX, c.x, $0, given: []) }) { return false }
        // (iii) M ⊥ Y | X in the graph without M's outgoing edges.
        let cutM = BruteForce.without(g) { from, _ in ms.contains(from) }
        return m.allSatisfy { BruteForce.separated(cutM, $0, c.y, given: [c.x]) }
      }
      let candidates = g.nodes.filter { !g.isLatent[$0] && $0 != c.x && $0 != c.y }
      let any = BruteForce.subsets(of: candidates).contains(where: isFrontDoor)
      let q = try CausalQuery(graph: g, treatments: [c.x], outcomes: [c.y])
      let found = q.findFrontDoorSet()
      #expect((found != nil) == any, "case \(i)")
      if let found {
        exists += 1
        #expect(isFrontDoor(found.largest) && isFrontDoor(found.pruned), "case \(i)")
        #expect(q.checkFrontDoor(found.pruned).isValid)
      }
      // The verdict on single nodes agrees with the brute force.
      for m in candidates {
        #expect(q.checkFrontDoor([m]).isValid == isFrontDoor([m]), "case \(i) m \(g.names[m])")
      }
    }
    #expect(exists > 100)
  }

  @Test("implied independencies hold, cover every non-adjacent pair, and skip only inseparable ones (1,000 graphs)")
  func impliedIndependencies() {
    var rng = SplitMix64(seed: 0x1C1C)
    var statements = 0
    var inseparable = 0
    for i in 0..<1_000 {
      let n = Int.random(in: 3...8, using: &rng)
      let g = RandomGraphs.make(
        nodes: n, directed: 0.35, bidirected: i.isMultiple(of: 2) ? 0.15 : 0,
        latent: i.isMultiple(of: 3) ? 0.2 : 0, using: &rng)
      let implied = g.impliedIndependencies()
      let projection = g.latentProjection()
      let observed = projection.originalNodes
      var covered = Set<[Int]>()
      for s in implied.statements {
        #expect(BruteForce.separated(g, s.first, s.second, given: Set(s.given)), "graph \(i): \(s.text)")
        #expect(s.given.allSatisfy { !g.isLatent[$0] })
        covered.insert([s.first, s.second])
      }
      for pair in implied.inseparablePairs {
        let others = observed.filter { !pair.contains($0) }
        #expect(
          !BruteForce.subsets(of: others).contains { BruteForce.separated(g, pair[0], pair[1], given: Set($0)) },
          "graph \(i)")
        covered.insert(pair)
      }
      var expected = Set<[Int]>()
      for a in 0..<observed.count {
        for b in (a + 1)..<observed.count where !projection.graph.areAdjacent(a, b) {
          expected.insert([observed[a], observed[b]])
        }
      }
      #expect(covered == expected, "graph \(i)")
      #expect(implied.statements.count + implied.inseparablePairs.count == expected.count)
      statements += implied.statements.count
      inseparable += implied.inseparablePairs.count
    }
    #expect(statements > 1_000 && inseparable > 10)
  }
}
