import CausalGraph
import StudyModel

/// Identifies the study's effect with `CausalGraph` and turns the result
/// into the run record's ``IdentificationRecord`` plus the roles each kind
/// of estimator uses.
struct IdentificationOutcome: Sendable {
  var record: IdentificationRecord
  /// The back-door adjustment set, when back-door adjustment applies.
  var adjustmentSet: [String]?
  /// Why back-door adjustment does not apply.
  var adjustmentFailure: String?
  /// Instruments and the conditioning set they share, when any.
  var instruments: [String]
  var instrumentControls: [String]
  /// Front-door mediators, when a front-door set exists.
  var mediators: [String]?
  /// The failure of an explicitly requested strategy (exit code 2).
  var requestedFailure: String?
  var independencies: [IndependenceStatement]
}

enum IdentificationBridge {
  static func identify(_ study: Study) -> IdentificationOutcome {
    let estimand = study.estimand
    let graph = study.graph.graph
    let strategy = estimand.identification.value
    let choice: AdjustmentSetChoice
    switch estimand.adjustment.value {
    case .minimal: choice = .minimal
    case .optimal: choice = .optimal
    case .all: choice = .all
    case .explicit(let names): choice = .explicit(names)
    }
    let implied = graph.impliedIndependencies()
    let independencies = implied.statements.map { s in
      IndependenceStatement(a: graph.names[s.first], b: graph.names[s.second], given: graph.names(of: s.given))
    }
    if study.data.panel != nil, strategy == .parallelTrends || strategy == .automatic {
      return parallelTrends(study, independencies: independencies, notes: implied.notes)
    }
    let result: IdentificationResult
    do {
      result = try EffectIdentifier.identify(
        graph: graph, treatment: estimand.treatment.value, outcome: estimand.outcome.value,
        strategy: strategy.graphMethod ?? .automatic, adjustment: choice)
    } catch {
      let record = IdentificationRecord(
        strategy: .none, requested: strategy, estimand: "not identified", adjustmentSet: [],
        adjustmentChoice: estimand.adjustment.value, minimalSets: [], minimalSetsOmitted: 0, canonicalSet: nil,
        optimalSet: nil, optimalSetReason: nil, instruments: [], mediators: [], frontdoorConditions: [],
        backdoorPaths: [], backdoorPathsOmitted: 0, notIdentifiableReason: "\(error)",
        impliedIndependencies: independencies,
        graph: graphRecord(study, adjustment: [], instruments: [], mediators: []),
        notes: implied.notes)
      return IdentificationOutcome(
        record: record, adjustmentSet: nil, adjustmentFailure: "\(error)", instruments: [], instrumentControls: [],
        mediators: nil, requestedFailure: "\(error)", independencies: independencies)
    }
    let names: ([NodeReference]) -> [String] = { $0.map(\.name) }
    // Instruments: those sharing the first instrument's conditioning set.
    var instruments: [String] = []
    var controls: [String] = []
    if let first = result.instruments.first {
      let set = names(first.conditioningSet)
      instruments = result.instruments.filter { names($0.conditioningSet) == set }.map(\.instrument.name)
      controls = set
    }
    let adjustment = result.adjustmentSet.map(names)
    let mediators = result.frontDoorMediators.map(names)
    let usedStrategy = result.strategy.map(EffectStrategy.init) ?? EffectStrategy.none
    let estimandText: String
    if let text = result.estimand {
      estimandText = text
    } else if let functional = result.idFunctional {
      estimandText = functional
    } else {
      estimandText = "not identified"
    }
    var notes = result.notes + implied.notes
    if !implied.inseparablePairs.isEmpty {
      notes.append(
        "pairs with no separating set (not testable by conditional independence): "
          + implied.inseparablePairs.map { "\(graph.names[$0[0]]) and \(graph.names[$0[1]])" }.joined(separator: "; "))
    }
    let record = IdentificationRecord(
      strategy: usedStrategy, requested: strategy, estimand: estimandText,
      adjustmentSet: adjustment ?? [], adjustmentChoice: estimand.adjustment.value,
      minimalSets: result.minimalAdjustmentSets.map(names),
      minimalSetsOmitted: result.minimalAdjustmentSetsTruncated ? 1 : 0,
      canonicalSet: result.canonicalAdjustmentSet.map(names),
      optimalSet: result.optimalAdjustmentSet.map(names), optimalSetReason: result.optimalAdjustmentNote,
      instruments: result.instruments.map {
        InstrumentRecord(
          instrument: $0.instrument.name, conditioningSet: names($0.conditioningSet),
          relevance: $0.relevance, exclusion: $0.exclusion)
      },
      mediators: mediators ?? [],
      frontdoorConditions: result.frontDoorVerdict?.conditions.map {
        ConditionRecord(condition: $0.statement, holds: $0.holds, reason: $0.reason)
      } ?? [],
      backdoorPaths: result.paths.paths.map { p in
        switch p.status {
        case .open: PathRecord(path: p.text, status: .open, blockedBy: nil, how: nil)
        case .blockedByConditioning(let node):
          PathRecord(path: p.text, status: .blocked, blockedBy: graph.names[node], how: .adjustedFor)
        case .blockedByCollider(let node):
          PathRecord(path: p.text, status: .blocked, blockedBy: graph.names[node], how: .collider)
        }
      },
      backdoorPathsOmitted: result.paths.omitted,
      notIdentifiableReason: result.isIdentified ? nil : (result.hedge?.explanation ?? result.failure?.description),
      impliedIndependencies: independencies,
      graph: graphRecord(study, adjustment: adjustment ?? [], instruments: instruments, mediators: mediators ?? []),
      notes: notes)
    var identified = record
    if let (name, options) = study.discontinuityEstimator {
      let rd = DiscontinuityIdentification.describe(
        estimator: name, treatment: estimand.treatment.value, outcome: estimand.outcome.value,
        runningVariable: options.runningVariable, cutoff: options.cutoff, treatedSide: options.treatedSide,
        treatedSideInferred: nil, design: nil)
      identified.discontinuity = rd
      if study.estimators.allSatisfy({ $0.method.value == .regressionDiscontinuity }) {
        // The cutoff rule identifies the effect, not the graph: nothing is adjusted for.
        identified.strategy = .regressionDiscontinuity
        identified.estimand = rd.estimand
        identified.graph = graphRecord(study, adjustment: [], instruments: instruments, mediators: mediators ?? [])
      }
    }
    return IdentificationOutcome(
      record: identified, adjustmentSet: adjustment, adjustmentFailure: result.adjustmentFailure,
      instruments: instruments, instrumentControls: controls, mediators: mediators,
      requestedFailure: strategy != .automatic && !result.isIdentified ? result.failure?.description : nil,
      independencies: independencies)
  }

