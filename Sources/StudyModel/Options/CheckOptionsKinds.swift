/// The shift a stability check tolerates.
public enum StabilityParameters {
  public static let tolerance = Parameter<Double>(
    "tolerance", .number(.atLeast(0)), default: 0.5,
    "Smallest shift of the median simulated estimate, in standard errors of the original estimate, that can fail the check."
  )
}

/// The parameters of `placebo_treatment`.
public struct PlaceboTreatmentOptions: CheckOptions {
  /// How the placebo treatment is drawn.
  public enum Placebo: String, ParameterChoice, Codable {
    case permute, random
  }

  public static let placebo = Parameter<Placebo>(
    "placebo", default: .permute, "Placebo treatment: a permutation of the treatment, or random draws of its type.")
  public static let expectEffect = Parameter<Bool>(
    "expect_effect", .boolean, default: false,
    "Also fail when the original estimate does not stand outside the placebo distribution.")
  public static let parameters = [placebo.descriptor, expectEffect.descriptor]

  public var placebo: Placebo
  public var expectEffect: Bool

  public init(_ params: ParameterSet) {
    placebo = params.value(Self.placebo)
    expectEffect = params.value(Self.expectEffect)
  }
}

/// The parameters of `random_common_cause`.
public struct RandomCommonCauseOptions: CheckOptions {
  public static let parameters = [StabilityParameters.tolerance.descriptor]
  public var tolerance: Double
  public init(_ params: ParameterSet) { tolerance = params.value(StabilityParameters.tolerance) }
}

/// The parameters of `data_subset`.
public struct DataSubsetOptions: CheckOptions {
  public static let fraction = Parameter<Double>(
    "fraction", .number(.open(0, 1)), default: 0.8, "Share of rows in each subset.")
  public static let parameters = [fraction.descriptor, StabilityParameters.tolerance.descriptor]

  public var fraction: Double
  public var tolerance: Double

  public init(_ params: ParameterSet) {
    fraction = params.value(Self.fraction)
    tolerance = params.value(StabilityParameters.tolerance)
  }
}

/// The parameters of `bootstrap` (the check).
public struct BootstrapCheckOptions: CheckOptions {
  public static let noise = Parameter<[String]>(
    "noise", .columns, default: [], "Covariates that receive Gaussian measurement noise in each resample.")
  public static let noiseScale = Parameter<Double>(
    "noise_scale", .number(.atLeast(0)), default: 0.1,
    "Noise standard deviation, as a share of each column's standard deviation.")
  public static let parameters = [noise.descriptor, noiseScale.descriptor, StabilityParameters.tolerance.descriptor]

  public var noise: [String]
  public var noiseScale: Double
  public var tolerance: Double

  public init(_ params: ParameterSet) {
    noise = params.value(Self.noise)
    noiseScale = params.value(Self.noiseScale)
    tolerance = params.value(StabilityParameters.tolerance)
  }
}

/// The parameters of `dummy_outcome`.
public struct DummyOutcomeOptions: CheckOptions {
  /// What the dummy outcome is.
  public enum Outcome: String, ParameterChoice, Codable {
    /// Standard normal noise.
    case noise
    /// A function of the confounders learned on the control arm, plus noise.
    case confounders
  }

  public static let outcome = Parameter<Outcome>(
    "outcome", default: .noise,
    "Dummy outcome: standard normal noise, or a function of the confounders learned on the control arm plus noise.")
  public static let parameters = [outcome.descriptor]

  public var outcome: Outcome
  public init(_ params: ParameterSet) { outcome = params.value(Self.outcome) }
}

/// The parameters of `unobserved_common_cause`.
public struct UnobservedCommonCauseOptions: CheckOptions {
  public static let treatmentStrengths = Parameter<[Double]>(
    "treatment_strengths", .numbers(.atLeast(0), count: nil), default: [0.0, 0.05, 0.1, 0.2, 0.3, 0.5],
    "Effects of the confounder on the treatment (linear coefficient, or share of flipped units for a binary treatment)."
  )
  public static let outcomeStrengths = Parameter<[Double]>(
    "outcome_strengths", .numbers(.atLeast(0), count: nil), default: [0.0, 0.05, 0.1, 0.2, 0.3, 0.5],
    "Effects of the confounder on the outcome, in standard deviations of the outcome.")
  public static let plausible = Parameter<[Double]>(
    "plausible", .numbers(.atLeast(0), count: 2), defaultDescription: "none (report only)",
    "[treatment, outcome] strengths the study considers plausible; a tipping point at or below both fails the check.")
  public static let tippingValue = Parameter<Double>(
    "tipping_value", .number(.any), default: 0, "The value the estimate must not cross.")
  public static let parameters = [
    treatmentStrengths.descriptor, outcomeStrengths.descriptor, plausible.descriptor, tippingValue.descriptor,
  ]

  public var treatmentStrengths: [Double]
  public var outcomeStrengths: [Double]
  /// `[treatment, outcome]`, or `nil` to report only.
  public var plausible: [Double]?
  public var tippingValue: Double

  public init(_ params: ParameterSet) {
    treatmentStrengths = params.value(Self.treatmentStrengths)
    outcomeStrengths = params.value(Self.outcomeStrengths)
    plausible = params.optionalValue(Self.plausible)
    tippingValue = params.value(Self.tippingValue)
  }
}

