import StudyModel

/// The reference tables of `docs/study-format.md`, generated from the same
/// key tree and registries as the validator and the JSON Schema.
///
/// `assay schema --format markdown` prints them; a test checks that the
/// committed document contains them unchanged (re-record with `make docs`).
public enum FormatReference {
  public static let beginMarker = "<!-- BEGIN GENERATED REFERENCE: make docs -->"
  public static let endMarker = "<!-- END GENERATED REFERENCE -->"

  public static func markdown() -> String {
    var out = beginMarker + "\n\n"
    out += "### Top-level keys\n\n"
    out += keyTable(StudyFormat.keys, prefix: "")
    for key in StudyFormat.keys {
      let children: [KeyDescriptor]
      switch key.shape {
      case .mapping(let keys): children = keys
      case .list(.mapping(let keys), _): children = keys
      default: children = []
      }
      guard !children.isEmpty else { continue }
      out += "\n### `\(key.name)`\n\n"
      out += keyTable(children, prefix: key.name + ".")
    }
    out += "\n### Estimator entries (`estimators:`)\n\n"
    out += keyTable(StudyFormat.estimatorKeys, prefix: "")
    out += "\n### Parameters every estimator takes (`params:`)\n\n"
    out += parameterTable(CommonEstimatorOptions.parameters)
    for method in EstimatorMethod.allCases {
      let d = method.descriptor
      let aliases = Aliases.methods.filter { $0.value == method }.map(\.key).sorted()
      out += "\n### Method `\(method.rawValue)`\n\n\(d.summary)\n\n"
      out += "- Effects: " + d.effects.map { "`\($0.rawValue)`" }.joined(separator: ", ") + "\n"
      out += "- Needs: \(d.requirement.rawValue)" + (d.needsBinaryTreatment ? "; a binary treatment" : "") + "\n"
      if !aliases.isEmpty { out += "- Also accepted: " + aliases.map { "`\($0)`" }.joined(separator: ", ") + "\n" }
      let own = d.options.parameters
      if own.isEmpty {
        out += "\nNo parameters of its own.\n"
      } else {
        out += "\n" + parameterTable(own)
      }
    }
    out += "\n### Keys every check takes\n\n"
    out += "| key | type | default | meaning |\n|---|---|---|---|\n"
    out += "| `check` | a check name | (required) | The check to run. |\n"
    for p in CommonCheckOptions.parameters(scope: .estimate, simulated: true) {
      out += row(p)
    }
    for kind in CheckKind.allCases {
      let d = kind.descriptor
      let aliases = Aliases.checks.filter { $0.value == kind }.map(\.key).sorted()
      out += "\n### Check `\(kind.rawValue)`\n\n\(d.summary)\n\n"
      out +=
        "- Applies to: "
        + (d.scope == .study
          ? "the study as a whole"
          : d.methods.map { methods in
            EstimatorMethod.allCases.filter { methods.contains($0) }.map { "`\($0.rawValue)`" }.joined(separator: ", ")
          } ?? "every method") + "\n"
      out += "- Simulated: " + (d.isSimulated ? "yes (takes `simulations`)" : "no") + "\n"
      if !aliases.isEmpty { out += "- Also accepted: " + aliases.map { "`\($0)`" }.joined(separator: ", ") + "\n" }
      let own = d.options.parameters
      out += own.isEmpty ? "\nNo parameters of its own.\n" : "\n" + parameterTable(own)
    }
    out += "\n" + endMarker + "\n"
    return out
  }

  private static func keyTable(_ keys: [KeyDescriptor], prefix: String) -> String {
    var out = "| key | type | default | meaning |\n|---|---|---|---|\n"
    for key in keys {
      let defaultText =
        key.isRequired
        ? "(required)" : (key.defaultText.map { $0.contains(" ") ? $0 : "`\($0)`" } ?? "(none)")
      out += "| `\(prefix)\(key.name)` | \(describe(key.shape)) | \(defaultText) | \(escape(key.summary)) |\n"
    }
    return out
  }

  private static func parameterTable(_ parameters: [ParameterDescriptor]) -> String {
    "| key | type | default | meaning |\n|---|---|---|---|\n" + parameters.map(row).joined()
  }

  private static func row(_ p: ParameterDescriptor) -> String {
    let defaultText =
      p.isRequired ? "(required)" : (p.defaultValue.map { "`\($0.description)`" } ?? p.defaultDescription ?? "(none)")
    return "| `\(p.name)` | \(escape(p.type.summary)) | \(escape(defaultText)) | \(escape(p.summary)) |\n"
  }

  private static func describe(_ shape: KeyDescriptor.Shape) -> String {
    switch shape {
    case .string(let pattern): pattern == nil ? "text" : "text matching `\(pattern!)`"
    case .integer(let b): "whole number \(b)"
    case .number(let b): b == .any ? "number" : "number \(b)"
    case .numberOrText: "number, or a categorical level's name"
    case .boolean: "true or false"
    case .choice(let words): words.map { "`\($0)`" }.joined(separator: " \\| ")
    case .strings: "list of names"
    case .numbers(let count): count.map { "list of \($0) numbers" } ?? "list of numbers"
    case .mapping: "mapping"
    case .dictionary: "mapping of column to type"
    case .list(.estimatorEntry, _): "list of estimators"
    case .list(.checkEntry, _): "list of checks"
    case .list: "list"
    case .estimatorEntry: "estimator"
    case .checkEntry: "check"
    case .choiceOrStrings(let words): words.map { "`\($0)`" }.joined(separator: " \\| ") + " \\| list of names"
    }
  }

  private static func escape(_ text: String) -> String {
    text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
  }
}
