/// The parameters of `instrumental_variable`.
public struct InstrumentalVariableOptions: EstimatorOptions {
  public static let instruments = Parameter<[String]>(
    "instruments", .columns, defaultDescription: "the instruments found by identification", "Instrument columns.")
  public static let se = Parameter<StandardErrorMethod>(
    "se", choices: [.hc1, .hc0, .classical, .bootstrap], default: .hc1,
    "Standard errors: HC1 (as linearmodels' robust, debiased), HC0, classical, or the bootstrap.")
  public static let parameters = [instruments.descriptor, se.descriptor]

  /// The instruments the study names (else identification's).
  public var instruments: [String]?
  public var standardErrors: StandardErrorMethod

  public init(_ params: ParameterSet) {
    instruments = params.optionalValue(Self.instruments)
    standardErrors = params.value(Self.se)
  }
}
