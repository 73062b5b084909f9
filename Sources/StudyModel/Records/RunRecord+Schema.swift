import CausalGraph

// The words of `schema/result-v1.schema.json`: a description for every
// record type and member, and the constraints the types alone do not say
// (lengths, bounds, patterns). The structure of the schema comes from the
// records themselves (``JSONSchemaBuilder``).

extension RunRecord {
  typealias Doc = JSONSchemaBuilder.TypeDocumentation

  /// Descriptions and constraints by record type.
  static let schemaDocumentation: [String: Doc] = [
    "RunRecord": Doc(
      "Everything one run of a study produced: the record every report is rendered from. Written by `assay run`; re-rendered by `assay report result.json`. Undefined numbers are null; every member is always present.",
      [
        "schema_version": .init("Version of this format: 1.", ["const": 1]),
        "study": .init("The study as the report introduces it."),
        "status": .init(
          "passed: every check of severity error passed (exit 0); failed: one did not (exit 1); error: the run stopped (exit 2 or 3)."
        ),
        "error": .init("Why the run stopped, when status is error; otherwise null."),
        "data": .init("What was read from the data file; null when the run stopped before."),
        "identification": .init("How the effect was identified from the graph; null when the run stopped before."),
        "estimates": .init("One entry per estimator, in study order."),
        "selected_estimators": .init(
          "The estimators a partial run (assay run --select) ran, in study order; null for a full run. A partial run's reports are written to the partial/ folder inside the study's report folder, never over the full ones."
        ),
        "study_checks": .init("Checks of the study as a whole (graph independencies, estimator agreement)."),
        "expectations": .init("The study's expectations, each gated like a check."),
        "gate": .init("The gate's verdict on the run."),
        "warnings": .init("Problems that did not stop the run."),
        "provenance": .init("Where the run came from, and (apart) its timing."),
      ]),
    "StudyRecord": Doc(
      "The study as the report introduces it.",
      [
        "name": .init("Short name of the study.", ["minLength": 1]),
        "title": .init("Title of the report."),
        "description": .init("The study's description (Markdown)."),
        "file": .init("The study file as named on the command line.", ["minLength": 1]),
        "treatment": .init("The treatment variable.", ["minLength": 1]),
        "outcome": .init("The outcome variable.", ["minLength": 1]),
        "effect": .init("The effect asked for: ate, att or atc."),
        "treatment_value": .init("The treatment's value in the treated contrast."),
        "control_value": .init("The treatment's value in the control contrast."),
        "effect_modifiers": .init("Variables the effect is estimated within."),
        "question": .init("The question in words."),
      ]),
    "RunError": Doc(
      "Why the run stopped.",
      [
        "kind": .init("invalid_data (exit 2), not_identified (exit 2) or numerical (exit 3)."),
        "message": .init("What went wrong.", ["minLength": 1]),
        "location": .init("Where in the study or data file, when known."),
        "notes": .init("Further explanations and suggestions."),
      ]),
    "SourceRange": Doc(
      "A stretch of a file: 1-based lines, columns in Unicode scalars; end is exclusive.",
      [
        "file": .init("The file as the user named it.", ["minLength": 1]),
        "start": .init("Where the range starts."),
        "end": .init("Where the range ends (exclusive; equal to start for a point)."),
      ]),
    "SourcePosition": Doc(
      "Where the range starts.",
      [
        "line": .init("Line, from 1.", ["minimum": 1]),
        "column": .init("Column, from 1.", ["minimum": 1]),
      ]),
    "DataRecord": Doc(
      "What was read and used.",
      [
        "path": .init(
          "The data file (CSV or SQLite), resolved; for PostgreSQL, the name of the environment variable holding the connection string (never its value).",
          ["minLength": 1]),
        "sha256": .init(
          "SHA-256 of the file's bytes, or of a database's result set in row_key order (docs/data-sources.md).",
          ["pattern": "^[0-9a-f]{64}$"]),
        "bytes": .init(
          "Size of the file; for a database source, of the result set's canonical serialization.", ["minimum": 0]),
        "rows_read": .init("Data rows read.", ["minimum": 0]),
        "rows_used": .init("Rows the analysis used.", ["minimum": 0]),
        "rows_dropped": .init("Rows dropped for missing values.", ["minimum": 0]),
        "dropped_by_column": .init("Rows dropped for a missing value, by column (a row can count in several)."),
        "first_dropped_lines": .init(
          "First lines (header = 1) of dropped rows; for a database source, their positions (from 1) in row_key order.",
          ["items.minimum": 1]),
        "missing_policy": .init("What missing values did: error or drop."),
        "columns": .init("The columns the analysis used."),
        "arms": .init("Per-arm summaries for a binary treatment."),
        "database": .init("Where a database source's rows came from; null for a data file."),
        "panel": .init("The panel's shape (units, periods, cohorts, never treated); null unless the data are a panel."),
      ]),
    "DatabaseRecord": Doc(
      "The provenance of a database source (data.sqlite or data.postgres); the connection string is never recorded.",
      [
        "engine": .init("sqlite or postgresql."),
        "server_version": .init("The server's (or the SQLite library's) version.", ["minLength": 1]),
        "query": .init("The statement that read the rows, exactly as sent.", ["minLength": 1]),
        "row_key": .init("The column that ordered and identified the rows.", ["minLength": 1]),
        "compute": .init("Where the arithmetic ran: local (rows in memory) or database (aggregates pushed down)."),
        "rows": .init("Rows in the result set.", ["minimum": 0]),
        "sha256": .init(
          "SHA-256 of the result set in row_key order (equal to data.sha256).", ["pattern": "^[0-9a-f]{64}$"]),
      ]),
    "ColumnRecord": Doc(
      "One column.",
      [
        "name": .init("The column.", ["minLength": 1]),
        "type": .init("How it was read."),
        "declared": .init("Whether the study declared the type (else it was inferred)."),
        "roles": .init("treatment, outcome, adjustment, instrument, mediator, modifier."),
        "mean": .init("Mean. Null when undefined."),
        "standard_deviation": .init("Standard deviation. Null when undefined."),
        "minimum": .init("Smallest value. Null when undefined."),
        "maximum": .init("Largest value. Null when undefined."),
        "levels": .init("Levels of a categorical column, the reference level first."),
        "type_evidence": .init(
          "Why the column has its type: the values it was decided from (all of them, never one row) and the rule. Null when the data source does not say."
        ),
      ]),
    "TypeEvidence": Doc(
      "The evidence for a column's type.",
      [
        "values_seen": .init("Non-missing values read; every one of them decided the type.", ["minimum": 0]),
        "rows_seen": .init("Rows read (the values plus the missing ones), before any were dropped.", ["minimum": 0]),
        "reason": .init("The rule that decided, in words: 'all 500 values are 0 or 1', 'declared categorical; ...'."),
      ]),
    "ArmSummary": Doc(
      "One arm.",
      [
        "arm": .init("treated or control.", ["minLength": 1]),
        "count": .init("Units in the arm.", ["minimum": 0]),
        "means": .init("Column means in the arm."),
      ]),
    "IdentificationRecord": Doc(
      "The identification and its argument.",
      [
        "strategy": .init("The strategy used: backdoor, frontdoor, iv, id, or none.", ["minLength": 1]),
        "requested": .init("What the study asked for (auto or a strategy).", ["minLength": 1]),
        "estimand": .init("The identified functional; empty when not identifiable."),
        "adjustment_set": .init("The adjustment set back-door estimators use."),
        "adjustment_choice": .init("Why this set: minimal, optimal, all or explicit."),
        "minimal_sets": .init("Every minimal adjustment set (capped)."),
        "minimal_sets_omitted": .init("Minimal sets beyond the cap.", ["minimum": 0]),
        "canonical_set": .init("The canonical set of Perkovic et al. (2018), when back-door applies."),
        "optimal_set": .init("The optimal set of Henckel et al. (2022), when it exists."),
        "optimal_set_reason": .init("Why there is no optimal set."),
        "instruments": .init("Instruments with their argument."),
        "mediators": .init("Front-door mediators."),
        "frontdoor_conditions": .init("The front-door conditions with their verdicts."),
        "backdoor_paths": .init("Back-door paths and what blocks them (capped)."),
        "backdoor_paths_omitted": .init("Paths beyond the cap.", ["minimum": 0]),
        "not_identifiable_reason": .init("Why the effect is not identifiable, when it is not."),
        "implied_independencies": .init("Conditional independencies the graph implies among observed variables."),
        "graph": .init("The graph, for drawing."),
        "notes": .init("Why the other strategies were not used."),
        "discontinuity": .init(
          "A regression discontinuity's own identification (continuity at the cutoff); null without a regression_discontinuity estimator."
        ),
      ]),
    "InstrumentRecord": Doc(
      "An instrument and why it is valid.",
      [
        "instrument": .init("The instrument.", ["minLength": 1]),
        "conditioning_set": .init("The set it is conditioned on."),
        "relevance": .init("Why it moves the treatment."),
        "exclusion": .init("Why it reaches the outcome only through the treatment."),
      ]),
    "ConditionRecord": Doc(
      "A condition and whether it holds.",
      [
        "condition": .init("The condition."),
        "holds": .init("Whether it holds."),
        "reason": .init("Why."),
      ]),
    "PathRecord": Doc(
      "A back-door path.",
      [
        "path": .init("The path as text: treat <- age -> re78.", ["minLength": 1]),
        "status": .init("blocked or open."),
        "blocked_by": .init("The node that blocks it."),
        "how": .init("adjusted for (a non-collider in the set) or collider."),
      ]),
    "IndependenceStatement": Doc(
      "A conditional independence a ⊥ b | given, implied by the graph.",
      [
        "a": .init("One variable.", ["minLength": 1]),
        "b": .init("The other variable.", ["minLength": 1]),
        "given": .init("The conditioning set (empty for a marginal independence)."),
      ]),
    "GraphRecord": Doc(
      "The graph, for drawing.",
      [
        "nodes": .init("Variables."),
        "edges": .init("Edges."),
      ]),
    "GraphRecord.Node": Doc(
      "A variable.",
      [
        "name": .init("Its name.", ["minLength": 1]),
        "latent": .init("Whether it is unobserved."),
        "roles": .init("treatment, outcome, adjusted, instrument, mediator, modifier."),
      ]),
    "GraphRecord.Edge": Doc(
      "An edge.",
      [
        "from": .init("Its tail.", ["minLength": 1]),
        "to": .init("Its head.", ["minLength": 1]),
        "kind": .init("directed or bidirected (a hidden common cause)."),
      ]),
    "EstimateRecord": Doc(
      "One estimator's estimate of the effect, its uncertainty, diagnostics and refutations.",
      [
        "name": .init("The estimator's name in the study.", ["minLength": 1]),
        "method": .init("The estimation method."),
        "effect": .init("The effect estimated."),
        "treatment_value": .init("The treatment value set for the treated contrast."),
        "control_value": .init("The treatment value set for the control contrast."),
        "strategy": .init("The identification strategy the estimator used."),
        "adjustment_set": .init("The variables adjusted for."),
        "instruments": .init("The instruments used."),
        "mediators": .init("The mediators used."),
        "status": .init("ok, or error when the estimator could not produce an estimate (see failure)."),
        "failure": .init("Why the estimator failed, when it did."),
        "value": .init("The estimate. Null when undefined."),
        "std_error": .init("Its standard error. Null when undefined."),
        "ci": .init(
          "The confidence interval at confidence_level. [low, high]; null when undefined.",
          ["minItems": 2, "maxItems": 2]),
        "confidence_level": .init("The confidence level of ci.", ["exclusiveMinimum": 0]),
        "p_value": .init("Two-sided p-value for effect = 0. Null when undefined.", ["minimum": 0, "maximum": 1]),
        "uncertainty": .init("How the uncertainty was computed; null when not computed."),
        "n": .init("Rows used.", ["minimum": 0]),
        "n_treated": .init("Treated rows used, for a binary treatment.", ["minimum": 0]),
        "n_control": .init("Control rows used, for a binary treatment.", ["minimum": 0]),
        "models": .init("The fitted models behind the estimate."),
        "diagnostics": .init("Named diagnostic values (rank, condition number, first-stage F, ...)."),
        "warnings": .init("Warnings from the estimator."),
        "conditional_effects": .init("Effects within levels or bins of the effect modifiers."),
        "heterogeneity": .init("For each effect modifier, the Wald test that the effect does not vary with it."),
        "event_study": .init(
          "Panel methods: the effect by event time (periods since adoption; negative before it), with pointwise intervals and the uniform band."
        ),
        "group_time": .init("Panel methods: every group-time effect ATT(g,t) with its base period."),
        "bacon": .init(
          "two_way_fixed_effects: the Goodman-Bacon decomposition of the coefficient into weighted 2x2 comparisons."),
        "balance": .init("Covariate balance before and after adjustment."),
        "propensity_histogram": .init("Propensity-score counts per bin and arm; null without a propensity model."),
        "components": .init("Further named effects (natural direct and indirect effects, ...)."),
        "bandwidth": .init(
          "The bandwidth h a regression discontinuity used (the same on both sides; discontinuity has each side). Null for other methods.",
          ["exclusiveMinimum": 0]),
        "discontinuity": .init(
          "Regression discontinuity: the design, bandwidths, rdrobust's three rows, counts and plot data. Null for other methods."
        ),
        "instrumental": .init(
          "Instrumental variables: first-stage strength, the effective F, LIML and the Anderson-Rubin sets. Null for other methods."
        ),
        "refutations": .init("The checks applied to this estimate."),
        "verdict": .init("The gate's verdict on this estimate."),
        "location": .init("Where the estimator is declared in the study file."),
      ]),
    "UncertaintyRecord": Doc(
      "How the uncertainty was computed.",
      [
        "kind": .init("analytic or bootstrap."),
        "method": .init("The formula or procedure, named."),
        "replicates": .init("Bootstrap replicates, when bootstrapped.", ["minimum": 0]),
        "interval": .init("percentile or basic, when bootstrapped."),
        "seed": .init("The stream the bootstrap drew from, when bootstrapped.", ["minimum": 0]),
      ]),
    "ModelRecord": Doc(
      "A fitted model: its role and final columns.",
      [
        "role": .init("outcome, propensity, first stage, ..."),
        "kind": .init("OLS, logistic, probit, Poisson, ..."),
        "columns": .init("The final design-matrix columns."),
        "coefficients": .init("Coefficients, one per column (null when aliased); empty when not recorded."),
        "std_errors": .init("Standard errors of the coefficients; empty when not recorded."),
        "reference_levels": .init("Reference levels of one-hot encoded variables, e.g. region=east."),
        "formula": .init("The model in R's formula notation (re78 ~ treat + age + poly(educ, 2)), when it has one."),
      ]),
    "EventStudyPoint": Doc(
      "One point of an event study.",
      [
        "event_time": .init("Periods since adoption (t - g); negative before it."),
        "value": .init("The aggregated ATT at this event time."),
        "std_error": .init("Its standard error (influence function, clustered by unit)."),
        "ci": .init("The pointwise confidence interval.", ["minItems": 2, "maxItems": 2]),
        "uniform_band": .init(
          "The simultaneous band over all event times (multiplier bootstrap); null when not computed.",
          ["minItems": 2, "maxItems": 2]),
      ]),
    "GroupTimeEffect": Doc(
      "ATT(g,t): the effect in period time on the cohort first treated in period cohort.",
      [
        "cohort": .init("The cohort: its first treated period."),
        "time": .init("The period."),
        "base_period": .init("The period the change is measured from."),
        "value": .init("The estimate."),
        "std_error": .init("Its standard error; null for a base-period cell (0 by construction)."),
      ]),
    "BaconComponent": Doc(
      "One 2x2 comparison of the Goodman-Bacon decomposition.",
      [
        "comparison": .init("treated vs never treated, earlier vs later treated, or later vs earlier treated."),
        "treated": .init("The treated cohort."),
        "control": .init("The comparison cohort; null for the never treated."),
        "estimate": .init("The 2x2 DiD estimate."),
        "weight": .init("Its weight in the TWFE coefficient (the weights sum to 1)."),
      ]),
    "PanelRecord": Doc(
      "The shape of a long panel.",
      [
        "unit": .init("The unit column."),
        "time": .init("The period column."),
        "units": .init("Units in the rows analysed."),
        "periods": .init("The distinct periods, sorted."),
        "balanced": .init("Whether every unit is observed in every period."),
        "cohorts": .init("Each cohort (first treated period) and its number of units."),
        "never_treated": .init("Units never treated in the panel."),
        "dropped_units": .init("Units a balanced-panel estimator left out (not observed in every period)."),
        "dropped_examples": .init("The first of those units, by label."),
      ]),
    "PanelRecord.CohortSize": Doc(
      "A cohort and its number of units.",
      ["cohort": .init("The first treated period."), "units": .init("Its units.")]),
    "HeterogeneityTest": Doc(
      "A test that the effect does not vary with an effect modifier.",
      [
        "modifier": .init("The effect modifier.", ["minLength": 1]),
        "statistic": .init(
          "The Wald chi-square statistic b'V^-1 b over the treatment-by-modifier coefficients; null when undefined.",
          ["minimum": 0]),
        "df": .init("Its degrees of freedom: the number of coefficients tested.", ["minimum": 1]),
        "p_value": .init("The chi-square p-value; null when undefined.", ["minimum": 0, "maximum": 1]),
      ]),
    "DiagnosticValue": Doc(
      "A named diagnostic.",
      [
        "name": .init("The diagnostic.", ["minLength": 1]),
        "value": .init("Its value. Null when undefined."),
        "text": .init("A textual value or explanation."),
        "flagged": .init("Whether the value crosses a documented threshold."),
      ]),
    "ConditionalEffect": Doc(
      "An effect within one level of a modifier.",
      [
        "modifier": .init("The effect modifier.", ["minLength": 1]),
        "level": .init("The level, or the bin as [low, high)."),
        "n": .init("Rows in the level.", ["minimum": 0]),
        "value": .init("The conditional estimate. Null when undefined."),
        "std_error": .init("Its standard error. Null when undefined."),
        "ci": .init("Its confidence interval. [low, high]; null when undefined.", ["minItems": 2, "maxItems": 2]),
      ]),
    "BalanceRow": Doc(
      "Standardised mean differences of one covariate.",
      [
        "covariate": .init("The covariate.", ["minLength": 1]),
        "before": .init("SMD before adjustment. Null when undefined."),
        "after": .init("SMD after weighting or matching. Null when undefined."),
      ]),
    "Histogram": Doc(
      "Counts per bin for both arms over shared edges.",
      [
        "edges": .init("Bin edges (one more than the bins)."),
        "treated": .init("Treated units per bin.", ["items.minimum": 0]),
        "control": .init("Control units per bin.", ["items.minimum": 0]),
      ]),
    "EffectComponent": Doc(
      "A further named effect.",
      [
        "name": .init("The component.", ["minLength": 1]),
        "value": .init("Its estimate. Null when undefined."),
        "std_error": .init("Its standard error. Null when undefined."),
        "ci": .init("Its confidence interval. [low, high]; null when undefined.", ["minItems": 2, "maxItems": 2]),
      ]),
    "CheckRecord": Doc(
      "What one check (refutation, study check or expectation) found, with everything needed to audit it.",
      [
        "check": .init("The check's name in the study (placebo_treatment, ...), or expectation.", ["minLength": 1]),
        "estimator": .init("The estimator the check was applied to; null for study checks."),
        "verdict": .init("passed, failed, not_applicable (see detail) or error (could not be computed; see detail)."),
        "severity": .init("error: a failure fails the gate (exit code 1); warn: a failure is reported only."),
        "summary": .init("One sentence: what the check tests."),
        "rule": .init("The pass rule, stated exactly."),
        "detail": .init("The reason for not_applicable or error, or a one-sentence account of the result."),
        "statistic": .init("The check's main statistic. Null when undefined."),
        "statistic_name": .init("What the statistic is."),
        "threshold": .init("The threshold the rule compares with. Null when undefined."),
        "reference": .init("The value simulated results are compared with (the estimate, or 0). Null when undefined."),
        "p_value": .init("The check's p-value. Null when undefined.", ["minimum": 0, "maximum": 1]),
        "values": .init("Further named numbers (a second p-value, shifts, counts, robustness values)."),
        "simulated": .init("The simulated values, in simulation order (null where not finite)."),
        "sensitivity": .init("The Cinelli & Hazlett (2020) sensitivity analysis, for the sensitivity check."),
        "tests": .init("Tests of the graph's implied independencies, for graph_independencies."),
        "grid": .init("Estimates under a simulated unobserved common cause of increasing strength."),
        "density": .init("The manipulation test of the running variable (rd_density); null for other checks."),
        "fits": .init(
          "Re-estimates, one per row: placebo cutoffs, covariates taken as the outcome, bandwidths of a grid."),
        "location": .init("Where the check is declared in the study file."),
        "seconds": .init("Seconds the check took; null in deterministic runs. Null when undefined.", ["minimum": 0]),
      ]),
    "NamedValue": Doc(
      "A number with a name.",
      [
        "name": .init("The name.", ["minLength": 1]),
        "value": .init("The value. Null when undefined."),
      ]),
    "SensitivityRecord": Doc(
      "The Cinelli & Hazlett (2020) sensitivity analysis of a regression estimate.",
      [
        "partial_r2_treatment_outcome": .init("Partial R² of the treatment with the outcome."),
        "robustness_value": .init("Robustness value for reducing the estimate by 100q%."),
        "robustness_value_alpha": .init("Robustness value for losing significance at alpha."),
        "q": .init("The share of the estimate the robustness value refers to."),
        "alpha": .init("The significance level of robustness_value_alpha."),
        "degrees_of_freedom": .init("Residual degrees of freedom of the regression.", ["minimum": 0]),
        "benchmarks": .init("Bounds on confounders k times as strong as observed covariates."),
        "contour": .init("Adjusted estimates on a grid of confounder strengths."),
      ]),
    "SensitivityBenchmark": Doc(
      "Bounds on a confounder k times as strong as a benchmark covariate.",
      [
        "covariate": .init("The benchmark covariate.", ["minLength": 1]),
        "multiplier": .init("k: how many times as strong."),
        "partial_r2_treatment": .init("Implied partial R² of the confounder with the treatment."),
        "partial_r2_outcome": .init("Implied partial R² of the confounder with the outcome."),
        "adjusted_estimate": .init("The estimate adjusted for such a confounder."),
        "adjusted_std_error": .init("Its standard error."),
        "adjusted_lower": .init("Lower bound of its confidence interval."),
        "adjusted_upper": .init("Upper bound of its confidence interval."),
      ]),
    "SensitivityContour": Doc(
      "Adjusted estimates on a grid of confounder strengths.",
      [
        "treatment_r2": .init("Partial R² of the confounder with the treatment (x axis)."),
        "outcome_r2": .init("Partial R² of the confounder with the outcome (y axis)."),
        "values": .init("Adjusted estimates, row-major: values[i][j] at outcome_r2[i], treatment_r2[j]."),
      ]),
    "IndependenceTestRecord": Doc(
      "One conditional-independence test of the graph's implications.",
      [
        "statement": .init("The independence tested."),
        "test": .init("The test: fisher_z, chi_square, g_test or regression.", ["minLength": 1]),
        "statistic": .init("The test statistic. Null when undefined."),
        "degrees_of_freedom": .init("Degrees of freedom. Null when undefined."),
        "p_value": .init("The p-value. Null when undefined.", ["minimum": 0, "maximum": 1]),
        "adjusted_p_value": .init(
          "The p-value corrected for multiple testing. Null when undefined.", ["minimum": 0, "maximum": 1]),
        "rejected": .init("Whether the independence is rejected after correction."),
      ]),
    "GridPoint": Doc(
      "One point of the unobserved-common-cause grid.",
      [
        "treatment_strength": .init("Strength of the simulated confounder's effect on the treatment."),
        "outcome_strength": .init("Strength of its effect on the outcome."),
        "estimate": .init("The estimate with the simulated confounder. Null when undefined."),
      ]),
    "GateRecord": Doc(
      "The gate's verdict on the run.",
      [
        "verdict": .init("passed, failed or error, as status."),
        "failures": .init("Checks and expectations that failed, severity error first."),
        "passed_count": .init("Checks and expectations that passed.", ["minimum": 0]),
        "failed_count": .init("Failures of severity error.", ["minimum": 0]),
        "warned_count": .init("Failures of severity warn.", ["minimum": 0]),
        "not_applicable_count": .init("Checks that did not apply.", ["minimum": 0]),
      ]),
    "GateFailure": Doc(
      "A failed check.",
      [
        "check": .init("The check: its name, or expectation."),
        "estimator": .init("Its estimator, if any."),
        "severity": .init("Its severity."),
        "verdict": .init("failed, or error when the check could not be computed."),
        "detail": .init("The check's account of the result."),
        "sentence": .init("The failure in one sentence: the check, what happened, and the detail."),
        "location": .init("Where the check is declared."),
      ]),
    "RunWarning": Doc(
      "A warning.",
      [
        "message": .init("The warning.", ["minLength": 1]),
        "subject": .init("The estimator or check concerned."),
        "location": .init("Where, when known."),
      ]),
    "ProvenanceRecord": Doc(
      "Where the run came from, and (apart) its timing.",
      [
        "assay_version": .init("The Assay version.", ["minLength": 1]),
        "study_sha256": .init("SHA-256 of the study file."),
        "data_sha256": .init("SHA-256 of the data file; empty when it was not read."),
        "data_rows": .init("Rows of the data file.", ["minimum": 0]),
        "seed": .init("The study seed every random stream derives from.", ["minimum": 0]),
        "random_number_generator": .init("The generator and how streams derive from the seed."),
        "resolved_study": .init("Every setting as resolved, defaults marked."),
        "platform": .init("Operating system, architecture and toolchain."),
        "command_line": .init("The command line."),
        "git_commit": .init("The git commit of the study's repository, if any."),
        "threads": .init("Threads used; null with --deterministic.", ["minimum": 1]),
        "timing": .init(
          "Timestamp and timings: the only part that differs between identical runs; null with --deterministic."),
      ]),
    "ResolvedSetting": Doc(
      "One resolved setting.",
      [
        "key": .init("The setting's path.", ["minLength": 1]),
        "value": .init("Its value as text."),
        "is_default": .init("Whether the documented default applied."),
      ]),
    "TimingRecord": Doc(
      "When the run happened and how long each step took.",
      [
        "timestamp": .init("ISO 8601 UTC (from SOURCE_DATE_EPOCH when set)."),
        "steps": .init("Seconds per step."),
        "total_seconds": .init("Seconds in total.", ["minimum": 0]),
      ]),

    // Regression discontinuity.
    "DiscontinuityRecord": Doc(
      "What a regression discontinuity found beyond its value and interval. Effects are treated minus untreated side; limits, polynomials and bins are the data's own.",
      [
        "running_variable": .init("The running variable.", ["minLength": 1]),
        "cutoff": .init("The cutoff; units with running_variable >= cutoff are above."),
        "design": .init("sharp or fuzzy, decided from the data."),
        "treated_side": .init("above or below the cutoff."),
        "treated_side_inferred": .init(
          "Whether the treated side was decided from the data (the study did not set it)."),
        "treated_share": .init("The share of units at the treatment value below and above the cutoff."),
        "kernel": .init("triangular, epanechnikov or uniform."),
        "order": .init("The order p of the local polynomial.", ["minimum": 0]),
        "bias_order": .init("The order of the bias-correction polynomial, p + 1.", ["minimum": 1]),
        "bandwidth_selection": .init("mse, cer or given."),
        "bandwidth": .init("The main bandwidth h below and above the cutoff."),
        "bias_bandwidth": .init("The bias bandwidth b below and above the cutoff."),
        "inference": .init("conventional or robust: which row gives the estimate's interval and p-value."),
        "variance": .init("The variance estimator: nn, hc0, hc1, hc2, hc3 or cluster."),
        "conventional": .init("The local-polynomial estimate with its own standard error."),
        "bias_corrected": .init("The bias-corrected estimate with the conventional standard error."),
        "robust": .init("The bias-corrected estimate with the robust standard error (rdrobust's Robust row)."),
        "first_stage": .init("The jump in the treatment at the cutoff (fuzzy designs); null when sharp."),
        "observations": .init("Rows below and above the cutoff."),
        "effective_observations": .init("Rows with positive weight at h."),
        "bias_observations": .init("Rows with positive weight at b."),
        "distinct_values": .init("Distinct values of the running variable on each side."),
        "clusters": .init("Clusters with a row within the bandwidths (se: cluster); null otherwise.", ["minimum": 0]),
        "mass_points_adjusted": .init(
          "Whether a side had at least 20% repeated values, so the pilot bandwidths were floored."),
        "covariates": .init("The covariates adjusted for."),
        "covariate_coefficients": .init("The covariates' coefficients, in the order of covariates."),
        "limits": .init("The (covariate-adjusted) outcome's limit at the cutoff from below and above."),
        "local_polynomial": .init(
          "The order-p polynomials fitted within h, in powers of (running variable - cutoff)."),
        "plot": .init("The RD plot's bins and global polynomials; null when not computed."),
      ]),
    "DiscontinuityEstimate": Doc(
      "One of rdrobust's rows.",
      [
        "estimate": .init("The estimate. Null when undefined."),
        "std_error": .init("Its standard error. Null when undefined."),
        "ci": .init(
          "Its normal confidence interval. [low, high]; null when undefined.", ["minItems": 2, "maxItems": 2]),
        "p_value": .init("Two-sided p-value for a zero effect. Null when undefined.", ["minimum": 0, "maximum": 1]),
      ]),
    "DiscontinuityFirstStage": Doc(
      "The jump in the treatment at the cutoff: rdrobust's three rows.",
      [
        "conventional": .init("The local-polynomial jump with its own standard error."),
        "bias_corrected": .init("The bias-corrected jump with the conventional standard error."),
        "robust": .init("The bias-corrected jump with the robust standard error."),
      ]),
    "SideValues": Doc(
      "A number below and above the cutoff.",
      [
        "below": .init("Below the cutoff (running variable < cutoff). Null when undefined."),
        "above": .init("Above the cutoff. Null when undefined."),
      ]),
    "SideCounts": Doc(
      "A count below and above the cutoff.",
      [
        "below": .init("Below the cutoff.", ["minimum": 0]),
        "above": .init("Above the cutoff.", ["minimum": 0]),
      ]),
    "SideCurves": Doc(
      "Polynomial coefficients below and above the cutoff, in powers of (running variable - cutoff), constant first.",
      [
        "below": .init("Below the cutoff."),
        "above": .init("Above the cutoff."),
      ]),
    "DiscontinuityPlotRecord": Doc(
      "The RD plot's data, as rdplot's defaults compute it.",
      [
        "rule": .init("esmv (spacings variance) or esmvpr (polynomial variance, with mass points)."),
        "bin_count": .init("Bins on each side, empty ones included."),
        "bins": .init("The non-empty bins."),
        "polynomial_order": .init("The order of the global polynomials.", ["minimum": 0]),
        "polynomial": .init("The global polynomial fitted on each side."),
      ]),
    "DiscontinuityBinRecord": Doc(
      "A non-empty bin of the RD plot.",
      [
        "index": .init("rdplot's index: negative below the cutoff, positive above."),
        "lower": .init("The bin's lower edge."),
        "upper": .init("The bin's upper edge."),
        "mean_x": .init("The mean running variable in the bin."),
        "mean_y": .init("The mean outcome in the bin."),
        "n": .init("Rows in the bin.", ["minimum": 1]),
      ]),
    "DiscontinuityIdentification": Doc(
      "How a regression discontinuity identifies the effect: continuity at the cutoff.",
      [
        "estimator": .init("The regression_discontinuity estimator it describes.", ["minLength": 1]),
        "running_variable": .init("The running variable.", ["minLength": 1]),
        "cutoff": .init("The cutoff."),
        "treated_side": .init("above or below; null before a run when the study does not say."),
        "treated_side_inferred": .init("Whether the side was decided from the data; null before a run."),
        "design": .init("sharp or fuzzy, decided from the data; null before a run."),
        "assumption": .init("The identifying assumption in words."),
        "estimand": .init("The estimand in notation."),
        "effect": .init("The effect in words: at the cutoff, for compliers when fuzzy."),
      ]),
    // Checks' payloads.
    "CheckFit": Doc(
      "One re-estimate of a check.",
      [
        "label": .init("What was estimated: a false cutoff, a covariate, a bandwidth multiple.", ["minLength": 1]),
        "at": .init("The cutoff or bandwidth the fit used; null when neither."),
        "bandwidth": .init("The fit's main bandwidth h."),
        "estimate": .init("The conventional estimate. Null when undefined."),
        "std_error": .init("The standard error of the estimator's inference row. Null when undefined."),
        "ci": .init(
          "The interval of the estimator's inference row. [low, high]; null when undefined.",
          ["minItems": 2, "maxItems": 2]),
        "p_value": .init("Its p-value. Null when undefined.", ["minimum": 0, "maximum": 1]),
        "n": .init("Rows with positive weight at h.", ["minimum": 0]),
        "passed": .init("Whether this fit passes the check's rule."),
      ]),
    "DensityTestRecord": Doc(
      "The manipulation test of Cattaneo, Jansson & Ma (2020), as rddensity computes it.",
      [
        "running_variable": .init("The running variable.", ["minLength": 1]),
        "cutoff": .init("The cutoff."),
        "bandwidth": .init("The bandwidth below and above the cutoff."),
        "observations": .init("Rows below and above the cutoff."),
        "effective_observations": .init("Rows within the bandwidths."),
        "density": .init("The density at the cutoff estimated from each side."),
        "density_standard_error": .init("Their jackknife standard errors."),
        "difference": .init("Density above minus density below. Null when undefined."),
        "difference_standard_error": .init("Its jackknife standard error. Null when undefined."),
        "statistic": .init("T = difference / its standard error. Null when undefined."),
        "p_value": .init("2 Phi(-|T|) (rddensity's test$p_jk). Null when undefined.", ["minimum": 0, "maximum": 1]),
        "mass_points_adjusted": .init("Whether repeated values shared their rank (rddensity's massPoints)."),
        "histogram": .init("The running variable near the cutoff, for the density plot."),
      ]),
    "DensityHistogram": Doc(
      "A histogram scaled as a density.",
      [
        "edges": .init("Bin edges, ascending; the cutoff is one of them."),
        "counts": .init("Rows per bin.", ["items.minimum": 0]),
        "heights": .init("count / (n x width) per bin, n all rows."),
      ]),
    // Instrumental variables.
    "InstrumentalVariableRecord": Doc(
      "Instrument strength and weak-instrument-robust inference for one endogenous treatment.",
      [
        "instruments": .init("Every excluded instrument, in the order used."),
        "controls": .init("The exogenous controls (the intercept is always included)."),
        "first_stage_f": .init(
          "The first-stage F of the excluded instruments (classical, nested models); null with sampling weights or clusters."
        ),
        "first_stage_robust_f": .init(
          "The first-stage Wald statistic of the excluded instruments (weighted with sampling weights; HC1, CR1 with clusters) divided by their number."
        ),
        "partial_r2": .init(
          "The partial R2 of the excluded instruments in the first stage; null with sampling weights or clusters."),
        "effective_f": .init(
          "The effective first-stage F of Montiel Olea & Pflueger (2013), HC1; null with sampling weights or clusters."),
        "nagar_bias_bound": .init(
          "B, the bound on the 2SLS Nagar bias relative to the benchmark (1 with one instrument)."),
        "critical_values": .init(
          "5% critical values of the effective F for tau = 5, 10, 20 and 30%; empty with sampling weights or clusters."),
        "liml": .init("LIML beside 2SLS; null when it cannot be computed, and with sampling weights or clusters."),
        "anderson_rubin": .init(
          "Anderson-Rubin confidence sets: robust (HC1) and homoskedastic; the one matching se comes first; empty with sampling weights or clusters."
        ),
      ]),
    "EffectiveFCriticalValue": Doc(
      "A critical value of the effective F: weak instruments below it.",
      [
        "tau": .init("The tolerated 2SLS bias as a share of the worst-case benchmark.", ["exclusiveMinimum": 0]),
        "simplified": .init("The simplified (conservative) critical value, x = 1/tau."),
        "generalized": .init("The generalized critical value, x = B/tau."),
      ]),
    "LIMLRecord": Doc(
      "Limited-information maximum likelihood.",
      [
        "estimate": .init("The LIML estimate of the effect. Null when undefined."),
        "std_error": .init("Its standard error with the estimator's se (linearmodels' IVLIML). Null when undefined."),
        "ci": .init(
          "Its normal confidence interval. [low, high]; null when undefined.", ["minItems": 2, "maxItems": 2]),
        "kappa": .init("The LIML kappa (1 with one instrument). Null when undefined."),
      ]),
    "ConfidenceSetRecord": Doc(
      "A confidence set from inverting a test: an interval, two rays, the whole line or empty.",
      [
        "variance": .init("hc1 (robust) or classical (homoskedastic)."),
        "level": .init("The confidence level.", ["exclusiveMinimum": 0]),
        "statistic": .init("The test statistic, in words."),
        "critical_value": .init("The critical value the statistic is compared with."),
        "kind": .init("interval, union_of_rays, whole_line, empty or other."),
        "pieces": .init("The pieces [lower, upper]; null stands for -infinity (lower) or +infinity (upper)."),
        "limit_at_infinity": .init(
          "The statistic's limit as the effect goes to +-infinity: the set is unbounded when it is at most the critical value."
        ),
        "statement": .init("The set in words."),
      ]),
  ]

  /// The JSON Schema of `result.json`, generated from the records, and the
  /// members it could find no description for (a test requires none).
  public static func jsonSchema() -> (schema: JSONValue, undocumented: [String]) {
    var builder = JSONSchemaBuilder(documentation: schemaDocumentation)
    let schema = builder.document(
      for: RunRecord.self, id: "https://assay.invalid/schema/result-v1.schema.json",
      title: "Assay run record (result.json), format version 1",
      topMembers: [("schema_version", ["description": "Version of this format: 1.", "const": 1])])
    return (schema, builder.undocumented)
  }
}
