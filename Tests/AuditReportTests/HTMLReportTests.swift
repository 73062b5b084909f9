import StudyModel
import Testing

@testable import AuditReport

/// Structure of `report.html`: well-formed XML, self-contained, accessible.
@Suite("HTML report")
struct HTMLReportTests {
  static let samples = GoldenReportTests.samples

  /// Elements that draw something in an SVG.
  static let shapes: Set<String> = ["rect", "circle", "ellipse", "line", "polyline", "polygon", "path", "text"]

  @Test("is well-formed XML with an html root and a title", arguments: samples)
  func wellFormed(_ sample: GoldenReportTests.Sample) throws {
    let html = HTMLRenderer.render(sample.record)
    #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
    let root = try XMLTree.parse(html)
    #expect(root.name == "html")
    #expect(root.all("title").first?.allText == sample.record.study.title)
  }

  @Test("every SVG is well-formed on its own", arguments: samples)
  func svgsParse(_ sample: GoldenReportTests.Sample) throws {
    let html = HTMLRenderer.render(sample.record)
    var rest = Substring(html)
    var count = 0
    while let start = rest.range(of: "<svg "),
      let end = rest.range(of: "</svg>", range: start.upperBound..<rest.endIndex)
    {
      let svg = String(rest[start.lowerBound..<end.upperBound])
      let tree = try XMLTree.parse(svg)
      #expect(tree.name == "svg")
      count += 1
      rest = rest[end.upperBound...]
    }
    #expect(count == (try XMLTree.parse(html)).all("svg").count)
  }

  @Test("has no script, no fetched resource and no external style", arguments: samples)
  func selfContained(_ sample: GoldenReportTests.Sample) throws {
    let html = HTMLRenderer.render(sample.record)
    #expect(!html.lowercased().contains("<script"))
    #expect(!html.contains("url("))
    #expect(!html.contains("@import"))
    let root = try XMLTree.parse(html)
    for element in root.descendants {
      #expect(
        !["script", "img", "iframe", "object", "embed", "link", "image", "use", "foreignObject"].contains(element.name))
      for (attribute, value) in element.attributes {
        #expect(!attribute.lowercased().hasPrefix("on"), "event handler \(attribute) on <\(element.name)>")
        if value.contains("http:") || value.contains("https:") || value.contains("//") {
          #expect(element.name == "a" && attribute == "href", "<\(element.name) \(attribute)=\"\(value)\"> fetches")
        }
        #expect(!value.lowercased().hasPrefix("javascript:"))
      }
    }
  }

  @Test("headings start at h1 and never skip a level", arguments: samples)
  func headingOrder(_ sample: GoldenReportTests.Sample) throws {
    let root = try XMLTree.parse(HTMLRenderer.render(sample.record))
    let levels = root.descendants.compactMap { element -> Int? in
      guard element.name.count == 2, element.name.hasPrefix("h"), let level = Int(element.name.dropFirst()) else {
        return nil
      }
      return level
    }
    #expect(levels.first == 1)
    #expect(levels.filter { $0 == 1 }.count == 1)
    for (previous, next) in zip(levels, levels.dropFirst()) {
      #expect(next <= previous + 1, "h\(previous) followed by h\(next)")
    }
  }

  @Test("every table header has a scope and every table a caption or a row of headers", arguments: samples)
  func tables(_ sample: GoldenReportTests.Sample) throws {
    let root = try XMLTree.parse(HTMLRenderer.render(sample.record))
    for th in root.all("th") {
      #expect(["col", "row"].contains(th.attributes["scope"] ?? ""))
    }
    for table in root.all("table") {
      #expect(!table.all("thead").isEmpty)
    }
  }

  @Test("every chart has a title and a description, and every mark a tooltip title", arguments: samples)
  func chartTitles(_ sample: GoldenReportTests.Sample) throws {
    let root = try XMLTree.parse(HTMLRenderer.render(sample.record))
    for svg in root.all("svg") {
      #expect(svg.attributes["role"] == "img")
      #expect(svg.children.first?.name == "title")
      #expect(svg.children.dropFirst().first?.name == "desc")
      #expect(!(svg.children.first?.allText.isEmpty ?? true))
      #expect(svg.parent?.name == "figure")
      for element in svg.descendants where Self.shapes.contains(element.name) {
        // The element itself, or a group around it below the <svg>, carries a <title>.
        let owners = [element] + element.ancestors.prefix { $0 !== svg }
        #expect(
          owners.contains { $0.children.contains { $0.name == "title" } },
          "<\(element.name) \(element.attributes.sorted { $0.key < $1.key })> in \(svg.attributes["id"] ?? "?") has no <title>"
        )
      }
    }
  }

  @Test("ids are unique and every in-page link points at one", arguments: samples)
  func links(_ sample: GoldenReportTests.Sample) throws {
    let root = try XMLTree.parse(HTMLRenderer.render(sample.record))
    let ids = root.descendants.compactMap { $0.attributes["id"] }
    #expect(Set(ids).count == ids.count)
    for a in root.all("a") {
      guard let href = a.attributes["href"], href.hasPrefix("#") else { continue }
      #expect(ids.contains(String(href.dropFirst())), "dangling link \(href)")
    }
  }

  @Test("the description is rendered as a safe subset of Markdown")
  func description() throws {
    let html = HTMLRenderer.render(SampleRecords.nsw())
    #expect(html.contains("<em>experimental</em>"))
    #expect(html.contains("<strong>$1,794</strong>"))
    #expect(html.contains("<a href=\"https://doi.org/10.1080/01621459.1999.10473858\">Dehejia &amp; Wahba (1999)</a>"))
    #expect(html.contains("&lt;script&gt;alert(\"x\")&lt;/script&gt;"))
    #expect(html.contains("<li>Pre-treatment earnings <code>re74</code>"))
  }

  @Test("the verdict comes first and lists the failing checks, errors before warnings")
  func banner() throws {
    let root = try XMLTree.parse(HTMLRenderer.render(SampleRecords.nsw()))
    let banner = try #require(root.descendants.first { $0.attributes["class"]?.hasPrefix("banner ") == true })
    #expect(banner.attributes["class"] == "banner banner-failed")
    let items = banner.all("li").map(\.allText)
    #expect(items.count == 6)
    #expect(items.first?.hasPrefix("✗ failed overlap on ipw") == true)
    #expect(items.last?.hasPrefix("⚠ warning graph_independencies") == true)
  }

  @Test("the timing section is last and says when timings were omitted")
  func timing() throws {
    for (record, omitted) in [(SampleRecords.nsw(), true), (SampleRecords.cardIV(), false)] {
      let root = try XMLTree.parse(HTMLRenderer.render(record))
      let h2 = root.all("h2")
      #expect(h2.last?.attributes["id"] == "timing")
      #expect(HTMLRenderer.render(record).contains("Timings were omitted") == omitted)
    }
  }

  @Test("the huge record still renders well-formed HTML with its tables cut")
  func huge() throws {
    let html = HTMLRenderer.render(SampleRecords.huge())
    _ = try XMLTree.parse(html)
    #expect(html.contains("Showing the first 500 of 600 rows"))
  }
}
