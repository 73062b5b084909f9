import StudyModel

/// A YAML mapping seen as named keys, for the study reader.
struct MappingView {
  let node: YAMLNode
  let pairs: [YAMLPair]
  /// How the mapping is named in messages, quotes included: "'data'",
  /// "estimator 'ols'", "the params of estimator 'ipw'".
  let context: String

  init?(_ node: YAMLNode, context: String, sink: DiagnosticSink) {
    guard case .mapping(let pairs) = node.content else {
      sink.error("\(context) must be a mapping of keys, found \(node.kindDescription)", at: node.range)
      return nil
    }
    self.node = node
    self.pairs = pairs
    self.context = context
  }

  /// The value of `key` (the first, when a duplicate was reported). A key
  /// written with no value yields its null node, which typed readers refuse
  /// ("found nothing"), as the JSON Schema does.
  subscript(key: String) -> YAMLNode? {
    pairs.first(where: { $0.key.scalar?.text == key })?.value
  }

  /// The key node of `key`, to point at a key rather than its value.
  func keyNode(_ key: String) -> YAMLNode? {
    pairs.first { $0.key.scalar?.text == key }?.key
  }

  /// Whether the mapping writes `key` (even with a null value).
  func contains(_ key: String) -> Bool { keyNode(key) != nil }

  /// The keys in the order written.
  var keys: [String] { pairs.compactMap { $0.key.scalar?.text } }

  /// The value of a required key; an error at the mapping when it is missing.
  func required(_ key: String, sink: DiagnosticSink) -> YAMLNode? {
    if let value = self[key] { return value }
    sink.error("missing required key '\(key)' in \(context)", at: startRange)
    return nil
  }

  /// The point where the mapping starts, where missing keys are reported.
  var startRange: SourceRange {
    SourceRange(file: node.range.file, start: node.range.start, end: node.range.start)
  }

  /// Reports every key not in `allowed`, with a suggestion when one is close.
  /// - Parameter hint: an extra note for unknown keys (e.g. where parameters go).
  func checkKeys(allowed: [String], sink: DiagnosticSink, hint: ((String) -> String?)? = nil) {
    for pair in pairs {
      guard let key = pair.key.scalar?.text, !allowed.contains(key) else { continue }
      var notes = DiagnosticSink.suggestion(for: key, in: allowed)
      if let extra = hint?(key) { notes.append(.init(extra)) }
      if notes.isEmpty {
        notes.append(.init("\(context) takes: " + allowed.joined(separator: ", ")))
      }
      sink.error("unknown key '\(key)' in \(context)", at: pair.key.range, notes: notes)
    }
  }
}
