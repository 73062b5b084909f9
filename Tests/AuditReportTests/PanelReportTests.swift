import StudyModel
import Testing

@testable import AuditReport

/// The panel parts of a report: the panel's shape, event studies, ATT(g,t) and two-way fixed-effects weights.
@Suite("Panel report")
struct PanelReportTests {
  static let record = SampleRecords.staggeredPanel()

  @Test("the data section states the panel's shape, cohorts with sizes and the units dropped")
  func panelShape() {
    let markdown = MarkdownRenderer.render(Self.record)
    #expect(markdown.contains("| Periods | 5: 2001, 2002, 2003, 2004, 2005 |"))
    #expect(markdown.contains("| Balanced | no: some units are missing in some periods |"))
    #expect(markdown.contains("| 2003 | 9 | 22.5% |"))
    #expect(markdown.contains("| never treated | 21 | 52.5% |"))
    #expect(markdown.contains("2 units are not observed in every period"))
    #expect(markdown.contains("`AK`, `HI`"))
  }

  @Test("a report without a panel has none of the panel parts")
  func noPanel() {
    let markdown = MarkdownRenderer.render(SampleRecords.nsw())
    for text in ["### Panel", "Event study of", "Group-time effects of", "Two-way fixed-effects weights"] {
      #expect(!markdown.contains(text))
    }
  }

  @Test("the event study table has a row per event time, the reference period and a flagged pre-period")
  func eventStudyTable() {
    let markdown = MarkdownRenderer.render(Self.record)
    #expect(markdown.contains("| -1 | 0 (reference) | — | — | — |"))
    // The pointwise interval of e = -3 excludes 0; its uniform band does not.
    #expect(markdown.contains("| -3 | 0.21 | 0.102 | **[0.01, 0.41] ⚠** | [-0.08, 0.5] |"))
    #expect(markdown.contains("Flagged: 1 pre-treatment estimate"))
  }

  @Test("the event-study plot marks adoption between event times -1 and 0, and draws the uniform band")
  func eventStudyPlot() throws {
    let points = Self.record.estimates[0].eventStudy
    let svg = EventStudyPlot(points: points, axisLabel: "effect", confidenceLevel: 0.95).svg(id: "f", title: "t")
    let tree = try XMLTree.parse(svg.serialized())
    let titles = tree.all("title").map(\.allText)
    #expect(titles.contains { $0.hasPrefix("adoption: between event time -1") })
    #expect(titles.contains("event time -1: reference period, 0 by construction"))
    #expect(titles.contains { $0.hasPrefix("event time 2: 1.12 (se 0.19), 95% CI [0.7476, 1.492], uniform band") })
    // Event times -3 ... 2 in six slots of (736 - 76) / 6 = 110, each point mid-slot: e = -0.5 is at 76 + 3 × 110.
    let adoption = tree.all("line").first { $0.attributes["class"] == "reference-strong" }
    #expect(adoption?.attributes["x1"] == "406")
  }

  @Test("the ATT(g,t) table is cohort by period with base cells marked and post-treatment cells in bold")
  func groupTimeTable() {
    let markdown = MarkdownRenderer.render(Self.record)
    #expect(markdown.contains("| Cohort | 2001 | 2002 | 2003 | 2004 | 2005 |"))
    #expect(
      markdown.contains(
        "| 2003 | -0.06 (0.121) | *0 (base)* | **0.49 (0.15)** | **0.77 (0.16)** | **1.12 (0.19)** |"))
    #expect(markdown.contains("Universal base period"))
    // cs_simple has the same ATT(g,t): they are shown once.
    #expect(markdown.contains("The same 10 ATT(g,t) as [`cs`](#estimator-cs)"))
  }

  @Test("heat-map cells are shaded on a scale centred on 0 and base cells are dashed")
  func heatMap() throws {
    let effects = Self.record.estimates[0].groupTime
    let map = GroupTimeHeatMap(effects: effects, cohortSizes: [2003: 9], timeName: "year")
    let tree = try XMLTree.parse(map.svg(id: "h").serialized())
    let groups = tree.all("g").filter { $0.attributes["class"] == "mark" }
    #expect(groups.count == 10)
    let strongest = groups.first { $0.all("title").first?.allText.contains("period 2005 (event time 2)") == true }
    // The largest |ATT| (1.12) takes the strongest tint: 60% of Okabe-Ito blue.
    #expect(strongest?.all("rect").first?.attributes["fill"] == Palette.diverging(1, limit: 1))
    let base = groups.filter { $0.all("text").first?.allText == "base" }
    #expect(base.count == 2)
    #expect(Palette.diverging(0, limit: 1.12) == "#FFFFFF")
  }

  @Test(
    "base periods are described from the cells",
    arguments: [
      // Universal: one base per cohort, for every cell.
      ([(2003.0, 2001.0, 2002.0), (2003, 2002, 2002), (2003, 2003, 2002)], "Universal base period"),
      // Varying (R did's default): a pre cell against the period before it.
      ([(2004.0, 2002.0, 2001.0), (2004, 2003, 2002), (2004, 2004, 2003), (2004, 2005, 2003)], "Base periods vary"),
      // Neither.
      ([(2004.0, 2003.0, 2001.0), (2004, 2004, 2003)], "Each cell's base period"),
    ])
  func basePeriods(_ cells: [(Double, Double, Double)], _ expected: String) {
    let effects = cells.map {
      GroupTimeEffect(cohort: $0.0, time: $0.1, basePeriod: $0.2, value: 0.1, standardError: 0.1)
    }
    let words = ReportBuilder.basePeriodWords(effects, periods: [2001, 2002, 2003, 2004, 2005])
    #expect(words.hasPrefix(expected))
  }

  @Test("the TWFE weights: negative-weight summary, totals by comparison type and the 2x2 table")
  func twoWayWeights() {
    let markdown = MarkdownRenderer.render(Self.record)
    #expect(markdown.contains("4 of 47 treated unit-periods (8.5%) get a negative weight"))
    #expect(markdown.contains("σ_fe = 0.41"))
    #expect(markdown.contains("| treated vs never treated | 2 | 0.78 | 0.781 |"))
    #expect(markdown.contains("| later vs earlier treated | 1 | 0.1 | -0.35 |"))
    // 0.4 × 0.82 + 0.38 × 0.74 + 0.12 × 0.6 + 0.1 × (−0.35) = 0.6462, the coefficient.
    #expect(markdown.contains("the coefficient 0.6462 is the weighted sum of the 2×2 comparisons below (here 0.6462)"))
    #expect(markdown.contains("| later vs earlier treated | 2004 | 2003 | -0.35 | 0.1 |"))
  }
}
