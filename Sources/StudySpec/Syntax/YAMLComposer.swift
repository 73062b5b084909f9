internal import CYAML
import StudyModel

/// Composes libyaml's events into a ``YAMLNode`` tree whose every node keeps
/// its start and end marks.
///
/// This is the only file that imports libyaml. Marks are 0-based in libyaml
/// and 1-based here; columns count Unicode scalars, as libyaml does.
///
/// Refused with a located error: syntax errors (with libyaml's context),
/// more than one document, nesting deeper than ``YAMLLimits/maximumDepth``,
/// aliases beyond ``YAMLLimits/maximumAliases`` or an expanded size beyond
/// ``YAMLLimits/maximumNodes``, an alias to an unknown anchor, and non-scalar
/// mapping keys. Reported without stopping: duplicate keys (error at the
/// second, note at the first) and custom tags.
public enum YAMLComposer {
  /// The result of composing a document.
  public struct Result: Sendable {
    /// The root node; `nil` when a fatal error stopped composition or the
    /// document is empty.
    public var root: YAMLNode?
    /// Every problem found, fatal or not.
    public var diagnostics: [Diagnostic]
  }

  private static let coreTags: Set<String> = [
    "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null", "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
  ]

  /// Composes the single document in `bytes` (UTF-8, UTF-16 with a BOM).
  public static func compose(_ bytes: [UInt8], file: String, limits: YAMLLimits = YAMLLimits()) -> Result {
    if bytes.count > limits.maximumBytes {
      return Result(
        root: nil,
        diagnostics: [
          Diagnostic(
            .error,
            "file is \(bytes.count) bytes; a study file may have at most \(limits.maximumBytes) bytes",
            at: nil, file: file)
        ])
    }
    if bytes.isEmpty {
      return Result(root: nil, diagnostics: [])
    }
    var composer = Composer(file: file, limits: limits, source: bytes)
    return bytes.withUnsafeBufferPointer { buffer in composer.run(buffer) }
  }

  private enum Frame {
    case sequence(start: SourcePosition, tag: String?, anchor: String?, items: [YAMLNode])
    case mapping(
      start: SourcePosition, tag: String?, anchor: String?, pairs: [YAMLPair], pendingKey: YAMLNode?,
      seen: [String: SourceRange])
  }

  private struct Fatal: Error {
    var diagnostic: Diagnostic
  }

  private struct Composer {
    let file: String
    let limits: YAMLLimits
    let source: [UInt8]
    var stack: [Frame] = []
    var anchors: [String: YAMLNode] = [:]
    var aliasCount = 0
    var documents = 0
    var root: YAMLNode?
    var diagnostics: [Diagnostic] = []

    init(file: String, limits: YAMLLimits, source: [UInt8]) {
      self.file = file
      self.limits = limits
      self.source = source
    }

    func position(_ mark: yaml_mark_t) -> SourcePosition {
      SourcePosition(line: Int(mark.line) + 1, column: Int(mark.column) + 1)
    }

    func range(_ start: yaml_mark_t, _ end: yaml_mark_t) -> SourceRange {
      SourceRange(file: file, start: position(start), end: max(position(start), position(end)))
    }

    static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
      guard let pointer else { return nil }
      return String(cString: UnsafeRawPointer(pointer).assumingMemoryBound(to: CChar.self))
    }

    mutating func run(_ buffer: UnsafeBufferPointer<UInt8>) -> Result {
      var parser = yaml_parser_t()
      guard yaml_parser_initialize(&parser) == 1 else {
        return Result(
          root: nil,
          diagnostics: [
            Diagnostic(.error, "could not start the YAML parser (out of memory)", at: nil, file: file)
          ])
      }
      defer { yaml_parser_delete(&parser) }
      yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
      do {
        while true {
          var event = yaml_event_t()
          guard yaml_parser_parse(&parser, &event) == 1 else {
            throw Fatal(diagnostic: parserError(parser))
          }
          defer { yaml_event_delete(&event) }
          if event.type == YAML_STREAM_END_EVENT { break }
          try handle(&event)
        }
      } catch let fatal as Fatal {
        diagnostics.append(fatal.diagnostic)
        return Result(root: nil, diagnostics: diagnostics)
      } catch {
        preconditionFailure("unexpected error \(error)")
      }
      return Result(root: root, diagnostics: diagnostics)
    }

