/// A chart: an SVG drawing with a caption and a text alternative.
struct ReportFigure: Sendable {
  /// The `<svg>` element.
  var svg: XMLNode
  var caption: [ReportInline]
}
