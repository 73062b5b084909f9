/// The parameters of `regression_discontinuity`.
public struct RegressionDiscontinuityOptions: EstimatorOptions {
  /// A bandwidth: a number, or the data-driven choice of Imbens & Kalyanaraman.
  public enum Bandwidth: ParameterRepresentable, Hashable {
    /// The MSE-optimal choice of Imbens & Kalyanaraman (2012).
    case imbensKalyanaraman
    case fixed(Double)

    public init?(parameterValue: ParameterValue) {
      if case .string("ik") = parameterValue {
        self = .imbensKalyanaraman
      } else if let d = parameterValue.doubleValue {
        self = .fixed(d)
      } else {
        return nil
      }
    }

    public var parameterValue: ParameterValue {
      switch self {
      case .imbensKalyanaraman: .string("ik")
      case .fixed(let d): .number(d)
      }
    }
  }

  /// The kernel weights.
  public enum Kernel: String, ParameterChoice, Codable {
    case triangular, uniform
  }

  public static let runningVariable = Parameter<String>(
    "running_variable", .column, required: true, "The running (forcing) variable.")
  public static let cutoff = Parameter<Double>(
    "cutoff", .number(.any), required: true, "Treatment starts at running_variable >= cutoff.")
  public static let bandwidth = Parameter<Bandwidth>(
    "bandwidth", .numberOrChoice(.greaterThan(0), ["ik"]), default: .imbensKalyanaraman,
    "A bandwidth, or 'ik' for the MSE-optimal choice of Imbens & Kalyanaraman (2012).")
  public static let kernel = Parameter<Kernel>("kernel", default: .triangular, "Kernel weights.")
  public static let se = Parameter<StandardErrorMethod>(
    "se", choices: [.hc1, .hc0, .bootstrap], default: .hc1, "Standard errors.")
  public static let parameters = [
    runningVariable.descriptor, cutoff.descriptor, bandwidth.descriptor, kernel.descriptor, se.descriptor,
  ]

  public var runningVariable: String
  public var cutoff: Double
  public var bandwidth: Bandwidth
  public var kernel: Kernel
  public var standardErrors: StandardErrorMethod

  public init(_ params: ParameterSet) {
    runningVariable = params.value(Self.runningVariable)
    cutoff = params.value(Self.cutoff)
    bandwidth = params.value(Self.bandwidth)
    kernel = params.value(Self.kernel)
    standardErrors = params.value(Self.se)
  }

  public func validate(_ v: inout OptionsValidation) {
    if let estimand = v.estimand, runningVariable == estimand.outcome.value {
      v.error("the running variable cannot be the outcome", at: v.range(of: Self.runningVariable))
    }
  }
}
