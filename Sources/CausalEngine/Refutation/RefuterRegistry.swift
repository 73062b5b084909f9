import StudyModel

/// The one table from per-estimate check names to their implementations.
enum RefuterRegistry {
  static func refuter(for kind: CheckKind) -> any Refuter {
    switch kind {
    case .placeboTreatment: PlaceboTreatmentRefuter()
    case .randomCommonCause: RandomCommonCauseRefuter()
    case .dataSubset: DataSubsetRefuter()
    case .bootstrap: BootstrapRefuter()
    case .dummyOutcome: DummyOutcomeRefuter()
    case .unobservedCommonCause: UnobservedCommonCauseRefuter()
    case .sensitivity: SensitivityRefuter()
    case .eValue: EValueRefuter()
    case .overlap: OverlapRefuter()
    case .graphIndependencies, .graphFalsification, .estimatorAgreement:
      preconditionFailure("\(kind.rawValue) is a study check, not a per-estimate refuter")
    }
  }
}
