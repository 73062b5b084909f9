import Foundation
import Testing

@testable import CausalGraph

/// `identification: auto` and the named strategies: which strategy is used,
/// the error values for strategies that do not apply, the adjustment
/// choices, bad input, and the result as plain data.
@Suite("Effect identifier")
struct EffectIdentifierTests {
  static func graph(_ text: String) throws -> MixedGraph { try DagittyParser.parse(text).graph }

  @Test("a named strategy that does not apply is an error value naming the criterion")
  func namedStrategiesFail() throws {
    // Pearl 2009, Theorem 3.3.4: front-door graph, where no adjustment set exists.
    let frontDoor = try Self.graph("dag { x -> m -> y; x <-> y }")
    let bd = try EffectIdentifier.identify(graph: frontDoor, treatment: "x", outcome: "y", strategy: .backdoor)
    #expect(!bd.isIdentified)
    #expect(bd.failure?.criterion == "generalized adjustment criterion")
    #expect(bd.failure?.reason.contains("x <-> y") == true)
    #expect(bd.frontDoorMediators?.map(\.name) == ["m"])  // the alternatives are still reported

    // The bow arc: nothing applies (Pearl 2009, sec. 3.5).
    let bow = try Self.graph("dag { x -> y; x <-> y }")
    let fd = try EffectIdentifier.identify(graph: bow, treatment: "x", outcome: "y", strategy: .frontdoor)
    #expect(fd.failure?.criterion == "front-door criterion")
    let iv = try EffectIdentifier.identify(graph: bow, treatment: "x", outcome: "y", strategy: .instrumentalVariable)
    #expect(iv.failure?.criterion == "instrumental variable")
    let id = try EffectIdentifier.identify(graph: bow, treatment: "x", outcome: "y", strategy: .generalIdentification)
    #expect(id.failure?.reason.contains("hedge") == true)
    #expect(id.hedge?.forest.count == 2)
    let auto = try EffectIdentifier.identify(graph: bow, treatment: "x", outcome: "y")
    #expect(auto.strategy == nil && auto.failure?.strategy == .automatic)
    #expect(auto.failure?.reason.contains("x <-> y") == true)
    #expect(auto.adjustmentFailure?.contains("x <-> y stays open") == true)
  }

  @Test("named strategies that apply")
  func namedStrategiesApply() throws {
    // Napkin (Pearl & Mackenzie 2018, ch. 7): ID applies, back-door and front-door do not.
    let napkin = try Self.graph("dag { w1 -> w2 -> x -> y; w1 <-> x; w1 <-> y }")
    let id = try EffectIdentifier.identify(
      graph: napkin, treatment: "x", outcome: "y", strategy: .generalIdentification)
    #expect(id.strategy == .generalIdentification)
    #expect(id.estimand == id.idFunctional && id.estimand != nil)
    for strategy in [IdentificationMethod.backdoor, .frontdoor] {
      let r = try EffectIdentifier.identify(graph: napkin, treatment: "x", outcome: "y", strategy: strategy)
      #expect(!r.isIdentified)
    }
    let iv = try EffectIdentifier.identify(graph: napkin, treatment: "x", outcome: "y", strategy: .instrumentalVariable)
    #expect(iv.estimand == "cov(y, w2 | w1) / cov(x, w2 | w1)")
    #expect(iv.instruments.first?.relevance.contains("d-connected") == true)
    #expect(iv.instruments.first?.exclusion.contains("d-separated") == true)
  }

  @Test("the IV estimand names every instrument (closed form: the 2SLS functional)")
  func instrumentEstimandNamesEveryInstrument() throws {
    let g = try Self.graph("dag { z1 -> x; z2 -> x; x -> y; x <-> y }")
    let iv = try EffectIdentifier.identify(graph: g, treatment: "x", outcome: "y", strategy: .instrumentalVariable)
    #expect(iv.estimand == "cov(y, Ẑ) / cov(x, Ẑ), Ẑ = E[x | z1, z2]")
  }

  @Test("adjustment choices: minimal, optimal, all, explicit")
  func adjustmentChoices() throws {
    // DoWhy example_graphs.py mediator-with-conf: minimal {W1}, canonical and
    // optimal {W1, W2} (optimal by hand: pa(M) ∪ pa(Y) minus forbidden nodes).
    let g = try Self.graph("dag { X -> Y; W1 -> X; W1 -> Y; W2 -> M; W2 -> Y; X -> M; M -> Y }")
    func run(_ choice: AdjustmentSetChoice) throws -> IdentificationResult {
      try EffectIdentifier.identify(graph: g, treatment: "X", outcome: "Y", adjustment: choice)
    }
    #expect(try run(.minimal).adjustmentSet?.map(\.name) == ["W1"])
    #expect(try run(.optimal).adjustmentSet?.map(\.name) == ["W1", "W2"])
    #expect(try run(.all).adjustmentSet?.map(\.name) == ["W1", "W2"])
    let explicit = try run(.explicit(["W2", "W1"]))
    #expect(explicit.strategy == .backdoor && explicit.adjustmentSet?.map(\.name) == ["W1", "W2"])
    #expect(explicit.estimand?.hasPrefix("sum_{") == true)
    let bad = try run(.explicit(["M", "W1"]))
    #expect(bad.strategy == nil)
    #expect(bad.failure?.reason.contains("M lies on a causal path") == true)
    #expect(bad.adjustmentVerdict?.isValid == false)
    let unknown = try run(.explicit(["Q"]))
    #expect(unknown.failure?.reason.contains("not in the graph: Q") == true)
    // Paths are explained for the set used: X <- W1 -> Y is blocked by W1.
    let minimal = try run(.minimal)
    let path = minimal.paths.paths.first { $0.text == "X <- W1 -> Y" }
    #expect(path?.status == .blockedByConditioning(node: g.node(named: "W1")!))
    #expect(path?.isBackdoor == true)
    #expect(minimal.minimalAdjustmentSets.map { $0.map(\.name) } == [["W1"]])
  }

