import CausalGraph
import Foundation
import NumericKernels
import StudyModel
import Tabular

/// Runs a validated study on its loaded data: identify, estimate, refute,
/// check, gate. The result is a complete ``RunRecord``; nothing is printed
/// and no file is touched.
public enum StudyRunner {
  /// The random number generator and stream derivation, for the record.
  static let generatorDescription =
    "xoshiro256** (Blackman & Vigna 2021); simulation k of check c draws from the stream seeded by SplitMix64 of (study seed, FNV-1a 64 of the check label, k)"

  public static func run(study: Study, data loaded: LoadedTable, options: RunOptions) -> RunRecord {
    run(study: study, input: .table(loaded), options: options)
  }

  /// Runs a `compute: database` study: the estimates and the checks from
  /// sums the database computes (``AggregateSource``), the data record from
  /// the provenance scan; no row is in memory.
  public static func run(study: Study, database: PushdownData, options: RunOptions) -> RunRecord {
    run(study: study, input: .database(database), options: options)
  }

  /// Where a run's data are.
  enum Input {
    case table(LoadedTable)
    case database(PushdownData)
  }

  static func run(study: Study, input: Input, options: RunOptions) -> RunRecord {
    var timer = StepTimer()
    var warnings: [RunWarning] = []
    let data: AnalysisData
    let pushdown: PushdownData?
    switch input {
    case .table(let loaded):
      data = AnalysisData(table: loaded.table, rowKeys: loaded.rowKeys)
      pushdown = nil
    case .database(let database):
      data = AnalysisData(table: DataTable(columns: []))
      pushdown = database
    }
    let studyRecord = StudyRecord(
      name: study.name.value, title: study.title.value, description: study.description?.value, file: study.file,
      treatment: study.estimand.treatment.value, outcome: study.estimand.outcome.value,
      effect: study.estimand.effect.value, treatmentValue: study.estimand.treatmentValue.value,
      controlValue: study.estimand.controlValue.value, effectModifiers: study.estimand.effectModifiers.map(\.value),
      question: study.question)
    let contrast: Result<TreatmentContrast, RunError>
    var dataRecord: DataRecord
    switch input {
    case .table(let loaded):
      contrast = TreatmentContrast.resolve(study, data: data)
      dataRecord = DataSummary.record(
        study: study, loaded: loaded, data: data, levels: (try? contrast.get()).map { ($0.treated, $0.control) })
    case .database(let database):
      contrast = TreatmentContrast.resolve(study, layout: database.layout)
      dataRecord = database.record
    }
    dataRecord.database = options.database ?? dataRecord.database
    timer.lap("summarise data")

    options.progress?("identifying the effect")
    let identification = IdentificationBridge.identify(study)
    var identificationRecord = identification.record
    timer.lap("identify")

    let selected = study.estimators.filter { options.selectedEstimators?.contains($0.name.value) ?? true }

    func finish(
      status: RunStatus, error: RunError?, estimates: [EstimateRecord], studyChecks: [CheckRecord],
      expectations: [CheckRecord]
    ) -> RunRecord {
      let gate = Gate.evaluate(
        estimates: estimates, studyChecks: studyChecks, expectations: expectations,
        warningsAsErrors: options.warningsAsErrors)
      let finalStatus: RunStatus = status == .error ? .error : gate.verdict
      var gateRecord = gate
      gateRecord.verdict = finalStatus
      let timing =
        options.deterministic
        ? nil
        : TimingRecord(
          timestamp: options.timestamp,
          steps: [NamedValue("load data", options.loadSeconds)] + timer.steps.map { NamedValue($0.0, $0.1) },
          totalSeconds: options.loadSeconds + timer.total)
      var records = estimates
      if options.deterministic {
        for i in records.indices { for j in records[i].refutations.indices { records[i].refutations[j].seconds = nil } }
      }
      return RunRecord(
        study: studyRecord, status: finalStatus, error: error, data: dataRecord,
        identification: identificationRecord, estimates: records,
        selectedEstimators: options.selectedEstimators.map { _ in selected.map(\.name.value) },
        studyChecks: studyChecks,
        expectations: expectations, gate: gateRecord, warnings: warnings,
        provenance: ProvenanceRecord(
          assayVersion: options.assayVersion, studySHA256: options.studySHA256, dataSHA256: dataRecord.sha256,
          dataRows: dataRecord.rowsRead, seed: study.seed.value, randomNumberGenerator: generatorDescription,
          resolvedStudy: study.resolvedSettings, platform: options.platform, commandLine: options.commandLine,
          gitCommit: options.gitCommit, threads: options.deterministic ? nil : options.threads, timing: timing))
    }

    // Under compute: database the rows stay in the database: the checks of
    // the rows were made by the provenance scan (TableBuilder's rules).
    var preflight: [Diagnostic] = []
    if case .table(let loaded) = input {
      preflight = DataPreflight.check(study, data: loaded, identification: identification)
    }
    if let first = preflight.first(where: { $0.severity == .error }) {
      let error = RunError(
        kind: .invalidData, message: first.message, location: first.range, notes: first.notes.map(\.message))
      return finish(status: .error, error: error, estimates: [], studyChecks: [], expectations: [])
    }
    for warning in preflight where warning.severity == .warning {
      warnings.append(RunWarning(warning.message, location: warning.range))
    }

    let treatmentContrast: TreatmentContrast
    switch contrast {
    case .success(let resolved): treatmentContrast = resolved
    case .failure(let error):
      return finish(status: .error, error: error, estimates: [], studyChecks: [], expectations: [])
    }
    if let note = treatmentContrast.note {
      warnings.append(RunWarning(note, location: study.estimand.treatment.origin.range))
    }

    if let failure = identification.requestedFailure {
      return finish(
        status: .error,
        error: RunError(
          kind: .notIdentified,
          message: "identification '\(study.estimand.identification.value.rawValue)' does not apply: \(failure)",
          location: study.estimand.identification.origin.range),
        estimates: [], studyChecks: [], expectations: [])
    }

    // Estimation: the estimators run concurrently (each on its own copy of
    // the problem); records are kept in the study's order.
    // A database source runs one query at a time.
    let concurrency = pushdown == nil ? options.threads : 1
    let estimated: [EstimationOutcome] = ParallelMap.map(count: selected.count, threads: concurrency) { i in
      let spec = selected[i]
      options.progress?("estimating \(spec.name.value) (\(spec.method.value.rawValue))")
      return estimate(
        spec, study: study, data: data, contrast: treatmentContrast, identification: identification,
        threads: options.threads, pushdown: pushdown)
    }
    var estimates: [EstimateRecord] = []
    var results: [String: (EstimationProblem, EstimationResult)] = [:]
    var regressions: [String: PushdownRegression] = [:]
    var firstError: RunError?
    for (spec, outcome) in zip(selected, estimated) {
      if let solved = outcome.solved { results[spec.name.value] = solved }
      if let regression = outcome.regression { regressions[spec.name.value] = regression }
      if let failure = outcome.failure { firstError = firstError ?? runError(failure, spec: spec) }
      timer.record("estimate \(spec.name.value)", seconds: outcome.seconds)
      estimates.append(outcome.record)
    }

    // A regression discontinuity's design is decided from the data: say it.
    if let rd = identificationRecord.discontinuity,
      let found = estimates.first(where: { $0.name == rd.estimator })?.discontinuity
    {
      let described = DiscontinuityIdentification.describe(
        estimator: rd.estimator, treatment: study.estimand.treatment.value, outcome: study.estimand.outcome.value,
        runningVariable: rd.runningVariable, cutoff: rd.cutoff, treatedSide: found.treatedSide,
        treatedSideInferred: found.treatedSideInferred, design: found.design)
      identificationRecord.discontinuity = described
      if identificationRecord.strategy == .regressionDiscontinuity {
        identificationRecord.estimand = described.estimand
      }
    }

    // Refutation of each estimate: every (check, estimate) pair is a task;
    // the tasks run concurrently (each simulation draws from its own stream,
    // so the records do not depend on the thread count) and are kept in the
    // study's order. With fail-fast, the records stop at the first failure
    // in that order, whatever finished first.
    var tasks: [(checkIndex: Int, check: CheckSpec, index: Int)] = []
    for (checkIndex, check) in study.refutations.checks.enumerated()
    where check.kind.value.descriptor.scope == .estimate {
      let names = check.estimatorNames ?? selected.map(\.name.value)
      for (index, estimate) in estimates.enumerated() where names.contains(estimate.name) {
        guard study.estimator(named: estimate.name) != nil else { continue }
        tasks.append((checkIndex, check, index))
      }
    }
    let firstFailure = FirstFailure()
    // One set of refitters per estimate, shared by its checks.
    var users: [Int: Int] = [:]
    for task in tasks { users[task.index, default: 0] += 1 }
    let refitters = users.mapValues { SharedRefitters(users: $0) }
    let estimatesSoFar = estimates
    let allTasks = tasks
    let solved = results
    let fitted = regressions
    let checked: [(record: CheckRecord, seconds: Double)?] = ParallelMap.map(
      count: tasks.count, threads: concurrency
    ) { t in
      let (checkIndex, check, index) = allTasks[t]
      defer { refitters[index]?.release() }
      guard !firstFailure.precedes(t) else { return nil }
      let clock = ContinuousClock()
      let started = clock.now
      var record = refute(
        check, checkIndex: checkIndex, estimate: estimatesSoFar[index], study: study, results: solved,
        options: options, pushdown: pushdown.map { ($0, fitted) }, refitters: refitters[index])
      let elapsed = seconds(clock.now - started)
      record.seconds = elapsed
      if options.failFast, Gate.fails(record, warningsAsErrors: options.warningsAsErrors) { firstFailure.note(t) }
      return (record, elapsed)
    }
    var stop = false
    for (t, outcome) in checked.enumerated() {
      guard let (record, elapsed) = outcome else { break }
      let (_, check, index) = tasks[t]
      timer.record("check \(estimates[index].name): \(check.kind.value.rawValue)", seconds: elapsed)
      estimates[index].refutations.append(record)
      if options.failFast, Gate.fails(record, warningsAsErrors: options.warningsAsErrors) {
        stop = true
        break
      }
    }

    // Checks of the study as a whole.
    var studyChecks: [CheckRecord] = []
    if !stop {
      for (checkIndex, check) in study.refutations.checks.enumerated() where check.kind.value.descriptor.scope == .study
      {
        let started = timer.now
        options.progress?("checking the study: \(check.kind.value.rawValue)")
        guard case .study(let implementation) = RefuterRegistry.implementation(for: check.kind.value) else {
          preconditionFailure("\(check.kind.value.rawValue) has study scope but a per-estimate implementation")
        }
        var record = implementation.check(
          StudyCheckContext(
            check: check, data: data, graph: study.graph.graph, independencies: identification.independencies,
            estimates: estimates, seed: study.seed.value,
            streamLabel: "checks[\(checkIndex + 1)]:\(check.kind.value.rawValue)", threads: options.threads))
        record.seconds = options.deterministic ? nil : timer.now - started
        timer.add("check study: \(check.kind.value.rawValue)", since: started)
        studyChecks.append(record)
      }
    }
    let expectationRecords = study.expectations.flatMap { ExpectationCheck.run($0, estimates: estimates) }
    for estimate in estimates {
      for w in estimate.warnings { warnings.append(RunWarning(w, subject: estimate.name, location: estimate.location)) }
    }
    return finish(
      status: firstError == nil ? .passed : .error, error: firstError, estimates: estimates, studyChecks: studyChecks,
      expectations: expectationRecords)
  }

