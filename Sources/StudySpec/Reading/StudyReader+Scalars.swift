import StudyModel

extension StudyReader {
  func origin(_ node: YAMLNode) -> Origin { .file(node.range) }

  /// A scalar's text as a string (names, paths, free text).
  func string(_ node: YAMLNode, _ what: String) -> Located<String>? {
    guard let scalar = node.scalar else {
      sink.error("'\(what)' must be a string, found \(node.kindDescription)", at: node.range)
      return nil
    }
    if scalar.coreValue == .null {
      sink.error("'\(what)' must be a string, found nothing", at: node.range)
      return nil
    }
    return Located(scalar.text, origin: origin(node))
  }

  /// A name that must not be empty (a node, a column, an estimator).
  func name(_ node: YAMLNode, _ what: String) -> Located<String>? {
    guard let value = string(node, what) else { return nil }
    if value.value.trimmingSpaces.isEmpty {
      sink.error("'\(what)' cannot be empty", at: node.range)
      return nil
    }
    return value
  }

  /// `true` or `false`; YAML 1.1 words are errors with a hint.
  func bool(_ node: YAMLNode, _ what: String) -> Located<Bool>? {
    guard let scalar = node.scalar else {
      sink.error("'\(what)' must be true or false, found \(node.kindDescription)", at: node.range)
      return nil
    }
    if case .bool(let b) = scalar.coreValue { return Located(b, origin: origin(node)) }
    let word = scalar.text.lowercased()
    let yamlOneOne: [String: Bool] = ["yes": true, "no": false, "on": true, "off": false, "y": true, "n": false]
    if scalar.style == .plain, let meant = yamlOneOne[word] {
      sink.error(
        "'\(what)' must be true or false, found '\(scalar.text)'", at: node.range,
        notes: [.init("YAML 1.2 booleans are only true and false; write \(meant)")])
    } else {
      sink.error(
        "'\(what)' must be true or false, found \(scalar.kindDescription) '\(scalar.text)'",
        at: node.range)
    }
    return nil
  }

  /// A whole number within bounds.
  func integer(_ node: YAMLNode, _ what: String, _ bounds: NumberBounds) -> Located<Int>? {
    guard let scalar = node.scalar else {
      sink.error("'\(what)' must be a whole number \(bounds), found \(node.kindDescription)", at: node.range)
      return nil
    }
    switch scalar.coreValue {
    case .integer(let i):
      guard bounds.contains(Double(i)) else {
        sink.error("'\(what)' must be a whole number \(bounds), found \(i)", at: node.range)
        return nil
      }
      return Located(i, origin: origin(node))
    case .largeInteger(let text):
      sink.error("'\(what)' must be a whole number \(bounds), found \(text)", at: node.range)
    case .float(let d) where d.isFinite && d == d.rounded():
      sink.error(
        "'\(what)' must be a whole number \(bounds), found \(scalar.text)", at: node.range,
        notes: [.init("write it without a fraction: \(Int(exactly: d).map(String.init) ?? scalar.text)")])
    default:
      sink.error(
        "'\(what)' must be a whole number \(bounds), found \(scalar.kindDescription) '\(scalar.text)'",
        at: node.range)
    }
    return nil
  }

  /// A treatment level: a finite number, or the name of a categorical level.
  func treatmentLevel(_ node: YAMLNode, _ what: String) -> Located<TreatmentLevel>? {
    guard let scalar = node.scalar, scalar.coreValue != .null else {
      sink.error("'\(what)' must be a number or a level's name, found \(node.kindDescription)", at: node.range)
      return nil
    }
    switch scalar.coreValue {
    case .integer, .float, .largeInteger:
      return number(node, what, .any)?.map(TreatmentLevel.number)
    default:
      guard !scalar.text.trimmingSpaces.isEmpty else {
        sink.error("'\(what)' cannot be empty", at: node.range)
        return nil
      }
      return Located(.text(scalar.text), origin: origin(node))
    }
  }

