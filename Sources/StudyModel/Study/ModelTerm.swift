/// A model term written in a study: a product of variables, each to a power.
///
/// Grammar: `term := factor (":" factor)*`, `factor := name ["^" power]`,
/// with `power` a whole number from 2 to 10. `age^2` is a square and
/// `smokeintensity:smokeyrs` an interaction; `a^2:b` is allowed.
public struct ModelTerm: Hashable, Sendable, CustomStringConvertible {
  public struct Factor: Hashable, Sendable {
    public var variable: String
    public var power: Int
  }

  public var factors: [Factor]

  /// Parses a term; the error text says what is wrong.
  public static func parse(_ text: String) -> Result<ModelTerm, TermError> {
    var factors: [Factor] = []
    let pieces = text.split(separator: ":", omittingEmptySubsequences: false)
    for piece in pieces {
      let trimmed = trim(piece)
      if trimmed.isEmpty { return .failure(TermError("empty factor in term '\(text)'")) }
      let parts = trimmed.split(separator: "^", omittingEmptySubsequences: false)
      guard parts.count <= 2 else { return .failure(TermError("more than one '^' in '\(trimmed)'")) }
      let name = trim(parts[0])
      if name.isEmpty { return .failure(TermError("missing variable before '^' in '\(trimmed)'")) }
      var power = 1
      if parts.count == 2 {
        guard let p = Int(trim(parts[1])), (2...10).contains(p) else {
          return .failure(TermError("the power in '\(trimmed)' must be a whole number from 2 to 10"))
        }
        power = p
      }
      factors.append(Factor(variable: name, power: power))
    }
    if factors.count == 1, factors[0].power == 1 {
      return .failure(
        TermError("'\(text)' is a plain variable, not a term: write a square 'x^2' or an interaction 'a:b'"))
    }
    return .success(ModelTerm(factors: factors))
  }

  public var variables: [String] { factors.map(\.variable) }

  public var description: String {
    factors.map { $0.power == 1 ? $0.variable : "\($0.variable)^\($0.power)" }.joined(separator: ":")
  }

  public struct TermError: Error, Equatable, Sendable {
    public var message: String
    init(_ message: String) { self.message = message }
  }
}

private func trim(_ text: Substring) -> String {
  String(text.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
}
