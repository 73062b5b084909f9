/// The parameters of `staggered_did` (Callaway & Sant'Anna 2021).
public struct StaggeredDidOptions: EstimatorOptions {
  /// The units that serve as comparisons for a cohort.
  public enum ControlGroup: String, ParameterChoice, Codable {
    /// Units never treated in the panel.
    case neverTreated = "never_treated"
    /// Units not yet treated by the period compared (and never-treated ones).
    case notYetTreated = "not_yet_treated"
  }

  /// How each ATT(g, t) is estimated from its 2×2 comparison.
  public enum Approach: String, ParameterChoice, Codable {
    /// Sant'Anna & Zhao's (2020) doubly robust DiD.
    case doublyRobust = "doubly_robust"
    /// The outcome-regression DiD (Heckman, Ichimura & Todd 1997).
    case outcomeRegression = "outcome_regression"
    /// The normalised inverse-probability-weighted DiD (Abadie 2005).
    case inverseProbability = "inverse_probability"
  }

  /// Which average of the ATT(g, t) the estimate reports.
  public enum Aggregation: String, ParameterChoice, Codable {
    /// The ATT over every treated cohort and post-treatment period, weighted by cohort size.
    case simple
    /// The event study: the effect by time since adoption; the estimate averages the post periods.
    case dynamic
    /// By cohort; the estimate averages the cohorts' effects by their sizes.
    case group
    /// By calendar period; the estimate averages the periods.
    case calendar
  }

  /// The base period of the pre-treatment ATT(g, t).
  public enum BasePeriod: String, ParameterChoice, Codable {
    /// The period just before (the pre-trend tests compare consecutive periods).
    case varying
    /// The period before adoption for every cell (as the post-treatment cells).
    case universal
  }

  public static let controlGroup = Parameter<ControlGroup>(
    "control_group", default: .neverTreated, "Comparison units: never_treated or not_yet_treated.")
  public static let approach = Parameter<Approach>(
    "approach", default: .doublyRobust,
    "Each ATT(g,t): doubly_robust (Sant'Anna & Zhao 2020), outcome_regression or inverse_probability.")
  public static let aggregation = Parameter<Aggregation>(
    "aggregation", default: .simple,
    "The reported average of the ATT(g,t): simple, dynamic (event study), group (cohorts) or calendar.")
  public static let covariates = Parameter<[String]>(
    "covariates", .columns, default: [],
    "Time-invariant covariates for conditional parallel trends (their value in each unit's base period).")
  public static let basePeriod = Parameter<BasePeriod>(
    "base_period", default: .varying, "Base period of the pre-treatment cells: varying or universal.")
  public static let anticipation = Parameter<Int>(
    "anticipation", .integer(.closed(0, 50)), default: 0,
    "Periods before adoption in which units may already react (no anticipation by default).")
  public static let uniformBands = Parameter<Bool>(
    "uniform_bands", .boolean, default: true,
    "Uniform confidence bands for the event study and the aggregations' elements, by the multiplier bootstrap (replicates: `bootstrap`)."
  )
  public static let se = Parameter<StandardErrorMethod>(
    "se", choices: [.influence, .bootstrap], default: .influence,
    "Standard errors from the influence functions (clustered by unit), or the bootstrap of whole units.")
  public static let parameters = [
    controlGroup.descriptor, approach.descriptor, aggregation.descriptor, covariates.descriptor,
    basePeriod.descriptor, anticipation.descriptor, uniformBands.descriptor, se.descriptor,
  ]

  public var controlGroup: ControlGroup
  public var approach: Approach
  public var aggregation: Aggregation
  public var covariates: [String]
  public var basePeriod: BasePeriod
  public var anticipation: Int
  public var uniformBands: Bool
  public var standardErrors: StandardErrorMethod

  public init(_ params: ParameterSet) {
    controlGroup = params.value(Self.controlGroup)
    approach = params.value(Self.approach)
    aggregation = params.value(Self.aggregation)
    covariates = params.value(Self.covariates)
    basePeriod = params.value(Self.basePeriod)
    anticipation = params.value(Self.anticipation)
    uniformBands = params.value(Self.uniformBands)
    standardErrors = params.value(Self.se)
  }
}

/// The parameters of `two_way_fixed_effects`.
public struct TwoWayFixedEffectsOptions: EstimatorOptions {
  public static let se = Parameter<StandardErrorMethod>(
    "se", choices: [.cluster, .bootstrap], default: .cluster,
    "Standard errors clustered by unit (or by `cluster`), as fixest; or the bootstrap of whole units.")
  public static let parameters = [se.descriptor]

  public var standardErrors: StandardErrorMethod

  public init(_ params: ParameterSet) {
    standardErrors = params.value(Self.se)
  }
}

/// The parameters of `pre_trends` (none beyond `alpha` and `severity`).
public struct PreTrendsOptions: CheckOptions {
  public static let parameters: [ParameterDescriptor] = []
  public init(_ params: ParameterSet) {}
}

/// The parameters of `placebo_time`.
public struct PlaceboTimeOptions: CheckOptions {
  public static let shift = Parameter<Int>(
    "shift", .integer(.closed(1, 50)), default: 1,
    "Periods by which every cohort's fake adoption precedes its real one.")
  public static let parameters = [shift.descriptor]
  public var shift: Int
  public init(_ params: ParameterSet) { shift = params.value(Self.shift) }
}
