/// The parameters of `rd_placebo_cutoffs`.
public struct DiscontinuityPlaceboCutoffsOptions: CheckOptions {
  public static let cutoffs = Parameter<[Double]>(
    "cutoffs", .numbers(.any, count: nil),
    defaultDescription: "the median of the running variable on each side of the cutoff",
    "False cutoffs; each is tested with the units on its side of the true cutoff only.")
  public static let parameters = [cutoffs.descriptor]

  /// The cutoffs the study names (else each side's median).
  public var cutoffs: [Double]?

  public init(_ params: ParameterSet) {
    cutoffs = params.optionalValue(Self.cutoffs)
  }

  public func validate(_ v: inout OptionsValidation) {
    if let cutoffs, cutoffs.isEmpty {
      v.error("'cutoffs' lists no cutoff", at: v.range(of: Self.cutoffs))
    }
  }
}

/// The parameters of `rd_covariate_balance`.
public struct DiscontinuityCovariateBalanceOptions: CheckOptions {
  public static let covariates = Parameter<[String]>(
    "covariates", .columns, defaultDescription: "the estimator's covariates",
    "Pre-determined covariates, each tested for a jump at the cutoff as if it were the outcome.")
  public static let parameters = [covariates.descriptor]

  public var covariates: [String]?

  public init(_ params: ParameterSet) {
    covariates = params.optionalValue(Self.covariates)
  }

  public func validate(_ v: inout OptionsValidation) {
    if let covariates, covariates.isEmpty {
      v.error("'covariates' lists no covariate", at: v.range(of: Self.covariates))
    }
    if let covariates, let estimand = v.estimand {
      for name in covariates where name == estimand.outcome.value || name == estimand.treatment.value {
        v.error(
          "'\(name)' is not a pre-determined covariate: balance is tested for variables fixed before treatment",
          at: v.range(of: Self.covariates))
      }
    }
  }
}

/// The parameters of `rd_bandwidth_sensitivity`.
public struct DiscontinuityBandwidthSensitivityOptions: CheckOptions {
  public static let multipliers = Parameter<[Double]>(
    "multipliers", .numbers(.greaterThan(0), count: nil), default: [0.5, 0.75, 1, 1.25, 1.5],
    "Multiples of the estimator's bandwidth h at which the effect is re-estimated (with b = h).")
  public static let parameters = [multipliers.descriptor]

  public var multipliers: [Double]

  public init(_ params: ParameterSet) {
    multipliers = params.value(Self.multipliers)
  }

  public func validate(_ v: inout OptionsValidation) {
    if multipliers.isEmpty {
      v.error("'multipliers' lists no multiple of the bandwidth", at: v.range(of: Self.multipliers))
    }
  }
}

/// The parameters of `weak_instrument`.
public struct WeakInstrumentOptions: CheckOptions {
  /// Which critical value of Montiel Olea & Pflueger (2013).
  public enum Test: String, ParameterChoice, Codable {
    /// x = B/τ with B the bound on the Nagar bias (equals simplified with one instrument).
    case generalized
    /// x = 1/τ (conservative).
    case simplified
  }

  public static let tau = Parameter<Double>(
    "tau", .number(.open(0, 1)), default: 0.1,
    "The tolerated 2SLS bias as a share of the worst-case benchmark (Montiel Olea & Pflueger's τ): 0.05, 0.1, 0.2 or 0.3."
  )
  /// The τ for which critical values are computed (Montiel Olea & Pflueger's table).
  public static let tabulatedTau: [Double] = [0.05, 0.1, 0.2, 0.3]
  public static let test = Parameter<Test>(
    "test", default: .generalized, "The critical value: generalized (x = B/τ) or simplified (x = 1/τ).")
  public static let parameters = [tau.descriptor, test.descriptor]

  public var tau: Double
  public var test: Test

  public init(_ params: ParameterSet) {
    tau = params.value(Self.tau)
    test = params.value(Self.test)
  }

  public func validate(_ v: inout OptionsValidation) {
    if !Self.tabulatedTau.contains(tau) {
      v.error(
        "'tau' must be 0.05, 0.1, 0.2 or 0.3 (the biases Montiel Olea & Pflueger tabulate)", at: v.range(of: Self.tau))
    }
  }
}
