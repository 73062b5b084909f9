/// The parameters of `regression_discontinuity`.
public struct RegressionDiscontinuityOptions: EstimatorOptions {
  /// The bandwidth: data-driven (MSE- or CER-optimal, as rdrobust's `mserd`
  /// and `cerrd`), or a number.
  public enum Bandwidth: ParameterRepresentable, Hashable {
    /// One common MSE-optimal bandwidth (Calonico, Cattaneo & Farrell 2020; rdrobust `mserd`).
    case meanSquaredError
    /// One common coverage-error-optimal bandwidth (rdrobust `cerrd`).
    case coverageError
    /// A given bandwidth; the bias bandwidth is the same (rdrobust's `rho = 1`).
    case fixed(Double)

    public init?(parameterValue: ParameterValue) {
      switch parameterValue {
      case .string("mse"): self = .meanSquaredError
      case .string("cer"): self = .coverageError
      default:
        guard let d = parameterValue.doubleValue else { return nil }
        self = .fixed(d)
      }
    }

    public var parameterValue: ParameterValue {
      switch self {
      case .meanSquaredError: .string("mse")
      case .coverageError: .string("cer")
      case .fixed(let d): .number(d)
      }
    }
  }

  /// The kernel of the local-polynomial fit (rdrobust's three).
  public enum Kernel: String, ParameterChoice, Codable {
    case triangular, epanechnikov, uniform
  }

  /// Which of rdrobust's rows gives the interval and p-value.
  public enum Inference: String, ParameterChoice, Codable {
    /// The local-polynomial estimate with its own standard error.
    case conventional
    /// The bias-corrected estimate with the robust standard error (Calonico, Cattaneo & Titiunik 2014).
    case robust
  }

  /// The side of the cutoff where units are treated (or more often treated, when fuzzy).
  public enum TreatedSide: String, ParameterChoice, Codable {
    /// Running variable ≥ cutoff.
    case above
    /// Running variable < cutoff.
    case below
  }

  public static let runningVariable = Parameter<String>(
    "running_variable", .column, required: true, "The running (forcing) variable.")
  public static let cutoff = Parameter<Double>(
    "cutoff", .number(.any), required: true,
    "The threshold of the running variable; units at or above it are on the 'above' side.")
  public static let treatedSide = Parameter<TreatedSide>(
    "treated_side", defaultDescription: "the side where the share of treated units is larger",
    "The side of the cutoff where treatment switches on: 'above' (running_variable >= cutoff) or 'below'.")
  public static let bandwidth = Parameter<Bandwidth>(
    "bandwidth", .numberOrChoice(.greaterThan(0), ["mse", "cer"]), default: .meanSquaredError,
    "'mse': one common MSE-optimal bandwidth (rdrobust's mserd); 'cer': the coverage-error-optimal one (cerrd); or a number (the bias bandwidth is then the same)."
  )
  public static let kernel = Parameter<Kernel>("kernel", default: .triangular, "Kernel weights.")
  public static let order = Parameter<Int>(
    "order", .integer(.closed(0, 4)), default: 1,
    "Order p of the local polynomial (1: local linear); the bias correction uses order p + 1.")
  public static let inference = Parameter<Inference>(
    "inference", default: .robust,
    "'robust': the bias-corrected estimate's interval with the robust standard error (rdrobust's Robust row); 'conventional': the local-polynomial estimate's own interval."
  )
  public static let covariates = Parameter<[String]>(
    "covariates", .columns, default: [],
    "Pre-determined covariates for covariate-adjusted RD (Calonico, Cattaneo, Farrell & Titiunik 2019).")
  public static let se = Parameter<StandardErrorMethod>(
    "se", choices: [.nearestNeighbor, .hc0, .hc1, .hc2, .hc3, .cluster], default: .nearestNeighbor,
    "Variance: nearest-neighbour residuals (rdrobust's default, 3 neighbours; cluster-robust CR1 when `cluster` is given), HC0 to HC3 plug-in residuals, or cluster-robust (CR1)."
  )
  public static let parameters = [
    runningVariable.descriptor, cutoff.descriptor, treatedSide.descriptor, bandwidth.descriptor, kernel.descriptor,
    order.descriptor, inference.descriptor, covariates.descriptor, se.descriptor,
  ]

  public var runningVariable: String
  public var cutoff: Double
  /// The side the study names; `nil`: decided from the data.
  public var treatedSide: TreatedSide?
  public var bandwidth: Bandwidth
  public var kernel: Kernel
  public var order: Int
  public var inference: Inference
  public var covariates: [String]
  /// The variance: `se` as written; when it is not written, cluster-robust
  /// if the common `cluster` parameter names a column, else `se`'s default.
  public var standardErrors: StandardErrorMethod
  /// The cluster column (the common `cluster` parameter).
  public var cluster: String?

  public init(_ params: ParameterSet) {
    runningVariable = params.value(Self.runningVariable)
    cutoff = params.value(Self.cutoff)
    treatedSide = params.optionalValue(Self.treatedSide)
    bandwidth = params.value(Self.bandwidth)
    kernel = params.value(Self.kernel)
    order = params.value(Self.order)
    inference = params.value(Self.inference)
    covariates = params.value(Self.covariates)
    cluster = params.optionalValue(CommonEstimatorOptions.cluster)
    let written = params.entry(Self.se.name).map { !$0.value.origin.isDefault } ?? false
    standardErrors = written || cluster == nil ? params.value(Self.se) : .cluster
  }

  public func validate(_ v: inout OptionsValidation) {
    if let estimand = v.estimand {
      if runningVariable == estimand.outcome.value {
        v.error("the running variable cannot be the outcome", at: v.range(of: Self.runningVariable))
      }
      if runningVariable == estimand.treatment.value {
        v.error(
          "the running variable cannot be the treatment: the treatment is decided by the running variable and the cutoff",
          at: v.range(of: Self.runningVariable))
      }
      for name in covariates
      where [runningVariable, estimand.outcome.value, estimand.treatment.value].contains(name) {
        v.error(
          "'\(name)' cannot be a covariate: covariates are pre-determined variables other than the running variable, treatment and outcome",
          at: v.range(of: Self.covariates))
      }
    }
    if Set(covariates).count != covariates.count {
      v.error("a covariate is listed twice", at: v.range(of: Self.covariates))
    }
    if standardErrors == .cluster, cluster == nil {
      v.error("'se: cluster' needs a 'cluster' column", at: v.range(of: Self.se))
    }
    if cluster != nil, standardErrors != .cluster {
      v.error(
        "'se: \(standardErrors.rawValue)' and 'cluster' disagree: with a cluster column the variance is cluster-robust (rdrobust's CR1)",
        at: v.range(of: Self.se), notes: [.init("delete 'se', or write 'se: cluster'")])
    }
    if v.sampleWeights, [.hc2, .hc3].contains(standardErrors) {
      v.error(
        "'se: \(standardErrors.rawValue)' is not available here with sampling weights (data.weights): its leverage correction has no design-based counterpart",
        at: v.range(of: Self.se),
        notes: [.init("use nn (the default), hc0, hc1 or cluster, which are checked against rdrobust with weights")])
    }
  }
}
