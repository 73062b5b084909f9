import CausalGraph
import StudyModel

/// A check of the study as a whole: of the graph against the data, or of the
/// estimates together.
protocol StudyCheck {
  static var kind: CheckKind { get }
  static func check(_ context: StudyCheckContext) -> CheckRecord
}

/// What a study check sees: the check, the data, the graph's implications,
/// and every estimate made.
struct StudyCheckContext {
  var check: CheckSpec
  var data: AnalysisData
  var graph: MixedGraph
  var independencies: [IndependenceStatement]
  var estimates: [EstimateRecord]
  var seed: UInt64
  /// A label unique to this check in the study, for its random streams.
  var streamLabel: String
  var threads: Int
}

extension GraphIndependenciesCheck: StudyCheck {
  static let kind = CheckKind.graphIndependencies
  static func check(_ c: StudyCheckContext) -> CheckRecord {
    run(c.check, statements: c.independencies, data: c.data)
  }
}

extension GraphFalsificationCheck: StudyCheck {
  static let kind = CheckKind.graphFalsification
  static func check(_ c: StudyCheckContext) -> CheckRecord {
    run(c.check, graph: c.graph, data: c.data, seed: c.seed, streamLabel: c.streamLabel, threads: c.threads)
  }
}

extension EstimatorAgreementCheck: StudyCheck {
  static let kind = CheckKind.estimatorAgreement
  static func check(_ c: StudyCheckContext) -> CheckRecord {
    run(c.check, estimates: c.estimates)
  }
}