    func parserError(_ parser: yaml_parser_t) -> Diagnostic {
      let problem = parser.problem.map { String(cString: $0) } ?? "invalid YAML"
      if parser.error == YAML_READER_ERROR {
        let offset = min(Int(parser.problem_offset), source.count)
        let (line, column) = lineAndColumn(atByte: offset)
        var message = problem
        if parser.problem_value != -1 {
          message += " (byte 0x\(String(parser.problem_value, radix: 16)))"
        }
        return Diagnostic.error(
          "\(message); a study file must be UTF-8 text",
          at: SourceRange(file: file, line: line, column: column))
      }
      let at = SourceRange(file: file, start: position(parser.problem_mark), end: position(parser.problem_mark))
      var message = problem
      let context = parser.context.map { String(cString: $0) }
      if let context {
        let place = position(parser.context_mark)
        message += " (\(context) at \(file):\(place.line):\(place.column))"
      }
      return Diagnostic.error(message, at: at, notes: Self.hints(problem: problem, context: context))
    }

    /// What to do about libyaml's most common complaints, in a study's words.
    static func hints(problem: String, context: String?) -> [Diagnostic.Note] {
      if problem.hasPrefix("did not find expected key") || problem.hasPrefix("mapping values are not allowed")
        || problem.hasPrefix("did not find expected '-' indicator")
      {
        return [
          .init(
            "check the indentation here and on the line above: the keys of one mapping start in the same column, and a value containing ': ' needs quotes"
          )
        ]
      }
      if problem.hasPrefix("found unexpected end of stream"),
        context?.hasPrefix("while scanning a quoted scalar") == true
      {
        return [.init("a quoted text is not closed: add the closing quote")]
      }
      if problem.hasPrefix("found character that cannot start any token"),
        context == nil || context?.contains("plain scalar") == true
      {
        return [.init("YAML indents with spaces, never tabs; a value starting with '@' or '`' needs quotes")]
      }
      return []
    }

    /// The 1-based line and column (in scalars) of a byte offset.
    func lineAndColumn(atByte offset: Int) -> (Int, Int) {
      var line = 1
      var lineStart = 0
      for i in 0..<offset where source[i] == 0x0A {
        line += 1
        lineStart = i + 1
      }
      // Count scalars: every byte that does not continue a UTF-8 sequence.
      let column = source[lineStart..<offset].reduce(1) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
      return (line, column)
    }

    mutating func checkTag(_ tag: String?, at range: SourceRange) {
      guard let tag, !YAMLComposer.coreTags.contains(tag) else { return }
      diagnostics.append(
        .error(
          "custom tag '\(tag)' is not allowed in a study file", at: range,
          notes: [.init("remove the tag; values are typed by the YAML 1.2 core schema")]))
    }

