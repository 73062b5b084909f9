/// How to identify an effect: one named criterion, or the first that
/// applies (`auto`). Raw values are the study-format spellings.
public enum IdentificationMethod: String, Hashable, Codable, Sendable, CaseIterable {
  /// Back-door, else front-door, else an instrument, else the ID algorithm.
  case automatic = "auto"
  /// Covariate adjustment (generalized adjustment criterion).
  case backdoor
  /// Pearl's front-door criterion.
  case frontdoor
  /// A (conditional) instrumental variable.
  case instrumentalVariable = "iv"
  /// The ID algorithm of Shpitser & Pearl (2006).
  case generalIdentification = "id"
}

/// Which adjustment set to use when adjusting.
public enum AdjustmentSetChoice: Hashable, Codable, Sendable {
  /// The smallest minimal set (ties by node names' numbers).
  case minimal
  /// O(X, Y) of Henckel, Perkovic & Maathuis (2022).
  case optimal
  /// The canonical set (all observed non-forbidden ancestors).
  case all
  /// The named nodes.
  case explicit([String])
}

/// A node number with its name.
public struct NodeReference: Hashable, Codable, Sendable {
  public var number: Int
  public var name: String
}

/// Why a requested strategy cannot identify the effect (an error value).
public struct IdentificationFailure: Error, Hashable, Codable, Sendable, CustomStringConvertible {
  /// The strategy that failed (`auto` when nothing applies).
  public var strategy: IdentificationMethod
  /// The criterion that fails, e.g. "generalized adjustment criterion".
  public var criterion: String
  /// Why, with the open path or the hedge.
  public var reason: String
  public var description: String { "\(criterion): \(reason)" }
}

/// One instrument with its conditioning set and its arguments, as names.
public struct InstrumentFinding: Hashable, Codable, Sendable {
  public var instrument: NodeReference
  public var conditioningSet: [NodeReference]
  /// Why Z and X are m-connected given W.
  public var relevance: String
  /// Why Z and Y are m-separated given W once the causal paths out of X are cut.
  public var exclusion: String
}

/// Everything identification found for one effect: the strategy used and
/// the alternatives, as plain data (node numbers and names).
public struct IdentificationResult: Hashable, Codable, Sendable {
  public var treatments: [NodeReference]
  public var outcomes: [NodeReference]
  public var requestedStrategy: IdentificationMethod
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
