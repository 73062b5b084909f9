import StudyModel

/// Renders a run record as GitHub-flavoured Markdown (`report.md`).
///
/// Tables and text only: GitHub strips inline SVG, so the charts live in
/// `report.html`, which the report links to under its title. Long tables are
/// cut at ``ReportTable/markdownRowLimit`` rows with a note, and the whole
/// file is kept under ``sizeLimit`` bytes: if it would be larger, check
/// details are left out (with a note) before the provenance and timing
/// sections, which always stay at the end.
public enum MarkdownRenderer {
  /// The largest report, in bytes of UTF-8 (GitHub renders Markdown files up to about 1 MB).
  public static let sizeLimit = 900_000

  /// The Markdown report of `record`.
  public static func render(_ record: RunRecord) -> String {
    render(ReportBuilder.document(for: record))
  }

  /// - Parameter companionLinks: whether to link `report.html` and
  ///   `result.json` under the title (a report does; the index does not).
  static func render(_ document: ReportDocument, companionLinks: Bool = true) -> String {
    var slugs = GitHubSlugs()
    // Heading ids -> GitHub's anchors, computed over the whole document first.
    var anchors: [String: String] = [:]
    for heading in document.headings { anchors[heading.id] = slugs.next(heading.text) }
    var chunks: [String] = []
    var provenanceIndex: Int?
    for block in document.blocks {
      if case .heading(_, _, let id) = block, id == "provenance" { provenanceIndex = chunks.count }
      let text = render(block, anchors: anchors)
      if !text.isEmpty { chunks.append(text) }
      if companionLinks, case .heading(1, _, _) = block {
        chunks.append(
          "The same report with charts: [report.html](report.html). The full record: [result.json](result.json).")
      }
    }
    var output = chunks.joined(separator: "\n\n") + "\n"
    if output.utf8.count > sizeLimit, let cut = provenanceIndex {
      output = shrink(chunks, keepingTailFrom: cut)
    }
    return output
  }

  /// Leaves out chunks before `tail` (from the end of the body backwards) until the report fits.
  static func shrink(_ chunks: [String], keepingTailFrom tail: Int) -> String {
    let tailText = chunks[tail...].joined(separator: "\n\n") + "\n"
    let budget = sizeLimit - tailText.utf8.count - 400
    var head: [String] = []
    var used = 0
    for chunk in chunks[..<tail] {
      let size = chunk.utf8.count + 2
      if used + size > budget { break }
      head.append(chunk)
      used += size
    }
    let omitted = tail - head.count
    head.append(
      "**The report was cut to stay under \(sizeLimit / 1000) KB: \(omitted) further parts are left out here. "
        + "Read them in [report.html](report.html) or [result.json](result.json).**")
    return head.joined(separator: "\n\n") + "\n\n" + tailText
  }

  // MARK: - Blocks

  static func render(_ block: ReportBlock, anchors: [String: String]) -> String {
    switch block {
    case .heading(let level, let inlines, _):
      return String(repeating: "#", count: level) + " " + inline(inlines, anchors: anchors)
    case .paragraph(let inlines):
      return paragraph(inline(inlines, anchors: anchors))
    case .note(let inlines):
      return paragraph("*" + inline(inlines, anchors: anchors) + "*")
    case .list(let items):
      return items.map { "- " + inline($0, anchors: anchors) }.joined(separator: "\n")
    case .code(let text):
      var fence = "```"
      while text.contains(fence) { fence += "`" }
      return fence + "text\n" + text + "\n" + fence
    case .table(let table):
      return render(table, anchors: anchors)
    case .figure:
      return ""
    case .banner(let banner):
      let kind: String =
        switch banner.status {
        case .passed: "TIP"
        case .failed: "CAUTION"
        default: "WARNING"
        }
      var lines = [
        "> [!\(kind)]",
        "> **\(ReportBadge(style: banner.status, text: banner.headline).label)** — " + escape(banner.summary),
      ]
      if !banner.items.isEmpty {
        lines.append(">")
        lines += banner.items.map { "> - " + inline($0, anchors: anchors) }
      }
      return lines.joined(separator: "\n")
    }
  }

  /// A paragraph whose first character cannot start a block construct.
  static func paragraph(_ text: String) -> String {
    guard let first = text.first else { return text }
    if "#>-+=|".contains(first) || first.isNumber && text.dropFirst().first.map({ ".)".contains($0) }) == true {
      return "\\" + text
    }
    return text
  }

