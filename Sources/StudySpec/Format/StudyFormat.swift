import StudyModel

/// The study file format, version 1: every key, in the order the docs show them.
public enum StudyFormat {
  /// The only version this Assay reads.
  public static let version = 1

  /// The pattern of a study name: it names the report folder.
  public static let namePattern = "^[a-z0-9][a-z0-9-]*$"
  /// The pattern of an estimator name: it names JUnit classes and report anchors.
  public static let estimatorNamePattern = "^[A-Za-z0-9][A-Za-z0-9_.-]*$"
  /// A SHA-256 pin: 64 hexadecimal digits.
  public static let sha256Pattern = "^[0-9a-fA-F]{64}$"
  /// The name of an environment variable (`data.postgres`).
  public static let environmentVariablePattern = "^[A-Za-z_][A-Za-z0-9_]*$"
  /// A table name, optionally schema-qualified: `nsw`, `public.nsw`.
  public static let tablePattern = "^[A-Za-z_][A-Za-z0-9_$.]*$"

  public static let dataKeys: [KeyDescriptor] = [
    KeyDescriptor(
      "path", .string(pattern: nil),
      "Data file (CSV, or TSV by extension), relative to the study file. Exactly one of path, sqlite and postgres."),
    KeyDescriptor(
      "sqlite", .string(pattern: nil),
      "SQLite database file, relative to the study file, opened read-only; with table or query, and row_key."),
    KeyDescriptor(
      "postgres", .string(pattern: environmentVariablePattern),
      "The NAME of the environment variable that holds the libpq connection string of a PostgreSQL database; with table or query, and row_key."
    ),
    KeyDescriptor(
      "table", .string(pattern: tablePattern),
      "The table (or view) of a database source to read, optionally schema-qualified; or query."),
    KeyDescriptor(
      "query", .string(pattern: nil), "A SELECT statement whose result a database source reads; or table."),
    KeyDescriptor(
      "row_key", .string(pattern: nil),
      "The integer column that identifies each row (unique, never null): required with table or query, whose rows it orders; optional for a file. With it, the checks draw their simulations by row (docs/data-sources.md)."
    ),
    KeyDescriptor(
      "compute", .choice(ComputeMode.allCases.map(\.rawValue)), default: ComputeMode.local.rawValue,
      "Database sources: local reads the rows into memory; database pushes aggregates down to the database (docs/data-sources.md)."
    ),
    KeyDescriptor(
      "sha256", .string(pattern: sha256Pattern),
      "Optional pin of the file's SHA-256, or of a database's result set (64 hex digits); a mismatch is an error."),
    KeyDescriptor(
      "missing", .choice(MissingPolicy.allCases.map(\.rawValue)), default: StudyDefaults.missing.rawValue,
      "Rows with a missing value in a used column: error (refuse the data) or drop (complete cases, counted in the report)."
    ),
    KeyDescriptor(
      "missing_values", .strings, default: flowList(StudyDefaults.missingValues),
      "Field texts that mean a missing value."),
    KeyDescriptor(
      "delimiter", .choice(Delimiter.allCases.map(\.rawValue)),
      default: "tab for .tsv files, comma otherwise", "Field separator (path only)."),
    KeyDescriptor(
      "columns", .dictionary(.choice(ColumnType.allCases.map(\.rawValue))),
      default: "inferred",
      "Column types by name: binary, continuous, integer or categorical; undeclared columns are inferred."),
    KeyDescriptor(
      "weights", .string(pattern: nil),
      "Column of sampling weights (positive): every estimator that supports them uses them (see docs/estimators.md); the others are refused."
    ),
    KeyDescriptor(
      "panel", .mapping(panelKeys),
      "A long panel: one row per unit and period, identified by these columns (for staggered_did and two_way_fixed_effects)."
    ),
  ]

  public static let panelKeys: [KeyDescriptor] = [
    KeyDescriptor("unit", .string(pattern: nil), required: true, "The unit identifier column (a state, a county)."),
    KeyDescriptor(
      "time", .string(pattern: nil), required: true, "The period column (numbers: a year, a quarter index)."),
  ]

