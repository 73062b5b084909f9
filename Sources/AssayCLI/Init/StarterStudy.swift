import Foundation
import Tabular

/// The starter study `assay init` writes for a data file: every column with
/// its inferred type, a graph skeleton naming every column, placeholder
/// treatment and outcome, default estimators and checks, and a comment on
/// every key. The text validates as it is; the graph's arrows are the
/// user's to draw.
///
/// Placeholders: the treatment is the first binary column (else the first
/// numeric one), the outcome the last numeric column other than the
/// treatment; `--treatment` and `--outcome` override them. Every other
/// column is drawn as a common cause of both (so back-door adjustment for
/// all of them identifies the effect), except columns that look like
/// identifiers or constants (a text column with a level for most rows, a
/// whole-number column with a different value in nearly every row, or a
/// single value), which are listed as unconnected nodes.
struct StarterStudy {
  /// What the data say about one column.
  struct Column {
    var name: String
    var kind: ColumnKind
    /// Rows with a missing value in this column.
    var missing: Int
    /// Smallest and largest value over the complete rows (numeric columns).
    var range: (Double, Double)?
    /// The share of ones over the complete rows (binary columns).
    var share: Double?
    /// Number of levels (categorical columns).
    var levels: Int
    /// Whether the column holds a single value, or a different text for most rows.
    var isIdentifierOrConstant: Bool
  }

  /// Why the placeholders cannot be chosen.
  struct Problem: Error {
    var message: String
    var notes: [String] = []
  }

  var name: String
  var dataPath: String
  var sha256: String
  var delimiterIsTab: Bool
  var rowsRead: Int
  var rowsComplete: Int
  var columns: [Column]
  var treatment: String
  var outcome: String

  /// Chooses the placeholders from the columns (or checks the given ones).
  init(
    name: String, dataPath: String, loaded: LoadedTable, delimiterIsTab: Bool, treatment: String?, outcome: String?
  ) throws(Problem) {
    self.name = name
    self.dataPath = dataPath
    sha256 = loaded.sha256
    self.delimiterIsTab = delimiterIsTab
    rowsRead = loaded.rowsRead
    rowsComplete = loaded.table.rowCount
    columns = loaded.table.columns.map { column in
      let values = column.values.filter(\.isFinite)
      let range = column.kind.isNumeric ? values.min().flatMap { lo in values.max().map { (lo, $0) } } : nil
      let constant = range.map { $0.0 == $0.1 } ?? (column.kind == .categorical && column.levels.count <= 1)
      let distinct = column.kind == .categorical ? column.levels.count : Set(values).count
      let identifier =
        (column.kind == .categorical || column.kind == .integer) && distinct > 20
        && Double(distinct) > (column.kind == .integer ? 0.99 : 0.5) * Double(max(1, column.count))
      return Column(
        name: column.name, kind: column.kind, missing: loaded.droppedByColumn[column.name] ?? 0, range: range,
        share: values.isEmpty ? nil : values.reduce(0, +) / Double(values.count),
        levels: column.levels.count, isIdentifierOrConstant: constant || identifier)
    }
    let names = columns.map(\.name)
    for given in [treatment, outcome].compactMap({ $0 }) where !names.contains(given) {
      throw Problem(
        message: "no column '\(given)' in the data",
        notes: ["the columns are: " + names.joined(separator: ", ")])
    }
    let usable = columns.filter { !$0.isIdentifierOrConstant && $0.kind.isNumeric }
    guard let t = treatment ?? (usable.first { $0.kind == .binary } ?? usable.first)?.name else {
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

  var treatmentIsBinary: Bool { columns.first { $0.name == treatment }?.kind == .binary }

  /// Columns drawn as common causes of the treatment and the outcome.
  var covariates: [Column] {
    columns.filter { $0.name != treatment && $0.name != outcome && !$0.isIdentifierOrConstant }
  }

  /// Columns listed in the graph without arrows.
  var unconnected: [Column] {
    columns.filter { $0.name != treatment && $0.name != outcome && $0.isIdentifierOrConstant }
  }

  /// The study file's text.
  var text: String {
    var out: [String] = []
    func line(_ s: String = "") { out.append(s) }
    let missingRows = rowsRead - rowsComplete
    line("# A starter study written by `assay init` for \(dataPath).")
    line("# Every key is explained in docs/study-format.md; `assay plan` shows the")
    line("# values a run would use. Next steps:")
    line("#   1. choose the treatment and the outcome (the TODOs under `estimand:`);")
    line("#   2. draw the graph: which columns cause which (the TODOs under `graph:`);")
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
    if missingRows > 0 {
      line(
        "  missing: drop              # \(missingRows) of \(rowsRead) rows have a missing value: use the \(rowsComplete) complete rows"
      )
      line("                             # (only the columns a study uses count; `error` refuses missing values)")
    } else {
      line("  missing: error             # no value is missing; `drop` would use complete rows only")
    }
    if delimiterIsTab { line("  delimiter: tab") }
    line("  columns:                   # the type inferred for every column; correct any that are wrong")
    line("    # binary: 0/1; integer: whole numbers; continuous: other numbers;")
    line("    # categorical: text or codes (one indicator per level in models).")
    let keyWidth = (columns.map { yamlKey($0.name).count }.max() ?? 0) + 2
    for c in columns {
      let entry =
        "    \(yamlKey(c.name)):" + String(repeating: " ", count: max(1, keyWidth - yamlKey(c.name).count))
        + c.kind.rawValue
      line(entry + pad(entry, to: 40) + "# " + describe(c))
    }
    line()
    line("graph:")
    line("  # The causal assumptions: an arrow a -> b says a causes b; a <-> b says an")
    line("  # unmeasured cause affects both; `u [latent]` declares an unmeasured node.")
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
    if !unconnected.isEmpty {
      line("      // An identifier or a constant, left unconnected:")
      for c in unconnected { line("      \(node(c.name))") }
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
          + (columns.first { $0.name == treatment }?.kind.rawValue ?? "not binary") + ".")
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

  func describe(_ c: Column) -> String {
    var parts: [String] = []
    if c.kind == .binary, let share = c.share {
      parts.append(String(format: "%.1f%% ones", 100 * share))
    } else if let (lo, hi) = c.range {
      parts.append(lo == hi ? "always \(format(lo))" : "\(format(lo)) to \(format(hi))")
    } else if c.kind == .categorical {
      parts.append("\(c.levels) level\(c.levels == 1 ? "" : "s")")
    }
    if c.missing > 0 { parts.append("\(c.missing) missing") }
    return parts.joined(separator: "; ")
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
