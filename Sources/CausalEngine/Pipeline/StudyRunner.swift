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
    var dataRecord: DataRecord
    switch input {
    case .table(let loaded): dataRecord = DataSummary.record(study: study, loaded: loaded, data: data)
    case .database(let database): dataRecord = database.record
    }
    dataRecord.database = options.database ?? dataRecord.database
    timer.lap("summarise data")

    options.progress?("identifying the effect")
    let identification = IdentificationBridge.identify(study)
    timer.lap("identify")

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
        identification: identification.record, estimates: records, studyChecks: studyChecks,
        expectations: expectations, gate: gateRecord, warnings: warnings,
        provenance: ProvenanceRecord(
          assayVersion: options.assayVersion, studySHA256: options.studySHA256, dataSHA256: dataRecord.sha256,
          dataRows: dataRecord.rowsRead, seed: study.seed.value, randomNumberGenerator: generatorDescription,
          resolvedStudy: study.resolvedSettings, platform: options.platform, commandLine: options.commandLine,
          gitCommit: options.gitCommit, threads: options.deterministic ? nil : options.threads, timing: timing))
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

    // Estimation.
    let selected = study.estimators.filter { options.selectedEstimators?.contains($0.name.value) ?? true }
    var estimates: [EstimateRecord] = []
    var results: [String: (EstimationProblem, EstimationResult)] = [:]
    var regressions: [String: PushdownRegression] = [:]
    var firstError: RunError?
    for spec in selected {
      options.progress?("estimating \(spec.name.value) (\(spec.method.value.rawValue))")
      let started = timer.now
      let problem = problem(
        for: spec, study: study, data: data, identification: identification, threads: options.threads)
      var record = EstimateRecord(
        name: spec.name.value, method: spec.method.value, effect: study.estimand.effect.value,
        treatmentValue: study.estimand.treatmentValue.value, controlValue: study.estimand.controlValue.value,
        strategy: strategy(for: spec.method.value), location: spec.origin.range)
      if !study.estimand.effectModifiers.isEmpty, !spec.method.value.descriptor.computesConditionalEffects {
        record.warnings.append(
          "\(spec.method.value.rawValue) does not compute conditional effects: the effect modifiers are not used by this estimator"
        )
      }
      switch problem {
      case .failure(let failure):
        record.status = .error
        record.failure = failure.message
        record.verdict = .error
        firstError = firstError ?? runError(failure, spec: spec)
      case .success(let problem):
        record.adjustmentSet = spec.method.value.descriptor.requirement == .adjustmentSet ? problem.adjustment : []
        record.instruments = problem.instruments
        record.mediators = problem.mediators
        do throws(EstimationFailure) {
          let result: EstimationResult
          if let pushdown {
            guard spec.method.value == .linearRegression else {
              throw .notApplicable("\(spec.method.value.rawValue) is not computed under compute: database")
            }
            let regression = try PushdownRegression(problem: problem, layout: pushdown.layout, source: pushdown.source)
            result = try regression.estimate(
              problem, options: problem.options(as: LinearRegressionOptions.self), layout: pushdown.layout)
            regressions[spec.name.value] = regression
          } else {
            result = try EstimatorRegistry.estimator(for: spec.method.value).estimate(problem)
          }
          fill(&record, with: result, level: problem.confidenceLevel)
          results[spec.name.value] = (problem, result)
        } catch {
          record.status = .error
          record.failure = error.message
          record.verdict = .error
          firstError = firstError ?? runError(error, spec: spec)
        }
      }
      timer.add("estimate \(spec.name.value)", since: started)
      estimates.append(record)
    }

    // Refutation of each estimate.
    var stop = false
    for (checkIndex, check) in study.refutations.checks.enumerated()
    where check.kind.value.descriptor.scope == .estimate {
      if stop { break }
      let descriptor = check.kind.value.descriptor
      let names = check.estimatorNames ?? selected.map(\.name.value)
      for (index, estimate) in estimates.enumerated() where names.contains(estimate.name) {
        guard let spec = study.estimator(named: estimate.name) else { continue }
        var record: CheckRecord
        let started = timer.now
        if !descriptor.applies(to: spec.method.value) {
          record = notApplicable(
            check, estimator: estimate.name,
            reason: "\(check.kind.value.rawValue) does not apply to \(spec.method.value.rawValue)")
        } else if let (problem, result) = results[estimate.name] {
          options.progress?(
            "checking \(estimate.name): \(check.kind.value.rawValue)"
              + (descriptor.isSimulated ? " (\(check.common.simulations) simulations)" : ""))
          let context = RefutationContext(
            problem: problem, estimator: EstimatorRegistry.estimator(for: spec.method.value), original: result,
            check: check, streamLabel: "checks[\(checkIndex + 1)]:\(check.kind.value.rawValue)",
            threads: options.threads)
          if let pushdown {
            record =
              regressions[estimate.name].map {
                PushdownChecks.refute(context, regression: $0, layout: pushdown.layout)
              }
              ?? notApplicable(
                check, estimator: estimate.name,
                reason: "\(check.kind.value.rawValue) is not computed under compute: database")
          } else {
            record = RefuterRegistry.refuter(for: check.kind.value).refute(context)
          }
        } else {
          record = notApplicable(
            check, estimator: estimate.name, reason: "the estimate failed: \(estimate.failure ?? "")")
          record.verdict = .error
        }
        record.seconds = timer.now - started
        timer.add("check \(estimate.name): \(check.kind.value.rawValue)", since: started)
        estimates[index].refutations.append(record)
        if options.failFast, Gate.fails(record, warningsAsErrors: options.warningsAsErrors) {
          stop = true
          break
        }
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

  static func strategy(for method: EstimatorMethod) -> EffectStrategy {
    switch method.descriptor.requirement {
    case .adjustmentSet: .backdoor
    case .instruments: .instrumentalVariable
    case .mediators: method == .mediation ? .mediation : .frontdoor
    case .discontinuity: .regressionDiscontinuity
    }
  }

  /// The problem an estimator solves, with the roles identification gives its kind.
  static func problem(
    for spec: EstimatorSpec, study: Study, data: AnalysisData, identification: IdentificationOutcome, threads: Int
  ) -> Result<EstimationProblem, EstimationFailure> {
    let e = study.estimand
    var problem = EstimationProblem(
      data: data, treatment: e.treatment.value, outcome: e.outcome.value, adjustment: [],
      modifiers: e.effectModifiers.map(\.value), effect: e.effect.value, treatmentValue: e.treatmentValue.value,
      controlValue: e.controlValue.value, method: spec.method.value, options: spec.options, common: spec.common,
      policies: study.policies, seed: study.seed.value,
      estimatorName: spec.name.value, threads: threads)
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
    case .discontinuity:
      problem.adjustment = []
    }
    return .success(problem)
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
    record.balance = result.balance
    record.propensityHistogram = result.propensityHistogram
    record.components = result.components
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

  mutating func add(_ name: String, since: Double) {
    let t = now
    steps.append((name, t - since))
    last = t
  }
}