  public static let graphKeys: [KeyDescriptor] = [
    KeyDescriptor(
      "dagitty", .string(pattern: nil),
      "The graph in dagitty syntax: dag { a -> b; c <-> d; u [latent] }."),
    KeyDescriptor(
      "dot", .string(pattern: nil),
      "The graph in DOT syntax: digraph { a -> b; u [observed=\"no\"] }; a -> b [dir=both] is a hidden common cause."),
    KeyDescriptor(
      "edges", .list(.string(pattern: nil), minimumCount: 1),
      "The graph as a list of edges: \"a -> b\", \"a <- b\", \"a <-> b\" (a hidden common cause)."),
    KeyDescriptor(
      "latent", .strings, default: "[]",
      "Unobserved nodes (with any graph form); they need no data column."),
    KeyDescriptor(
      "placeholder", .boolean, default: "false",
      "Written `true` by `assay init`: the graph is a placeholder, and the study does not validate until the arrows are drawn and the key deleted."
    ),
  ]

  public static let estimandKeys: [KeyDescriptor] = [
    KeyDescriptor("treatment", .string(pattern: nil), required: true, "The treatment (exposure) node."),
    KeyDescriptor("outcome", .string(pattern: nil), required: true, "The outcome node."),
    KeyDescriptor(
      "effect", .choice(EffectKind.allCases.map(\.rawValue)), default: StudyDefaults.effect.rawValue,
      "ate: over all units; att: over the treated; atc: over the controls."),
    KeyDescriptor(
      "treatment_value", .numberOrText, default: StudyDefaults.treatmentValue.description,
      "Treatment level of the contrast."),
    KeyDescriptor(
      "control_value", .numberOrText, default: StudyDefaults.controlValue.description,
      "Control level of the contrast."),
    KeyDescriptor(
      "effect_modifiers", .strings, default: "[]",
      "Nodes whose levels get conditional effects."),
    KeyDescriptor(
      "identification", .choice(IdentificationStrategy.allCases.map(\.rawValue)),
      default: StudyDefaults.identification.rawValue,
      "auto: back-door, else front-door, else an instrument, else the ID algorithm; or force one strategy."),
    KeyDescriptor(
      "adjustment", .choiceOrStrings(AdjustmentChoice.words), default: StudyDefaults.adjustment.description,
      "Back-door adjustment set: minimal, optimal (Henckel et al. 2022), all (the canonical set), or an explicit list that identification checks."
    ),
  ]

  public static let refutationKeys: [KeyDescriptor] = [
    KeyDescriptor(
      "alpha", .number(.open(0, 1)), default: RefutationSpec.defaultAlpha.formatted,
      "Default significance level of the checks."),
    KeyDescriptor(
      "simulations", .integer(.closed(1, 100_000)), default: String(RefutationSpec.defaultSimulations),
      "Default number of simulations of the simulated checks."),
    KeyDescriptor(
      "checks", .list(.checkEntry, minimumCount: 0), default: "[]",
      "The checks every estimate must pass."),
  ]

  public static let expectationKeys: [KeyDescriptor] = [
    KeyDescriptor(
      "estimator", .string(pattern: nil), required: true,
      "An estimator name, or all."),
    KeyDescriptor(
      "sign", .choice(ExpectationSpec.Sign.allCases.map(\.rawValue)),
      "positive or negative (the whole confidence interval), or zero (the interval contains 0)."),
    KeyDescriptor(
      "significant", .boolean,
      "true: the interval excludes 0 at the estimator's level; false: it contains 0."),
    KeyDescriptor(
      "value",
      .mapping([
        KeyDescriptor(
          "between", .numbers(count: 2), required: true,
          "[low, high]: the point estimate must lie in this closed interval.")
      ]), "Bounds on the point estimate."),
    KeyDescriptor(
      "severity", .choice(CheckSeverity.allCases.map(\.rawValue)),
      default: StudyDefaults.expectationSeverity.rawValue,
      "error: a failed expectation fails the gate; warn: it is reported only."),
  ]

