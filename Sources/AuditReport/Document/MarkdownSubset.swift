import StudyModel

/// A safe subset of Markdown for the study's description.
///
/// The description is free text written by the study's author. It becomes
/// report blocks, never raw markup: paragraphs (separated by blank lines),
/// bullet lists (`- ` or `* ` lines), `**strong**`, `*emphasis*` or
/// `_emphasis_`, `` `code` ``, and `[links](target)`. Everything else,
/// HTML included, is kept as literal text and escaped by the renderers.
///
/// Nothing in it can load anything: links keep only `http:` and `https:`
/// targets, fragments and relative paths; any other scheme (`javascript:`,
/// `data:`, `mailto:`) turns the link into its text, whole (parentheses in
/// the target are matched). An image, `![alt](url)`, is never an image: it
/// becomes its alt text. Control characters are escaped by the renderers.
enum MarkdownSubset {
  /// The blocks of `text`.
  static func blocks(_ text: String) -> [ReportBlock] {
    var blocks: [ReportBlock] = []
    var paragraph: [String] = []
    var items: [String] = []

    func flushParagraph() {
      if !paragraph.isEmpty { blocks.append(.paragraph(inlines(paragraph.joined(separator: " ")))) }
      paragraph = []
    }
    func flushList() {
      if !items.isEmpty { blocks.append(.list(items.map(inlines))) }
      items = []
    }

    for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
      let line = rawLine.trimming(" \t\r")
      if line.isEmpty {
        flushParagraph()
        flushList()
      } else if line.hasPrefix("- ") || line.hasPrefix("* ") {
        flushParagraph()
        items.append(String(line.dropFirst(2)).trimming(" \t"))
      } else if !items.isEmpty, rawLine.hasPrefix("  ") {
        items[items.count - 1] += " " + line
      } else {
        flushList()
        // A heading line becomes a paragraph: the report owns the heading levels.
        var content = Substring(line)
        while content.first == "#" { content = content.dropFirst() }
        paragraph.append(content == Substring(line) ? line : content.trimming(" \t"))
      }
    }
    flushParagraph()
    flushList()
    return blocks
  }

  /// The inline content of one paragraph.
  static func inlines(_ text: String) -> [ReportInline] {
    let chars = Array(text)
    var out: [ReportInline] = []
    var literal = ""
    var i = 0

    func flush() {
      if !literal.isEmpty { out.append(.text(literal)) }
      literal = ""
    }

    while i < chars.count {
      let c = chars[i]
      if c == "\\", i + 1 < chars.count, "\\`*_[]()#<>".contains(chars[i + 1]) {
        literal.append(chars[i + 1])
        i += 2
        continue
      }
      if c == "`", let close = find("`", in: chars, from: i + 1), close > i + 1 {
        flush()
        out.append(.code(String(chars[(i + 1)..<close])))
        i = close + 1
        continue
      }
      if c == "*", i + 1 < chars.count, chars[i + 1] == "*",
        let close = find("**", in: chars, from: i + 2), close > i + 2
      {
        flush()
        out.append(.strong(inlines(String(chars[(i + 2)..<close]))))
        i = close + 2
        continue
      }
      if c == "*" || c == "_", opensEmphasis(chars, at: i),
        let close = findEmphasisClose(c, in: chars, from: i + 1)
      {
        flush()
        out.append(.emphasis(inlines(String(chars[(i + 1)..<close]))))
        i = close + 1
        continue
      }
      let image = c == "!" && i + 1 < chars.count && chars[i + 1] == "["
      let open = image ? i + 1 : i
      if c == "[" || image, let labelEnd = find("]", in: chars, from: open + 1), labelEnd + 1 < chars.count,
        chars[labelEnd + 1] == "(", let targetEnd = matchingParenthesis(in: chars, from: labelEnd + 2)
      {
        flush()
        let label = inlines(String(chars[(open + 1)..<labelEnd]))
        let target = String(chars[(labelEnd + 2)..<targetEnd]).trimming(" ")
        if !image, isSafeLink(target) {
          out.append(.link(label, href: target))
        } else {
          out.append(contentsOf: label)
        }
        i = targetEnd + 1
        continue
      }
      literal.append(c)
      i += 1
    }
    flush()
    return out
  }

  /// Whether a link target is allowed (see the type's documentation).
  static func isSafeLink(_ target: String) -> Bool {
    guard !target.isEmpty, !target.contains(where: { $0 == " " || $0 == "\"" || $0 == "<" || $0 == "\\" }),
      !target.unicodeScalars.contains(where: OutputText.isControl)
    else { return false }
    let lower = target.lowercased()
    if lower.hasPrefix("http://") || lower.hasPrefix("https://") { return true }
    // No scheme at all: a fragment or a relative path.
    if let colon = lower.firstIndex(of: ":") {
      let beforeColon = lower[..<colon]
      return beforeColon.contains("/") || beforeColon.contains("#") || beforeColon.contains("?")
    }
    return true
  }

  /// The `)` closing a link target that starts at `start`, nested parentheses matched.
  private static func matchingParenthesis(in chars: [Character], from start: Int) -> Int? {
    var depth = 0
    var j = start
    while j < chars.count {
      if chars[j] == "(" { depth += 1 }
      if chars[j] == ")" {
        if depth == 0 { return j }
        depth -= 1
      }
      j += 1
    }
    return nil
  }

  private static func find(_ needle: String, in chars: [Character], from start: Int) -> Int? {
    let n = Array(needle)
    guard start <= chars.count - n.count else { return nil }
    for i in start...(chars.count - n.count) where Array(chars[i..<(i + n.count)]) == n { return i }
    return nil
  }

  /// An emphasis marker opens when followed by a non-space and, for `_`, not preceded by a word character.
  private static func opensEmphasis(_ chars: [Character], at i: Int) -> Bool {
    guard i + 1 < chars.count, !chars[i + 1].isWhitespace, chars[i + 1] != chars[i] else { return false }
    if chars[i] == "_", i > 0, chars[i - 1].isLetter || chars[i - 1].isNumber { return false }
    return true
  }

  private static func findEmphasisClose(_ marker: Character, in chars: [Character], from start: Int) -> Int? {
    var j = start
    while j < chars.count {
      if chars[j] == marker, !chars[j - 1].isWhitespace {
        let nextIsWord = j + 1 < chars.count && (chars[j + 1].isLetter || chars[j + 1].isNumber)
        let doubled = j + 1 < chars.count && chars[j + 1] == marker
        if !doubled && !(marker == "_" && nextIsWord) { return j }
      }
      j += 1
    }
    return nil
  }
}