  /// A panel study: the effect on the treated is identified by parallel
  /// trends and no anticipation, not by a graph criterion; the graph, when
  /// given, documents the covariates of conditional parallel trends.
  static func parallelTrends(_ study: Study, independencies: [IndependenceStatement], notes graphNotes: [String])
    -> IdentificationOutcome
  {
    let e = study.estimand
    let staggered = study.estimators.compactMap { $0.options as? StaggeredDidOptions }
    let covariates = Array(Set(staggered.flatMap(\.covariates))).sorted()
    let anticipation = staggered.map(\.anticipation).max() ?? 0
    let y = e.outcome.value
    let notes =
      [
        "parallel trends: had they not been treated, the average \(y) of each cohort (units first treated in the same period) would have changed as that of the comparison units (never treated, or not yet treated)"
          + (covariates.isEmpty ? "" : ", conditional on \(covariates.joined(separator: ", "))"),
        anticipation == 0
          ? "no anticipation: the treatment has no effect before the period of adoption"
          : "limited anticipation: the treatment has no effect more than \(anticipation) period\(anticipation == 1 ? "" : "s") before adoption",
        "staggered adoption: '\(e.treatment.value)' is absorbing (once 1, 1 in every later period); a unit's cohort is its first period with \(e.treatment.value) = 1",
        "two_way_fixed_effects also needs effects that are the same across cohorts and over time; otherwise its coefficient weights them, possibly negatively (see its diagnostics)",
      ] + (covariates.isEmpty ? [] : ["overlap: every cohort's covariates also occur among the comparison units"])
      + graphNotes
    let record = IdentificationRecord(
      strategy: .parallelTrends, requested: e.identification.value,
      estimand:
        "ATT(g,t) = E[\(y)_t - \(y)_{g-1-d} | G = g] - E[\(y)_t - \(y)_{g-1-d} | comparison units]"
        + (covariates.isEmpty ? "" : " (conditional on \(covariates.joined(separator: ", ")), then averaged)")
        + ", d = \(anticipation) anticipation periods; aggregated over cohorts and periods",
      adjustmentSet: [], adjustmentChoice: e.adjustment.value, minimalSets: [], minimalSetsOmitted: 0,
      canonicalSet: nil, optimalSet: nil, optimalSetReason: nil, instruments: [], mediators: [],
      frontdoorConditions: [], backdoorPaths: [], backdoorPathsOmitted: 0, notIdentifiableReason: nil,
      impliedIndependencies: independencies,
      graph: graphRecord(study, adjustment: covariates, instruments: [], mediators: []), notes: notes)
    return IdentificationOutcome(
      record: record, adjustmentSet: nil, adjustmentFailure: "the study is identified by parallel trends",
      instruments: [], instrumentControls: [], mediators: nil, requestedFailure: nil, independencies: independencies)
  }

  static func graphRecord(_ study: Study, adjustment: [String], instruments: [String], mediators: [String])
    -> GraphRecord
  {
    let g = study.graph.graph
    let e = study.estimand
    let modifiers = Set(e.effectModifiers.map(\.value))
    let nodes = g.nodes.map { v -> GraphRecord.Node in
      let name = g.names[v]
      var roles: [VariableRole] = []
      if name == e.treatment.value { roles.append(.treatment) }
      if name == e.outcome.value { roles.append(.outcome) }
      if adjustment.contains(name) { roles.append(.adjusted) }
      if instruments.contains(name) { roles.append(.instrument) }
      if mediators.contains(name) { roles.append(.mediator) }
      if modifiers.contains(name) { roles.append(.modifier) }
      if study.discontinuityEstimator?.options.runningVariable == name { roles.append(.runningVariable) }
      return GraphRecord.Node(name: name, latent: g.isLatent[v], roles: roles)
    }
    let edges =
      g.directedEdges.map { GraphRecord.Edge(from: g.names[$0.from], to: g.names[$0.to], kind: .directed) }
      + g.bidirectedEdges.map { GraphRecord.Edge(from: g.names[$0.from], to: g.names[$0.to], kind: .bidirected) }
    return GraphRecord(nodes: nodes, edges: edges)
  }
}

extension StudyRunner {
  /// Identification alone (`assay identify`): the record of how the graph
  /// identifies the study's effect, with every alternative.
  public static func identify(_ study: Study) -> (record: IdentificationRecord, failure: String?) {
    let outcome = IdentificationBridge.identify(study)
    return (outcome.record, outcome.requestedFailure)
  }
}
