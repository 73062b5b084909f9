/// A model term written in a study: a product of factors, each a variable or
/// a transform of one.
///
/// The term language (R's formula notation, as `lm` and patsy read it):
///
/// | written | columns |
/// |---|---|
/// | `x` | `x` (one indicator per non-reference level for a categorical `x`) |
/// | `x^k` | `x^k`, `k` from 2 to 10 |
/// | `log(x)`, `sqrt(x)` | the transform; values must be > 0 (log) or ≥ 0 (sqrt) |
/// | `poly(x, k)` | raw powers `x, x^2, …, x^k` (R's `poly(x, k, raw = TRUE)`), `k` from 1 to 10 |
/// | `ns(x, df)` | natural cubic spline, knots at quantiles (R's `splines::ns`), `df` from 1 to 20 |
/// | `C(x)`, `C(x, ref = level)` | `x` as categorical: an indicator per level but the reference (the first level, or `level`) |
/// | `a:b` | the products of the columns of `a` and of `b` |
/// | `a*b` | `a + b + a:b` (every product of a non-empty subset, as R expands it) |
///
/// ``parse(_:)`` returns the terms a written text expands to. A term made of
/// one `poly`, `ns` or `C` factor spans the main effect of its variable and
/// replaces it in a model; the other terms are added to the main effects.
public struct ModelTerm: Hashable, Sendable, CustomStringConvertible {
  /// One factor of a term.
  public enum Factor: Hashable, Sendable, CustomStringConvertible {
    case variable(String)
    case power(String, Int)
    case log(String)
    case squareRoot(String)
    case polynomial(String, degree: Int)
    case naturalSpline(String, df: Int)
    case categorical(String, reference: String?)

    /// The data column the factor reads.
    public var variable: String {
      switch self {
      case .variable(let v), .power(let v, _), .log(let v), .squareRoot(let v), .polynomial(let v, _),
        .naturalSpline(let v, _), .categorical(let v, _):
        v
      }
    }

    /// The factor in the notation it is written in.
    public var description: String {
      switch self {
      case .variable(let v): v
      case .power(let v, let k): "\(v)^\(k)"
      case .log(let v): "log(\(v))"
      case .squareRoot(let v): "sqrt(\(v))"
      case .polynomial(let v, let k): "poly(\(v), \(k))"
      case .naturalSpline(let v, let df): "ns(\(v), \(df))"
      case .categorical(let v, let reference): reference.map { "C(\(v), ref = \($0))" } ?? "C(\(v))"
      }
    }

    /// Whether the factor's columns span the variable's own linear main effect.
    var spansMainEffect: Bool {
      switch self {
      case .polynomial, .naturalSpline, .categorical: true
      default: false
      }
    }

    /// Whether the factor can take a categorical column: as it is (one
    /// indicator per level but the reference) or through `C(x)`; arithmetic
    /// transforms need numbers.
    public var acceptsCategoricalColumn: Bool {
      switch self {
      case .variable, .categorical: true
      default: false
      }
    }
  }

  public var factors: [Factor]

  public init(_ factors: [Factor]) {
    self.factors = factors
  }

  public var variables: [String] { factors.map(\.variable) }

  /// `a:b` in the written notation.
  public var description: String { factors.map(\.description).joined(separator: ":") }

  /// The variable whose main effect this term replaces, when it is a single
  /// `poly`, `ns` or `C` factor.
  public var replacedMainEffect: String? {
    guard factors.count == 1, factors[0].spansMainEffect else { return nil }
    return factors[0].variable
  }

  /// Whether the term is a plain variable (a main effect written as a term).
  public var plainVariable: String? {
    guard factors.count == 1, case .variable(let v) = factors[0] else { return nil }
    return v
  }

  /// Why a written term cannot be read.
  public struct TermError: Error, Equatable, Sendable {
    public var message: String
    init(_ message: String) { self.message = message }
  }

  /// The functions of the term language.
  public static let functions = ["log", "sqrt", "poly", "ns", "C"]

  /// The terms a written text expands to (`a*b` gives `a`, `b` and `a:b`),
  /// or what is wrong with it.
  public static func parse(_ text: String) -> Result<[ModelTerm], TermError> {
    var parser = TermParser(text)
    do {
      return .success(try parser.expression())
    } catch let error as TermError {
      return .failure(error)
    } catch {
      return .failure(TermError("cannot read term '\(text)'"))
    }
  }
}

/// A recursive-descent reader of one written term.
private struct TermParser {
  let text: String
  let scalars: [Unicode.Scalar]
  var index = 0

  init(_ text: String) {
    self.text = text
    scalars = Array(text.unicodeScalars)
  }

  typealias TermError = ModelTerm.TermError

  mutating func expression() throws -> [ModelTerm] {
    var products = [try product()]
    skipSpaces()
    while peek() == "*" {
      index += 1
      products.append(try product())
      skipSpaces()
    }
    guard index == scalars.count else {
      throw TermError("unexpected '\(String(scalars[index]))' in term '\(text)'")
    }
    if products.count == 1 { return [ModelTerm(products[0])] }
    // a*b*c: every non-empty subset, in the order R lists them (by size, then position).
    var terms: [ModelTerm] = []
    for size in 1...products.count {
      for subset in Self.subsets(of: products.count, size: size) {
        terms.append(ModelTerm(subset.flatMap { products[$0] }))
      }
    }
    return terms
  }

  static func subsets(of n: Int, size: Int) -> [[Int]] {
    if size == 0 { return [[]] }
    guard n >= size else { return [] }
    var out: [[Int]] = []
    func extend(_ current: [Int], from start: Int) {
      if current.count == size {
        out.append(current)
        return
      }
      for i in start..<n { extend(current + [i], from: i + 1) }
    }
    extend([], from: 0)
    return out
  }

