import Foundation
import StudyModel
import TestSupport
import Testing

@testable import StudySpec

@Suite("Study loader")
struct LoaderTests {
  func load(_ name: String) throws -> Study {
    let outcome = StudyLoader.load(file: Fixtures.directory + "/valid/\(name).yaml", environment: Fixtures.environment)
    return try #require(outcome.study, "\(Fixtures.render(outcome.diagnostics))")
  }

  @Test("defaults are filled in and marked as defaults; written values keep their place")
  func defaults() throws {
    let study = try load("basic")
    #expect(study.estimand.effect == .defaulted(.averageTreatmentEffect))
    #expect(study.estimand.treatmentValue == .defaulted(1))
    #expect(study.refutations.alpha.value == 0.05 && study.refutations.alpha.origin.isDefault)
    #expect(study.refutations.simulations.value == 200)
    #expect(study.data.missing == .defaulted(.error))
    #expect(study.data.delimiter == .defaulted(.comma))
    #expect(study.policies.positivity == .defaulted(.warn))
    #expect(study.seed.value == 42)
    #expect(study.seed.origin.range?.start == SourcePosition(line: 4, column: 7))
    let se = try #require(study.estimators[0].params["se"])
    #expect(se.value == .string("hc1") && se.origin.isDefault)
    let check = study.refutations.checks[0]
    #expect(check.common.simulations == 200)
    #expect(check.options(as: PlaceboTreatmentOptions.self).placebo == .permute)
    #expect(check.severity == .error)
  }

  @Test("every key of the format is read")
  func full() throws {
    let study = try load("full")
    #expect(study.data.missingValues.value == ["", "NA", "."])
    #expect(study.data.declaredType(of: "region") == .categorical)
    #expect(study.graph.graph.latentNodes.count == 1)
    #expect(study.estimand.adjustment.value == .explicit(["age", "educ"]))
    #expect(study.estimand.effect.value == .averageTreatmentEffectOnTreated)
    #expect(study.estimators.count == 7)
    #expect(study.estimators[0].common.terms == ["age^2", "age:educ"])
    #expect(study.estimators[2].options(as: PropensityScoreWeightingOptions.self).clip == [0.01, 0.99])
    #expect(study.estimators[3].options(as: PropensityScoreMatchingOptions.self).caliper == .width(0.2))
    let subset = try #require(study.refutations.checks.first { $0.kind.value == .dataSubset })
    #expect(subset.common.simulations == 20)
    #expect(subset.common.alpha == 0.01)
    #expect(study.expectations.count == 2)
    #expect(study.expectations[0].between?.value == [0, 5000])
    #expect(study.policies.rankDeficiency.value == .warn)
    #expect(study.report.formats.value == [.markdown, .json])
    #expect(study.report.resolvedDirectory.hasSuffix("Fixtures/valid/out/full"))
  }

  @Test("DoWhy's names are accepted with a note, not an error")
  func dowhyNames() throws {
    let outcome = StudyLoader.load(
      file: Fixtures.directory + "/valid/dot-and-aliases.yaml", environment: Fixtures.environment)
    let study = try #require(outcome.study)
    #expect(study.estimators.map(\.method.value) == [.linearRegression, .instrumentalVariable])
    #expect(study.refutations.checks.map(\.kind.value) == [.placeboTreatment, .dataSubset])
    let notes = outcome.diagnostics.filter { $0.severity == .note }.map(\.message)
    #expect(notes.contains("'backdoor.linear_regression' is DoWhy's name; Assay calls this method 'linear_regression'"))
    #expect(notes.contains("'placebo_treatment_refuter' is DoWhy's name; Assay calls this check 'placebo_treatment'"))
    // DOT: [dir=both] is a bidirected edge; observed="no" is latent.
    let g = study.graph.graph
    #expect(g.hasBidirectedEdge(g.node(named: "educ")!, g.node(named: "re78")!))
    #expect(g.isLatent[g.node(named: "u")!])
  }

  @Test("edge lists: chains, reversed arrows and bidirected edges, located per item")
  func edges() throws {
    let study = try load("edges")
    let g = study.graph.graph
    #expect(g.hasDirectedEdge(from: g.node(named: "z")!, to: g.node(named: "treat")!))
    #expect(g.hasDirectedEdge(from: g.node(named: "age")!, to: g.node(named: "score")!))
    #expect(g.hasBidirectedEdge(g.node(named: "treat")!, g.node(named: "re78")!))
    #expect(study.graph.origin(of: "score").range?.start == SourcePosition(line: 11, column: 8))
  }

  @Test("the resolved plan of the full study equals its golden file")
  func planGolden() throws {
    let study = try load("full")
    let text = PlanRenderer.text(study).replacingOccurrences(of: Fixtures.directory + "/", with: "")
    if let failure = Snapshot.compare(text, goldenPath: Fixtures.directory + "/valid/full.plan") {
      Issue.record(Comment(rawValue: failure))
    }
  }

  @Test("the default report folder is reports/<name> beside the studies folder")
  func reportDirectory() {
    #expect(Paths.defaultReportDirectory(forStudyIn: "studies", name: "x") == "reports/x")
    #expect(Paths.defaultReportDirectory(forStudyIn: "studies/failing", name: "x") == "reports/x")
    #expect(Paths.defaultReportDirectory(forStudyIn: "/a/studies/b", name: "x") == "/a/reports/x")
    #expect(Paths.defaultReportDirectory(forStudyIn: "work", name: "x") == "work/reports/x")
    #expect(Paths.defaultReportDirectory(forStudyIn: ".", name: "x") == "reports/x")
    #expect(Paths.resolve("../data/a.csv", against: "studies/x") == "studies/data/a.csv")
    #expect(Paths.resolve("/abs/a.csv", against: "studies") == "/abs/a.csv")
  }

  @Test("suggestions find near misses and ignore distant words")
  func suggestions() {
    #expect(
      Suggestions.closest(to: "propensity_score_matchin", in: ["propensity_score_matching", "linear_regression"])
        == "propensity_score_matching")
    #expect(Suggestions.closest(to: "treatmnt", in: ["treat", "treatment"]) == "treatment")
    #expect(Suggestions.closest(to: "xyz", in: ["treatment", "outcome"]) == nil)
    #expect(Suggestions.distance(Array("ab".unicodeScalars), Array("ba".unicodeScalars)) == 1)
  }
}
