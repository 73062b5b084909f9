/// The parameters of an estimator or a check, defaults filled in.
///
/// Values the study wrote keep their place in the file; values it did not
/// write carry ``Origin/defaultValue``. Parameters with no default that the
/// study did not set are absent.
public struct ParameterSet: Codable, Sendable {
  /// Parameter values in registry order.
  public var entries: [Entry]

  public struct Entry: Codable, Sendable {
    public var name: String
    public var value: Located<ParameterValue>
    /// For list values written in the file, where each item was written.
    public var itemOrigins: [Origin]?

    public init(name: String, value: Located<ParameterValue>, itemOrigins: [Origin]? = nil) {
      self.name = name
      self.value = value
      self.itemOrigins = itemOrigins
    }

    /// Where item `index` of a list value was written (else the whole value).
    public func origin(ofItem index: Int) -> Origin {
      guard let itemOrigins, index < itemOrigins.count else { return value.origin }
      return itemOrigins[index]
    }
  }

  /// The entry named `name`.
  public func entry(_ name: String) -> Entry? {
    entries.first { $0.name == name }
  }

  public init(entries: [Entry] = []) {
    self.entries = entries
  }

  public subscript(name: String) -> Located<ParameterValue>? {
    entries.first { $0.name == name }?.value
  }

  public func string(_ name: String) -> String? { self[name]?.value.stringValue }
  public func double(_ name: String) -> Double? { self[name]?.value.doubleValue }
  public func int(_ name: String) -> Int? { self[name]?.value.intValue }
  public func bool(_ name: String) -> Bool? { self[name]?.value.boolValue }
  public func strings(_ name: String) -> [String]? { self[name]?.value.stringList }
  public func doubles(_ name: String) -> [Double]? { self[name]?.value.numberList }
}

/// One entry of `estimators:`.
public struct EstimatorSpec: Codable, Sendable {
  public var name: Located<String>
  public var method: Located<EstimatorMethod>
  public var params: ParameterSet
  /// The whole entry's place in the file.
  public var origin: Origin

  public init(name: Located<String>, method: Located<EstimatorMethod>, params: ParameterSet, origin: Origin) {
    self.name = name
    self.method = method
    self.params = params
    self.origin = origin
  }
}

/// The `refutations:` section.
public struct RefutationSpec: Codable, Sendable {
  public var alpha: Located<Double>
  public var simulations: Located<Int>
  public var checks: [CheckSpec]

  public init(alpha: Located<Double>, simulations: Located<Int>, checks: [CheckSpec]) {
    self.alpha = alpha
    self.simulations = simulations
    self.checks = checks
  }
}

/// One entry of `refutations.checks:`.
public struct CheckSpec: Codable, Sendable {
  public var kind: Located<CheckKind>
  /// Every parameter of the check, `severity`, `alpha`, `simulations` and
  /// `estimators` included, with the section defaults filled in.
  public var params: ParameterSet
  public var origin: Origin

  public init(kind: Located<CheckKind>, params: ParameterSet, origin: Origin) {
    self.kind = kind
    self.params = params
    self.origin = origin
  }

  public var severity: CheckSeverity {
    params.string("severity").flatMap(CheckSeverity.init(rawValue:)) ?? .error
  }

  /// The estimator names the check was limited to, or `nil` for all it applies to.
  public var estimatorNames: [String]? {
    guard let value = params["estimators"], !value.origin.isDefault else { return nil }
    return value.value.stringList
  }
}

/// What to do when a numerical problem is found (the `policies:` section).
public struct PolicySpec: Codable, Sendable {
  public var rankDeficiency: Located<ProblemPolicy>
  public var separation: Located<ProblemPolicy>
  public var nonConvergence: Located<ProblemPolicy>
  public var positivity: Located<ProblemPolicy>

  public init(
    rankDeficiency: Located<ProblemPolicy>, separation: Located<ProblemPolicy>,
    nonConvergence: Located<ProblemPolicy>, positivity: Located<ProblemPolicy>
  ) {
    self.rankDeficiency = rankDeficiency
    self.separation = separation
    self.nonConvergence = nonConvergence
    self.positivity = positivity
  }
}

/// One entry of `expectations:`: a result the study pins, gated like a check.
public struct ExpectationSpec: Codable, Sendable {
  /// The sign an estimate must have.
  public enum Sign: String, CaseIterable, Codable, Sendable {
    case positive, negative
    /// The confidence interval contains zero.
    case zero
  }

  /// An estimator name, or `all`.
  public var estimator: Located<String>
  public var sign: Located<Sign>?
  public var significant: Located<Bool>?
  /// `value: {between: [low, high]}`.
  public var between: Located<[Double]>?
  public var severity: Located<CheckSeverity>
  public var origin: Origin

  public init(
    estimator: Located<String>, sign: Located<Sign>?, significant: Located<Bool>?,
    between: Located<[Double]>?, severity: Located<CheckSeverity>, origin: Origin
  ) {
    self.estimator = estimator
    self.sign = sign
    self.significant = significant
    self.between = between
    self.severity = severity
    self.origin = origin
  }
}

/// The `report:` section.
public struct ReportSpec: Codable, Sendable {
  public var formats: Located<[ReportFormat]>
  /// The directory as written (or the default `reports/<name>`).
  public var directory: Located<String>
  /// The directory resolved against the study file's folder.
  public var resolvedDirectory: String

  public init(formats: Located<[ReportFormat]>, directory: Located<String>, resolvedDirectory: String) {
    self.formats = formats
    self.directory = directory
    self.resolvedDirectory = resolvedDirectory
  }
}
