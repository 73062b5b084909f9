import StudyModel
import Testing

@testable import StudySpec

@Suite("Diagnostic rendering")
struct DiagnosticRendererTests {
  func renderer(_ files: [String: String]) -> DiagnosticRenderer {
    DiagnosticRenderer(readFile: { files[$0] })
  }

  @Test("compiler-style text with the source line, a caret under the range, and notes")
  func text() {
    var r = renderer(["s.yaml": "estimators:\n  - name: m\n    method: propensity_score_matchin\n"])
    let d = Diagnostic.error(
      "unknown estimator method 'propensity_score_matchin'",
      at: SourceRange(file: "s.yaml", start: .init(line: 3, column: 13), end: .init(line: 3, column: 37)),
      notes: [.init("did you mean 'propensity_score_matching'?")])
    #expect(
      r.text(d) == """
        s.yaml:3:13: error: unknown estimator method 'propensity_score_matchin'
            method: propensity_score_matchin
                    ^~~~~~~~~~~~~~~~~~~~~~~~
        note: did you mean 'propensity_score_matching'?

        """)
  }

  @Test("the caret line keeps tabs and counts Unicode scalars")
  func tabsAndUnicode() {
    var r = renderer(["u.yaml": "x:\t'テスト' bad\n"])
    let d = Diagnostic.error(
      "bad", at: SourceRange(file: "u.yaml", start: .init(line: 1, column: 10), end: .init(line: 1, column: 13)))
    #expect(r.text(d) == "u.yaml:1:10: error: bad\nx:\t'テスト' bad\n  \t      ^~~\n")
  }

  @Test("a range over several lines underlines to the end of the first")
  func multiLine() {
    var r = renderer(["m.yaml": "a: [1,\n  2]\n"])
    let d = Diagnostic.error(
      "m", at: SourceRange(file: "m.yaml", start: .init(line: 1, column: 4), end: .init(line: 2, column: 5)))
    #expect(r.text(d) == "m.yaml:1:4: error: m\na: [1,\n   ^~~\n")
  }

  @Test("JSON form has file, positions, severity, message and notes")
  func json() {
    let d = Diagnostic.warning(
      "w", at: SourceRange(file: "f.yaml", start: .init(line: 2, column: 3), end: .init(line: 2, column: 6)),
      notes: [.init("n", at: nil)])
    #expect(
      JSONCodec.encode([DiagnosticRecord(d)]) == """
        [
          {
            "column": 3,
            "end_column": 6,
            "end_line": 2,
            "file": "f.yaml",
            "line": 2,
            "message": "w",
            "notes": [
              {
                "column": null,
                "file": null,
                "line": null,
                "message": "n"
              }
            ],
            "severity": "warning"
          }
        ]

        """)
  }

  @Test("GitHub annotations escape %, CR, LF, and ':' ',' in properties")
  func github() {
    let d = Diagnostic.error(
      "50% bad\nreally", at: SourceRange(file: "a,b:c.yaml", line: 1, column: 2),
      notes: [.init("fix it")])
    #expect(
      DiagnosticRenderer.githubAnnotations([d]) == """
        ::error file=a%2Cb%3Ac.yaml,line=1,col=2,endLine=1,endColumn=2,title=assay%3A error::50%25 bad%0Areally%0Anote: fix it

        """)
  }
}
