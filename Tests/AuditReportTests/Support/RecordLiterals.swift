import CausalGraph
import StudyModel

// The sample records are written with the record formats' own words
// (`strategy: "backdoor"`, `check: "placebo_treatment"`); these literal
// conformances turn each word into its typed value, and trap on a word the
// format does not have.

private func known<T: RawRepresentable>(_ word: String, as type: T.Type) -> T where T.RawValue == String {
  guard let value = T(rawValue: word) else { preconditionFailure("'\(word)' is not a \(T.self)") }
  return value
}

extension RecordedCheck: ExpressibleByStringLiteral {
  public init(stringLiteral word: String) { self = known(word, as: RecordedCheck.self) }
}

extension EffectStrategy: ExpressibleByStringLiteral {
  public init(stringLiteral word: String) { self = known(word, as: EffectStrategy.self) }
}

extension UncertaintyRecord.Kind: ExpressibleByStringLiteral {
  public init(stringLiteral word: String) { self = known(word, as: UncertaintyRecord.Kind.self) }
}

extension BootstrapInterval: ExpressibleByStringLiteral {
  public init(stringLiteral word: String) { self = known(word, as: BootstrapInterval.self) }
}

extension VariableRole: ExpressibleByStringLiteral {
  public init(stringLiteral word: String) { self = known(word, as: VariableRole.self) }
}

extension PathRecord.Status: ExpressibleByStringLiteral {
  public init(stringLiteral word: String) { self = known(word, as: PathRecord.Status.self) }
}

extension PathRecord.Blocking: ExpressibleByStringLiteral {
  public init(stringLiteral word: String) { self = known(word, as: PathRecord.Blocking.self) }
}

extension ArmSummary.Arm: ExpressibleByStringLiteral {
  public init(stringLiteral word: String) { self = known(word, as: ArmSummary.Arm.self) }
}

extension EdgeKind: ExpressibleByStringLiteral {
  public init(stringLiteral word: String) { self = known(word, as: EdgeKind.self) }
}

extension IdentificationStrategy: ExpressibleByStringLiteral {
  public init(stringLiteral word: String) { self = known(word, as: IdentificationStrategy.self) }
}

extension AdjustmentChoice: ExpressibleByStringLiteral {
  public init(stringLiteral word: String) {
    switch word {
    case "minimal": self = .minimal
    case "optimal": self = .optimal
    case "all": self = .all
    default: preconditionFailure("'\(word)' is not an adjustment choice")
    }
  }
}
