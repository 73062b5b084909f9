import Foundation
import Testing

/// The mistakes a newcomer is likely to make first, each answered with a
/// message that says what to do (the validation-time ones are also in the
/// StudySpec invalid corpus).
@Suite("newcomers' mistakes")
struct NewcomerErrorTests {
  /// A small study on the NSW data, with `body` after the data section.
  func study(data: String = "data/nsw_dw.csv", dataExtra: String = "", _ body: String) -> String {
    """
    version: 1
    name: newcomer
    data:
      path: \(data)
    \(dataExtra)
    \(body)
    """
  }

  static let nswGraph = """
    graph:
      dagitty: |
        dag { treat -> re78 ; { age educ } -> { treat re78 } }
    estimand:
      treatment: treat
      outcome: re78
    """

  @Test("a data path written relative to the current folder: the note gives the right one")
  func dataPathRelativeToCurrentFolder() throws {
    let sandbox = try StudySandbox(studies: [])
    defer { sandbox.remove() }
    try sandbox.write(
      study(
        data: "studies/data/nsw_dw.csv", Self.nswGraph + "\nestimators:\n  - {name: ols, method: linear_regression}\n"),
      to: "studies/mine.yaml")
    let run = try sandbox.assay(["validate", "studies/mine.yaml"])
    #expect(run.status == 2)
    #expect(run.stdout.contains("error: data file 'studies/data/nsw_dw.csv' not found"))
    #expect(
      run.stdout.contains(
        "note: 'studies/data/nsw_dw.csv' exists relative to the current folder; from the study's folder it is 'data/nsw_dw.csv'"
      ))
  }

  @Test("missing values under missing: error: the note says which key to write")
  func missingValues() throws {
    let sandbox = try StudySandbox(studies: [])
    defer { sandbox.remove() }
    try sandbox.write(
      study(
        data: "data/thornton_hiv.csv",
        """
        graph:
          dagitty: |
            dag { any -> got ; { age distvct } -> { any got } }
        estimand:
          treatment: any
          outcome: got
        estimators:
          - {name: ols, method: linear_regression}
        """),
      to: "studies/hiv.yaml")
    let run = try sandbox.assay(["run", "--quiet", "studies/hiv.yaml"])
    #expect(run.status == 2)
    #expect(run.stderr.contains("error: column 'got': 1991 rows have missing values"))
    #expect(
      run.stderr.contains(
        "note: to analyse the complete rows instead, write `missing: drop` under `data:` (the report counts the rows dropped)"
      ))
    #expect(!run.stderr.contains("set the missing policy to drop"))
  }

  @Test("a method for binary treatments on a treatment with other values names the methods that fit")
  func binaryMethodOnContinuousTreatment() throws {
    let sandbox = try StudySandbox(studies: [])
    defer { sandbox.remove() }
    try sandbox.write(
      study(
        data: "data/close_college.csv", dataExtra: "  missing: drop\n  columns: {educ: continuous}",
        """
        graph:
          dagitty: |
            dag { educ -> lwage ; { black south } -> { educ lwage } }
        estimand:
          treatment: educ
          outcome: lwage
        estimators:
          - {name: ipw, method: propensity_score_weighting}
        """),
      to: "studies/educ.yaml")
    let run = try sandbox.assay(["run", "--quiet", "studies/educ.yaml"])
    #expect(run.status == 2)
    #expect(
      run.stdout.contains(
        "studies/educ.yaml:14:25: error: method 'propensity_score_weighting' needs a binary or categorical treatment, but 'educ' is declared continuous"
      ))
    #expect(run.stdout.contains("back-door methods for a treatment of any type: 'linear_regression'"))
  }

  @Test("an effect the graph does not identify: the run points at assay identify")
  func unidentifiable() throws {
    let sandbox = try StudySandbox(studies: [])
    defer { sandbox.remove() }
    try sandbox.write(
      study(
        """
        graph:
          dagitty: |
            dag { treat -> re78 ; treat <-> re78 ; age -> { treat re78 } }
        estimand:
          treatment: treat
          outcome: re78
        estimators:
          - {name: ols, method: linear_regression}
        """),
      to: "studies/hidden.yaml")
    let run = try sandbox.assay(["run", "--quiet", "studies/hidden.yaml"])
    #expect(run.status == 2)
    #expect(run.stdout.contains("the non-causal path treat <-> re78 stays open"))
    #expect(
      run.stdout.contains(
        "hint: `assay identify studies/hidden.yaml` shows how the graph identifies the effect, or why it cannot"))
    let identify = try sandbox.assay(["identify", "studies/hidden.yaml"])
    #expect(identify.status == 2)
    #expect(identify.stdout.contains("form a hedge"))
  }

  @Test("a back-door method where the graph has an instrument: the message names the method")
  func backdoorMethodWithInstrument() throws {
    let sandbox = try StudySandbox(studies: [])
    defer { sandbox.remove() }
    try sandbox.write(
      study(
        data: "data/close_college.csv", dataExtra: "  missing: drop\n  columns: {educ: continuous}",
        """
        graph:
          dagitty: |
            dag { nearc4 -> educ -> lwage ; educ <-> lwage }
        estimand:
          treatment: educ
          outcome: lwage
        estimators:
          - {name: ols, method: linear_regression}
        """),
      to: "studies/iv.yaml")
    let run = try sandbox.assay(["run", "--quiet", "studies/iv.yaml"])
    #expect(run.status == 2)
    #expect(run.stdout.contains("the graph makes nearc4 an instrument: use method 'instrumental_variable'"))
  }

  @Test(
    "a numeric treatment with many values, undeclared: refused, never taken as linear; the notes name both declarations"
  )
  func manyValuedTreatmentUndeclared() throws {
    let sandbox = try StudySandbox(studies: [])
    defer { sandbox.remove() }
    try sandbox.write(
      study(
        data: "data/close_college.csv", dataExtra: "  missing: drop",
        """
        graph:
          dagitty: |
            dag { educ -> lwage ; { black south } -> { educ lwage } }
        estimand:
          treatment: educ
          outcome: lwage
        estimators:
          - {name: ols, method: linear_regression}
        """),
      to: "studies/educ.yaml")
    let run = try sandbox.assay(["run", "--quiet", "studies/educ.yaml"])
    #expect(run.status == 2)
    #expect(
      run.stderr.contains("studies/educ.yaml:10:14: error: the treatment 'educ' takes 18 values"), "\(run.stderr)")
    #expect(run.stderr.contains("Assay does not assume its effect is linear"))
    #expect(run.stderr.contains("declare it `continuous` under data.columns"))
    #expect(run.stderr.contains("or declare it `categorical`"))
    // Validation reads small data by default and says the same, before any run.
    let validate = try sandbox.assay(["validate", "studies/educ.yaml"])
    #expect(validate.status == 2)
    #expect(validate.stdout.contains("studies/educ.yaml:10:14: error: the treatment 'educ' takes 18 values"))
    #expect(try sandbox.assay(["validate", "--no-data", "studies/educ.yaml"]).status == 0)
  }

  @Test("a short method name ('ipw') is answered with the method's name")
  func methodNickname() throws {
    let sandbox = try StudySandbox(studies: [])
    defer { sandbox.remove() }
    try sandbox.write(study(Self.nswGraph + "\nestimators:\n  - {name: ipw, method: ipw}\n"), to: "studies/nick.yaml")
    let run = try sandbox.assay(["validate", "studies/nick.yaml"])
    #expect(run.status == 2)
    #expect(
      run.stdout.contains(
        "note: did you mean 'propensity_score_weighting'? ('ipw' can name the estimator: `name: ipw`)"))
  }

  @Test("assay run outside a project: the note says where paths start and how to begin")
  func runWithoutStudies() throws {
    let sandbox = try StudySandbox()
    defer { sandbox.remove() }
    let run = try sandbox.assay(["run"])
    #expect(run.status == 2)
    #expect(run.stdout.contains("studies: error: no such file or folder"))
    #expect(run.stdout.contains("`assay init DATA.csv` writes a first study"))
  }
}
