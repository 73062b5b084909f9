/// The values a study takes for the keys it does not write: the one place
/// they are stated. The reader fills them in; the format reference, the
/// JSON Schema and the docs print them from here.
public enum StudyDefaults {
  /// `seed`.
  public static let seed: UInt64 = 0
  /// `data.missing`.
  public static let missing = MissingPolicy.error
  /// `data.missing_values`.
  public static let missingValues = ["", "NA", "NaN"]
  /// `estimand.effect`.
  public static let effect = EffectKind.averageTreatmentEffect
  /// `estimand.treatment_value`.
  public static let treatmentValue: TreatmentLevel = 1
  /// `estimand.control_value`.
  public static let controlValue: TreatmentLevel = 0
  /// `estimand.identification`.
  public static let identification = IdentificationStrategy.automatic
  /// `estimand.adjustment`.
  public static let adjustment = AdjustmentChoice.minimal
  /// An expectation's `severity`.
  public static let expectationSeverity = CheckSeverity.error
  /// `policies`.
  public static let policies = PolicySpec(
    rankDeficiency: .defaulted(.error), separation: .defaulted(.error), nonConvergence: .defaulted(.error),
    positivity: .defaulted(.warn))
  /// `report.formats`.
  public static let reportFormats = ReportFormat.allCases
}
