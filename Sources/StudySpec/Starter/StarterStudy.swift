import Foundation
import StudyModel

/// The starter study `assay init` writes for a data file, as a typed value:
/// every column with its type and its summary over all rows, a placeholder
/// graph, placeholder treatment and outcome, default estimators and checks.
/// ``text`` writes it as YAML with a comment on every key; the study does
/// not validate until its graph is drawn (`graph.placeholder: true`).
///
/// Placeholders: the treatment is the first binary column (else the first
/// numeric one), the outcome the last numeric column other than the
/// treatment; `--treatment` and `--outcome` override them. Every other
/// column is drawn as a common cause of both (so back-door adjustment for
/// all of them identifies the effect), except identifiers and constants,
/// which are left out of the graph with a note (see ``exclusion(of:)``).
///
/// The suggested missing-value policy counts the rows each choice keeps:
/// `drop` when at least half the rows are complete in the graph's columns,
/// else `error`, with the columns that miss most.
public struct StarterStudy: Sendable {
  /// What the data say about one column, over all rows.
  public typealias Column = ColumnProfile

  /// Why a column is left out of the graph.
  public enum Exclusion: Sendable, Equatable {
    /// A different value in (nearly) every row: a text column with a level
    /// for more than half its rows, or a whole-number column unique per row
    /// (at least 20 rows).
    case identifier
    /// One value in every row that has one.
    case constant
  }

  /// Why the placeholders cannot be chosen.
  public struct Problem: Error, Sendable {
    public var message: String
    public var notes: [String] = []
  }

  public var name: String
  public var dataPath: String
  public var sha256: String
  public var delimiterIsTab: Bool
  public var rowsRead: Int
  public var columns: [Column]
  public var treatment: String
  public var outcome: String
  /// Rows with a value in every column of the graph; the caller counts them
  /// on the data (``graphColumns``), `nil` when not counted.
  public var completeRows: Int?

  /// Chooses the placeholders from the columns (or checks the given ones).
  public init(
    name: String, dataPath: String, sha256: String, delimiterIsTab: Bool, rowsRead: Int, columns: [Column],
    treatment: String?, outcome: String?
  ) throws(Problem) {
    self.name = name
    self.dataPath = dataPath
    self.sha256 = sha256
    self.delimiterIsTab = delimiterIsTab
    self.rowsRead = rowsRead
    self.columns = columns
    let names = columns.map(\.name)
    for given in [treatment, outcome].compactMap({ $0 }) where !names.contains(given) {
      throw Problem(
        message: "no column '\(given)' in the data",
        notes: ["the columns are: " + names.joined(separator: ", ")])
    }
    let usable = columns.filter { Self.exclusion(of: $0) == nil && $0.type != .categorical }
    guard let t = treatment ?? (usable.first { $0.type == .binary } ?? usable.first)?.name else {
      throw Problem(
        message: "no numeric column to use as the treatment",
        notes: ["name the treatment and outcome columns with --treatment and --outcome"])
    }
    guard let y = outcome ?? usable.last(where: { $0.name != t })?.name else {
      throw Problem(
        message: "no second numeric column to use as the outcome",
        notes: ["name the treatment and outcome columns with --treatment and --outcome"])
    }
    guard t != y else {
      throw Problem(message: "the treatment and the outcome are the same column '\(t)'")
    }
    self.treatment = t
    self.outcome = y
  }

  /// Rows from which "unique per row" marks a whole-number identifier.
  static let identifierMinimumRows = 20

  /// Why a column is left out of the graph, or `nil`.
  public static func exclusion(of c: Column) -> Exclusion? {
    if c.distinct <= 1 { return .constant }
    switch c.type {
    case .categorical:
      return c.distinct > 20 && 2 * c.distinct > c.present ? .identifier : nil
    case .integer:
      return c.present >= identifierMinimumRows && c.distinct == c.present ? .identifier : nil
    default:
      return nil
    }
  }

  var treatmentIsBinary: Bool { columns.first { $0.name == treatment }?.type == .binary }

  /// Columns drawn as common causes of the treatment and the outcome.
  var covariates: [Column] {
    columns.filter { $0.name != treatment && $0.name != outcome && Self.exclusion(of: $0) == nil }
  }

  /// Columns left out of the graph.
  var leftOut: [Column] {
    columns.filter { $0.name != treatment && $0.name != outcome && Self.exclusion(of: $0) != nil }
  }

  /// The columns the starter graph names: the treatment, the outcome and the covariates.
  public var graphColumns: [String] { [treatment, outcome] + covariates.map(\.name) }

