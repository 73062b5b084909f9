import StudyModel

/// Compares two sets of run records: what moved, what flipped, what else changed.
///
/// Studies are matched by name, estimators by name within a study, checks and
/// expectations by (check, estimator, their order among records of the same
/// pair). ``DiffRecord`` says what counts as a change.
///
/// An estimate or its standard error moved when |new − old| > `tolerance` ·
/// |old|, and a bound of its interval when |new − old| > `tolerance` · |old
/// estimate| (bounds are on the estimate's scale; one near zero would
/// otherwise move by any shift). The tolerance is relative, and 0 (the default of `assay diff`)
/// counts any difference, which is right for Assay's output: byte-identical
/// for the same study, data and seed. A number present on one side only has
/// moved. The standardized change
/// of an estimate is (new − old) / SE_old, the shift in standard errors of the
/// old estimate; it is undefined when the old estimate has no standard error.
///
/// Partial runs (`assay run --select`) are compared on their selection only:
/// the other estimators, the study checks and the verdict are not compared,
/// and the diff says so in the study's notes.
public enum RunDiff {
  /// The diff of `old` against `new`.
  ///
  /// - Parameters:
  ///   - old: the old records, at most one per study name (the caller rejects duplicates).
  ///   - new: the new records, at most one per study name.
  ///   - tolerance: the relative tolerance, at least 0.
  ///   - oldLabel: how the old side was named (a path), for the record.
  ///   - newLabel: how the new side was named.
  public static func compare(
    old: [RunRecord], new: [RunRecord], tolerance: Double = 0, oldLabel: String, newLabel: String
  ) -> DiffRecord {
    precondition(tolerance >= 0 && tolerance.isFinite, "the tolerance is a finite number of at least 0")
    var names: [String] = []
    for record in new + old where !names.contains(record.study.name) { names.append(record.study.name) }
    let studies = names.map { name in
      study(
        old: old.first { $0.study.name == name }, new: new.first { $0.study.name == name }, tolerance: tolerance)
    }
    let changed = stableSorted(studies.filter(\.changed)) { a, b in
      (a.largestStandardizedChange ?? -1) > (b.largestStandardizedChange ?? -1)
    }
    return DiffRecord(
      old: oldLabel, new: newLabel, tolerance: tolerance, changed: !changed.isEmpty,
      studies: changed + studies.filter { !$0.changed })
  }

  /// `items` sorted by `before`, ties kept in their order.
  static func stableSorted<T>(_ items: [T], by before: (T, T) -> Bool) -> [T] {
    items.enumerated().sorted { a, b in
      if before(a.element, b.element) { return true }
      if before(b.element, a.element) { return false }
      return a.offset < b.offset
    }.map(\.element)
  }

  // MARK: - Studies

  static func study(old: RunRecord?, new: RunRecord?, tolerance: Double) -> StudyDiff {
    guard let record = new ?? old else { preconditionFailure("a study is on at least one side") }
    let presence: DiffPresence = old == nil ? .added : new == nil ? .removed : .both
    var notes: [String] = []
    // A partial run is compared on its selection only.
    var scope: Set<String>?
    for (side, run) in [("new", new), ("old", old)] {
      guard let selected = run?.selectedEstimators else { continue }
      scope = scope.map { $0.intersection(selected) } ?? Set(selected)
      notes.append(
        "The \(side) run is partial (assay run --select \(selected.joined(separator: ", "))): only its estimators, "
          + "their checks and expectations are compared; the verdict and the study checks are not.")
    }
    func inScope(_ name: String?) -> Bool {
      guard let scope else { return true }
      return name.map(scope.contains) ?? false
    }

    var status = ValueChange(old: old?.status, new: new?.status)
    if scope != nil { status.changed = false }
    let data = DataDiff(
      sha256: ValueChange(old: old?.data?.sha256, new: new?.data?.sha256),
      path: ValueChange(old: old?.data?.path, new: new?.data?.path),
      rowsRead: ValueChange(old: old?.data?.rowsRead, new: new?.data?.rowsRead),
      rowsUsed: ValueChange(old: old?.data?.rowsUsed, new: new?.data?.rowsUsed),
      rowsDropped: ValueChange(old: old?.data?.rowsDropped, new: new?.data?.rowsDropped))
    let estimand = EstimandDiff(
      question: ValueChange(old: old?.study.question, new: new?.study.question),
      strategy: ValueChange(old: old?.identification?.strategy, new: new?.identification?.strategy),
      estimand: ValueChange(old: old?.identification?.estimand, new: new?.identification?.estimand),
      adjustmentSet: ValueChange(
        old: old?.identification.map { $0.adjustmentSet.sorted() },
        new: new?.identification.map { $0.adjustmentSet.sorted() }))

    var estimatorNames: [String] = []
    for estimate in (new?.estimates ?? []) + (old?.estimates ?? [])
    where inScope(estimate.name) && !estimatorNames.contains(estimate.name) {
      estimatorNames.append(estimate.name)
    }
    let allEstimates = estimatorNames.map { name in
      estimate(
        old: old?.estimates.first { $0.name == name }, new: new?.estimates.first { $0.name == name },
        tolerance: tolerance)
    }
    let changedEstimates = stableSorted(allEstimates.filter(\.changed)) { magnitude($0) > magnitude($1) }
    let estimates = changedEstimates + allEstimates.filter { !$0.changed }

    // Checks of a study on one side only would all be "added" or "removed": the estimates say enough.
    let checks =
      presence == .both
      ? self.checks(
        old: old?.allChecks ?? [], new: new?.allChecks ?? [],
        inScope: { check in
          scope == nil || (check.estimator != nil && inScope(check.estimator))
        }) : []

    let provenance = ProvenanceDiff(
      assayVersion: ValueChange(old: old?.provenance.assayVersion, new: new?.provenance.assayVersion),
      studySHA256: ValueChange(old: old?.provenance.studySHA256, new: new?.provenance.studySHA256),
      seed: ValueChange(old: old?.provenance.seed, new: new?.provenance.seed))

    let changed =
      presence != .both || status.changed || data.sha256.changed || estimand.changed
      || estimates.contains(where: \.changed) || !checks.isEmpty
    let largest = estimates.filter(\.changed).compactMap { $0.standardizedChange.map(abs) }.max()
    return StudyDiff(
      name: record.study.name, file: record.study.file, presence: presence, changed: changed, status: status,
      data: data, estimand: estimand, estimates: estimates, checks: checks, provenance: provenance,
      largestStandardizedChange: largest, notes: notes)
  }

