import TestSupport
import Testing

@testable import CausalGraph

/// The ID functional, the back-door formula and the front-door formula are
/// evaluated on random binary models that factorize according to random
/// ADMGs (with latent nodes), and compared with the truth from the
/// truncated factorization. Tolerance 1e-9: every value is a probability
/// computed exactly up to floating-point rounding of sums of at most 2^12
/// products of at most 12 factors (errors near 1e-15), so any larger gap is
/// a wrong formula, not rounding.
@Suite("Identification properties")
struct IdentificationPropertyTests {
  static let tolerance = 1e-9

  struct Case {
    var g: MixedGraph
    var x: [Int]
    var y: [Int]
  }

  static func cases(count: Int, seed: UInt64) -> [Case] {
    var rng = SplitMix64(seed: seed)
    var out: [Case] = []
    while out.count < count {
      let n = Int.random(in: 3...6, using: &rng)
      let g = RandomGraphs.make(
        nodes: n, directed: 0.45, bidirected: out.count.isMultiple(of: 4) ? 0 : 0.2,
        latent: out.count.isMultiple(of: 3) ? 0.15 : 0, using: &rng)
      if g.bidirectedEdges.count > 4 { continue }
      guard let (a, b) = RandomGraphs.pair(in: g, using: &rng) else { continue }
      var x = [a]
      var y = [b]
      let rest = g.nodes.filter { !g.isLatent[$0] && $0 != a && $0 != b }
      if out.count.isMultiple(of: 5), let extra = rest.randomElement(using: &rng) {
        if Bool.random(using: &rng) { x.append(extra) } else { y.append(extra) }
      }
      out.append(Case(g: g, x: x.sorted(), y: y.sorted()))
    }
    return out
  }

  @Test("ID functionals equal the truth; back-door and front-door agree with it (1,000 graphs)")
  func functionalsMatchTruth() throws {
    var rng = SplitMix64(seed: 0x1D1D)
    var identified = 0
    var hedges = 0
    var backdoor = 0
    var frontdoor = 0
    var withArbitrary = 0
    for (i, c) in Self.cases(count: 1_000, seed: 0x1DE7).enumerated() {
      let q = try CausalQuery(graph: c.g, treatments: c.x, outcomes: c.y)
      var model = DiscreteModel(graph: c.g, using: &rng)
      let effect = q.identifyEffect()
      if let e = effect.expression {
        identified += 1
        let free = Set(e.freeVariables.map(\.node))
        #expect(free.subtracting(c.x + c.y) == Set(effect.arbitraryNodes), "case \(i)")
        if !effect.arbitraryNodes.isEmpty { withArbitrary += 1 }
        let error = model.error(of: e, x: c.x, y: c.y)
        #expect(error < Self.tolerance, "case \(i): \(effect.text ?? "")")
      } else if let hedge = effect.hedge {
        hedges += 1
        // F' ⊂ F, F meets X and F' does not (Shpitser & Pearl 2006, Def. 4).
        #expect(Set(hedge.subforest).isStrictSubset(of: Set(hedge.forest)), "case \(i)")
        #expect(!Set(hedge.forest).isDisjoint(with: c.x))
        #expect(Set(hedge.subforest).isDisjoint(with: c.x))
      }
      // Back-door: the formula with the canonical and a minimal set.
      if let canonical = q.canonicalAdjustmentSet() {
        backdoor += 1
        #expect(effect.isIdentified, "case \(i): adjustment exists, so ID must succeed")
        for z in [canonical, q.minimalAdjustmentSet() ?? canonical] {
          let e = Self.backdoor(x: c.x, y: c.y, z: z)
          #expect(model.error(of: e, x: c.x, y: c.y) < Self.tolerance, "case \(i) z \(z)")
        }
      }
      // Front-door with the set found.
      if c.x.count == 1, c.y.count == 1, let fd = q.findFrontDoorSet() {
        frontdoor += 1
        #expect(effect.isIdentified, "case \(i): a front-door set exists, so ID must succeed")
        for m in [fd.pruned, fd.largest] {
          let e = Self.frontdoor(x: c.x, y: c.y, m: m)
          #expect(model.error(of: e, x: c.x, y: c.y) < Self.tolerance, "case \(i) m \(m)")
        }
      }
    }
    #expect(identified > 400 && hedges > 80 && backdoor > 250 && frontdoor > 25 && withArbitrary > 0)
  }

  /// `sum_z P(y | x, z) P(z)`.
  static func backdoor(x: [Int], y: [Int], z: [Int]) -> ProbabilityExpression {
    let v = { (s: [Int]) in s.map { ProbabilityVariable($0) } }
    if z.isEmpty { return .probability(of: v(y), given: v(x)) }
    return .sum(over: v(z), .product([.probability(of: v(y), given: v(x) + v(z)), .probability(of: v(z), given: [])]))
  }

  /// `sum_m P(m | x) sum_{x'} P(y | m, x') P(x')` with x' written as primes.
  static func frontdoor(x: [Int], y: [Int], m: [Int]) -> ProbabilityExpression {
    let v = { (s: [Int]) in s.map { ProbabilityVariable($0) } }
    let xp = x.map { ProbabilityVariable($0, primes: 1) }
    return .sum(
      over: v(m),
      .product([
        .probability(of: v(m), given: v(x)),
        .sum(over: xp, .product([.probability(of: v(y), given: v(m) + xp), .probability(of: xp, given: [])])),
      ]))
  }
}