  static func render(_ table: ReportTable, anchors: [String: String]) -> String {
    var lines: [String] = []
    if let caption = table.caption {
      lines.append("**" + escape(caption) + "**")
      lines.append("")
    }
    lines.append("| " + table.columns.map { cell(escape($0)) }.joined(separator: " | ") + " |")
    lines.append(
      "|"
        + table.alignments.map {
          switch $0 {
          case .left: "---"
          case .right: "--:"
          case .center: ":-:"
          }
        }.joined(separator: "|") + "|")
    for row in table.rows.prefix(table.markdownRowLimit) {
      lines.append("| " + row.map { cell(inline($0, anchors: anchors)) }.joined(separator: " | ") + " |")
    }
    if let note = table.omissionNote(limit: table.markdownRowLimit) {
      lines.append("")
      lines.append("*" + escape(note) + "*")
    }
    return lines.joined(separator: "\n")
  }

  /// A table cell: pipes escaped (also inside code spans, as GFM requires), empty cells kept.
  static func cell(_ text: String) -> String {
    let escaped = text.replacingPipes()
    return escaped.isEmpty ? " " : escaped
  }

  // MARK: - Inlines

  static func inline(_ inlines: [ReportInline], anchors: [String: String]) -> String {
    inlines.map { inline($0, anchors: anchors) }.joined()
  }

  static func inline(_ inline: ReportInline, anchors: [String: String]) -> String {
    switch inline {
    case .text(let text):
      return escape(text)
    case .code(let text):
      let flat = text.flattenedLines()
      var ticks = "`"
      while flat.contains(ticks) { ticks += "`" }
      let pad = flat.hasPrefix("`") || flat.hasSuffix("`") || ticks.count > 1 ? " " : ""
      return ticks + pad + flat + pad + ticks
    case .strong(let inner):
      return "**" + Self.inline(inner, anchors: anchors) + "**"
    case .emphasis(let inner):
      return "*" + Self.inline(inner, anchors: anchors) + "*"
    case .link(let inner, let href):
      return "[" + Self.inline(inner, anchors: anchors) + "](" + linkTarget(href) + ")"
    case .anchor(let inner, let id):
      guard let slug = anchors[id] else { return Self.inline(inner, anchors: anchors) }
      return "[" + Self.inline(inner, anchors: anchors) + "](#" + slug + ")"
    case .badge(let badge):
      switch badge.style {
      case .failed, .error: return "**" + escape(badge.label) + "**"
      default: return escape(badge.label)
      }
    case .flagged(let inner):
      return "**" + Self.inline(inner, anchors: anchors) + " ⚠**"
    }
  }

  /// A link target with the characters that would end it percent-encoded.
  static func linkTarget(_ href: String) -> String {
    var out = ""
    for c in href {
      switch c {
      case "(": out += "%28"
      case ")": out += "%29"
      case " ": out += "%20"
      case "<": out += "%3C"
      case ">": out += "%3E"
      default: out.append(c)
      }
    }
    return out
  }

  /// Text with Markdown's active characters escaped and line breaks flattened.
  ///
  /// Escapes only what could change the rendering, so that the source stays
  /// readable: `_` only at a word boundary (inside a word, `placebo_treatment`,
  /// GitHub never reads it as emphasis), `]` only before `(`, `[` or `:`,
  /// `[` only before `!` or `^`, and `&` only where an entity could start.
  static func escape(_ text: String) -> String {
    let chars = Array(text.flattenedLines())
    var out = ""
    for (i, c) in chars.enumerated() {
      switch c {
      case "\\", "`", "*", "<", ">", "~":
        out.append("\\")
        out.append(c)
      case "]":
        // Only "](", "][" and "]:" can make a link; a bare bracket stays readable.
        if i + 1 < chars.count, "([:".contains(chars[i + 1]) { out.append("\\") }
        out.append(c)
      case "[":
        // "[!" could start an alert or footnote marker; "[^" a footnote.
        if i + 1 < chars.count, "!^".contains(chars[i + 1]) { out.append("\\") }
        out.append(c)
      case "_":
        let before = i > 0 && (chars[i - 1].isLetter || chars[i - 1].isNumber)
        let after = i + 1 < chars.count && (chars[i + 1].isLetter || chars[i + 1].isNumber)
        if !(before && after) { out.append("\\") }
        out.append(c)
      case "&":
        // Only "&name;" or "&#123;" would be read as an entity.
        var j = i + 1
        while j < chars.count, chars[j].isLetter || chars[j].isNumber || chars[j] == "#" { j += 1 }
        out.append(j > i + 1 && j < chars.count && chars[j] == ";" ? "&amp;" : "&")
      default:
        out.append(c)
      }
    }
    return out
  }
}
