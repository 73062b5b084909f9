/// The one sanitiser of text Assay prints: every line written to a terminal,
/// a log or a GitHub workflow command goes through it (the CLI's `Console`
/// applies it to everything; the Markdown renderer to the text of reports).
///
/// Text from a study or a data file (titles, names, paths, categorical
/// levels) can hold anything. Printed raw, an escape sequence would drive
/// the terminal (ESC, OSC-8 links, BEL, C1 controls such as U+009B, which
/// some terminals read as CSI), and a line break followed by `::` would be
/// a GitHub Actions workflow command (`::add-mask::`, `::error ...`). So:
/// - control characters (C0 but line feed and tab, DEL, C1, U+2028/U+2029,
///   and the bidirectional overrides U+202A–U+202E, U+2066–U+2069) are
///   written as `\u{1B}`;
/// - a line whose first characters, after spaces and tabs, are `::` gets
///   its first colon written as `\u{3A}`, and `##[` (the older command
///   syntax, recognised anywhere in a line) becomes `#\u{23}[`, so no text
///   can start a workflow command;
/// - workflow commands themselves come from one writer (`Console.annotations`),
///   which applies ``escapingControls(_:keepingLineBreaks:)`` only.
public enum OutputText {
  /// Whether `scalar` is escaped: a control character other than line feed
  /// and tab, DEL, a C1 control, a line or paragraph separator, or a
  /// bidirectional control.
  @inline(__always)
  public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x00..<0x20, 0x7F..<0xA0, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069: return true
    default: return false
    }
  }

  /// `scalar` as written in place of the character: `\u{1B}`.
  public static func escaped(_ scalar: Unicode.Scalar) -> String {
    "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
  }

  /// `text` with control characters escaped; line feeds (and tabs) kept
  /// unless `keepingLineBreaks` is false.
  public static func escapingControls(_ text: String, keepingLineBreaks: Bool = true) -> String {
    guard text.unicodeScalars.contains(where: { isControl($0) && !(keepingLineBreaks && ($0 == "\n" || $0 == "\t")) })
    else { return text }
    var out = ""
    out.reserveCapacity(text.utf8.count + 16)
    for scalar in text.unicodeScalars {
      if isControl(scalar) && !(keepingLineBreaks && (scalar == "\n" || scalar == "\t")) {
        out += escaped(scalar)
      } else {
        out.unicodeScalars.append(scalar)
      }
    }
    return out
  }

  /// `text` as printed to a terminal or a log: controls escaped, and no line
  /// able to start a workflow command (see the type's documentation).
  public static func forTerminal(_ text: String) -> String {
    let escaped = escapingControls(text)
    guard escaped.contains("::") || escaped.contains("##[") else { return escaped }
    var lines: [String] = []
    for line in escaped.split(separator: "\n", omittingEmptySubsequences: false) {
      var line = String(line)
      let indent = line.prefix { $0 == " " || $0 == "\t" }
      if line.dropFirst(indent.count).hasPrefix("::") {
        line = indent + "\\u{3A}" + line.dropFirst(indent.count + 1)
      }
      lines.append(line.replacingAll("##[", with: "#\\u{23}["))
    }
    return lines.joined(separator: "\n")
  }

  /// Whether `line` could be read as a workflow command by GitHub's runner.
  public static func startsWorkflowCommand(_ line: Substring) -> Bool {
    line.drop { $0 == " " || $0 == "\t" }.hasPrefix("::") || line.contains("##[")
  }
}

extension String {
  /// The text with every `target` replaced (no Foundation).
  fileprivate func replacingAll(_ target: String, with replacement: String) -> String {
    guard contains(target) else { return self }
    var out = ""
    var rest = Substring(self)
    while let range = rest.firstRange(of: target) {
      out += rest[..<range.lowerBound] + replacement
      rest = rest[range.upperBound...]
    }
    return out + rest
  }
}
