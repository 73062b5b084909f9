import Testing

@testable import CausalGraph

@Suite("Graph parsers")
struct ParserTests {
  @Test("dagitty: chains, groups, reversed and bidirected arrows, attributes, comments")
  func dagitty() throws {
    let doc = try DagittyParser.parse(
      """
      dag G {
        // a comment
        x [exposure, pos="0,1"]
        y [outcome]
        x -> m -> y ; z <- w   # another comment
        u [latent] -> {x y}
        a <-> b
        bb="0,0,1,1"
      }
      """)
    let g = doc.graph
    func n(_ s: String) -> Int { g.node(named: s)! }
    #expect(g.hasDirectedEdge(from: n("x"), to: n("m")))
    #expect(g.hasDirectedEdge(from: n("m"), to: n("y")))
    #expect(g.hasDirectedEdge(from: n("w"), to: n("z")))
    #expect(g.hasDirectedEdge(from: n("u"), to: n("x")) && g.hasDirectedEdge(from: n("u"), to: n("y")))
    #expect(g.hasBidirectedEdge(n("a"), n("b")))
    #expect(g.isLatent[n("u")])
    #expect(doc.exposures == [n("x")])
    #expect(doc.outcomes == [n("y")])
    #expect(doc.nodeSpans[n("m")].start == TextPosition(line: 5, column: 8))
  }

  struct BadGraph: Sendable, CustomTestStringConvertible {
    let text: String
    let message: String
    let line: Int
    let column: Int
    var testDescription: String { message }
  }

  static let badDagitty: [BadGraph] = [
    BadGraph(text: "dag { a -> }", message: "expected a variable name, found '}'", line: 1, column: 12),
    BadGraph(
      text: "dag { a -- b }",
      message: "undirected edge '--' is not allowed: write '->' for a cause or '<->' for a hidden common cause",
      line: 1, column: 9),
    BadGraph(
      text: "pdag { a -> b }",
      message: "'pdag' graphs are not supported; a study needs a 'dag' (use '<->' for hidden common causes)", line: 1,
      column: 1),
    BadGraph(text: "dag {\n a -> b\n", message: "missing '}' at the end of the graph", line: 3, column: 1),
    BadGraph(
      text: "dag { a -> b } c -> d",
      message: "unexpected text after the closing '}': every edge must be inside the braces", line: 1, column: 16),
    BadGraph(text: "dag { a -> a }", message: "self-loop on 'a': a variable cannot cause itself", line: 1, column: 7),
    BadGraph(
      text: "dag {\n a -> b\n b -> c\n c -> a\n}", message: "the graph has a cycle: a -> b -> c -> a", line: 4,
      column: 2),
    BadGraph(
      text: "dag { a [hidden] }",
      message:
        "unknown node attribute 'hidden'; dagitty nodes take latent, exposure, outcome, adjusted, selected or pos",
      line: 1, column: 10),
    BadGraph(text: "dag { \"a -> b }", message: "unterminated quoted name", line: 1, column: 7),
    BadGraph(text: "dag { a $ b }", message: "unexpected character '$'", line: 1, column: 9),
  ]

  @Test("dagitty errors are located in the text", arguments: badDagitty)
  func dagittyErrors(_ row: BadGraph) {
    do {
      _ = try DagittyParser.parse(row.text)
      Issue.record("parsed without error")
    } catch {
      #expect(error.message == row.message)
      #expect(error.span.start == TextPosition(line: row.line, column: row.column))
    }
  }

  @Test("DOT: attributes, observed=\"no\", dir=both and dir=back, defaults ignored")
  func dot() throws {
    let doc = try DotParser.parse(
      """
      strict digraph "g" {
        graph [rankdir=LR]; node [shape=box]
        a -> b -> c [color=red];
        d -> c [dir=back]
        e -> c [dir=both, style=dashed]
        u [observed="no", label="U"]
        u -> a
      }
      """)
    let g = doc.graph
    func n(_ s: String) -> Int { g.node(named: s)! }
    #expect(g.hasDirectedEdge(from: n("b"), to: n("c")))
    #expect(g.hasDirectedEdge(from: n("c"), to: n("d")))
    #expect(g.hasBidirectedEdge(n("e"), n("c")))
    #expect(g.isLatent[n("u")])
  }