  mutating func product() throws -> [ModelTerm.Factor] {
    var factors = [try factor()]
    skipSpaces()
    while peek() == ":" {
      index += 1
      factors.append(try factor())
      skipSpaces()
    }
    var seen: Set<ModelTerm.Factor> = []
    for f in factors where !seen.insert(f).inserted {
      throw TermError("'\(f)' appears twice in the product '\(factors.map(\.description).joined(separator: ":"))'")
    }
    return factors
  }

  mutating func factor() throws -> ModelTerm.Factor {
    skipSpaces()
    let name = try identifier(what: "a variable or a function")
    skipSpaces()
    if peek() == "(" {
      index += 1
      return try call(name)
    }
    if peek() == "^" {
      index += 1
      skipSpaces()
      let start = index
      guard let power = try? integer(what: "the power after '^'"), (2...10).contains(power) else {
        index = start
        while let c = peek(), c != ":" && c != "*" && c != " " { index += 1 }
        let written = String(String.UnicodeScalarView(scalars[start..<index]))
        throw TermError("the power in '\(name)^\(written)' must be a whole number from 2 to 10")
      }
      return .power(name, power)
    }
    return .variable(name)
  }

  mutating func call(_ function: String) throws -> ModelTerm.Factor {
    guard ModelTerm.functions.contains(function) else {
      throw TermError(
        "unknown function '\(function)' in term '\(text)'; the term language has "
          + ModelTerm.functions.map { "\($0)()" }.joined(separator: ", "))
    }
    skipSpaces()
    let variable = try identifier(what: "the variable of \(function)()")
    skipSpaces()
    var extra: String?
    var keyword: String?
    if peek() == "," {
      index += 1
      skipSpaces()
      let start = index
      if let word = try? identifier(what: ""), skipSpacesAndPeek() == "=" {
        keyword = word
        index += 1
        skipSpaces()
      } else {
        index = start
      }
      extra = argumentText()
      skipSpaces()
    }
    guard peek() == ")" else {
      throw TermError("expected ')' to close \(function)( in term '\(text)'")
    }
    index += 1
    func arity(_ expected: String) -> TermError {
      TermError("\(function)() takes \(expected), as in \(Self.example(function)); found '\(text)'")
    }
    switch function {
    case "log", "sqrt":
      guard extra == nil else { throw arity("one variable") }
      return function == "log" ? .log(variable) : .squareRoot(variable)
    case "poly", "ns":
      guard let extra, keyword == nil || keyword == (function == "poly" ? "degree" : "df") else {
        throw arity(function == "poly" ? "a variable and a degree" : "a variable and the degrees of freedom")
      }
      guard let k = Int(extra) else { throw arity("a whole number after the variable") }
      if function == "poly" {
        guard (1...10).contains(k) else { throw TermError("the degree in '\(text)' must be from 1 to 10") }
        return .polynomial(variable, degree: k)
      }
      guard (1...20).contains(k) else { throw TermError("the degrees of freedom in '\(text)' must be from 1 to 20") }
      return .naturalSpline(variable, df: k)
    default:  // C
      guard let extra else { return .categorical(variable, reference: nil) }
      guard keyword == "ref" else { throw arity("a variable and optionally `ref = level`") }
      let level = Self.unquoted(extra)
      guard !level.isEmpty else { throw arity("a level after `ref =`") }
      return .categorical(variable, reference: level)
    }
  }

  static func example(_ function: String) -> String {
    switch function {
    case "poly": "poly(age, 2)"
    case "ns": "ns(age, 3)"
    case "C": "C(region) or C(region, ref = south)"
    default: "\(function)(income)"
    }
  }

  static func unquoted(_ text: String) -> String {
    var t = Substring(text)
    if t.count >= 2, let first = t.first, first == "\"" || first == "'", t.last == first {
      t = t.dropFirst().dropLast()
    }
    return String(t)
  }

  /// The raw text of an argument, up to the closing parenthesis.
  mutating func argumentText() -> String {
    var out = String.UnicodeScalarView()
    var quote: Unicode.Scalar?
    while index < scalars.count {
      let c = scalars[index]
      if let q = quote {
        if c == q { quote = nil }
      } else if c == "\"" || c == "'" {
        quote = c
      } else if c == ")" {
        break
      }
      out.append(c)
      index += 1
    }
    return String(String(out).reversed().drop { $0 == " " }.reversed())
  }

  mutating func identifier(what: String) throws -> String {
    let start = index
    while index < scalars.count, Self.isNameScalar(scalars[index]) { index += 1 }
    guard index > start else {
      if index >= scalars.count { throw TermError("missing \(what) at the end of term '\(text)'") }
      throw TermError("expected \(what) before '\(String(scalars[index]))' in term '\(text)'")
    }
    return String(String.UnicodeScalarView(scalars[start..<index]))
  }

  mutating func integer(what: String) throws -> Int {
    let start = index
    while index < scalars.count, ("0"..."9").contains(scalars[index]) { index += 1 }
    guard index > start, let value = Int(String(String.UnicodeScalarView(scalars[start..<index]))) else {
      throw TermError("expected a whole number for \(what) in term '\(text)'")
    }
    return value
  }

  static func isNameScalar(_ c: Unicode.Scalar) -> Bool {
    c.properties.isAlphabetic || ("0"..."9").contains(c) || c == "_" || c == "."
  }

  func peek() -> Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

  mutating func skipSpaces() {
    while index < scalars.count, scalars[index] == " " || scalars[index] == "\t" { index += 1 }
  }

  mutating func skipSpacesAndPeek() -> Unicode.Scalar? {
    skipSpaces()
    return peek()
  }
}
