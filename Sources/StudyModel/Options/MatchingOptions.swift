/// Options both matching methods share.
public enum MatchingParameters {
  public static let neighbors = Parameter<Int>(
    "neighbors", .integer(.atLeast(1)), default: 1, "Number of matches per unit.")
  public static let replacement = Parameter<Bool>("replacement", .boolean, default: true, "Match with replacement.")
  public static let tieTolerance = Parameter<Double>(
    "tie_tolerance", .number(.atLeast(0)), default: 1e-5,
    "Units within this squared standardised distance of the nearest match are ties and share the weight (R Matching's distance.tolerance); 0 keeps exact ties only."
  )
}

/// A caliper: none, or a maximum distance.
public enum Caliper: ParameterRepresentable, Hashable {
  case none
  /// The maximum distance, in standard deviations of the matched score.
  case width(Double)

  public init?(parameterValue: ParameterValue) {
    if case .string("none") = parameterValue {
      self = .none
    } else if let d = parameterValue.doubleValue {
      self = .width(d)
    } else {
      return nil
    }
  }

  public var parameterValue: ParameterValue {
    switch self {
    case .none: .string("none")
    case .width(let d): .number(d)
    }
  }

  /// The width, when there is one.
  public var width: Double? {
    if case .width(let d) = self { return d }
    return nil
  }
}

/// The parameters of `propensity_score_matching`.
public struct PropensityScoreMatchingOptions: EstimatorOptions {
  /// The scale the score is matched on.
  public enum Scale: String, ParameterChoice, Codable {
    case probability, logit
  }

  public static let caliper = Parameter<Caliper>(
    "caliper", .numberOrChoice(.greaterThan(0), ["none"]), default: Caliper.none,
    "Maximum distance, in standard deviations of the logit propensity; unmatched units are counted and reported.")
  public static let scale = Parameter<Scale>(
    "scale", default: .probability, "Match on the probability or on its logit.")
  public static let se = Parameter<StandardErrorMethod>(
    "se", choices: [.abadieImbens, .bootstrap], default: .abadieImbens,
    "Standard errors of Abadie & Imbens: the 2016 variance for the estimated score when matching with replacement on the score without a caliper, else the 2006 variance; or the bootstrap."
  )
  public static let parameters = [
    MatchingParameters.neighbors.descriptor, MatchingParameters.replacement.descriptor, caliper.descriptor,
    scale.descriptor, MatchingParameters.tieTolerance.descriptor, se.descriptor,
  ]

  public var neighbors: Int
  public var replacement: Bool
  public var caliper: Caliper
  public var scale: Scale
  public var tieTolerance: Double
  public var standardErrors: StandardErrorMethod

  public init(_ params: ParameterSet) {
    neighbors = params.value(MatchingParameters.neighbors)
    replacement = params.value(MatchingParameters.replacement)
    caliper = params.value(Self.caliper)
    scale = params.value(Self.scale)
    tieTolerance = params.value(MatchingParameters.tieTolerance)
    standardErrors = params.value(Self.se)
  }
}

/// The parameters of `distance_matching`.
public struct DistanceMatchingOptions: EstimatorOptions {
  public static let exact = Parameter<[String]>(
    "exact", .columns, default: [], "Columns that must match exactly.")
  public static let biasCorrection = Parameter<Bool>(
    "bias_correction", .boolean, default: false, "Abadie & Imbens (2011) regression bias correction.")
  public static let se = Parameter<StandardErrorMethod>(
    "se", choices: [.abadieImbens, .bootstrap], default: .abadieImbens,
    "Standard errors of Abadie & Imbens (2006), or the bootstrap.")
  public static let parameters = [
    MatchingParameters.neighbors.descriptor, MatchingParameters.replacement.descriptor, exact.descriptor,
    biasCorrection.descriptor, MatchingParameters.tieTolerance.descriptor, se.descriptor,
  ]

  public var neighbors: Int
  public var replacement: Bool
  public var exact: [String]
  public var biasCorrection: Bool
  public var tieTolerance: Double
  public var standardErrors: StandardErrorMethod

  public init(_ params: ParameterSet) {
    neighbors = params.value(MatchingParameters.neighbors)
    replacement = params.value(MatchingParameters.replacement)
    exact = params.value(Self.exact)
    biasCorrection = params.value(Self.biasCorrection)
    tieTolerance = params.value(MatchingParameters.tieTolerance)
    standardErrors = params.value(Self.se)
  }
}