  @Test("DOT errors are located in the text")
  func dotErrors() {
    #expect(
      throws: GraphSyntaxError(
        "'--' is an undirected edge; a digraph uses '->'",
        at: TextSpan(start: TextPosition(line: 1, column: 13), length: 2))
    ) {
      try DotParser.parse("digraph { a -- b }")
    }
    #expect(
      throws: GraphSyntaxError(
        "subgraphs are not supported; list the edges directly",
        at: TextSpan(start: TextPosition(line: 1, column: 11), length: 8))
    ) {
      try DotParser.parse("digraph { subgraph x { a -> b } }")
    }
  }

  @Test("edge lists take their positions from each item")
  func edgeList() throws {
    let doc = try DagittyParser.parseEdgeList(
      [("a -> b", TextPosition(line: 5, column: 7)), ("b <-> c", TextPosition(line: 6, column: 7))],
      latent: [("c", TextSpan(start: TextPosition(line: 7, column: 12), length: 1))])
    #expect(doc.graph.isLatent[doc.graph.node(named: "c")!])
    #expect(doc.nodeSpans[doc.graph.node(named: "b")!].start == TextPosition(line: 5, column: 12))
    #expect(
      throws: GraphSyntaxError(
        "latent variable 'q' is not in the graph",
        at: TextSpan(start: TextPosition(line: 9, column: 3), length: 1))
    ) {
      try DagittyParser.parseEdgeList(
        [("a -> b", TextPosition(line: 1, column: 1))],
        latent: [("q", TextSpan(start: TextPosition(line: 9, column: 3), length: 1))])
    }
  }
}

@Suite("Graph model")
struct MixedGraphTests {
  @Test("cycles are found deterministically and topological order breaks ties by number")
  func cyclesAndOrder() throws {
    var g = MixedGraph()
    for name in ["a", "b", "c", "d"] { g.addNode(name) }
    g.addDirectedEdge(from: 0, to: 2)
    g.addDirectedEdge(from: 1, to: 2)
    g.addDirectedEdge(from: 2, to: 3)
    #expect(g.findCycle() == nil)
    #expect(g.topologicalOrder() == [0, 1, 2, 3])
    g.addDirectedEdge(from: 3, to: 1)
    #expect(g.findCycle() == [2, 3, 1])  // found from node 0: 0 -> 2 -> 3 -> 1 -> 2
  }

  @Test("latent projection: chains through latents become edges, latent causes bidirected edges")
  func projection() {
    // Verma & Pearl style example: x -> l1 -> y, l2 -> x, l2 -> y, l3 <-> z.
    var g = MixedGraph()
    let x = g.addNode("x")
    let y = g.addNode("y")
    let z = g.addNode("z")
    let l1 = g.addNode("l1", latent: true)
    let l2 = g.addNode("l2", latent: true)
    let l3 = g.addNode("l3", latent: true)
    g.addDirectedEdge(from: x, to: l1)
    g.addDirectedEdge(from: l1, to: y)
    g.addDirectedEdge(from: l2, to: x)
    g.addDirectedEdge(from: l2, to: y)
    g.addDirectedEdge(from: l3, to: y)
    g.addBidirectedEdge(l3, z)
    let (p, original) = g.latentProjection()
    #expect(p.names == ["x", "y", "z"])
    #expect(original == [x, y, z])
    #expect(p.hasDirectedEdge(from: 0, to: 1))
    #expect(p.hasBidirectedEdge(0, 1))
    #expect(p.hasBidirectedEdge(1, 2))
    #expect(!p.hasBidirectedEdge(0, 2))
  }
}
