import StudyModel
import Testing

@testable import AuditReport

/// The layered layout of causal graphs.
@Suite("Graph layout")
struct GraphLayoutTests {
  static func graph(_ edges: [String], nodes: [String] = []) -> GraphRecord {
    let edgeList = RecordKit.edges(edges)
    var names = nodes
    for edge in edgeList { for name in [edge.from, edge.to] where !names.contains(name) { names.append(name) } }
    return GraphRecord(nodes: names.map { GraphRecord.Node(name: $0, latent: false, roles: []) }, edges: edgeList)
  }

  @Test("longest-path layers: every node one layer right of its deepest parent")
  func layers() {
    let layout = GraphLayout(Self.graph(["a -> b", "b -> c", "a -> c", "c -> d", "a -> d", "x <-> d"]))
    let layer = Dictionary(uniqueKeysWithValues: zip(layout.names, layout.layers))
    #expect(layer == ["a": 0, "b": 1, "c": 2, "d": 3, "x": 0])
    // a -> c spans one layer and a -> d two: three dummies in all.
    #expect(layout.items.count == layout.names.count + 3)
    #expect(layout.chains.count == 5)
  }

  @Test("barycentre ordering removes the crossings of a two-layer graph")
  func crossings() {
    // In record order, a-y and b-x cross; reordering the second layer removes it.
    let layout = GraphLayout(Self.graph(["a -> y", "b -> x"], nodes: ["a", "b", "x", "y"]))
    #expect(layout.crossings == 0)
    let k = GraphLayout(
      Self.graph(["a -> d", "a -> e", "b -> c", "b -> e", "c2 -> c"], nodes: ["a", "b", "c2", "c", "d", "e"]))
    #expect(k.crossings == 0)
  }

  @Test("the same graph always gets the same layout")
  func deterministic() throws {
    let graph = try #require(SampleRecords.nsw().identification).graph
    let a = GraphLayout(graph)
    let b = GraphLayout(graph)
    #expect(a.itemOrder == b.itemOrder)
    #expect(a.layers == b.layers)
    #expect(
      CausalGraphDiagram(graph: graph).svg(id: "g").serialized()
        == CausalGraphDiagram(graph: graph).svg(id: "g").serialized())
  }

  @Test("a cycle and unknown names do not stop the layout")
  func cycle() throws {
    let layout = GraphLayout(Self.graph(["a -> b", "b -> c", "c -> a"]))
    #expect(layout.names == ["a", "b", "c"])
    #expect(layout.backEdges.count == 1)
    let record = GraphRecord(nodes: [], edges: RecordKit.edges(["p -> q"]))
    #expect(GraphLayout(record).names == ["p", "q"])
    _ = try XMLTree.parse(
      CausalGraphDiagram(graph: Self.graph(["a -> b", "b -> c", "c -> a"])).svg(id: "c").serialized())
  }
}
