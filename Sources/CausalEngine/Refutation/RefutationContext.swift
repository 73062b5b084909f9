import NumericKernels
import StudyModel

/// What a per-estimate check needs: the estimator, the problem it solved,
/// its estimate, and the check's parameters.
public struct RefutationContext: Sendable {
  /// The problem the estimate solved. Changing it (or `original`) drops the
  /// shared refitters, which were built for the estimate's own.
  public var problem: EstimationProblem { didSet { shared = nil } }
  public var estimator: MethodEstimator
  public var original: EstimationResult { didSet { shared = nil } }
  public var check: CheckSpec
  /// A label unique to this check in the study (`checks[3]:placebo_treatment`):
  /// with the simulation index and the study seed it names each stream.
  public var streamLabel: String
  public var threads: Int
  /// Whether exact shortcuts (``OLSRefitter``) may replace full re-estimates
  /// (tests turn them off to compare the two).
  var allowsShortcuts = true
  /// Whether re-estimates start their logistic propensity model at the
  /// full data's coefficients (tests turn it off to compare with cold starts).
  var allowsWarmStarts = true
  /// The estimate's refitters, shared by its checks (set by the study
  /// runner); without it each use builds its own.
  var shared: SharedRefitters?
  /// Receives `(done, total)` as simulations finish (see ``SimulationProgress``).
  public var progress: (@Sendable (_ done: Int, _ total: Int) -> Void)?

  public init(
    problem: EstimationProblem, estimator: MethodEstimator, original: EstimationResult, check: CheckSpec,
    streamLabel: String, threads: Int
  ) {
    self.problem = problem
    self.estimator = estimator
    self.original = original
    self.check = check
    self.streamLabel = streamLabel
    self.threads = threads
  }

  public var alpha: Double { check.common.alpha }

  /// The coefficients of the estimate's logistic propensity model fitted on
  /// all rows (its first `propensity` model record), the warm start of every
  /// re-estimate's propensity fits; nil when it has none.
  static func propensityCoefficients(_ result: EstimationResult) -> [String: Double]? {
    guard
      let model = result.models.first(where: { $0.role.hasPrefix("propensity") && $0.kind.hasPrefix("logistic") }),
      model.columns.count == model.coefficients.count
    else { return nil }
    var start: [String: Double] = [:]
    for (name, value) in zip(model.columns, model.coefficients) { start[name] = value ?? 0 }
    return start
  }

  /// Simulations per batch of a batched shortcut: each batch reads the data
  /// once; 8 keeps a batch's working memory (bootstrap counts: 4 bytes per
  /// row per simulation) small beside the data.
  static let batchSize = 8

  /// The exact OLS shortcut for this estimate, when it applies.
  var refitter: OLSRefitter? {
    guard allowsShortcuts else { return nil }
    guard let shared else { return OLSRefitter(problem) }
    return shared.ols { OLSRefitter(problem) }
  }

  /// The weights-instead-of-copies shortcut of a propensity-weighting,
  /// matching or doubly robust estimate (``PropensityRefitter``,
  /// ``DoublyRobustRefitter``), when it applies; its subset and bootstrap
  /// refits start where the full fit ended, as full re-estimates do.
  var weightedRefitter: (any WeightedRefitter)? {
    guard allowsShortcuts else { return nil }
    guard let shared else { return buildWeightedRefitter() }
    return shared.weighted { buildWeightedRefitter() }
  }

  private func buildWeightedRefitter() -> (any WeightedRefitter)? {
    let start = allowsWarmStarts ? Self.propensityCoefficients(original) : nil
    switch problem.method {
    case .propensityScoreWeighting, .propensityScoreMatching: return PropensityRefitter(problem, start: start)
    case .doublyRobust: return DoublyRobustRefitter(problem, start: start)
    default: return nil
    }
  }

  public var simulations: Int { check.common.simulations }

  /// Each row's part of the row hash (``RowHash``) for this check, when the
  /// data have row keys: the simulations then draw by row, as a database
  /// does, instead of from sequential streams.
  var rowHashes: [UInt64]? {
    guard let keys = problem.data.rowKeys else { return nil }
    let stream = RowHash.stream(seed: problem.seed, label: streamLabel)
    return keys.map { RowHash.row(key: $0, stream: stream) }
  }

  /// Runs `simulations` re-estimates under hashed randomness: `modify`
  /// builds simulation k's problem from k (its draws come from the row
  /// hash); `batch`, when given, computes a batch of simulations at once
  /// (an exact shortcut), a nil value falling back to the full re-estimate.
  func simulate(
    indexed batch: (@Sendable ([Int]) -> [Double?])?,
    _ modify: @escaping @Sendable (EstimationProblem, Int) -> EstimationProblem
  ) -> (values: [Double], failures: Int, messages: [String]) {
    var pointProblem = problem
    pointProblem.pointOnly = true
    let base = pointProblem
    let estimator = self.estimator
    let full: @Sendable (Int) -> Result<Double, EstimationFailure> = { k in
      do throws(EstimationFailure) {
        let value = try estimator.estimate(modify(base, k)).value
        return value.isFinite ? .success(value) : .failure(.numerical("the estimate is not finite"))
      } catch {
        return .failure(error)
      }
    }
    let total = simulations
    let size = Self.batchSize
    let counter = progress.map { SimulationCounter(total: simulations, report: $0) }
    let batches: [[Result<Double, EstimationFailure>]] = ParallelMap.map(
      count: (total + size - 1) / size, threads: threads
    ) { b in
      let ks = Array((b * size)..<min(total, (b + 1) * size))
      defer { counter?.add(ks.count) }
      let values = batch?(ks) ?? ks.map { _ in nil }
      return ks.indices.map { j -> Result<Double, EstimationFailure> in
        if let value = values[j], value.isFinite { return .success(value) }
        return full(ks[j])
      }
    }
    let outcomes = batches.flatMap { $0 }
    return Self.summarise(outcomes)
  }

