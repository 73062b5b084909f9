/// The parameters of `propensity_score_weighting`.
public struct PropensityScoreWeightingOptions: EstimatorOptions {
  /// How the weights are formed and normalised.
  public enum Weighting: String, ParameterChoice, Codable {
    /// Inverse-probability weights normalised within each arm.
    case hajek
    /// Inverse-probability weights divided by the size of the target population.
    case horvitzThompson = "horvitz_thompson"
    /// Hajek weights times the arm's marginal share.
    case stabilized
    /// Overlap weights (Li, Morgan & Zaslavsky 2018): the ATO.
    case overlap
  }

  /// The penalty of the propensity model.
  public enum Penalty: String, ParameterChoice, Codable {
    case none, ridge
  }

  public static let weighting = Parameter<Weighting>(
    "weighting", default: .hajek,
    "Weights: Hajek (normalised), Horvitz-Thompson, stabilized, or overlap (Li, Morgan & Zaslavsky 2018).")
  public static let clip = Parameter<[Double]>(
    "clip", .numbers(.open(0, 1), count: 2), defaultDescription: "off",
    "Clip propensity scores to [low, high]; the record counts the units touched.")
  public static let trim = Parameter<[Double]>(
    "trim", .numbers(.open(0, 1), count: 2), defaultDescription: "off",
    "Drop units whose propensity lies outside [low, high]; the record counts them.")
  public static let penalty = Parameter<Penalty>("penalty", default: Penalty.none, "Propensity model penalty.")
  public static let ridgeStrength = Parameter<Double>(
    "ridge_strength", .number(.greaterThan(0)), default: 1, "Ridge penalty strength (lambda) with penalty: ridge.")
  public static let se = Parameter<StandardErrorMethod>(
    "se", choices: [.sandwich, .bootstrap], default: .sandwich,
    "Standard errors by M-estimation that accounts for the estimated propensity (Lunceford & Davidian 2004), or the bootstrap."
  )
  public static let parameters = [
    weighting.descriptor, clip.descriptor, trim.descriptor, penalty.descriptor, ridgeStrength.descriptor,
    se.descriptor,
  ]

  public var weighting: Weighting
  /// `[low, high]`, or `nil` when off.
  public var clip: [Double]?
  /// `[low, high]`, or `nil` when off.
  public var trim: [Double]?
  /// The ridge penalty of the propensity model (0: none).
  public var propensityPenalty: PropensityPenalty
  public var standardErrors: StandardErrorMethod

  public init(_ params: ParameterSet) {
    weighting = params.value(Self.weighting)
    clip = params.optionalValue(Self.clip)
    trim = params.optionalValue(Self.trim)
    propensityPenalty = PropensityPenalty(params, penalty: Self.penalty, strength: Self.ridgeStrength)
    standardErrors = params.value(Self.se)
  }

  public func validate(_ v: inout OptionsValidation) {
    for (parameter, bounds) in [(Self.clip, clip), (Self.trim, trim)] {
      if let bounds, bounds.count == 2, bounds[0] >= bounds[1] {
        v.error("'\(parameter.name)' must be [low, high] with low < high", at: v.range(of: parameter))
      }
    }
    if v.isWritten(Self.ridgeStrength), v.params.value(Self.penalty) != .ridge {
      v.warning("'ridge_strength' is used only with 'penalty: ridge'", at: v.range(of: Self.ridgeStrength))
    }
    if weighting == .overlap, let estimand = v.estimand, estimand.effect.value != .averageTreatmentEffect {
      v.error(
        "overlap weights estimate the average effect in the overlap population and cannot deliver the '\(estimand.effect.value.rawValue)'",
        at: v.range(of: Self.weighting),
        notes: [.init("use effect: ate (the record then names the estimand ATO), or another weighting")])
    }
  }
}

/// The penalty of a logistic propensity model: none, or ridge with a strength.
public struct PropensityPenalty: Sendable, Hashable {
  /// The ridge strength λ on the non-intercept coefficients; 0 for none.
  public var ridgeStrength: Double

  init(
    _ params: ParameterSet, penalty: Parameter<PropensityScoreWeightingOptions.Penalty>,
    strength: Parameter<Double>
  ) {
    ridgeStrength = params.value(penalty) == .ridge ? params.value(strength) : 0
  }

  /// No penalty.
  public static let none = PropensityPenalty(ridgeStrength: 0)

  public init(ridgeStrength: Double) { self.ridgeStrength = ridgeStrength }
}