  /// The study file's text.
  public var text: String {
    var out: [String] = []
    func line(_ s: String = "") { out.append(s) }
    line("# A starter study written by `assay init` for \(dataPath).")
    line("# Every key is explained in docs/study-format.md; `assay plan` shows the")
    line("# values a run would use. Next steps:")
    line("#   1. choose the treatment and the outcome (the TODOs under `estimand:`);")
    line("#   2. draw the graph: which columns cause which (the TODOs under `graph:`),")
    line("#      then delete `placeholder: true` (until then the study does not validate);")
    line("#   3. `assay validate` this file, `assay identify` it, then `assay run` it.")
    line("version: 1                 # the study format version")
    line("name: \(name)" + pad("name: \(name)") + "# names the report folder: reports/\(name)")
    let title = "title: \(yamlString("Effect of \(treatment) on \(outcome)"))"
    line(title + pad(title) + "# one line at the top of the report")
    line("seed: 1                    # every random draw (simulated checks) derives from it")
    line()
    line("data:")
    line("  path: \(yamlString(dataPath))" + pad("  path: \(yamlString(dataPath))") + "# relative to this file")
    line("  sha256: \(sha256)")
    line("  # ^ pins the file's content: a changed file stops the run. Update it when")
    line("  #   the data change on purpose (`sha256sum \((dataPath as NSString).lastPathComponent)`).")
    for text in missingPolicyLines() { line(text) }
    if delimiterIsTab { line("  delimiter: tab") }
    line("  columns:                   # the type inferred for every column; correct any that are wrong")
    line("    # binary: 0/1; integer: whole numbers; continuous: other numbers;")
    line("    # categorical: text or codes (one indicator per level in models).")
    let keyWidth = (columns.map { yamlKey($0.name).count }.max() ?? 0) + 2
    for c in columns {
      let entry =
        "    \(yamlKey(c.name)):" + String(repeating: " ", count: max(1, keyWidth - yamlKey(c.name).count))
        + c.type.rawValue
      line(entry + pad(entry, to: 40) + "# " + describe(c))
    }
    line()
    line("graph:")
    line("  # The causal assumptions: an arrow a -> b says a causes b; a <-> b says an")
    line("  # unmeasured cause affects both; `u [latent]` declares an unmeasured node.")
    line("  placeholder: true          # delete once the arrows below are the study's assumptions")
    line("  dagitty: |")
    line("    dag {")
    line("      \(node(treatment)) [exposure]   // TODO: the treatment (placeholder)")
    line("      \(node(outcome)) [outcome]    // TODO: the outcome (placeholder)")
    line("      \(node(treatment)) -> \(node(outcome))")
    if !covariates.isEmpty {
      line("      // TODO: draw the arrows. Every other column is drawn as a common cause of")
      line("      // the treatment and the outcome; delete the arrows you do not believe,")
      line("      // add those between columns, and never draw an arrow out of the outcome.")
      for c in covariates {
        line("      \(node(c.name)) -> { \(node(treatment)) \(node(outcome)) }")
      }
    }
    if !leftOut.isEmpty {
      line("      // Left out (see data.columns): " + leftOut.map(\.name).joined(separator: ", "))
    }
    line("    }")
    line()
    line("estimand:")
    line(
      "  treatment: \(yamlString(treatment))" + pad("  treatment: \(yamlString(treatment))")
        + "# TODO: the column whose effect you want")
    line(
      "  outcome: \(yamlString(outcome))" + pad("  outcome: \(yamlString(outcome))") + "# TODO: the column it affects")
    line("  effect: ate                # ate: all units; att: the treated; atc: the controls")
    if treatmentIsBinary {
      line("  treatment_value: 1         # the contrast: treated (1) against control (0)")
    } else {
      line("  treatment_value: 1         # the contrast: the effect of moving the treatment")
    }
    line("  control_value: 0           #   from control_value to treatment_value")
    line("  identification: auto       # back-door, else front-door, else an instrument, else ID")
    line("  adjustment: minimal        # the smallest valid adjustment set (or optimal, all, a list)")
    line()
    line("estimators:                  # each estimate is reported and checked separately")
    line("  - name: ols")
    line("    method: linear_regression          # regression adjustment, robust (HC1) errors")
    if treatmentIsBinary {
      line("  - name: ipw")
      line("    method: propensity_score_weighting   # inverse-probability weights")
      line("  - name: aipw")
      line("    method: doubly_robust                # augmented IPW, cross-fitted")
    } else {
      line(
        "  # Propensity-score methods need a binary treatment; the treatment is "
          + (columns.first { $0.name == treatment }?.type.rawValue ?? "not binary") + ".")
    }
    line()
    line("refutations:                 # checks every estimate must pass")
    line("  simulations: 100           # per simulated check; more is slower and steadier")
    line("  checks:")
    line("    - check: placebo_treatment     # a permuted treatment must show no effect")
    line("    - check: random_common_cause   # an added random confounder must not move the estimate")
    line("    - check: data_subset           # the estimate must hold on random 80% subsets")
    if treatmentIsBinary {
      line("    - check: overlap               # treated and controls must overlap in propensity")
    }
    line("    - check: e_value               # how strong an unmeasured confounder would have to be")
    line("      severity: warn               # warn: reported, but does not fail the run")
    line("    - check: graph_independencies  # the data must not contradict the graph")
    line("      severity: warn               # make it an error once the arrows are drawn")
    if treatmentIsBinary {
      line("    - check: estimator_agreement   # the estimators' intervals must overlap")
    }
    line()
    line("# expectations:               # results the study pins, checked like tests")
    line("#   - estimator: ols")
    line("#     sign: positive")
    line("#     value: {between: [0, 10]}")
    line()
    line("report:")
    line("  formats: [markdown, html, json, junit]")
    line("  # directory: reports/\(name)   (default: reports/<name> beside the studies folder)")
    return out.joined(separator: "\n") + "\n"
  }