  // MARK: - Pieces

  /// One estimator's record, its problem and result when it succeeded, the
  /// failure when it did not, and the seconds it took.
  struct EstimationOutcome: Sendable {
    var record: EstimateRecord
    var solved: (EstimationProblem, EstimationResult)?
    /// Under `compute: database`, the regression its checks refit.
    var regression: PushdownRegression?
    var failure: EstimationFailure?
    var seconds: Double
  }

  /// Runs one estimator on its problem.
  static func estimate(
    _ spec: EstimatorSpec, study: Study, data: AnalysisData, contrast: TreatmentContrast,
    identification: IdentificationOutcome, threads: Int, pushdown: PushdownData? = nil
  ) -> EstimationOutcome {
    let clock = ContinuousClock()
    let started = clock.now
    let problem = problem(
      for: spec, study: study, data: data, contrast: contrast, identification: identification, threads: threads)
    var record = EstimateRecord(
      name: spec.name.value, method: spec.method.value, effect: study.estimand.effect.value,
      treatmentValue: study.estimand.treatmentValue.value, controlValue: study.estimand.controlValue.value,
      strategy: strategy(for: spec.method.value), location: spec.origin.range)
    if !study.estimand.effectModifiers.isEmpty, !spec.method.value.descriptor.computesConditionalEffects {
      record.warnings.append(
        "\(spec.method.value.rawValue) does not compute conditional effects: the effect modifiers are not used by this estimator"
      )
    }
    var solved: (EstimationProblem, EstimationResult)?
    var regression: PushdownRegression?
    var failed: EstimationFailure?
    switch problem {
    case .failure(let failure):
      record.status = .error
      record.failure = failure.message
      record.verdict = .error
      failed = failure
    case .success(let problem):
      record.adjustmentSet = spec.method.value.descriptor.requirement == .adjustmentSet ? problem.adjustment : []
      record.instruments = problem.instruments
      record.mediators = problem.mediators
      do throws(EstimationFailure) {
        let result: EstimationResult
        if let pushdown {
          switch spec.method.value {
          case .linearRegression:
            let fit = try PushdownRegression(problem: problem, layout: pushdown.layout, source: pushdown.source)
            result = try fit.estimate(
              problem, options: problem.options(as: LinearRegressionOptions.self), layout: pushdown.layout)
            regression = fit
          case .generalizedLinearModel:
            result = try PushdownLogistic.estimate(
              problem, options: problem.options(as: GeneralizedLinearModelOptions.self), layout: pushdown.layout,
              source: pushdown.source)
          case .propensityScoreStratification:
            result = try PushdownStratification.estimate(
              problem, options: problem.options(as: PropensityScoreStratificationOptions.self),
              layout: pushdown.layout, source: pushdown.source)
          default:
            throw .notApplicable("\(spec.method.value.rawValue) is not computed under compute: database")
          }
        } else {
          result = try EstimatorRegistry.estimator(for: spec.method.value).estimate(problem)
        }
        fill(&record, with: result, level: problem.confidenceLevel)
        solved = (problem, result)
      } catch {
        record.status = .error
        record.failure = error.message
        record.verdict = .error
        failed = error
      }
    }
    return EstimationOutcome(
      record: record, solved: solved, regression: regression, failure: failed, seconds: seconds(clock.now - started))
  }