  /// A finite number within bounds.
  func number(_ node: YAMLNode, _ what: String, _ bounds: NumberBounds) -> Located<Double>? {
    guard let scalar = node.scalar else {
      sink.error("'\(what)' must be a number \(bounds), found \(node.kindDescription)", at: node.range)
      return nil
    }
    let value: Double
    switch scalar.coreValue {
    case .integer(let i): value = Double(i)
    case .float(let d): value = d
    case .largeInteger(let text): value = Double(text) ?? .infinity
    default:
      sink.error(
        "'\(what)' must be a number \(bounds), found \(scalar.kindDescription) '\(scalar.text)'",
        at: node.range)
      return nil
    }
    guard value.isFinite else {
      sink.error("'\(what)' must be a finite number, found \(scalar.text)", at: node.range)
      return nil
    }
    guard bounds.contains(value) else {
      sink.error("'\(what)' must be a number \(bounds), found \(scalar.text)", at: node.range)
      return nil
    }
    return Located(value, origin: origin(node))
  }

  /// One word of a closed set, with a suggestion for a near miss.
  func word(_ node: YAMLNode, _ what: String, among words: [String]) -> Located<String>? {
    guard let scalar = node.scalar, scalar.coreValue != .null else {
      sink.error("'\(what)' must be one of \(Self.list(words)), found \(node.kindDescription)", at: node.range)
      return nil
    }
    if words.contains(scalar.text) { return Located(scalar.text, origin: origin(node)) }
    sink.error(
      "'\(what)' must be \(Self.alternatives(words)), found '\(scalar.text)'", at: node.range,
      notes: DiagnosticSink.suggestion(for: scalar.text, in: words))
    return nil
  }

  /// A case of a string enum, by its YAML spelling.
  func choice<E: RawRepresentable & CaseIterable>(_ node: YAMLNode, _ what: String, _ type: E.Type) -> Located<E>?
  where E.RawValue == String {
    word(node, what, among: E.allCases.map(\.rawValue))?.map { E(rawValue: $0)! }
  }

  /// A list of non-empty names.
  func names(_ node: YAMLNode, _ what: String) -> [Located<String>]? {
    guard case .sequence(let items) = node.content else {
      var notes: [Diagnostic.Note] = []
      if let scalar = node.scalar { notes.append(.init("write a list: [\(scalar.text)]")) }
      sink.error("'\(what)' must be a list, found \(node.kindDescription)", at: node.range, notes: notes)
      return nil
    }
    var result: [Located<String>] = []
    var ok = true
    for item in items {
      if let value = name(item, what) { result.append(value) } else { ok = false }
    }
    return ok ? result : nil
  }

  /// A list of finite numbers within bounds, of a fixed length when `count` is set.
  func numbers(_ node: YAMLNode, _ what: String, _ bounds: NumberBounds, count: Int?) -> Located<[Double]>? {
    guard case .sequence(let items) = node.content else {
      sink.error("'\(what)' must be a list of numbers, found \(node.kindDescription)", at: node.range)
      return nil
    }
    if let count, items.count != count {
      sink.error("'\(what)' must be a list of \(count) numbers, found \(items.count)", at: node.range)
      return nil
    }
    if items.isEmpty {
      sink.error("'\(what)' must not be empty", at: node.range)
      return nil
    }
    var values: [Double] = []
    for item in items {
      guard let v = number(item, what, bounds) else { return nil }
      values.append(v.value)
    }
    return Located(values, origin: origin(node))
  }

  /// `'a'`, `'a' or 'b'`, `'a', 'b' or 'c'`.
  static func alternatives(_ words: [String]) -> String {
    let quoted = words.map { "'\($0)'" }
    guard quoted.count > 1 else { return quoted.first ?? "" }
    return quoted.dropLast().joined(separator: ", ") + " or " + quoted.last!
  }

  static func list(_ words: [String]) -> String {
    words.map { "'\($0)'" }.joined(separator: ", ")
  }
}

extension String {
  var trimmingSpaces: Substring {
    let scalars = unicodeScalars
    let start = scalars.firstIndex { !$0.properties.isWhitespace } ?? scalars.endIndex
    let end = scalars.lastIndex { !$0.properties.isWhitespace }.map(scalars.index(after:)) ?? start
    return Substring(scalars[start..<max(start, end)])
  }
}
