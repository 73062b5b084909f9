/// What `assay plan --format json` prints for one study: every value the
/// run will use, each marked when it is a default.
public struct PlanRecord: Codable, Sendable {
  /// One parameter of an estimator or a check.
  public struct Parameter: Codable, Sendable, Hashable {
    public var name: String
    /// The value as the study format writes it (a boolean, number, string or list).
    public var value: ParameterValue
    /// Whether the study left it to its default.
    public var isDefault: Bool
  }

  /// One estimator.
  public struct Estimator: Codable, Sendable {
    public var name: String
    public var method: EstimatorMethod
    public var params: [Parameter]
    public var location: SourceRange?
  }

  /// One check, with the estimators it will run on.
  public struct Check: Codable, Sendable {
    public var check: CheckKind
    /// The estimators whose estimates it refutes (or compares); empty for a
    /// check of the graph.
    public var estimators: [String]
    /// Estimators it was asked to run on but does not apply to.
    public var notApplicable: [String]
    public var params: [Parameter]
    public var location: SourceRange?
  }

  /// One data column the study uses: its type and the evidence for it.
  public struct DataColumn: Codable, Sendable, Hashable {
    public var name: String
    public var type: ColumnType
    /// Whether the study declared the type (else it was read from the data).
    public var declared: Bool
    /// The values the type was decided from, and the rule.
    public var typeEvidence: TypeEvidence?

    public init(name: String, type: ColumnType, declared: Bool, typeEvidence: TypeEvidence?) {
      self.name = name
      self.type = type
      self.declared = declared
      self.typeEvidence = typeEvidence
    }
  }

  public var name: String
  public var file: String
  public var title: String
  /// The causal question in words.
  public var question: String
  /// The data file (CSV or SQLite) resolved against the study file's
  /// folder; for PostgreSQL, the name of the environment variable.
  public var dataPath: String
  public var estimators: [Estimator]
  public var checks: [Check]
  /// Every value of the study as resolved, in format order, defaults marked
  /// (the same list as `provenance.resolved_study` in `result.json`).
  public var settings: [ResolvedSetting]
  /// The data columns the study uses, each with its type and the evidence
  /// for it; `nil` when the data were not read (larger than 64 MiB, or unreadable).
  public var dataColumns: [DataColumn]? = nil

  public init(_ study: Study) {
    func parameters(_ set: ParameterSet, skipping skipped: Set<String> = []) -> [Parameter] {
      set.entries.filter { !skipped.contains($0.name) }.map {
        Parameter(name: $0.name, value: $0.value.value, isDefault: $0.value.origin.isDefault)
      }
    }
    name = study.name.value
    file = study.file
    title = study.title.value
    question = study.question
    dataPath = study.data.resolvedPath
    estimators = study.estimators.map {
      Estimator(name: $0.name.value, method: $0.method.value, params: parameters($0.params), location: $0.origin.range)
    }
    checks = study.refutations.checks.map { check in
      let targets = study.targets(of: check)
      return Check(
        check: check.kind.value, estimators: targets.applicable, notApplicable: targets.skipped,
        params: parameters(check.params, skipping: ["estimators"]), location: check.origin.range)
    }
    settings = study.resolvedSettings
  }
}

extension Study {
  /// The estimators a check runs on, and those it was asked for but does
  /// not apply to; a check of the graph runs on none.
  public func targets(of check: CheckSpec) -> (applicable: [String], skipped: [String]) {
    let descriptor = check.kind.value.descriptor
    let names = check.estimatorNames ?? estimators.map(\.name.value)
    if descriptor.scope == .study {
      return (check.kind.value == .estimatorAgreement ? names : [], [])
    }
    let applicable = names.filter { name in
      estimator(named: name).map { descriptor.applies(to: $0.method.value) } ?? false
    }
    return (applicable, names.filter { !applicable.contains($0) })
  }
}