/// The parameters of `sensitivity`.
public struct SensitivityOptions: CheckOptions {
  public static let benchmark = Parameter<[String]>(
    "benchmark", .columns, default: [], "Covariates whose strength bounds a hypothetical confounder.")
  public static let minRobustnessValue = Parameter<Double>(
    "min_robustness_value", .number(.closed(0, 1)), default: 0.05,
    "Fail when the robustness value RV_{q,alpha} is below this.")
  public static let q = Parameter<Double>(
    "q", .number(.greaterThan(0)), default: 1,
    "Share of the estimate a confounder would have to remove (1 = all of it).")
  public static let multipliers = Parameter<[Double]>(
    "multipliers", .numbers(.greaterThan(0), count: nil), default: [1.0, 2.0, 3.0],
    "Confounders k times as strong as each benchmark covariate.")
  public static let parameters = [
    benchmark.descriptor, minRobustnessValue.descriptor, q.descriptor, multipliers.descriptor,
  ]

  public var benchmark: [String]
  public var minRobustnessValue: Double
  public var q: Double
  public var multipliers: [Double]

  public init(_ params: ParameterSet) {
    benchmark = params.value(Self.benchmark)
    minRobustnessValue = params.value(Self.minRobustnessValue)
    q = params.value(Self.q)
    multipliers = params.value(Self.multipliers)
  }
}

/// The parameters of `e_value`.
public struct EValueOptions: CheckOptions {
  /// How an estimate becomes a risk ratio.
  public enum Conversion: String, ParameterChoice, Codable {
    /// By outcome type and effect scale.
    case auto
    case standardizedDifference = "standardized_difference"
    case oddsRatio = "odds_ratio"
    case riskRatio = "risk_ratio"
  }

  public static let minimum = Parameter<Double>(
    "min", .number(.atLeast(1)), default: 1.5,
    "Fail when the E-value of the confidence limit nearer the null is below this.")
  public static let conversion = Parameter<Conversion>(
    "conversion", default: .auto,
    "How the estimate becomes a risk ratio: auto picks by outcome type and effect scale.")
  public static let parameters = [minimum.descriptor, conversion.descriptor]

  public var minimum: Double
  public var conversion: Conversion

  public init(_ params: ParameterSet) {
    minimum = params.value(Self.minimum)
    conversion = params.value(Self.conversion)
  }
}

/// The parameters of `overlap`.
public struct OverlapOptions: CheckOptions {
  public static let minPropensity = Parameter<Double>(
    "min_propensity", .number(.open(0, 0.5)), default: 0.01,
    "Units with a propensity outside [min, 1 - min] count as lacking overlap.")
  public static let maxOutside = Parameter<Double>(
    "max_outside", .number(.closed(0, 1)), default: 0.01,
    "Fail when a larger share of units lies outside [min, 1 - min].")
  public static let minEffectiveSampleSize = Parameter<Double>(
    "min_effective_sample_size", .number(.closed(0, 1)), default: 0.1,
    "Fail when the effective sample size of the inverse-probability weights, as a share of n, is below this.")
  public static let parameters = [
    minPropensity.descriptor, maxOutside.descriptor, minEffectiveSampleSize.descriptor,
  ]

  public var minPropensity: Double
  public var maxOutside: Double
  public var minEffectiveSampleSize: Double

  public init(_ params: ParameterSet) {
    minPropensity = params.value(Self.minPropensity)
    maxOutside = params.value(Self.maxOutside)
    minEffectiveSampleSize = params.value(Self.minEffectiveSampleSize)
  }
}

/// The independence test of the graph checks.
public enum IndependenceTestChoice: String, ParameterChoice, Codable {
  /// By variable types.
  case auto
  case fisherZ = "fisher_z"
  case chiSquare = "chi_square"
  case gTest = "g_test"
  case regression

  static let parameter = Parameter<IndependenceTestChoice>(
    "test", default: .auto, "Independence test; auto picks by variable types.")
}

/// The parameters of `graph_independencies`.
public struct GraphIndependenciesOptions: CheckOptions {
  /// The multiple-testing correction.
  public enum Correction: String, ParameterChoice, Codable {
    case holm
    /// Benjamini-Hochberg.
    case bh
    case none
  }

  public static let correction = Parameter<Correction>(
    "correction", default: .holm, "Multiple-testing correction: Holm, Benjamini-Hochberg, or none.")
  public static let parameters = [correction.descriptor, IndependenceTestChoice.parameter.descriptor]

  public var correction: Correction
  public var test: IndependenceTestChoice

  public init(_ params: ParameterSet) {
    correction = params.value(Self.correction)
    test = params.value(IndependenceTestChoice.parameter)
  }
}

/// The parameters of `graph_falsification`.
public struct GraphFalsificationOptions: CheckOptions {
  public static let parameters = [IndependenceTestChoice.parameter.descriptor]
  public var test: IndependenceTestChoice
  public init(_ params: ParameterSet) { test = params.value(IndependenceTestChoice.parameter) }
}

/// The parameters of `estimator_agreement`.
public struct EstimatorAgreementOptions: CheckOptions {
  public static let maxRelativeSpread = Parameter<Double>(
    "max_relative_spread", .number(.greaterThan(0)), defaultDescription: "none",
    "Fail when (max - min) / |median| of the estimates exceeds this.")
  public static let parameters = [maxRelativeSpread.descriptor]

  /// `nil`: no limit on the spread.
  public var maxRelativeSpread: Double?
  public init(_ params: ParameterSet) { maxRelativeSpread = params.optionalValue(Self.maxRelativeSpread) }

  public func validate(_ v: inout OptionsValidation) {
    let compared = CommonCheckOptions(v.params).estimators ?? v.estimatorNames
    if compared.count < 2 {
      v.error("needs at least two estimators to compare", at: v.entryRange)
    }
  }
}
