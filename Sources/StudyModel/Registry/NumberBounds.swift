/// An interval of admissible numbers, each end open, closed or absent.
public struct NumberBounds: Hashable, Sendable, CustomStringConvertible {
  public var lower: Double?
  public var lowerInclusive: Bool
  public var upper: Double?
  public var upperInclusive: Bool

  public init(lower: Double?, lowerInclusive: Bool, upper: Double?, upperInclusive: Bool) {
    self.lower = lower
    self.lowerInclusive = lowerInclusive
    self.upper = upper
    self.upperInclusive = upperInclusive
  }

  /// Every finite number.
  public static let any = NumberBounds(lower: nil, lowerInclusive: true, upper: nil, upperInclusive: true)
  /// The open interval (a, b).
  public static func open(_ a: Double, _ b: Double) -> NumberBounds {
    NumberBounds(lower: a, lowerInclusive: false, upper: b, upperInclusive: false)
  }
  /// The closed interval [a, b].
  public static func closed(_ a: Double, _ b: Double) -> NumberBounds {
    NumberBounds(lower: a, lowerInclusive: true, upper: b, upperInclusive: true)
  }
  /// [a, infinity).
  public static func atLeast(_ a: Double) -> NumberBounds {
    NumberBounds(lower: a, lowerInclusive: true, upper: nil, upperInclusive: true)
  }
  /// (a, infinity).
  public static func greaterThan(_ a: Double) -> NumberBounds {
    NumberBounds(lower: a, lowerInclusive: false, upper: nil, upperInclusive: true)
  }

  /// Whether `x` is finite and inside the interval.
  public func contains(_ x: Double) -> Bool {
    guard x.isFinite else { return false }
    if let lower, lowerInclusive ? x < lower : x <= lower { return false }
    if let upper, upperInclusive ? x > upper : x >= upper { return false }
    return true
  }

  /// The interval as a reader would write it: `in (0, 1)`, `>= 1`, `> 0`.
  public var description: String {
    func f(_ d: Double) -> String { JSONValue.format(d) }
    switch (lower, upper) {
    case (nil, nil): return "finite"
    case (let a?, nil): return (lowerInclusive ? ">= " : "> ") + f(a)
    case (nil, let b?): return (upperInclusive ? "<= " : "< ") + f(b)
    case (let a?, let b?):
      return "in " + (lowerInclusive ? "[" : "(") + f(a) + ", " + f(b) + (upperInclusive ? "]" : ")")
    }
  }
}