  static func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
  }

  /// Runs one per-estimate check on one estimate (not applicable, or an
  /// error when the estimate failed).
  static func refute(
    _ check: CheckSpec, checkIndex: Int, estimate: EstimateRecord, study: Study,
    results: [String: (EstimationProblem, EstimationResult)], options: RunOptions,
    pushdown: (data: PushdownData, regressions: [String: PushdownRegression])? = nil,
    refitters: SharedRefitters? = nil
  ) -> CheckRecord {
    guard let spec = study.estimator(named: estimate.name) else {
      preconditionFailure("no estimator named \(estimate.name)")
    }
    let descriptor = check.kind.value.descriptor
    guard descriptor.applies(to: spec.method.value) else {
      return notApplicable(
        check, estimator: estimate.name,
        reason: "\(check.kind.value.rawValue) does not apply to \(spec.method.value.rawValue)")
    }
    guard let (problem, result) = results[estimate.name] else {
      var record = notApplicable(
        check, estimator: estimate.name, reason: "the estimate failed: \(estimate.failure ?? "")")
      record.verdict = .error
      return record
    }
    options.progress?(
      "checking \(estimate.name): \(check.kind.value.rawValue)"
        + (descriptor.isSimulated ? " (\(check.common.simulations) simulations)" : ""))
    var context = RefutationContext(
      problem: problem, estimator: EstimatorRegistry.estimator(for: spec.method.value), original: result,
      check: check, streamLabel: "checks[\(checkIndex + 1)]:\(check.kind.value.rawValue)",
      threads: options.threads)
    context.shared = refitters
    if let report = options.simulationProgress {
      let estimator = estimate.name
      let kind = check.kind.value.rawValue
      let key = "\(context.streamLabel) on \(estimator)"
      context.progress = { done, total in
        report(SimulationProgress(estimator: estimator, check: kind, key: key, done: done, total: total))
      }
    }
    if let pushdown {
      return pushdown.regressions[estimate.name].map {
        PushdownChecks.refute(context, regression: $0, layout: pushdown.data.layout)
      }
        ?? notApplicable(
          check, estimator: estimate.name,
          reason: "\(check.kind.value.rawValue) is not computed under compute: database")
    }
    return RefuterRegistry.refuter(for: check.kind.value).refute(context)
  }

  static func strategy(for method: EstimatorMethod) -> EffectStrategy {
    switch method.descriptor.requirement {
    case .adjustmentSet: .backdoor
    case .instruments: .instrumentalVariable
    case .mediators: method == .mediation ? .mediation : .frontdoor
    case .discontinuity: .regressionDiscontinuity
    case .parallelTrends: .parallelTrends
    }
  }

  /// The problem an estimator solves, with the roles identification gives
  /// its kind, refused when a term uses a variable outside its models.
  static func problem(
    for spec: EstimatorSpec, study: Study, data: AnalysisData, contrast: TreatmentContrast,
    identification: IdentificationOutcome, threads: Int
  ) -> Result<EstimationProblem, EstimationFailure> {
    let resolved = resolveProblem(
      for: spec, study: study, data: data, contrast: contrast, identification: identification, threads: threads)
    if case .success(let problem) = resolved, let outside = termOutsideModel(problem, graph: study.graph.graph) {
      return .failure(.invalidData(outside))
    }
    return resolved
  }

  /// The problem an estimator solves, with the roles identification gives its kind.
  static func resolveProblem(
    for spec: EstimatorSpec, study: Study, data: AnalysisData, contrast: TreatmentContrast,
    identification: IdentificationOutcome, threads: Int
  ) -> Result<EstimationProblem, EstimationFailure> {
    let e = study.estimand
    if case .categorical(let levels) = contrast.kind, spec.method.value.descriptor.categoricalTreatment == nil {
      let able = EstimatorMethod.allCases.filter { $0.descriptor.categoricalTreatment != nil }.map(\.rawValue)
      return .failure(
        .invalidData(
          "the treatment '\(e.treatment.value)' is categorical with \(levels) levels, which \(spec.method.value.rawValue) cannot compare; methods that can: \(able.joined(separator: ", "))"
        ))
    }
    var problem = EstimationProblem(
      data: data, treatment: e.treatment.value, outcome: e.outcome.value, adjustment: [],
      modifiers: e.effectModifiers.map(\.value), effect: e.effect.value, treatmentValue: contrast.treated,
      controlValue: contrast.control, method: spec.method.value, options: spec.options, common: spec.common,
      policies: study.policies, seed: study.seed.value,
      estimatorName: spec.name.value, threads: threads)
    problem.weightColumn = study.data.weights?.value
    problem.panel = study.data.panel.map { ($0.unit.value, $0.time.value) }
    switch spec.method.value.descriptor.requirement {
    case .adjustmentSet:
      guard let set = identification.adjustmentSet else {
        var message =
          "back-door adjustment does not identify the effect: \(identification.adjustmentFailure ?? "no valid adjustment set")"
        if !identification.instruments.isEmpty {
          message +=
            "; the graph makes \(identification.instruments.joined(separator: ", ")) an instrument: use method 'instrumental_variable'"
        } else if identification.mediators != nil {
          message += "; the graph has a front-door set of mediators: use method 'frontdoor_two_stage'"
        }
        return .failure(.notApplicable(message))
      }
      problem.adjustment = set
    case .instruments:
      if let given = spec.options(as: InstrumentalVariableOptions.self).instruments, !given.isEmpty {
        problem.instruments = given
        problem.adjustment = identification.instrumentControls
      } else {
        guard !identification.instruments.isEmpty else {
          return .failure(.notApplicable("the graph has no instrument for \(e.treatment.value) -> \(e.outcome.value)"))
        }
        problem.instruments = identification.instruments
        problem.adjustment = identification.instrumentControls
      }
    case .mediators:
      if let given = Self.namedMediators(spec), !given.isEmpty {
        problem.mediators = given
      } else {
        guard let mediators = identification.mediators else {
          return .failure(.notApplicable("the graph has no front-door set of mediators"))
        }
        problem.mediators = mediators
      }
      problem.adjustment = spec.method.value == .mediation ? (identification.adjustmentSet ?? []) : []
    case .discontinuity, .parallelTrends:
      problem.adjustment = []
    }
    return .success(problem)
  }

  /// Why the variables a back-door model contains beyond the adjustment set
  /// (through terms, or as effect modifiers' main effects) would bias it, or
  /// `nil`. The adjustment set together with them must still satisfy the
  /// adjustment criterion: a precision variable (a cause of the outcome
  /// only) is welcome, a mediator or a collider is refused. For other
  /// methods, terms may only use the variables the method adjusts for.
  static func termOutsideModel(_ problem: EstimationProblem, graph: MixedGraph) -> String? {
    modelVariableProblem(problem, graph: graph)?.message
  }

  /// A variable a model adds beyond the adjustment set that makes it invalid, and why.
  struct ModelVariableProblem {
    var variable: String
    /// The term that adds it, or `nil` for an effect modifier.
    var term: String?
    var message: String
  }

  static func modelVariableProblem(_ problem: EstimationProblem, graph: MixedGraph) -> ModelVariableProblem? {
    let adjustment = Set(problem.adjustment + [problem.treatment])
    var extra: [(variable: String, term: String?, source: String)] = []
    for m in problem.modifiers where !adjustment.contains(m) { extra.append((m, nil, "the effect modifier '\(m)'")) }
    for (key, terms) in [("outcome", problem.outcomeTerms), ("propensity", problem.propensityTerms)] {
      for term in terms {
        for v in term.variables where !adjustment.contains(v) && !extra.contains(where: { $0.variable == v }) {
          extra.append((v, term.description, "the \(key) term '\(term)'"))
        }
      }
    }
    guard let first = extra.first else { return nil }
    let set = problem.adjustment.isEmpty ? "empty" : problem.adjustment.joined(separator: ", ")
    guard problem.method.descriptor.requirement == .adjustmentSet else {
      return ModelVariableProblem(
        variable: first.variable, term: first.term,
        message:
          "\(first.source) uses '\(first.variable)', which is not among the variables \(problem.method.rawValue) adjusts for (\(set)): remove the term"
      )
    }
    let names = problem.adjustment + extra.map(\.variable)
    guard let query = try? CausalQuery(graph: graph, treatment: problem.treatment, outcome: problem.outcome) else {
      return nil
    }
    let verdict = query.checkAdjustmentSet(names.compactMap(graph.node(named:)))
    guard !verdict.isValid else { return nil }
    // Name the first added variable that breaks the set on its own, else all of them.
    let culprit =
      extra.first { e in
        !query.checkAdjustmentSet((problem.adjustment + [e.variable]).compactMap(graph.node(named:))).isValid
      } ?? first
    return ModelVariableProblem(
      variable: culprit.variable, term: culprit.term,
      message:
        "\(culprit.source) adds '\(culprit.variable)' to the adjustment set (\(set)), which the graph does not allow: \(verdict.explanation)"
    )
  }

  /// The mediators an estimator of the front-door or mediation methods names.
  static func namedMediators(_ spec: EstimatorSpec) -> [String]? {
    switch spec.options {
    case let options as FrontdoorTwoStageOptions: options.mediators
    case let options as MediationOptions: options.mediators
    default: nil
    }
  }

  static func fill(_ record: inout EstimateRecord, with result: EstimationResult, level: Double) {
    record.value = result.value.finiteOrNil
    record.standardError = result.standardError.flatMap(\.finiteOrNil)
    record.confidenceInterval = result.confidenceInterval
    record.confidenceLevel = level
    record.pValue = result.pValue
    record.uncertainty = result.uncertainty
    record.n = result.n
    record.nTreated = result.nTreated
    record.nControl = result.nControl
    record.models = result.models
    record.diagnostics = result.diagnostics
    record.warnings += result.warnings
    record.conditionalEffects = result.conditionalEffects
    record.heterogeneity = result.heterogeneity
    record.balance = result.balance
    record.propensityHistogram = result.propensityHistogram
    record.components = result.components
    record.eventStudy = result.eventStudy
    record.groupTime = result.groupTime
    record.bacon = result.bacon
    record.discontinuity = result.discontinuity
    record.instrumental = result.instrumental
    if let h = result.discontinuity?.bandwidth, h.below == h.above { record.bandwidth = h.below }
    if let delivered = result.deliveredEstimand {
      record.diagnostics.append(DiagnosticValue("estimand delivered", text: delivered))
    }
  }

  static func runError(_ failure: EstimationFailure, spec: EstimatorSpec) -> RunError {
    switch failure {
    case .numerical(let m):
      RunError(kind: .numerical, message: "estimator '\(spec.name.value)': \(m)", location: spec.origin.range)
    case .invalidData(let m):
      RunError(kind: .invalidData, message: "estimator '\(spec.name.value)': \(m)", location: spec.origin.range)
    case .notApplicable(let m):
      RunError(
        kind: .notIdentified, message: "estimator '\(spec.name.value)': \(m)", location: spec.method.origin.range)
    }
  }

  static func notApplicable(_ check: CheckSpec, estimator: String?, reason: String) -> CheckRecord {
    CheckRecord(
      check: .check(check.kind.value), estimator: estimator, verdict: .notApplicable, severity: check.severity,
      summary: check.kind.value.descriptor.summary, rule: "", detail: reason, location: check.origin.range)
  }
}

/// Wall-clock time per step.
struct StepTimer {
  private let clock = ContinuousClock()
  private let start: ContinuousClock.Instant
  private(set) var steps: [(String, Double)] = []
  private var last: Double = 0

  init() { start = clock.now }

  var now: Double {
    let d = clock.now - start
    return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
  }

  var total: Double { now }

  mutating func lap(_ name: String) {
    let t = now
    steps.append((name, t - last))
    last = t
  }

  /// A step that ran concurrently with others, by its own duration.
  mutating func record(_ name: String, seconds: Double) {
    steps.append((name, seconds))
    last = now
  }

  mutating func add(_ name: String, since: Double) {
    let t = now
    steps.append((name, t - since))
    last = t
  }
}

/// The earliest task (in the study's order) whose check failed under
/// fail-fast: later tasks need not run, earlier ones always do.
final class FirstFailure: @unchecked Sendable {
  private let lock = NSLock()
  private var first = Int.max

  func note(_ task: Int) {
    lock.lock()
    first = min(first, task)
    lock.unlock()
  }

  /// Whether a task before `task` has already failed.
  func precedes(_ task: Int) -> Bool {
    lock.lock()
    defer { lock.unlock() }
    return first < task
  }
}
