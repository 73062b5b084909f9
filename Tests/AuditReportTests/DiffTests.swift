import StudyModel
import Testing

@testable import AuditReport

/// `RunDiff` and `DiffRenderer`: what counts as a change, and the golden
/// renderings of one pull request's worth of changes.
///
/// The scenario (``DiffScenario``) edits the hand-made sample records the way
/// a pull request could: new data for `nsw-cps` (its pin and row counts), its
/// `ols` estimate moved by exactly 2.3 old standard errors and its `ipw`
/// estimate by 0.4, a check flipped and one removed; a failing check in
/// `card-proximity`, whose verdict flips; `smoking-tar` removed and
/// `genotype-hedge` added. The expected moves are closed forms of those edits.
@Suite("assay diff")
struct DiffTests {
  enum DiffScenario {
    static let newDataHash = "9e8d7c6b5a493827161504f3e2d1c0b9a8f7e6d5c4b3a29181706f5e4d3c2b1a"

    static var old: [RunRecord] {
      [SampleRecords.nsw(), SampleRecords.cardIV(), SampleRecords.frontdoor()]
    }

    static var new: [RunRecord] {
      var nsw = SampleRecords.nsw()
      nsw.data?.sha256 = newDataHash
      nsw.data?.rowsRead += 3
      nsw.data?.rowsUsed += 3
      nsw.provenance.dataSHA256 = newDataHash
      shift(&nsw, estimator: "ols", by: 2.3)
      shift(&nsw, estimator: "ipw", by: 0.4)
      if let ols = nsw.estimates.firstIndex(where: { $0.name == "ols" }) {
        if let check = nsw.estimates[ols].refutations.firstIndex(where: { $0.check == .check(.unobservedCommonCause) })
        {
          nsw.estimates[ols].refutations[check].verdict = .failed
          nsw.estimates[ols].refutations[check].detail = "the estimate changes sign at the simulated confounding"
        }
        nsw.estimates[ols].verdict = .failed
        nsw.estimates[ols].refutations.removeAll { $0.check == .check(.overlap) }
      }
      var card = SampleRecords.cardIV()
      if let tsls = card.estimates.firstIndex(where: { $0.name == "tsls" }),
        let check = card.estimates[tsls].refutations.firstIndex(where: { $0.check == .check(.placeboTreatment) })
      {
        card.estimates[tsls].refutations[check].verdict = .failed
        card.estimates[tsls].refutations[check].detail = "placebo estimates: median 0.061, p = 0.012"
        card.estimates[tsls].verdict = .failed
        card.status = .failed
        card.gate.verdict = .failed
      }
      return [nsw, card, SampleRecords.notIdentifiable()]
    }

    /// Moves an estimate by `z` of its standard errors (its interval with it).
    static func shift(_ record: inout RunRecord, estimator: String, by z: Double) {
      guard let index = record.estimates.firstIndex(where: { $0.name == estimator }),
        let value = record.estimates[index].value, let se = record.estimates[index].standardError
      else { preconditionFailure("no estimate \(estimator) with a standard error") }
      record.estimates[index].value = value + z * se
      record.estimates[index].confidenceInterval = record.estimates[index].confidenceInterval?.map { $0 + z * se }
    }

    static var diff: DiffRecord {
      RunDiff.compare(old: old, new: new, oldLabel: "base/reports", newLabel: "reports")
    }
  }

  @Test("identical runs: nothing changed")
  func identical() {
    let records = DiffScenario.old
    let diff = RunDiff.compare(old: records, new: records, oldLabel: "a", newLabel: "b")
    #expect(!diff.changed)
    #expect(diff.studies.map(\.name) == ["nsw-cps", "card-proximity", "smoking-tar"])
    #expect(diff.studies.allSatisfy { !$0.changed && $0.checks.isEmpty && $0.presence == .both })
    Fixtures.expectMatches(DiffRenderer.markdown(diff), "diff-unchanged.md")
    #expect(DiffRenderer.github(diff).isEmpty)
  }

