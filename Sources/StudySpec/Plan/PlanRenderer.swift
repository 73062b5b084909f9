import CausalGraph
import StudyModel

/// The resolved plan of a study as text: every value the run will use, with
/// the defaults marked, so a reader sees exactly what `assay run` will do.
public enum PlanRenderer {
  /// Marks a value the study did not write.
  static let defaultMark = "*"

  public static func text(_ study: Study) -> String {
    var out = ""
    func line(_ label: String, _ value: String) {
      let padded = label.padding(to: 14)
      out += "  \(padded)\(value)\n"
    }
    func mark<T>(_ value: Located<T>, _ text: String? = nil) -> String {
      (text ?? "\(value.value)") + (value.origin.isDefault ? defaultMark : "")
    }
    out += "\(study.name.value)  (\(study.file))\n"
    line("title", mark(study.title))
    line("seed", mark(study.seed))
    let data = study.data
    var dataLine = data.resolvedPath
    if let database = data.database {
      dataLine = database.engine == .sqlite ? "sqlite \(data.resolvedPath)" : "postgres $\(data.path.value)"
      dataLine +=
        " \(database.relationKey)="
        + (database.relationKey == "table" ? database.relationText : "(\(database.relationText.count) characters)")
      dataLine += " row_key=\(database.rowKey.value) compute=" + mark(database.compute, database.compute.value.rawValue)
    }
    dataLine += "  missing=" + mark(data.missing, data.missing.value.rawValue)
    if data.database == nil { dataLine += " delimiter=" + mark(data.delimiter, data.delimiter.value.rawValue) }
    if let sha = data.sha256 { dataLine += " sha256=\(sha.value.prefix(12))..." }
    line("data", dataLine)
    if !data.columns.isEmpty {
      line("", "declared: " + data.columns.map { "\($0.name.value)=\($0.type.value.rawValue)" }.joined(separator: ", "))
    }
    let g = study.graph.graph
    line(
      "graph",
      "\(study.graph.format.value.rawValue): \(g.count) nodes (\(g.latentNodes.count) latent), "
        + "\(g.directedEdges.count) directed and \(g.bidirectedEdges.count) bidirected edges")
    if !g.latentNodes.isEmpty { line("", "latent: " + g.names(of: g.latentNodes).joined(separator: ", ")) }
    let e = study.estimand
    line(
      "estimand",
      mark(e.effect, e.effect.value.rawValue) + " of \(e.treatment.value) ("
        + mark(e.treatmentValue, e.treatmentValue.value.description) + " vs "
        + mark(e.controlValue, e.controlValue.value.description)
        + ") on \(e.outcome.value), "
        + (study.discontinuityPopulation ?? "over \(e.effect.value.population)"))
    line(
      "",
      "identification=" + mark(e.identification, e.identification.value.rawValue)
        + " adjustment=" + mark(e.adjustment, e.adjustment.value.description))
    if !e.effectModifiers.isEmpty {
      line("", "effect modifiers: " + e.effectModifiers.map(\.value).joined(separator: ", "))
    }
    out += "  estimators\n"
    for estimator in study.estimators {
      out += "    \(estimator.name.value.padding(to: 14))\(estimator.method.value.rawValue)\n"
      out += wrap(
        estimator.params.entries.map { "\($0.name)=\(mark($0.value, $0.value.value.description))" }, indent: 6)
    }
    let r = study.refutations
    out += "  checks        alpha=\(mark(r.alpha, r.alpha.value.formatted)) simulations=\(mark(r.simulations))\n"
    if r.checks.isEmpty { out += "    (none)\n" }
    for check in r.checks {
      let targets = targets(of: check, in: study)
      out += "    \(check.kind.value.rawValue.padding(to: 24))\(targets)\n"
      out += wrap(
        check.params.entries.filter { $0.name != "estimators" }.map {
          "\($0.name)=\(mark($0.value, $0.value.value.description))"
        }, indent: 6)
    }
    if !study.expectations.isEmpty {
      out += "  expectations\n"
      for x in study.expectations {
        var parts = ["estimator=\(x.estimator.value)"]
        if let s = x.sign { parts.append("sign=\(s.value.rawValue)") }
        if let s = x.significant { parts.append("significant=\(s.value)") }
        if let b = x.between { parts.append("between=[\(b.value[0].formatted), \(b.value[1].formatted)]") }
        parts.append("severity=" + mark(x.severity, x.severity.value.rawValue))
        out += "    " + parts.joined(separator: " ") + "\n"
      }
    }
    let p = study.policies
    line(
      "policies",
      [
        "rank_deficiency=" + mark(p.rankDeficiency, p.rankDeficiency.value.rawValue),
        "separation=" + mark(p.separation, p.separation.value.rawValue),
        "non_convergence=" + mark(p.nonConvergence, p.nonConvergence.value.rawValue),
        "positivity=" + mark(p.positivity, p.positivity.value.rawValue),
      ].joined(separator: " "))
    line(
      "report",
      mark(study.report.formats, study.report.formats.value.map(\.rawValue).joined(separator: ", "))
        + " -> " + mark(study.report.directory, study.report.resolvedDirectory))
    out += "  (\(defaultMark) = default)\n"
    return out
  }

  /// The estimators a check runs on, in words.
  static func targets(of check: CheckSpec, in study: Study) -> String {
    let descriptor = check.kind.value.descriptor
    if descriptor.scope == .study {
      if check.kind.value == .estimatorAgreement {
        return "across " + (check.estimatorNames ?? study.estimators.map(\.name.value)).joined(separator: ", ")
      }
      return "on the graph"
    }
    let names = check.estimatorNames ?? study.estimators.map(\.name.value)
    let applicable = names.filter { name in
      study.estimator(named: name).map { descriptor.applies(to: $0.method.value) } ?? false
    }
    let skipped = names.filter { !applicable.contains($0) }
    var text = "on " + (applicable.isEmpty ? "no estimator" : applicable.joined(separator: ", "))
    if !skipped.isEmpty { text += " (not applicable: \(skipped.joined(separator: ", ")))" }
    return text
  }

  private static func wrap(_ items: [String], indent: Int, width: Int = 100) -> String {
    var out = ""
    var current = String(repeating: " ", count: indent)
    var empty = true
    for item in items {
      if !empty, current.count + 1 + item.count > width {
        out += current + "\n"
        current = String(repeating: " ", count: indent)
        empty = true
      }
      current += (empty ? "" : " ") + item
      empty = false
    }
    if !empty { out += current + "\n" }
    return out
  }
}

extension String {
  func padding(to width: Int) -> String {
    count >= width ? self + " " : self + String(repeating: " ", count: width - count)
  }
}
