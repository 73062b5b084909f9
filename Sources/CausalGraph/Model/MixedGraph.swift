/// An acyclic directed mixed graph (ADMG): a causal diagram whose directed
/// edges `X -> Y` are direct causes and whose bidirected edges `X <-> Y` are
/// hidden common causes.
///
/// Nodes are numbered in the order they were added (`0 ..< count`) and keep
/// their names; every algorithm in this module works on the numbers and is
/// deterministic: ties are broken by node number, never by hashing.
/// Nodes may be marked latent: an explicit unobserved variable that
/// ``latentProjection()`` turns into bidirected edges before identification.
///
/// Invariants (checked by `precondition` on mutation): no self-loops; edges
/// are stored once; a bidirected edge is stored with its smaller node first.
/// Acyclicity is not enforced on mutation (parsers report a cycle as a user
/// error with ``findCycle()``); algorithms that need it state so.
public struct MixedGraph: Hashable, Codable, Sendable {
  /// Node names, by node number.
  public internal(set) var names: [String] = []
  /// Whether each node is latent (unobserved).
  public internal(set) var isLatent: [Bool] = []
  private var numbers: [String: Int] = [:]
  /// Parents of each node, in the order the edges were added.
  public internal(set) var parents: [[Int]] = []
  /// Children of each node, in the order the edges were added.
  public internal(set) var children: [[Int]] = []
  /// Bidirected neighbours (siblings) of each node.
  public internal(set) var siblings: [[Int]] = []
  /// Directed edges in the order they were added.
  public internal(set) var directedEdges: [Edge] = []
  /// Bidirected edges in the order they were added, smaller node first.
  public internal(set) var bidirectedEdges: [Edge] = []

  /// An edge between two node numbers.
  public struct Edge: Hashable, Codable, Sendable {
    public var from: Int
    public var to: Int
    public init(_ from: Int, _ to: Int) {
      self.from = from
      self.to = to
    }
  }

  public init() {}

  /// Number of nodes.
  public var count: Int { names.count }

  /// All node numbers.
  public var nodes: Range<Int> { 0..<names.count }

  /// The number of the node named `name`.
  public func node(named name: String) -> Int? { numbers[name] }

  /// The nodes that are not latent, in node order.
  public var observedNodes: [Int] { nodes.filter { !isLatent[$0] } }

  /// The latent nodes, in node order.
  public var latentNodes: [Int] { nodes.filter { isLatent[$0] } }

  /// Adds a node, or returns the number of an existing node with that name.
  @discardableResult
  public mutating func addNode(_ name: String, latent: Bool = false) -> Int {
    if let existing = numbers[name] {
      if latent { isLatent[existing] = true }
      return existing
    }
    let number = names.count
    names.append(name)
    isLatent.append(latent)
    numbers[name] = number
    parents.append([])
    children.append([])
    siblings.append([])
    return number
  }

  /// Marks a node as latent or observed.
  public mutating func setLatent(_ node: Int, _ latent: Bool = true) {
    isLatent[node] = latent
  }

  /// Adds `from -> to`; adding an existing edge changes nothing.
  ///
  /// - Returns: whether the edge is new.
  @discardableResult
  public mutating func addDirectedEdge(from: Int, to: Int) -> Bool {
    precondition(from != to, "a causal graph has no self-loops")
    if children[from].contains(to) { return false }
    children[from].append(to)
    parents[to].append(from)
    directedEdges.append(Edge(from, to))
    return true
  }

  /// Adds `a <-> b`; adding an existing edge changes nothing.
  ///
  /// - Returns: whether the edge is new.
  @discardableResult
  public mutating func addBidirectedEdge(_ a: Int, _ b: Int) -> Bool {
    precondition(a != b, "a bidirected edge joins two different nodes")
    if siblings[a].contains(b) { return false }
    siblings[a].append(b)
    siblings[b].append(a)
    bidirectedEdges.append(Edge(min(a, b), max(a, b)))
    return true
  }

  /// Whether `from -> to` is an edge.
  public func hasDirectedEdge(from: Int, to: Int) -> Bool { children[from].contains(to) }

  /// Whether `a <-> b` is an edge.
  public func hasBidirectedEdge(_ a: Int, _ b: Int) -> Bool { siblings[a].contains(b) }

  /// Whether two nodes are joined by any edge.
  public func areAdjacent(_ a: Int, _ b: Int) -> Bool {
    hasDirectedEdge(from: a, to: b) || hasDirectedEdge(from: b, to: a) || hasBidirectedEdge(a, b)
  }

  /// Names of a list of nodes.
  public func names<S: Sequence>(of nodes: S) -> [String] where S.Element == Int {
    nodes.map { names[$0] }
  }
}