  @Test("a pull request's changes: moves in standard errors, flipped verdicts, the data pin, studies added and removed")
  func changes() throws {
    let diff = DiffScenario.diff
    #expect(diff.changed)
    // Changed studies first, the largest standardized move first; unchanged ones last.
    #expect(diff.studies.map(\.name) == ["nsw-cps", "card-proximity", "genotype-hedge", "smoking-tar"])
    let nsw = diff.studies[0]
    #expect(nsw.data.sha256.changed && nsw.data.rowsRead.old.map { $0 + 3 } == nsw.data.rowsRead.new)
    #expect(!nsw.estimand.changed)
    let ols = try #require(nsw.estimates.first { $0.name == "ols" })
    // Closed form of the edit: the estimate moved by exactly 2.3 old standard errors.
    #expect(abs((ols.standardizedChange ?? 0) - 2.3) < 1e-12)
    #expect(abs((ols.difference ?? 0) - 2.3 * 547.6) < 1e-9)
    #expect(abs((ols.relativeChange ?? 0) - 2.3 * 547.6 / 699.1) < 1e-12)
    #expect(ols.verdict.old == .passed && ols.verdict.new == .failed)
    #expect(nsw.estimates.prefix(2).map(\.name) == ["ols", "ipw"])
    #expect(nsw.estimates.dropFirst(2).allSatisfy { !$0.changed })
    #expect(
      nsw.checks.map { "\($0.subject) \($0.presence.rawValue)" } == [
        "unobserved_common_cause on ols both", "overlap on ols removed",
      ])
    let card = diff.studies[1]
    #expect(card.status.changed && card.status.new == .failed)
    #expect(card.checks.map(\.subject) == ["placebo_treatment on tsls"])
    #expect(diff.studies[2].presence == .added && diff.studies[3].presence == .removed)

    Fixtures.expectMatches(DiffRenderer.markdown(diff), "diff.md")
    Fixtures.expectMatches(DiffRenderer.text(diff), "diff.txt")
    Fixtures.expectMatches(DiffRenderer.github(diff), "diff.annotations.txt")
    Fixtures.expectMatches(DiffRenderer.json(diff), "diff.json")
  }

  @Test("annotations: errors first, at most the limit, and a notice of how many were left out")
  func annotationLimit() {
    let lines = DiffRenderer.github(DiffScenario.diff, limit: 3).split(separator: "\n")
    #expect(lines.count == 4)
    #expect(lines.prefix(3).allSatisfy { $0.hasPrefix("::error ") })
    #expect(
      lines[3]
        == "::notice title=Assay diff::7 further changes are not annotated; the diff (assay diff --format markdown) lists them all"
    )
  }

  @Test("the tolerance is relative to the old value", arguments: [(0.0, true), (0.1, true), (0.9, false)])
  func tolerance(_ tolerance: Double, moved: Bool) throws {
    // ipw moved by 0.4 × 802.4 = 320.96 on an old value of 1236.2: a relative move of 0.2596.
    let diff = RunDiff.compare(
      old: DiffScenario.old, new: DiffScenario.new, tolerance: tolerance, oldLabel: "a", newLabel: "b")
    let ipw = try #require(diff.studies.first { $0.name == "nsw-cps" }?.estimates.first { $0.name == "ipw" })
    #expect(ipw.moved == moved)
    #expect(ipw.value.changed == moved)
  }

  @Test("moved() compares |new - old| with tolerance × |old|; a value on one side only has moved")
  func movedRule() {
    #expect(!RunDiff.moved(100, 100, tolerance: 0))
    #expect(RunDiff.moved(100, 100.000001, tolerance: 0))
    #expect(!RunDiff.moved(100, 101, tolerance: 0.01))
    #expect(RunDiff.moved(100, 101.01, tolerance: 0.01))
    #expect(RunDiff.moved(0, 1e-300, tolerance: 0.5))
    #expect(RunDiff.number(nil, 1, tolerance: 1).changed)
    #expect(!RunDiff.number(nil, nil, tolerance: 0).changed)
  }

  @Test("a partial run is compared on its selection: other estimators, study checks and the verdict are not")
  func partial() throws {
    var partial = SampleRecords.nsw()
    partial.selectedEstimators = ["ipw"]
    partial.estimates = partial.estimates.filter { $0.name == "ipw" }
    partial.studyChecks = []
    partial.expectations = []
    partial.status = .passed
    let diff = RunDiff.compare(old: [SampleRecords.nsw()], new: [partial], oldLabel: "a", newLabel: "b")
    #expect(!diff.changed)
    let study = try #require(diff.studies.first)
    #expect(study.estimates.map(\.name) == ["ipw"])
    #expect(study.checks.isEmpty)
    #expect(study.notes.count == 1)
  }

  @Test("checks of the same kind on the same estimator are matched in order")
  func checkOrdinals() {
    let check = CheckRecord(
      check: .expectation, estimator: "ols", verdict: .passed, severity: .error, summary: "", rule: "", detail: "")
    var flipped = check
    flipped.verdict = .failed
    let changes = RunDiff.checks(old: [check, check], new: [check, flipped, check], inScope: { _ in true })
    #expect(changes.map(\.presence) == [.both, .added])
    #expect(changes.first?.verdict.new == .failed)
  }
}