    mutating func handle(_ event: inout yaml_event_t) throws {
      switch event.type {
      case YAML_DOCUMENT_START_EVENT:
        documents += 1
        if documents > 1 {
          throw Fatal(
            diagnostic: .error(
              "a study file holds one YAML document; a second one starts here",
              at: range(event.start_mark, event.end_mark)))
        }
      case YAML_SCALAR_EVENT:
        let data = event.data.scalar
        let text = String(decoding: UnsafeBufferPointer(start: data.value, count: Int(data.length)), as: UTF8.self)
        let style: YAMLScalar.Style
        switch data.style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: style = .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: style = .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: style = .literal
        case YAML_FOLDED_SCALAR_STYLE: style = .folded
        default: style = .plain
        }
        let explicitTag = (data.plain_implicit == 0 && data.quoted_implicit == 0) ? Composer.string(data.tag) : nil
        let r = range(event.start_mark, event.end_mark)
        checkTag(explicitTag, at: r)
        let scalar = YAMLScalar(
          text: text, style: style, isForcedString: explicitTag == "tag:yaml.org,2002:str")
        let node = YAMLNode(.scalar(scalar), range: r, tag: explicitTag)
        try attach(node, anchor: Composer.string(data.anchor))
      case YAML_SEQUENCE_START_EVENT:
        try push(at: event.start_mark)
        let data = event.data.sequence_start
        let tag = data.implicit == 0 ? Composer.string(data.tag) : nil
        checkTag(tag, at: range(event.start_mark, event.end_mark))
        stack.append(
          .sequence(start: position(event.start_mark), tag: tag, anchor: Composer.string(data.anchor), items: []))
      case YAML_MAPPING_START_EVENT:
        try push(at: event.start_mark)
        let data = event.data.mapping_start
        let tag = data.implicit == 0 ? Composer.string(data.tag) : nil
        checkTag(tag, at: range(event.start_mark, event.end_mark))
        stack.append(
          .mapping(
            start: position(event.start_mark), tag: tag, anchor: Composer.string(data.anchor), pairs: [],
            pendingKey: nil, seen: [:]))
      case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
        let end = position(event.end_mark)
        guard let frame = stack.popLast() else { return }
        switch frame {
        case .sequence(let start, let tag, let anchor, let items):
          let node = YAMLNode(
            .sequence(items), range: SourceRange(file: file, start: start, end: max(start, end)), tag: tag)
          try attach(node, anchor: anchor)
        case .mapping(let start, let tag, let anchor, let pairs, _, _):
          let node = YAMLNode(
            .mapping(pairs), range: SourceRange(file: file, start: start, end: max(start, end)), tag: tag)
          try attach(node, anchor: anchor)
        }
      case YAML_ALIAS_EVENT:
        let r = range(event.start_mark, event.end_mark)
        let name = Composer.string(event.data.alias.anchor) ?? ""
        aliasCount += 1
        if aliasCount > limits.maximumAliases {
          throw Fatal(
            diagnostic: .error(
              "too many aliases: a study file may use at most \(limits.maximumAliases)", at: r))
        }
        guard let target = anchors[name] else {
          throw Fatal(diagnostic: .error("alias '*\(name)' refers to no anchor defined before it", at: r))
        }
        if stack.count + target.height > limits.maximumDepth {
          throw Fatal(
            diagnostic: .error(
              "nesting deeper than \(limits.maximumDepth) levels (through alias '*\(name)')", at: r))
        }
        try attach(target, anchor: nil)
      default:
        break
      }
    }

    mutating func push(at mark: yaml_mark_t) throws {
      if stack.count >= limits.maximumDepth {
        throw Fatal(
          diagnostic: .error(
            "nesting deeper than \(limits.maximumDepth) levels", at: range(mark, mark)))
      }
    }

    mutating func attach(_ node: YAMLNode, anchor: String?) throws {
      if node.weight > limits.maximumNodes {
        throw Fatal(
          diagnostic: .error(
            "document too large: more than \(limits.maximumNodes) values once aliases are expanded",
            at: node.range))
      }
      if let anchor { anchors[anchor] = node }
      guard let top = stack.popLast() else {
        root = node
        return
      }
      switch top {
      case .sequence(let start, let tag, let anchor, var items):
        items.append(node)
        stack.append(.sequence(start: start, tag: tag, anchor: anchor, items: items))
      case .mapping(let start, let tag, let anchor, var pairs, let pendingKey, var seen):
        if let key = pendingKey {
          pairs.append(YAMLPair(key: key, value: node))
          stack.append(.mapping(start: start, tag: tag, anchor: anchor, pairs: pairs, pendingKey: nil, seen: seen))
        } else {
          guard let scalar = node.scalar else {
            throw Fatal(
              diagnostic: .error(
                "a mapping key must be a plain name, not \(node.kindDescription)", at: node.range))
          }
          if let first = seen[scalar.text] {
            diagnostics.append(
              .error(
                "duplicate key '\(scalar.text)'", at: node.range,
                notes: [.init("first defined here", at: first)]))
          } else {
            seen[scalar.text] = node.range
          }
          stack.append(.mapping(start: start, tag: tag, anchor: anchor, pairs: pairs, pendingKey: node, seen: seen))
        }
      }
    }
  }
}
