import CausalGraph

/// The `graph:` section: the causal diagram as written and as parsed.
public struct GraphSpec: Codable, Sendable {
  public var format: Located<GraphFormat>
  /// The graph text (dagitty, DOT), or the edges joined by newlines.
  public var text: Located<String>
  /// The parsed graph, latent nodes included.
  public var graph: MixedGraph
  /// Where each node was first named, by node number.
  public var nodeOrigins: [Origin]
  /// Where each latent node was declared latent, by node number.
  public var latentOrigins: [Int: Origin]

  public init(
    format: Located<GraphFormat>, text: Located<String>, graph: MixedGraph, nodeOrigins: [Origin],
    latentOrigins: [Int: Origin] = [:]
  ) {
    self.format = format
    self.text = text
    self.graph = graph
    self.nodeOrigins = nodeOrigins
    self.latentOrigins = latentOrigins
  }

  /// Where node `node` was declared latent, or else first named.
  public func latentOrigin(of node: Int) -> Origin {
    latentOrigins[node] ?? nodeOrigins[node]
  }

  /// Where the node named `name` was first written.
  public func origin(of name: String) -> Origin {
    guard let node = graph.node(named: name) else { return .defaultValue }
    return nodeOrigins[node]
  }
}

/// The `estimand:` section.
public struct EstimandSpec: Codable, Sendable {
  public var treatment: Located<String>
  public var outcome: Located<String>
  public var effect: Located<EffectKind>
  public var treatmentValue: Located<TreatmentLevel>
  public var controlValue: Located<TreatmentLevel>
  public var effectModifiers: [Located<String>]
  public var identification: Located<IdentificationStrategy>
  public var adjustment: Located<AdjustmentChoice>
  /// The section's own place, for diagnostics about the estimand as a whole.
  public var origin: Origin

  public init(
    treatment: Located<String>, outcome: Located<String>, effect: Located<EffectKind>,
    treatmentValue: Located<TreatmentLevel>, controlValue: Located<TreatmentLevel>,
    effectModifiers: [Located<String>], identification: Located<IdentificationStrategy>,
    adjustment: Located<AdjustmentChoice>, origin: Origin
  ) {
    self.treatment = treatment
    self.outcome = outcome
    self.effect = effect
    self.treatmentValue = treatmentValue
    self.controlValue = controlValue
    self.effectModifiers = effectModifiers
    self.identification = identification
    self.adjustment = adjustment
    self.origin = origin
  }
}