  /// How far an estimate moved, for ordering: its |standardized change|, else
  /// a large number for an estimate that appeared, disappeared or failed on
  /// one side, else 0.
  static func magnitude(_ estimate: EstimateDiff) -> Double {
    if let z = estimate.standardizedChange { return abs(z) }
    if estimate.presence != .both || estimate.status.changed { return .greatestFiniteMagnitude }
    return 0
  }

  // MARK: - Estimates

  static func estimate(old: EstimateRecord?, new: EstimateRecord?, tolerance: Double) -> EstimateDiff {
    guard let record = new ?? old else { preconditionFailure("an estimator is on at least one side") }
    let presence: DiffPresence = old == nil ? .added : new == nil ? .removed : .both
    let value = number(old?.value, new?.value, tolerance: tolerance)
    let standardError = number(old?.standardError, new?.standardError, tolerance: tolerance)
    var interval = ValueChange(old: old?.confidenceInterval, new: new?.confidenceInterval)
    if let a = old?.confidenceInterval, let b = new?.confidenceInterval, a.count == b.count {
      // Bounds are on the estimate's scale (a bound near zero would make any
      // shift large relative to itself): they move relative to the old estimate.
      let scale = abs(old?.value ?? 0)
      interval.changed = zip(a, b).contains { $0 != $1 && !(abs($1 - $0) <= tolerance * scale) }
    }
    let method = ValueChange(old: old?.method, new: new?.method)
    let verdict = ValueChange(old: old?.verdict, new: new?.verdict)
    let status = ValueChange(old: old?.status, new: new?.status)
    let adjustment = ValueChange(old: old?.adjustmentSet.sorted(), new: new?.adjustmentSet.sorted())
    let didMove = value.changed || standardError.changed || interval.changed
    var difference: Double?
    var relative: Double?
    var standardized: Double?
    if let a = old?.value, let b = new?.value {
      difference = b - a
      if a != 0 { relative = (b - a) / abs(a) }
      if let se = old?.standardError, se > 0 { standardized = (b - a) / se }
    }
    return EstimateDiff(
      name: record.name, presence: presence,
      changed: presence != .both || didMove || method.changed || verdict.changed || status.changed
        || adjustment.changed,
      moved: didMove, method: method, value: value, standardError: standardError, confidenceInterval: interval,
      n: ValueChange(old: old?.n, new: new?.n), verdict: verdict, status: status, adjustmentSet: adjustment,
      difference: difference, relativeChange: relative, standardizedChange: standardized,
      location: new?.location ?? old?.location)
  }

  /// Two numbers, changed when they differ beyond the tolerance or one is missing.
  static func number(_ old: Double?, _ new: Double?, tolerance: Double) -> ValueChange<Double> {
    let changed: Bool
    if let old, let new {
      changed = moved(old, new, tolerance: tolerance)
    } else {
      changed = (old == nil) != (new == nil)
    }
    return ValueChange(old: old, new: new, changed: changed)
  }

  /// Whether `new` differs from `old` by more than `tolerance` · |old|.
  static func moved(_ old: Double, _ new: Double, tolerance: Double) -> Bool {
    if old == new { return false }
    guard old.isFinite, new.isFinite else { return true }
    return abs(new - old) > tolerance * abs(old)
  }

  // MARK: - Checks

  /// The checks that changed, in the new run's order, then those only in the old run.
  static func checks(old: [CheckRecord], new: [CheckRecord], inScope: (CheckRecord) -> Bool) -> [CheckDiff] {
    func keyed(_ records: [CheckRecord]) -> [(key: String, record: CheckRecord)] {
      var seen: [String: Int] = [:]
      return records.filter(inScope).map { record in
        let base = record.check.rawValue + "\u{1F}" + (record.estimator ?? "")
        let ordinal = seen[base, default: 0]
        seen[base] = ordinal + 1
        return (base + "\u{1F}\(ordinal)", record)
      }
    }
    let oldKeyed = keyed(old)
    let newKeyed = keyed(new)
    var keys: [String] = []
    for entry in newKeyed + oldKeyed where !keys.contains(entry.key) { keys.append(entry.key) }
    var out: [CheckDiff] = []
    for key in keys {
      let a = oldKeyed.first { $0.key == key }?.record
      let b = newKeyed.first { $0.key == key }?.record
      guard let record = b ?? a else { continue }
      let diff = CheckDiff(
        check: record.check, estimator: record.estimator, presence: a == nil ? .added : b == nil ? .removed : .both,
        verdict: ValueChange(old: a?.verdict, new: b?.verdict),
        severity: ValueChange(old: a?.severity, new: b?.severity),
        detail: record.detail, location: record.location)
      if diff.presence != .both || diff.verdict.changed || diff.severity.changed { out.append(diff) }
    }
    return out
  }
}
