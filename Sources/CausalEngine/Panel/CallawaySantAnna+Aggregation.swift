import NumericKernels

extension CallawaySantAnna {
  /// The aggregations, the pre-test and the uniform bands (R `did`'s
  /// `aggte` with `bstrap = FALSE`, and `att_gt`'s Wald pre-test).
  ///
  /// Weights: `p_g = Σᵢ wᵢ 1{Gᵢ = g} / n`, the (weighted) share of cohort `g`
  /// among all `n` units. Each aggregate is `θ = Σ_k a_k ATT_k` over its
  /// cells with `a_k ∝ p_{g_k}`, and its influence function is
  /// `ψ = Σ_k a_k ψ_k + Σ_k (wᵢ 1{Gᵢ = g_k} − p_{g_k}) (ATT_k / S − A)`,
  /// `S = Σ_k p_{g_k}`, `A = Σ_k p_{g_k} ATT_k / S²`: the second term is the
  /// estimation effect of the shares (R `did`'s `wif`). It enters `simple`,
  /// every event time, every calendar period and the overall `group`
  /// parameter; the per-cohort effects (fixed weights) and the overall
  /// `dynamic` and `calendar` parameters (plain means of elements that
  /// already carry it) do not add it again.
  static func summarise(
    _ sample: Sample, cohorts: [Double], cells: Cells, options: Options, droppedForBalance: [String],
    warnings inherited: [String]
  ) throws(EstimationFailure) -> Result {
    var warnings = inherited
    let n = sample.units
    let variance = InfluenceVariance(units: n, clusters: sample.clusters)
    let effects = cells.effects
    let cohortOf = effects.map(\.cohort)
    let timeOf = effects.map(\.time)
    let att = effects.map(\.value)
    let psi = cells.psi
    let present = Array(Set(cohortOf)).sorted()
    var share: [Double: Double] = [:]
    for g in present {
      var s = 0.0
      for i in 0..<n where sample.cohort[i] == g { s += sample.weights[i] }
      share[g] = s / Double(n)
    }
    let pg = cohortOf.map { share[$0] ?? 0 }

    /// `Σ_k a_k ψ_k`.
    func combination(_ ks: [Int], _ a: [Double]) -> [Double] {
      var out = [Double](repeating: 0, count: n)
      psi.withUnsafeBufferPointer { b in
        guard let base = b.baseAddress else { return }
        out.withUnsafeMutableBufferPointer { o in
          guard let op = o.baseAddress else { return }
          for (j, k) in ks.enumerated() where a[j] != 0 { Kernels.axpy(a[j], base + k * n, op, count: n) }
        }
      }
      return out
    }
    /// The shares' estimation effect: `Σ_k (wᵢ 1{Gᵢ = c_k} − p_k)(θ_k/S − A)`.
    func weightInfluence(cohorts c: [Double], shares p: [Double], values v: [Double]) -> [Double] {
      let s = p.reduce(0, +)
      var weighted = 0.0
      for k in p.indices { weighted += p[k] * v[k] }
      let a = weighted / (s * s)
      let coefficient = v.map { $0 / s - a }
      var constant = 0.0
      for k in p.indices { constant += p[k] * coefficient[k] }
      var byCohort: [Double: Double] = [:]
      for k in c.indices { byCohort[c[k], default: 0] += coefficient[k] }
      return (0..<n).map { i in sample.weights[i] * (byCohort[sample.cohort[i]] ?? 0) - constant }
    }
    func add(_ x: [Double], _ y: [Double]) -> [Double] { (0..<n).map { x[$0] + y[$0] } }
    /// `θ` and `ψ` of `Σ p ATT / Σ p` over `ks`, with the shares' effect.
    func shareWeighted(_ ks: [Int]) -> (value: Double, psi: [Double]) {
      let p = ks.map { pg[$0] }
      let s = p.reduce(0, +)
      let a = p.map { $0 / s }
      var value = 0.0
      for (j, k) in ks.enumerated() { value += a[j] * att[k] }
      let influence = add(
        combination(ks, a), weightInfluence(cohorts: ks.map { cohortOf[$0] }, shares: p, values: ks.map { att[$0] }))
      return (value, influence)
    }
    func mean(_ x: [[Double]]) -> [Double] {
      let m = Double(x.count)
      return (0..<n).map { i in x.reduce(0) { $0 + $1[i] } / m }
    }

    // simple
    let post = effects.indices.filter { cohortOf[$0] <= timeOf[$0] }
    guard !post.isEmpty else { throw .invalidData("no post-treatment group-time effect could be estimated") }
    let simple = shareWeighted(post)

    // dynamic (event study)
    let eventTimes = Array(Set(effects.indices.map { timeOf[$0] - cohortOf[$0] })).sorted()
    var dynamicElements: [(key: Double, value: Double, psi: [Double])] = []
    for e in eventTimes {
      let ks = effects.indices.filter { timeOf[$0] - cohortOf[$0] == e }
      let (value, influence) = shareWeighted(ks)
      dynamicElements.append((e, value, influence))
    }
    let nonNegative = dynamicElements.filter { $0.key >= 0 }
    let dynamicValue = nonNegative.reduce(0) { $0 + $1.value } / Double(nonNegative.count)
    let dynamicPsi = mean(nonNegative.map(\.psi))

    // group
    var groupElements: [(key: Double, value: Double, psi: [Double])] = []
    for g in present {
      let ks = post.filter { cohortOf[$0] == g }
      guard !ks.isEmpty else { continue }
      let a = [Double](repeating: 1 / Double(ks.count), count: ks.count)
      let value = ks.reduce(0) { $0 + att[$1] } / Double(ks.count)
      groupElements.append((g, value, combination(ks, a)))
    }
    let groupShares = groupElements.map { share[$0.key] ?? 0 }
    let groupTotal = groupShares.reduce(0, +)
    var groupValue = 0.0
    var groupPsi = [Double](repeating: 0, count: n)
    for (k, element) in groupElements.enumerated() {
      groupValue += groupShares[k] / groupTotal * element.value
      for i in 0..<n { groupPsi[i] += groupShares[k] / groupTotal * element.psi[i] }
    }
    let indicatorCohorts: [Double] =
      switch options.groupWeightInfluence {
      case .intended: groupElements.map(\.key)
      // R did 2.1.2 indexes the vector of the cells' cohorts with 1..nG.
      case .didCompatible: groupElements.indices.map { cohortOf[$0] }
      }
    groupPsi = add(
      groupPsi, weightInfluence(cohorts: indicatorCohorts, shares: groupShares, values: groupElements.map(\.value)))

    // calendar
    let firstCohort = cohortOf.min() ?? 0
    let calendarTimes = Array(Set(timeOf)).sorted().filter { $0 >= firstCohort }
    var calendarElements: [(key: Double, value: Double, psi: [Double])] = []
    for t in calendarTimes {
      let ks = post.filter { timeOf[$0] == t }
      guard !ks.isEmpty else {
        warnings.append("calendar period \(PanelData.format(t)): no treated cohort could be estimated; left out")
        continue
      }
      let (value, influence) = shareWeighted(ks)
      calendarElements.append((t, value, influence))
    }
    let calendarValue = calendarElements.reduce(0) { $0 + $1.value } / Double(calendarElements.count)
    let calendarPsi = mean(calendarElements.map(\.psi))

    // uniform bands
    func band(_ columns: Matrix, _ errors: [Double?], _ family: String) -> Double? {
      guard let replicates = options.bootstrap else { return nil }
      return MultiplierBootstrap.criticalValue(
        psi: columns, columns: Array(0..<columns.columns), standardErrors: errors, variance: variance,
        replicates: replicates, level: options.confidenceLevel, seed: options.seed,
        label: options.streamLabel + "/" + family)
    }
    func aggregate(
      _ value: Double, _ influence: [Double], _ elements: [(key: Double, value: Double, psi: [Double])],
      _ family: String
    ) -> Aggregate {
      let errors = elements.map { variance.standardError($0.psi) }
      let critical =
        elements.isEmpty ? nil : band(Matrix(columns: elements.map(\.psi)), errors, family)
      return Aggregate(
        value: value, standardError: variance.standardError(influence),
        elements: elements.indices.map { (elements[$0].key, elements[$0].value, errors[$0]) },
        uniformCriticalValue: critical)
    }

    // pre-test
    let pre = effects.indices.filter { cohortOf[$0] > timeOf[$0] && effects[$0].standardError != nil }
    var preTest: (statistic: Double, df: Int, pValue: Double)? = nil
    if !pre.isEmpty {
      let v = variance.scaledCovariance(psi, columns: pre)
      if v.reciprocalConditionNumber() <= Double.ulpOfOne {
        warnings.append(
          "the pre-test is not reported: the covariance of the \(pre.count) pre-treatment effects is singular (as R did)"
        )
      } else if let inverse = v.inverse() {
        let a = pre.map { att[$0] }
        let statistic = Double(n) * Kernels.dot(a, inverse.multiplied(by: a))
        preTest = (statistic, pre.count, ChiSquared(degreesOfFreedom: Double(pre.count)).survival(statistic))
      }
    }

    let cellErrors = effects.map(\.standardError)
    return Result(
      cells: effects,
      simple: aggregate(simple.value, simple.psi, [], "simple"),
      dynamic: aggregate(dynamicValue, dynamicPsi, dynamicElements, "dynamic"),
      group: aggregate(groupValue, groupPsi, groupElements, "group"),
      calendar: aggregate(calendarValue, calendarPsi, calendarElements, "calendar"),
      preTest: preTest, preTestCells: pre.count, cellsUniformCriticalValue: band(psi, cellErrors, "cells"),
      influence: Influence(
        units: sample.labels, cells: psi, simple: simple.psi, dynamic: dynamicPsi, group: groupPsi,
        calendar: calendarPsi),
      units: n, neverTreatedUnits: sample.cohort.filter { !$0.isFinite }.count, droppedForBalance: droppedForBalance,
      droppedAlreadyTreated: sample.droppedAlreadyTreated,
      cohorts: cohorts, periods: sample.periods, warnings: warnings)
  }
}