  // MARK: - Pieces

  /// The `missing:` line and its comments: how many rows each choice keeps.
  func missingPolicyLines() -> [String] {
    let graph = Set(graphColumns)
    let missingColumns = columns.filter { graph.contains($0.name) && $0.missing > 0 }
      .sorted { $0.missing > $1.missing }
    guard let complete = completeRows, !missingColumns.isEmpty else {
      return ["  missing: error             # no value is missing in the graph's columns"]
    }
    let incomplete = rowsRead - complete
    let most =
      "most missing: "
      + missingColumns.prefix(3).map { "\($0.name) (\(count($0.missing)) rows)" }.joined(separator: ", ")
    if 2 * complete >= rowsRead {
      return [
        "  missing: drop              # keeps the \(count(complete)) of \(count(rowsRead)) rows complete in the graph's columns",
        "                             # (`error` refuses the data: \(count(incomplete)) rows miss a value; \(most))",
      ]
    }
    return [
      "  missing: error             # only \(count(complete)) of \(count(rowsRead)) rows are complete in the graph's columns:",
      "                             # `drop` would keep \(count(complete)) (\(percent(complete, of: rowsRead))). \(most);",
      "                             # leave such columns out of the graph, or impute them before the study",
    ]
  }

  func describe(_ c: Column) -> String {
    var parts: [String] = []
    switch Self.exclusion(of: c) {
    case .identifier?:
      parts.append("a different value in every row: an identifier, left out of the graph")
    case .constant?:
      let value = c.minimum.map(format) ?? "one level"
      parts.append("always \(value): a constant, left out of the graph")
    case nil:
      if c.type == .binary, let share = c.mean {
        parts.append(String(format: "%.1f%% ones", 100 * share))
      } else if let lo = c.minimum, let hi = c.maximum {
        parts.append("\(format(lo)) to \(format(hi))")
      } else if c.type == .categorical {
        parts.append("\(c.distinct) level\(c.distinct == 1 ? "" : "s")")
      }
    }
    parts.append(c.missing > 0 ? "\(count(c.missing)) missing" : "none missing")
    return parts.joined(separator: "; ")
  }

  /// 1,566
  func count(_ n: Int) -> String {
    let digits = String(n)
    var out = ""
    for (i, ch) in digits.reversed().enumerated() {
      if i > 0, i % 3 == 0 { out.append(",") }
      out.append(ch)
    }
    return String(out.reversed())
  }

  func percent(_ part: Int, of whole: Int) -> String {
    String(format: "%.1f%%", whole == 0 ? 0 : 100 * Double(part) / Double(whole))
  }

  func format(_ x: Double) -> String {
    if x == x.rounded(), abs(x) < 1e15 { return String(Int(x)) }
    return String(format: "%.6g", x)
  }

  /// Spaces after `text` up to the comment column.
  func pad(_ text: String, to width: Int = 27) -> String {
    String(repeating: " ", count: max(1, width - text.count))
  }

  /// A node name as dagitty reads it: bare when it is an identifier, else quoted.
  func node(_ name: String) -> String {
    let bare =
      !name.isEmpty
      && name.unicodeScalars.allSatisfy {
        $0 == "_" || $0 == "." || $0.properties.isAlphabetic || $0.properties.numericType != nil
      } && !["dag", "graph", "digraph", "node", "edge", "strict"].contains(name.lowercased())
    return bare ? name : quoted(name)
  }

  /// A YAML mapping key: plain when safe, else double-quoted.
  func yamlKey(_ name: String) -> String { yamlString(name) }

  /// A YAML scalar that reads back as the string `text`.
  func yamlString(_ text: String) -> String {
    let plain =
      !text.isEmpty
      && text.unicodeScalars.allSatisfy {
        $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "_-./ ".unicodeScalars.contains($0))
      }
      && !text.hasPrefix(" ") && !text.hasSuffix(" ") && !text.hasPrefix("-")
      && Double(text) == nil && ![".inf", ".nan"].contains(text.lowercased())
      && !["true", "false", "null", "~", "yes", "no", "on", "off", "y", "n"].contains(text.lowercased())
    return plain ? text : quoted(text)
  }

  func quoted(_ text: String) -> String {
    "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
  }
}
