import StudyModel

extension StudyReader {
  /// Reads one parameter value by its declared type.
  func parameter(_ node: YAMLNode, _ descriptor: ParameterDescriptor) -> Located<ParameterValue>? {
    let what = descriptor.name
    switch descriptor.type {
    case .boolean:
      return bool(node, what)?.map(ParameterValue.bool)
    case .integer(let bounds):
      return integer(node, what, bounds)?.map(ParameterValue.integer)
    case .number(let bounds):
      return number(node, what, bounds)?.map(ParameterValue.number)
    case .choice(let words):
      return word(node, what, among: words)?.map(ParameterValue.string)
    case .column:
      return name(node, what)?.map(ParameterValue.string)
    case .columns, .texts:
      guard let items = names(node, what) else { return nil }
      return Located(.list(items.map { .string($0.value) }), origin: origin(node))
    case .numbers(let bounds, let count):
      return numbers(node, what, bounds, count: count)?.map { .list($0.map(ParameterValue.number)) }
    case .numberOrChoice(let bounds, let words):
      if let scalar = node.scalar, case .string(let text) = scalar.coreValue {
        if words.contains(text) { return Located(.string(text), origin: origin(node)) }
        if let message = Aliases.retiredWords[what]?[text] {
          sink.error(message, at: node.range, notes: [.init("'\(what)' takes \(descriptor.type.summary)")])
          return nil
        }
        var notes = DiagnosticSink.suggestion(for: text, in: words)
        notes.append(.init("'\(what)' takes \(descriptor.type.summary)"))
        sink.error("'\(what)' must be \(descriptor.type.summary), found '\(text)'", at: node.range, notes: notes)
        return nil
      }
      return number(node, what, bounds)?.map(ParameterValue.number)
    }
  }

  /// Reads the parameters written in `view` (skipping `reserved` keys), checks
  /// them against `descriptors`, and fills in defaults.
  ///
  /// - Parameters:
  ///   - inherited: values for parameters whose default comes from elsewhere
  ///     in the study (a check's `alpha` from `refutations.alpha`).
  ///   - at: where a missing required parameter is reported.
  func parameterSet(
    _ view: MappingView?, reserved: Set<String>, descriptors: [ParameterDescriptor],
    inherited: [String: Located<ParameterValue>] = [:], owner: String, at missingRange: SourceRange,
    unknownHint: ((String) -> String?)? = nil
  ) -> ParameterSet {
    var written: [String: Located<ParameterValue>] = [:]
    var itemOrigins: [String: [Origin]] = [:]
    if let view {
      let allowed = descriptors.map(\.name)
      view.checkKeys(allowed: Array(reserved) + allowed, sink: sink, hint: unknownHint)
      for pair in view.pairs {
        guard let key = pair.key.scalar?.text, !reserved.contains(key),
          let descriptor = descriptors.first(where: { $0.name == key }), written[key] == nil
        else { continue }
        if let scalar = pair.value.scalar, scalar.coreValue == .null {
          sink.error("'\(key)' in \(owner) has no value", at: pair.key.range)
          continue
        }
        if let value = parameter(pair.value, descriptor) {
          written[key] = value
          if case .sequence(let items) = pair.value.content { itemOrigins[key] = items.map(origin) }
        }
      }
    }
    var entries: [ParameterSet.Entry] = []
    for descriptor in descriptors {
      if let value = written[descriptor.name] {
        entries.append(.init(name: descriptor.name, value: value, itemOrigins: itemOrigins[descriptor.name]))
      } else if let value = inherited[descriptor.name] {
        entries.append(.init(name: descriptor.name, value: value))
      } else if let value = descriptor.defaultValue {
        entries.append(.init(name: descriptor.name, value: .defaulted(value)))
      } else if descriptor.isRequired, !(view?.contains(descriptor.name) ?? false) {
        sink.error(
          "\(owner) needs parameter '\(descriptor.name)' (\(descriptor.type.summary))",
          at: view?.startRange ?? missingRange,
          notes: [.init(descriptor.summary)])
      }
    }
    return ParameterSet(entries: entries)
  }
}
