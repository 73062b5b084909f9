/// Everything identification found for one effect: the strategy used and
/// the alternatives, as plain data (node numbers and names).
public struct IdentificationResult: Hashable, Codable, Sendable {
  public var treatments: [NodeReference]
  public var outcomes: [NodeReference]
  /// The strategy asked for.
  public var requestedStrategy: IdentificationMethod
  /// The adjustment set asked for.
  public var adjustmentChoice: AdjustmentSetChoice
  /// The strategy that identified the effect; `nil` when none did.
  public var strategy: IdentificationMethod?
  /// Why the requested strategy does not apply, or why nothing does.
  public var failure: IdentificationFailure?
  /// The estimand of the strategy used, in standard notation.
  public var estimand: String?

  /// The adjustment set used (back-door only).
  public var adjustmentSet: [NodeReference]?
  /// The verdict on the adjustment set used or requested.
  public var adjustmentVerdict: AdjustmentVerdict?
  /// Every minimal adjustment set (up to the cap).
  public var minimalAdjustmentSets: [[NodeReference]]
  /// Whether ``minimalAdjustmentSets`` stopped at the cap.
  public var minimalAdjustmentSetsTruncated: Bool
  /// The canonical set, when an adjustment set exists.
  public var canonicalAdjustmentSet: [NodeReference]?
  /// The optimal set O(X, Y), when usable.
  public var optimalAdjustmentSet: [NodeReference]?
  /// Why there is no optimal set, otherwise.
  public var optimalAdjustmentNote: String?
  /// Why no adjustment set exists (with the open path), when none does.
  public var adjustmentFailure: String?

  /// A front-door set, when one exists.
  public var frontDoorMediators: [NodeReference]?
  /// The criterion checked on the front-door set used, found or given.
  public var frontDoorVerdict: FrontDoorVerdict?

  /// Every observed node that is an instrument, with its conditioning set.
  public var instruments: [InstrumentFinding]

  /// The ID algorithm's functional, when identifiable.
  public var idFunctional: String?
  /// The hedge, when the ID algorithm fails.
  public var hedge: Hedge?

  /// The non-causal paths from treatment to outcome and their status given
  /// the adjustment set used (the empty set when none is used).
  public var paths: PathListing
  /// Further remarks, one sentence each.
  public var notes: [String]

  /// Whether the effect was identified.
  public var isIdentified: Bool { strategy != nil }
}
