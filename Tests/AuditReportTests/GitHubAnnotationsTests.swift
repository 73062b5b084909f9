import StudyModel
import Testing

@testable import AuditReport

/// GitHub workflow annotations: format, escaping, order and the cap.
@Suite("GitHub annotations")
struct GitHubAnnotationsTests {
  @Test("escapes data and property values as GitHub's toolkit does")
  func escaping() {
    #expect(GitHubAnnotations.escapeData("50% done\r\nnext: a,b") == "50%25 done%0D%0Anext: a,b")
    #expect(GitHubAnnotations.escapeProperty("dir,a/b:c%\n") == "dir%2Ca/b%3Ac%25%0A")
  }

  @Test("one command per failing check at its study-file line, errors first")
  func commands() {
    let lines = GitHubAnnotations.annotations([SampleRecords.nsw()])
    #expect(lines.count == 6)
    #expect(
      lines[0]
        == "::error file=studies/nsw-cps.yaml,line=94,col=7,title=nsw-cps%3A overlap on ipw failed::overlap on ipw failed: 94.1%25 of the control "
        + "units have a propensity below 0.01: weights rest on very few controls. (share outside [0.01, 0.99] 0.941, threshold 0.1)"
    )
    #expect(lines[0..<3].allSatisfy { $0.hasPrefix("::error ") })
    #expect(lines[3...].allSatisfy { $0.hasPrefix("::warning ") })
    #expect(lines[3].contains("title=nsw-cps%3A sensitivity on ols failed (warning)"))
  }

  @Test("a run error is an error annotation at its location, with its notes")
  func runError() {
    let lines = GitHubAnnotations.annotations([SampleRecords.notIdentifiable()])
    #expect(lines.count == 1)
    #expect(
      lines[0].hasPrefix(
        "::error file=studies/genotype-hedge.yaml,line=31,col=3,endLine=33,title=genotype-hedge%3A the effect is not identified::the effect of smoking on cancer is not identifiable from this graph%0Anote: "
      ))
  }

  @Test("at most 10, worst first across a batch")
  func cap() {
    let records = [SampleRecords.nsw(), SampleRecords.nsw(), SampleRecords.invalidData()]
    let lines = GitHubAnnotations.annotations(records)
    #expect(lines.count == 10)
    // 3 + 3 + 1 errors come before any warning.
    #expect(lines.prefix(7).allSatisfy { $0.hasPrefix("::error ") })
    #expect(lines.dropFirst(7).allSatisfy { $0.hasPrefix("::warning ") })
    #expect(GitHubAnnotations.annotations(records, limit: 3).count == 3)
    #expect(GitHubAnnotations.render([SampleRecords.cardIV()]) == "")
  }

  @Test("every line is a single line")
  func singleLines() {
    let text = GitHubAnnotations.render(SampleRecords.all.map(\.record))
    for line in text.split(separator: "\n") {
      #expect(line.hasPrefix("::error ") || line.hasPrefix("::warning "))
      #expect(!line.contains("\r"))
    }
  }
}