  /// The generator of simulation `k`.
  public func stream(_ k: Int) -> Xoshiro256StarStar {
    Xoshiro256StarStar.stream(seed: problem.seed, label: streamLabel, index: k)
  }

  /// Runs `simulations` re-estimates in parallel; `modify` builds simulation
  /// k's problem from its own generator. Failed re-estimates are counted.
  ///
  /// - Parameter fast: an exact shortcut (``OLSRefitter``) that draws the
  ///   same random numbers as `modify` and returns the estimate directly, or
  ///   nil to fall back to a full re-estimate of that simulation (with the
  ///   stream restarted, so the draws are the same either way).
  /// - Parameter batch: the same for a batch of simulations at once (one
  ///   generator each, in order), for shortcuts that share a pass over the
  ///   data. Batches hold ``batchSize`` consecutive simulations whatever the
  ///   thread count, and a simulation's value does not depend on its batch.
  ///   When given, `fast` is not used.
  /// - Parameter warmStart: start each re-estimate's propensity model at the
  ///   full data's coefficients (not for a permuted treatment, whose model
  ///   is near null: the usual start is closer).
  public func simulate(
    fast: (@Sendable (inout Xoshiro256StarStar) -> Double?)? = nil,
    batch: (@Sendable (inout [Xoshiro256StarStar]) -> [Double?])? = nil, warmStart: Bool = true,
    _ modify: @escaping @Sendable (EstimationProblem, inout Xoshiro256StarStar) -> EstimationProblem
  ) -> (values: [Double], failures: Int, messages: [String]) {
    var pointProblem = problem
    pointProblem.pointOnly = true
    if allowsWarmStarts && warmStart { pointProblem.propensityStart = Self.propensityCoefficients(original) }
    let base = pointProblem
    let estimator = self.estimator
    let seed = problem.seed
    let label = streamLabel
    let full: @Sendable (Int) -> Result<Double, EstimationFailure> = { k in
      var rng = Xoshiro256StarStar.stream(seed: seed, label: label, index: k)
      let simulated = modify(base, &rng)
      do throws(EstimationFailure) {
        let value = try estimator.estimate(simulated).value
        return value.isFinite ? .success(value) : .failure(.numerical("the estimate is not finite"))
      } catch {
        return .failure(error)
      }
    }
    let counter = progress.map { SimulationCounter(total: simulations, report: $0) }
    let outcomes: [Result<Double, EstimationFailure>]
    if let batch {
      let total = simulations
      let size = Self.batchSize
      let batches: [[Result<Double, EstimationFailure>]] = ParallelMap.map(
        count: (total + size - 1) / size, threads: threads
      ) { b in
        let ks = Array((b * size)..<min(total, (b + 1) * size))
        var streams = ks.map { Xoshiro256StarStar.stream(seed: seed, label: label, index: $0) }
        let values = batch(&streams)
        let results = ks.indices.map { j -> Result<Double, EstimationFailure> in
          if let value = values[j], value.isFinite { return .success(value) }
          return full(ks[j])
        }
        counter?.add(ks.count)
        return results
      }
      outcomes = batches.flatMap { $0 }
    } else {
      outcomes = ParallelMap.map(count: simulations, threads: threads) { k in
        defer { counter?.add(1) }
        if let fast {
          var rng = Xoshiro256StarStar.stream(seed: seed, label: label, index: k)
          if let value = fast(&rng), value.isFinite { return .success(value) }
        }
        return full(k)
      }
    }
    return Self.summarise(outcomes)
  }

  /// The finite values of the simulations, how many failed, and the first three failures' messages.
  static func summarise(_ outcomes: [Result<Double, EstimationFailure>]) -> (
    values: [Double], failures: Int, messages: [String]
  ) {
    var values: [Double] = []
    var messages: [String] = []
    for outcome in outcomes {
      switch outcome {
      case .success(let v): values.append(v)
      case .failure(let e): if messages.count < 3 { messages.append(e.message) }
      }
    }
    return (values, outcomes.count - values.count, messages)
  }
}

/// The significance rule shared by the simulated checks (DoWhy's two-sided
/// test, kept for every number of simulations): with h the share of
/// simulated values above the reference (ties count half),
/// `p = 2 min(h, 1 − h)`.
enum SimulationTest {
  static func twoSidedP(_ values: [Double], reference: Double) -> Double {
    guard !values.isEmpty else { return .nan }
    var above = 0.0
    for v in values {
      if v > reference { above += 1 } else if v == reference { above += 0.5 }
    }
    let h = above / Double(values.count)
    return min(1, 2 * min(h, 1 - h))
  }

  /// The permutation p-value of `|estimate|` against `|simulated|`:
  /// `(1 + #{|θ_k| ≥ |θ̂|}) / (S + 1)` (Phipson & Smyth 2010).
  static func permutationP(_ values: [Double], estimate: Double) -> Double {
    let count = values.filter { abs($0) >= abs(estimate) }.count
    return Double(1 + count) / Double(values.count + 1)
  }

  static func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return .nan }
    return Ordering.quantile(sorted: sorted, 0.5)
  }
}
