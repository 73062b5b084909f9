import Foundation

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// An element tree read with Foundation's `XMLParser`, for structural checks of HTML, SVG and JUnit.
final class XMLTree {
  let name: String
  let attributes: [String: String]
  private(set) var children: [XMLTree] = []
  private(set) var text = ""
  /// The text of this element and everything in it, in document order.
  private(set) var allText = ""
  private(set) weak var parent: XMLTree?

  init(name: String, attributes: [String: String], parent: XMLTree?) {
    self.name = name
    self.attributes = attributes
    self.parent = parent
  }

  /// Parses `text`; throws the parser's error (with its line) when the text is not well-formed XML.
  static func parse(_ text: String) throws -> XMLTree {
    let builder = Builder()
    let parser = XMLParser(data: Data(text.utf8))
    parser.delegate = builder
    parser.shouldResolveExternalEntities = false
    guard parser.parse(), let root = builder.root else {
      let error = parser.parserError ?? NSError(domain: "XMLTree", code: 1)
      throw XMLTreeError(
        message: "\(error.localizedDescription) at line \(parser.lineNumber), column \(parser.columnNumber)")
    }
    return root
  }

  struct XMLTreeError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
  }

  /// Every element below (and including) this one, in document order.
  var descendants: [XMLTree] {
    [self] + children.flatMap(\.descendants)
  }

  /// Elements named `name` below this one.
  func all(_ name: String) -> [XMLTree] { descendants.filter { $0.name == name } }

  /// The ancestors, nearest first.
  var ancestors: [XMLTree] {
    var out: [XMLTree] = []
    var node = parent
    while let n = node {
      out.append(n)
      node = n.parent
    }
    return out
  }

  private final class Builder: NSObject, XMLParserDelegate {
    var root: XMLTree?
    var stack: [XMLTree] = []

    func parser(
      _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
      attributes: [String: String] = [:]
    ) {
      let node = XMLTree(name: elementName, attributes: attributes, parent: stack.last)
      stack.last?.children.append(node)
      if root == nil { root = node }
      stack.append(node)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
      stack.removeLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
      stack.last?.text += string
      for node in stack { node.allText += string }
    }
  }
}
