/// The mediators parameter of the front-door and mediation methods.
public enum MediatorParameters {
  public static let mediators = Parameter<[String]>(
    "mediators", .columns, defaultDescription: "the mediators found by identification", "Mediator columns.")
  public static let se = Parameter<StandardErrorMethod>(
    "se", choices: [.delta, .bootstrap], default: .delta, "Standard errors by the delta method or the bootstrap.")
}

/// The parameters of `frontdoor_two_stage`.
public struct FrontdoorTwoStageOptions: EstimatorOptions {
  public static let parameters = [MediatorParameters.mediators.descriptor, MediatorParameters.se.descriptor]

  /// The mediators the study names (else identification's).
  public var mediators: [String]?
  public var standardErrors: StandardErrorMethod

  public init(_ params: ParameterSet) {
    mediators = params.optionalValue(MediatorParameters.mediators)
    standardErrors = params.value(MediatorParameters.se)
  }
}

/// The parameters of `mediation`.
public struct MediationOptions: EstimatorOptions {
  public static let interaction = Parameter<Bool>(
    "interaction", .boolean, default: true, "Include a treatment-by-mediator interaction.")
  public static let parameters = [
    MediatorParameters.mediators.descriptor, interaction.descriptor, MediatorParameters.se.descriptor,
  ]

  /// The mediators the study names (else identification's).
  public var mediators: [String]?
  public var interaction: Bool
  public var standardErrors: StandardErrorMethod

  public init(_ params: ParameterSet) {
    mediators = params.optionalValue(MediatorParameters.mediators)
    interaction = params.value(Self.interaction)
    standardErrors = params.value(MediatorParameters.se)
  }
}
