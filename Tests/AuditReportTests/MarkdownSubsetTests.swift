import Testing

@testable import AuditReport

/// The safe Markdown subset of study descriptions.
@Suite("Description Markdown")
struct MarkdownSubsetTests {
  func html(_ text: String) -> String {
    MarkdownSubset.blocks(text).flatMap(HTMLRenderer.nodes).map { $0.serialized() }.joined(separator: "\n")
  }

  @Test("paragraphs, emphasis, code, links and lists")
  func subset() {
    #expect(html("a **b** *c* _d_ `e*f`") == "<p>a <strong>b</strong> <em>c</em> <em>d</em> <code>e*f</code></p>")
    #expect(html("one\ntwo\n\nthree") == "<p>one two</p>\n<p>three</p>")
    #expect(html("- x\n- y *z*") == "<ul>\n<li>x</li>\n<li>y <em>z</em></li>\n</ul>")
    #expect(html("[site](https://example.org/a_b)") == "<p><a href=\"https://example.org/a_b\">site</a></p>")
    #expect(html("snake_case_name") == "<p>snake_case_name</p>")
  }

  @Test("HTML stays text and unsafe links lose their target")
  func safety() {
    #expect(html("<b onclick=\"x()\">hi</b> & more") == "<p>&lt;b onclick=\"x()\"&gt;hi&lt;/b&gt; &amp; more</p>")
    #expect(
      html("[click](javascript:alert(1))") == "<p>click)</p>" || html("[click](javascript:alert(1))") == "<p>click</p>")
    #expect(!html("[x](data:text/html,hi)").contains("href"))
    #expect(html("[rel](docs/study.md#top)").contains("href=\"docs/study.md#top\""))
    #expect(html("# Title\ntext") == "<p>Title text</p>")
  }

  @Test("unclosed markers are literal")
  func unclosed() {
    #expect(html("2 * 3 and **bold") == "<p>2 * 3 and **bold</p>")
    #expect(html("`code") == "<p>`code</p>")
    #expect(html("[a](b") == "<p>[a](b</p>")
  }
}
