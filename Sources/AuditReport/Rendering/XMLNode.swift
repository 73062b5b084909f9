/// An XML element tree, serialised so that the output is well-formed XML and
/// also valid HTML5 (the XHTML-compatible serialisation).
///
/// Reports build HTML, SVG and JUnit as trees of these values instead of
/// concatenating strings, so that every element is closed and every text and
/// attribute value is escaped by construction.
///
/// Serialisation rules:
/// - Text escapes `&`, `<` and `>`; attribute values also escape `"`. No named
///   entity other than XML's own is ever written (XML parsers know no `&nbsp;`).
/// - Attributes keep the order they were given in, so output is deterministic.
/// - An element without children is written `<name/>` only when it is
///   ``selfClosing`` (HTML void elements and SVG); otherwise `<name></name>`,
///   because `<div/>` does not close in HTML.
/// - Element-only content of a block element goes one child per line (stable,
///   readable diffs of golden files); mixed content stays on one line, so that
///   no white space is added inside text.
struct XMLNode: Sendable {
  enum Kind: Sendable {
    case element(name: String, attributes: [(String, String)], children: [XMLNode])
    case text(String)
    /// Text written as is: only for markup that is already serialised (a comment, a doctype).
    case raw(String)
  }

  var kind: Kind

  /// An element.
  static func element(_ name: String, _ attributes: [(String, String)] = [], _ children: [XMLNode] = []) -> XMLNode {
    XMLNode(kind: .element(name: name, attributes: attributes, children: children))
  }

  /// An element holding only text.
  static func element(_ name: String, _ attributes: [(String, String)] = [], text: String) -> XMLNode {
    element(name, attributes, [.text(text)])
  }

  /// Escaped character data.
  static func text(_ text: String) -> XMLNode { XMLNode(kind: .text(text)) }

  /// Markup written unescaped.
  static func raw(_ markup: String) -> XMLNode { XMLNode(kind: .raw(markup)) }

  /// Elements that are never inline: their element-only content is laid out one child per line.
  static let blockElements: Set<String> = [
    "html", "head", "body", "main", "nav", "header", "footer", "section", "article", "div", "table",
    "thead", "tbody", "tr", "ul", "ol", "dl", "figure", "svg", "g", "defs", "testsuites", "testsuite",
    "testcase", "properties", "details",
  ]

  /// Elements written `<name/>` when empty.
  static let selfClosing: Set<String> = [
    // HTML void elements.
    "meta", "br", "hr", "wbr",
    // SVG shapes (always given a <title> child in reports, but harmless when empty).
    "rect", "circle", "ellipse", "line", "polyline", "polygon", "path",
    // JUnit.
    "testcase", "property", "skipped",
  ]

  /// The serialised node.
  func serialized() -> String {
    var out = ""
    write(to: &out)
    return out
  }

  /// Appends the serialised node to `out`.
  func write(to out: inout String) {
    switch kind {
    case .text(let text):
      XMLNode.escapeText(text, into: &out)
    case .raw(let markup):
      out += markup
    case .element(let name, let attributes, let children):
      out += "<" + name
      for (key, value) in attributes {
        out += " " + key + "=\""
        XMLNode.escapeAttribute(value, into: &out)
        out += "\""
      }
      if children.isEmpty {
        out += XMLNode.selfClosing.contains(name) ? "/>" : "></" + name + ">"
        return
      }
      out += ">"
      let elementOnly = children.allSatisfy { if case .element = $0.kind { true } else { false } }
      let lines = elementOnly && XMLNode.blockElements.contains(name)
      for child in children {
        if lines { out += "\n" }
        child.write(to: &out)
      }
      if lines { out += "\n" }
      out += "</" + name + ">"
    }
  }

  /// Escapes character data: `&`, `<`, `>`; drops characters XML 1.0 forbids.
  static func escapeText(_ text: String, into out: inout String) {
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      default:
        if isAllowed(scalar) { out.unicodeScalars.append(scalar) }
      }
    }
  }

  /// Escapes an attribute value: as text, plus `"`, and line breaks and tabs
  /// as character references so that they survive attribute normalisation.
  static func escapeAttribute(_ text: String, into out: inout String) {
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "\n": out += "&#10;"
      case "\r": out += "&#13;"
      case "\t": out += "&#9;"
      default:
        if isAllowed(scalar) { out.unicodeScalars.append(scalar) }
      }
    }
  }

  /// `text` escaped as character data.
  static func escaped(_ text: String) -> String {
    var out = ""
    escapeText(text, into: &out)
    return out
  }

  /// Whether XML 1.0 allows the character (tab, line feed and carriage return
  /// are the only allowed controls; U+FFFE and U+FFFF are not allowed).
  static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x9, 0xA, 0xD: true
    case 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
    default: false
    }
  }
}
