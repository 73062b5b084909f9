/// How a regression discontinuity identifies the effect, in its own words:
/// continuity at the cutoff, and the effect there (for compliers when fuzzy).
///
/// The graph is not what identifies a regression discontinuity; the cutoff
/// rule and the continuity of the potential outcomes at it are. Before the
/// data are read (`assay identify`) the design is not known, so `design` and
/// the treated side (unless the study sets it) are null; a run fills them in
/// from the data.
public struct DiscontinuityIdentification: Codable, Sendable, Hashable {
  /// The regression_discontinuity estimator this describes (the first one).
  public var estimator: String
  public var runningVariable: String
  public var cutoff: Double
  public var treatedSide: RegressionDiscontinuityOptions.TreatedSide?
  /// Whether the treated side was decided from the data; null before a run.
  public var treatedSideInferred: Bool?
  /// sharp or fuzzy, decided from the data; null before a run.
  public var design: DiscontinuityRecord.Design?
  /// The identifying assumption, in words.
  public var assumption: String
  /// The estimand, in notation.
  public var estimand: String
  /// The effect, in words: at the cutoff, for compliers when fuzzy.
  public var effect: String

  public init(
    estimator: String, runningVariable: String, cutoff: Double,
    treatedSide: RegressionDiscontinuityOptions.TreatedSide?, treatedSideInferred: Bool?,
    design: DiscontinuityRecord.Design?, assumption: String, estimand: String, effect: String
  ) {
    self.estimator = estimator
    self.runningVariable = runningVariable
    self.cutoff = cutoff
    self.treatedSide = treatedSide
    self.treatedSideInferred = treatedSideInferred
    self.design = design
    self.assumption = assumption
    self.estimand = estimand
    self.effect = effect
  }

  /// The identification of a design, worded for what is known of it.
  public static func describe(
    estimator: String, treatment: String, outcome: String, runningVariable r: String, cutoff c: Double,
    treatedSide: RegressionDiscontinuityOptions.TreatedSide?, treatedSideInferred: Bool?,
    design: DiscontinuityRecord.Design?
  ) -> DiscontinuityIdentification {
    let cut = JSONValue.format(c)
    let above = "E[\(outcome) | \(r) → \(cut)⁺]"
    let below = "E[\(outcome) | \(r) → \(cut)⁻]"
    let estimand: String
    switch (design, treatedSide) {
    case (.sharp?, .below?): estimand = "\(below) − \(above)"
    case (.sharp?, _): estimand = "\(above) − \(below)"
    case (.fuzzy?, _):
      estimand = "(\(above) − \(below)) / (E[\(treatment) | \(r) → \(cut)⁺] − E[\(treatment) | \(r) → \(cut)⁻])"
    case (nil, _):
      estimand =
        "the jump in E[\(outcome) | \(r)] at \(r) = \(cut) (sharp design), or its ratio to the jump in E[\(treatment) | \(r)] (fuzzy); the data decide which"
    }
    var assumption =
      "the potential outcomes' means E[\(outcome)(0) | \(r)] and E[\(outcome)(1) | \(r)] are continuous at \(r) = \(cut): nothing else that affects \(outcome) changes at the cutoff, and units cannot place themselves precisely on one side of it"
    if design == .fuzzy {
      assumption +=
        "; and monotonicity: crossing the cutoff never takes a unit out of treatment, and the cutoff affects \(outcome) only through \(treatment)"
    }
    let effect: String
    switch design {
    case .fuzzy?:
      effect = "the effect at the cutoff \(r) = \(cut), for compliers (units whose treatment the cutoff switches)"
    case .sharp?: effect = "the effect at the cutoff \(r) = \(cut), for units there"
    case nil: effect = "the effect at the cutoff \(r) = \(cut) (for compliers, if the design is fuzzy)"
    }
    return DiscontinuityIdentification(
      estimator: estimator, runningVariable: r, cutoff: c, treatedSide: treatedSide,
      treatedSideInferred: treatedSideInferred, design: design, assumption: assumption, estimand: estimand,
      effect: effect)
  }
}
