extension TwoWayFixedEffects {
  /// The names of the Goodman-Bacon comparisons (as R `bacondecomp` prints them).
  enum BaconType {
    /// A cohort against the never-treated units.
    static let treatedVersusUntreated = "Treated vs Untreated"
    /// An earlier cohort against a later one, before the later one adopts.
    static let earlierVersusLater = "Earlier vs Later Treated"
    /// A later cohort against an earlier, already treated one.
    static let laterVersusEarlier = "Later vs Earlier Treated"
  }

  /// The Goodman-Bacon (2021) decomposition of the unweighted TWFE
  /// coefficient on a balanced panel: `β = Σ s · β̂^{2×2}` over every pair of
  /// timing groups.
  ///
  /// Notation: `n_k` the share of units in cohort `k` (`U` never treated),
  /// `D̄_k` the share of periods in which cohort `k` is treated, `k` earlier
  /// than `l` (`D̄_k > D̄_l`), `n_kl = n_k / (n_k + n_l)`. Estimates are
  /// differences of mean outcome changes between the post and pre windows:
  /// - `k` vs `U` over all periods, post = `t ≥ k`;
  /// - `k` vs `l` ("Earlier vs Later") over `t < l`, post = `t ≥ k`;
  /// - `l` vs `k` ("Later vs Earlier") over `t ≥ k`, post = `t ≥ l`.
  /// Weights (Theorem 1, numerators, normalised to sum 1, which divides by
  /// the variance of the residualised treatment):
  ///
  ///     s_kU  ∝ (n_k + n_U)² n_kU(1 − n_kU) D̄_k(1 − D̄_k)
  ///     s_kl  ∝ ((n_k + n_l)(1 − D̄_l))² n_kl(1 − n_kl) · (D̄_k − D̄_l)/(1 − D̄_l) · (1 − D̄_k)/(1 − D̄_l)
  ///     s_lk  ∝ ((n_k + n_l) D̄_k)² n_kl(1 − n_kl) · (D̄_l/D̄_k) · (D̄_k − D̄_l)/D̄_k
  ///
  /// Not available (the failure says why) for an unbalanced or weighted
  /// panel, or with units treated in every period.
  static func baconDecomposition(_ panel: PanelData, weighted: Bool) -> Swift.Result<[BaconComponent], PanelError> {
    guard panel.isBalanced else {
      return .failure(PanelError(message: "the Goodman-Bacon decomposition needs a balanced panel", rows: []))
    }
    guard !weighted else {
      return .failure(PanelError(message: "the Goodman-Bacon decomposition is defined without weights", rows: []))
    }
    let periods = panel.periods
    let nT = periods.count
    let cohortOf = panel.unitCohorts
    guard !cohortOf.contains(where: { $0 == periods[0] }) else {
      return .failure(
        PanelError(
          message: "the Goodman-Bacon decomposition is not computed with units treated in every period", rows: []))
    }
    let y = panel.wide(panel.outcome)
    let nU = panel.unitCount
    let cohorts = Array(Set(cohortOf.compactMap { $0 })).sorted()
    func share(_ g: Double?) -> Double { Double(cohortOf.filter { $0 == g }.count) / Double(nU) }
    func treatedShare(_ g: Double) -> Double { Double(periods.filter { $0 >= g }.count) / Double(nT) }
    /// Mean over the units of `group` of (mean of Y over `post`) − (mean over `pre`).
    func meanChange(_ group: Double?, post: [Int], pre: [Int]) -> Double {
      var total = 0.0
      var count = 0
      for i in 0..<nU where cohortOf[i] == group {
        var a = 0.0
        for p in post { a += y[i, p] }
        var b = 0.0
        for p in pre { b += y[i, p] }
        total += a / Double(post.count) - b / Double(pre.count)
        count += 1
      }
      return total / Double(count)
    }
    let all = Array(0..<nT)
    var components: [BaconComponent] = []
    var numerators: [Double] = []
    let never = share(nil)
    for k in cohorts where never > 0 {
      let nk = share(k)
      let nkU = nk / (nk + never)
      let dk = treatedShare(k)
      let post = all.filter { periods[$0] >= k }
      let pre = all.filter { periods[$0] < k }
      let estimate = meanChange(k, post: post, pre: pre) - meanChange(nil, post: post, pre: pre)
      components.append(
        BaconComponent(type: BaconType.treatedVersusUntreated, treated: k, control: nil, estimate: estimate, weight: 0))
      numerators.append((nk + never) * (nk + never) * nkU * (1 - nkU) * dk * (1 - dk))
    }
    for (a, k) in cohorts.enumerated() {
      for l in cohorts[(a + 1)...] {
        let nk = share(k)
        let nl = share(l)
        let nkl = nk / (nk + nl)
        let dk = treatedShare(k)
        let dl = treatedShare(l)
        let before = all.filter { periods[$0] < l }
        let earlyPost = before.filter { periods[$0] >= k }
        let earlyPre = before.filter { periods[$0] < k }
        let early =
          meanChange(k, post: earlyPost, pre: earlyPre) - meanChange(l, post: earlyPost, pre: earlyPre)
        let after = all.filter { periods[$0] >= k }
        let latePost = after.filter { periods[$0] >= l }
        let latePre = after.filter { periods[$0] < l }
        let late = meanChange(l, post: latePost, pre: latePre) - meanChange(k, post: latePost, pre: latePre)
        let scaleEarly = (nk + nl) * (1 - dl)
        let scaleLate = (nk + nl) * dk
        components.append(
          BaconComponent(type: BaconType.earlierVersusLater, treated: k, control: l, estimate: early, weight: 0))
        numerators.append(
          scaleEarly * scaleEarly * nkl * (1 - nkl) * (dk - dl) / (1 - dl) * (1 - dk) / (1 - dl))
        components.append(
          BaconComponent(type: BaconType.laterVersusEarlier, treated: l, control: k, estimate: late, weight: 0))
        numerators.append(scaleLate * scaleLate * nkl * (1 - nkl) * (dl / dk) * (dk - dl) / dk)
      }
    }
    let total = numerators.reduce(0, +)
    guard total > 0 else {
      return .failure(PanelError(message: "the Goodman-Bacon decomposition has no treatment variation", rows: []))
    }
    for k in components.indices { components[k].weight = numerators[k] / total }
    return .success(components)
  }
}
