import StudyModel

/// The one table from check names to their implementations.
///
/// The switch is exhaustive: a check added to ``CheckKind`` without an
/// implementation here does not compile. Whether an implementation refutes
/// each estimate or checks the study as a whole agrees with the registry
/// row's scope (tested).
enum RefuterRegistry {
  /// A check's implementation, by what it is applied to.
  enum Implementation {
    /// Applied to each estimate.
    case estimate(any Refuter)
    /// Applied to the study as a whole.
    case study(any StudyCheck.Type)
  }

  static func implementation(for kind: CheckKind) -> Implementation {
    switch kind {
    case .placeboTreatment: .estimate(PlaceboTreatmentRefuter())
    case .randomCommonCause: .estimate(RandomCommonCauseRefuter())
    case .dataSubset: .estimate(DataSubsetRefuter())
    case .bootstrap: .estimate(BootstrapRefuter())
    case .dummyOutcome: .estimate(DummyOutcomeRefuter())
    case .unobservedCommonCause: .estimate(UnobservedCommonCauseRefuter())
    case .sensitivity: .estimate(SensitivityRefuter())
    case .eValue: .estimate(EValueRefuter())
    case .overlap: .estimate(OverlapRefuter())
    case .graphIndependencies: .study(GraphIndependenciesCheck.self)
    case .graphFalsification: .study(GraphFalsificationCheck.self)
    case .estimatorAgreement: .study(EstimatorAgreementCheck.self)
    case .preTrends: .estimate(PreTrendsRefuter())
    case .placeboTime: .estimate(PlaceboTimeRefuter())
    case .discontinuityDensity: .estimate(DiscontinuityDensityRefuter())
    case .discontinuityPlaceboCutoffs: .estimate(DiscontinuityPlaceboCutoffsRefuter())
    case .discontinuityCovariateBalance: .estimate(DiscontinuityCovariateBalanceRefuter())
    case .discontinuityBandwidthSensitivity: .estimate(DiscontinuityBandwidthSensitivityRefuter())
    case .weakInstrument: .estimate(WeakInstrumentRefuter())
    }
  }

  /// The refuter of a per-estimate check; asking for a study check is a
  /// programmer error.
  static func refuter(for kind: CheckKind) -> any Refuter {
    guard case .estimate(let refuter) = implementation(for: kind) else {
      preconditionFailure("\(kind.rawValue) is a study check, not a per-estimate refuter")
    }
    return refuter
  }
}
