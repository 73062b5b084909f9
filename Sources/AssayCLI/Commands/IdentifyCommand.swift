import ArgumentParser
import CausalEngine
import Foundation
import StudyModel
import StudySpec

/// `assay identify`: how the graph identifies the study's effect.
struct IdentifyCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "identify",
    abstract:
      "Identify the effect from the study's graph: strategy, estimand, adjustment sets, argument, implications.",
    discussion: "Needs no data. Exit code 0 when the effect is identified, 2 otherwise."
  )

  @Argument(help: "Study files, or folders.")
  var paths: [String]

  @Option(help: "Output format: text, or json (each study's identification record; see docs/machine-output.md).")
  var format: OutputFormat = .text

  func run() throws {
    let batch = StudyBatch(paths: paths, format: format)
    batch.printDiagnostics()
    var status: ExitStatus = batch.isInvalid ? .invalid : .ok
    var studies: [IdentificationOutput.Study] = []
    for study in batch.studies {
      let (record, failure) = StudyRunner.identify(study)
      let identified = failure == nil && record.strategy != .none
      if !identified { status = .invalid }
      studies.append(
        IdentificationOutput.Study(
          name: study.name.value, file: study.file, question: study.question, identified: identified,
          failure: failure, identification: record))
      if format == .text { Console.out(Self.text(record, study: study, failure: failure) + "\n") }
    }
    if format == .json {
      Console.out(JSONCodec.encode(IdentificationOutput(diagnostics: batch.diagnosticRecords, studies: studies)))
    }
    throw AssayExit(status: status)
  }

  static func text(_ r: IdentificationRecord, study: Study, failure: String?) -> String {
    var out = "\(study.name.value): \(study.question)\n"
    out += "  strategy      \(r.strategy.rawValue) (requested: \(r.requested.rawValue))\n"
    out += "  estimand      \(r.estimand)\n"
    if let failure { out += "  error         \(failure)\n" }
    if let reason = r.notIdentifiableReason { out += "  not identifiable: \(reason)\n" }
    if let rd = r.discontinuity {
      out += "  discontinuity \(rd.runningVariable) at \(JSONValue.format(rd.cutoff)), estimator \(rd.estimator)\n"
      out +=
        "    treated side: \(rd.treatedSide.map { "\($0.rawValue) the cutoff" } ?? "decided from the data")"
        + "; design: \(rd.design?.rawValue ?? "sharp or fuzzy, decided from the data")\n"
      out += "    assumption: \(rd.assumption)\n"
      out += "    effect: \(rd.effect)\n"
    }
    let discontinuityOnly = r.strategy == .regressionDiscontinuity
    if !discontinuityOnly && (r.strategy == .backdoor || !r.minimalSets.isEmpty) {
      out += "  adjustment    {\(r.adjustmentSet.joined(separator: ", "))} (\(r.adjustmentChoice))\n"
      out +=
        "  minimal sets  "
        + (r.minimalSets.isEmpty
          ? "none" : r.minimalSets.map { "{\($0.joined(separator: ", "))}" }.joined(separator: " ")) + "\n"
      if let canonical = r.canonicalSet { out += "  canonical     {\(canonical.joined(separator: ", "))}\n" }
      if let optimal = r.optimalSet {
        out += "  optimal       {\(optimal.joined(separator: ", "))}\n"
      } else if let reason = r.optimalSetReason {
        out += "  optimal       none: \(reason)\n"
      }
    }
    if !discontinuityOnly && !r.backdoorPaths.isEmpty {
      out += "  back-door paths\n"
      for p in r.backdoorPaths {
        let how = p.status == .open ? "OPEN" : "blocked by \(p.blockedBy ?? "?") (\(p.how?.rawValue ?? ""))"
        out += "    \(p.path): \(how)\n"
      }
      if r.backdoorPathsOmitted > 0 { out += "    ... and \(r.backdoorPathsOmitted) more\n" }
    }
    for i in r.instruments {
      out +=
        "  instrument    \(i.instrument)"
        + (i.conditioningSet.isEmpty ? "" : " given {\(i.conditioningSet.joined(separator: ", "))}") + "\n"
      out += "    relevance:  \(i.relevance)\n    exclusion:  \(i.exclusion)\n"
    }
    if !r.mediators.isEmpty {
      out += "  front-door    {\(r.mediators.joined(separator: ", "))}\n"
      for c in r.frontdoorConditions { out += "    [\(c.holds ? "x" : " ")] \(c.condition): \(c.reason)\n" }
    }
    out += "  implied independencies (\(r.impliedIndependencies.count))\n"
    for s in r.impliedIndependencies { out += "    \(s.text)\n" }
    for note in r.notes { out += "  note: \(note)\n" }
    return out
  }
}
