/// The parameters of `generalized_linear_model`.
public struct GeneralizedLinearModelOptions: EstimatorOptions {
  /// The outcome distribution.
  public enum Family: String, ParameterChoice, Codable {
    case binomial, poisson, gaussian

    /// The links the family may take, its canonical link first.
    public var links: [Link] {
      switch self {
      case .binomial: [.logit, .probit]
      case .poisson: [.log]
      case .gaussian: [.identity]
      }
    }
  }

  /// The link function.
  public enum Link: String, ParameterChoice, Codable {
    case logit, probit, log, identity
  }

  /// The scale of the effect.
  public enum Scale: String, ParameterChoice, Codable {
    /// The difference of mean predictions (a risk difference for a binary outcome).
    case difference
    /// The ratio of mean predictions.
    case ratio
    /// The ratio of the odds of the mean predictions.
    case oddsRatio = "odds_ratio"
  }

  public static let family = Parameter<Family>("family", default: .binomial, "Outcome distribution.")
  public static let link = Parameter<Link>(
    "link", defaultDescription: "the family's canonical link",
    "Link function (canonical by default: logit, log, identity).")
  public static let scale = Parameter<Scale>(
    "scale", default: .difference,
    "Effect scale: risk difference, risk ratio or odds ratio of the averaged predictions.")
  public static let se = Parameter<StandardErrorMethod>(
    "se", choices: [.delta, .bootstrap], default: .delta, "Standard errors by the delta method or the bootstrap.")
  public static let parameters = [family.descriptor, link.descriptor, scale.descriptor, se.descriptor]

  public var family: Family
  /// The link as written, else the family's canonical link.
  public var link: Link
  public var scale: Scale
  public var standardErrors: StandardErrorMethod
  private var writtenLink: Link?

  public init(_ params: ParameterSet) {
    family = params.value(Self.family)
    writtenLink = params.optionalValue(Self.link)
    link = writtenLink ?? family.links[0]
    scale = params.value(Self.scale)
    standardErrors = params.value(Self.se)
  }

  public func validate(_ v: inout OptionsValidation) {
    if let writtenLink, !family.links.contains(writtenLink) {
      v.error(
        "link '\(writtenLink.rawValue)' is not available with family '\(family.rawValue)' (use \(family.links.map(\.rawValue).joined(separator: " or ")))",
        at: v.range(of: Self.link))
    }
    if scale == .oddsRatio, family != .binomial {
      v.error("an odds ratio needs family 'binomial'", at: v.range(of: Self.scale))
    }
  }
}