  public static let policyKeys: [KeyDescriptor] = [
    KeyDescriptor(
      "rank_deficiency", .choice(ProblemPolicy.allCases.map(\.rawValue)),
      default: StudyDefaults.policies.rankDeficiency.value.rawValue,
      "A design matrix without full column rank (aliased columns are named)."),
    KeyDescriptor(
      "separation", .choice(ProblemPolicy.allCases.map(\.rawValue)),
      default: StudyDefaults.policies.separation.value.rawValue,
      "Complete or quasi-complete separation in a logistic model."),
    KeyDescriptor(
      "non_convergence", .choice(ProblemPolicy.allCases.map(\.rawValue)),
      default: StudyDefaults.policies.nonConvergence.value.rawValue,
      "An iterative fit that does not converge."),
    KeyDescriptor(
      "positivity", .choice(ProblemPolicy.allCases.map(\.rawValue)),
      default: StudyDefaults.policies.positivity.value.rawValue,
      "Propensity scores at 0 or 1 (no overlap) for some units."),
  ]

  public static let reportKeys: [KeyDescriptor] = [
    KeyDescriptor(
      "formats", .list(.choice(ReportFormat.allCases.map(\.rawValue)), minimumCount: 1),
      default: flowList(StudyDefaults.reportFormats.map(\.rawValue), quoted: false),
      "Report files to write: markdown (report.md), html (report.html), json (result.json), junit (junit.xml)."),
    KeyDescriptor(
      "directory", .string(pattern: nil), default: "reports/<name> beside the studies folder",
      "Report folder, relative to the study file."),
  ]

  /// The top-level keys.
  public static let keys: [KeyDescriptor] = [
    KeyDescriptor("version", .integer(.closed(1, 1)), required: true, "Study format version: 1."),
    KeyDescriptor(
      "name", .string(pattern: namePattern), required: true,
      "Short name ([a-z0-9-]+); names the report folder."),
    KeyDescriptor("title", .string(pattern: nil), default: "the name", "One-line title of the report."),
    KeyDescriptor(
      "description", .string(pattern: nil),
      "Free text (Markdown) shown at the top of the report."),
    KeyDescriptor(
      "seed", .integer(.closed(0, 9_007_199_254_740_991)), default: String(StudyDefaults.seed),
      "Seed every random draw derives from (each simulation gets its own stream)."),
    KeyDescriptor("data", .mapping(dataKeys), required: true, "The data source."),
    KeyDescriptor(
      "graph", .mapping(graphKeys), required: true,
      "The causal graph: exactly one of dagitty, dot or edges."),
    KeyDescriptor("estimand", .mapping(estimandKeys), required: true, "The causal question."),
    KeyDescriptor(
      "estimators", .list(.estimatorEntry, minimumCount: 1), required: true,
      "The estimators to run (at least one)."),
    KeyDescriptor(
      "refutations", .mapping(refutationKeys), default: "no checks",
      "Checks every estimate must pass."),
    KeyDescriptor(
      "expectations", .list(.mapping(expectationKeys), minimumCount: 0), default: "[]",
      "Results the study pins (analyses as tests), gated like checks."),
    KeyDescriptor(
      "policies", .mapping(policyKeys), default: "see each key",
      "Whether numerical problems are fatal (error, exit code 3) or warnings."),
    KeyDescriptor(
      "report", .mapping(reportKeys), default: "all formats, reports/<name>",
      "Where and how to write the report."),
  ]

  /// Keys of an `estimators:` entry besides the method's parameters.
  public static let estimatorKeys: [KeyDescriptor] = [
    KeyDescriptor(
      "name", .string(pattern: estimatorNamePattern), required: true,
      "Unique name of the estimator in this study."),
    KeyDescriptor(
      "method", .choice(EstimatorMethod.allCases.map(\.rawValue)), required: true,
      "Estimation method (DoWhy's dotted names are accepted too)."),
    KeyDescriptor(
      "params", .mapping([]), default: "{}",
      "Method parameters; see the method's table."),
  ]

  /// A list in YAML flow syntax for the docs: `["", NA, NaN]` (the empty
  /// string quoted, other words bare unless `quoted`).
  static func flowList(_ items: [String], quoted: Bool = false) -> String {
    "[" + items.map { $0.isEmpty || quoted ? "\"\($0)\"" : $0 }.joined(separator: ", ") + "]"
  }
}