  @Test("optimal choice falls back to a minimal set, with a note, when O(X,Y) has a latent node")
  func optimalFallback() throws {
    // DoWhy example_graphs.py common_cause_of_mediator2: O would contain the latent U.
    let g = try Self.graph("dag { U [latent]; X -> M; M -> Y; U -> Z; U -> M; Z -> X }")
    let r = try EffectIdentifier.identify(graph: g, treatment: "X", outcome: "Y", adjustment: .optimal)
    #expect(r.adjustmentSet?.map(\.name) == ["Z"])
    #expect(r.optimalAdjustmentSet == nil)
    #expect(r.optimalAdjustmentNote?.contains("latent node U") == true)
    #expect(r.notes.contains { $0.contains("minimal set is used instead") })
  }

  @Test("bad input is an IdentificationError listing every problem")
  func badInput() throws {
    let g = try Self.graph("dag { u [latent]; u -> x -> y }")
    #expect(throws: IdentificationError.self) {
      try EffectIdentifier.identify(graph: g, treatment: "nope", outcome: "y")
    }
    do {
      _ = try CausalQuery(
        graph: g, treatments: [g.node(named: "u")!, g.node(named: "y")!], outcomes: [g.node(named: "y")!])
      Issue.record("accepted a latent treatment")
    } catch {
      #expect(error.problems.count == 2)
      #expect(error.problems.contains("'u' is latent; a treatment or outcome must be observed"))
      #expect(error.problems.contains("'y' is both a treatment and an outcome"))
    }
    var cyclic = MixedGraph()
    let a = cyclic.addNode("a")
    let b = cyclic.addNode("b")
    cyclic.addDirectedEdge(from: a, to: b)
    cyclic.addDirectedEdge(from: b, to: a)
    #expect(throws: IdentificationError(["the graph has a cycle: a -> b -> a"])) {
      try CausalQuery(graph: cyclic, treatments: [a], outcomes: [b])
    }
  }

  @Test("several treatments: adjustment and ID for joint interventions")
  func jointTreatments() throws {
    // dagitty R tests testAdjustments.R ("pags"): for X = {X1, X2, X3},
    // adjustmentSets(type = "all") gives exactly two sets, {} and {V1}.
    let g = try Self.graph("dag { X1 -> V1 -> X2 -> Y; V1 -> X3 }")
    let q = try CausalQuery(
      graph: g, treatments: ["X1", "X2", "X3"].map { g.node(named: $0)! }, outcomes: [g.node(named: "Y")!])
    #expect(q.checkAdjustmentSet([]).isValid)
    #expect(q.checkAdjustmentSet([g.node(named: "V1")!]).isValid)
    // By hand: w confounds both treatments and the outcome.
    let h = try Self.graph("dag { w -> x1; w -> x2; w -> y; x1 -> y; x2 -> y }")
    let joint = try CausalQuery(
      graph: h, treatments: [h.node(named: "x1")!, h.node(named: "x2")!], outcomes: [h.node(named: "y")!])
    #expect(joint.minimalAdjustmentSets().sets == [[h.node(named: "w")!]])
    #expect(joint.identifyEffect().isIdentified)
    #expect(joint.findInstruments().isEmpty)
    let result = EffectIdentifier.identify(joint)
    #expect(result.strategy == .backdoor)
  }

  @Test("the result is plain Codable data and is deterministic")
  func codableAndDeterministic() throws {
    let g = try Self.graph("dag { w -> z -> x -> y; w -> u -> x; u -> y; x <-> y }")
    let first = try EffectIdentifier.identify(graph: g, treatment: "x", outcome: "y")
    let second = try EffectIdentifier.identify(graph: g, treatment: "x", outcome: "y")
    #expect(first == second)
    let data = try JSONEncoder().encode(first)
    let decoded = try JSONDecoder().decode(IdentificationResult.self, from: data)
    #expect(decoded == first)
    let implied = g.impliedIndependencies()
    #expect(try JSONDecoder().decode(ImpliedIndependencies.self, from: JSONEncoder().encode(implied)) == implied)
  }
}
