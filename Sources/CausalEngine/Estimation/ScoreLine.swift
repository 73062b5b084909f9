import NumericKernels

/// One arm's units sorted on a matching score, for matching on one
/// dimension by runs of consecutive units instead of lists.
///
/// On a line, the set that ``Matching`` defines for a query — the `m` nearest
/// units and every unit within the tie tolerance of the m-th squared distance
/// — is a run of consecutive units in score order. So is a caliper on any
/// score that is monotone in this one (the logit of the propensity). A run is
/// two positions, whatever the number of near-ties it holds: where thousands
/// of propensities nearly tie (scores near 0 on the probability scale), lists
/// would cost O(n · ties) time and memory; runs cost O(log n) per query.
///
/// Units with equal scores are ordered by unit index, so results do not
/// depend on the order of the data.
struct ScoreLine: Sendable {
  /// Unit indices in score order.
  let units: [Int]
  /// Scores, ascending.
  let scores: [Double]

  /// - Parameters:
  ///   - allScores: one finite score per unit (all units).
  ///   - subset: the units of this line, in increasing order (so that equal
  ///     scores stay ordered by unit index).
  init(scores allScores: [Double], subset: [Int]) {
    // A stable argsort of the subset's scores keeps equal scores in increasing unit order.
    let scoresOfSubset = subset.map { allScores[$0] }
    let order = Ordering.argsort(scoresOfSubset)
    units = order.map { subset[$0] }
    scores = order.map { scoresOfSubset[$0] }
  }

  var count: Int { units.count }

  /// The first position whose score is `≥ value`.
  func lowerBound(_ value: Double) -> Int { Ordering.lowerBound(scores, value) }

  /// `lowerBound(value)`, searched outwards from `hint`: O(log d) reads, all
  /// near the hint, for a hint d positions from the answer (queries made in
  /// score order, or a unit's own position, cost O(1) cache misses instead
  /// of O(log n)).
  func lowerBound(_ value: Double, near hint: Int) -> Int {
    Ordering.firstTrue(0, scores.count, from: hint) { scores[$0] >= value }
  }

  /// For each position of `other`, `lowerBound` of its score on this line,
  /// by one merge of the two sorted lines (O(n), no search).
  func lowerBounds(of other: ScoreLine) -> [Int] {
    var bounds = [Int](repeating: 0, count: other.count)
    var here = 0
    for q in 0..<other.count {
      let value = other.scores[q]
      while here < count && scores[here] < value { here += 1 }
      bounds[q] = here
    }
    return bounds
  }

  /// The run of the `m` nearest units to `value` and every unit whose squared
  /// distance is within `tolerance` of the m-th one; nil when the line has no
  /// unit but `skip`.
  ///
  /// - Parameter skip: a position not counted among the m nearest (the query
  ///   unit itself, when it lies on this line). The run still contains it.
  /// When fewer than `m` units are available, the run is the whole line.
  /// - Parameter hint: a position near `lowerBound(value)` (the search
  ///   starts there; any hint gives the same run).
  /// - Parameter runHint: a run near the answer (the previous query's, for
  ///   queries in score order): the searches for the run's ends start at its
  ///   ends instead of at the m nearest units; any hint gives the same run.
  func matchRange(
    _ value: Double, m: Int, tolerance: Double, skip: Int? = nil, hint: Int? = nil, runHint: ClosedRange<Int>? = nil
  ) -> ClosedRange<Int>? {
    let available = count - (skip == nil ? 0 : 1)
    guard available > 0 else { return nil }
    guard m < available else { return 0...(count - 1) }
    let position = hint.map { lowerBound(value, near: $0) } ?? lowerBound(value)
    // Unchecked reads of the line (every index below is in 0..<count).
    return scores.withUnsafeBufferPointer { scores in
      Self.run(scores, value, m: m, tolerance: tolerance, skip: skip, position: position, runHint: runHint)
    }
  }

  /// ``matchRange(_:m:tolerance:skip:hint:runHint:)`` from the lower bound `position` of `value`.
  private static func run(
    _ scores: UnsafeBufferPointer<Double>, _ value: Double, m: Int, tolerance: Double, skip: Int?, position: Int,
    runHint: ClosedRange<Int>?
  ) -> ClosedRange<Int> {
    let count = scores.count
    // The m-th nearest squared distance, walking outwards from the gap before `position`.
    var left = position - 1
    var right = position
    var taken = 0
    var kth = 0.0
    while taken < m {
      if left == skip { left -= 1 }
      if right == skip { right += 1 }
      let dl = left >= 0 ? (value - scores[left]) * (value - scores[left]) : .infinity
      let dr = right < count ? (scores[right] - value) * (scores[right] - value) : .infinity
      if dl <= dr {
        kth = dl
        left -= 1
      } else {
        kth = dr
        right += 1
      }
      taken += 1
    }
    let limit = kth + tolerance
    // lo: the first position whose squared distance is within the limit, in [0, position] (the
    // squared distance falls as the position rises towards `value`); searched from the walk's end.
    let lo = Ordering.firstTrue(0, position, from: runHint?.lowerBound ?? left + 1) {
      (value - scores[$0]) * (value - scores[$0]) <= limit
    }
    // hi: the last position within the limit, in [position − 1, count − 1]: one before the first
    // position at or after `position` beyond it.
    let beyond = Ordering.firstTrue(position, count, from: runHint.map { $0.upperBound + 1 } ?? right) {
      (scores[$0] - value) * (scores[$0] - value) > limit
    }
    return lo...(beyond - 1)
  }

  /// The part of `range` whose `key` lies in `[low, high]`, for a key that is
  /// non-decreasing in score order (a caliper on the logit); nil when empty.
  func restrict(_ range: ClosedRange<Int>, key: [Double], low: Double, high: Double) -> ClosedRange<Int>? {
    var a = range.lowerBound
    var b = range.upperBound + 1
    while a < b {
      let mid = (a + b) / 2
      if key[units[mid]] < low { a = mid + 1 } else { b = mid }
    }
    let lo = a
    a = lo - 1
    b = range.upperBound
    while a < b {
      let mid = (a + b + 1) / 2
      if key[units[mid]] <= high { a = mid } else { b = mid - 1 }
    }
    return lo <= a ? lo...a : nil
  }
}

/// Sums of a variable over runs of a ``ScoreLine``.
///
/// Runs of up to ``directLimit`` units are summed directly; longer runs use
/// prefix sums of the values centred on their mean, whose rounding error is
/// about `1e-16 · m` times the spread of the values (m units on the line) —
/// far below any sampling error of the estimators that use them.
struct RunSums: Sendable {
  static let directLimit = 64
  let values: [Double]
  let centre: Double
  /// `prefix[q]` = Σ_{r < q} (values[r] − centre).
  let prefix: [Double]
  /// `squares[q]` = Σ_{r < q} (values[r] − centre)², when asked for.
  let squares: [Double]

  /// - Parameter values: one value per position of the line.
  init(_ values: [Double], squares withSquares: Bool = false) {
    self.values = values
    let m = values.count
    centre = m > 0 ? values.reduce(0, +) / Double(m) : 0
    var prefix = [Double](repeating: 0, count: m + 1)
    var squares = [Double](repeating: 0, count: withSquares ? m + 1 : 0)
    for q in 0..<m {
      let c = values[q] - centre
      prefix[q + 1] = prefix[q] + c
      if withSquares { squares[q + 1] = squares[q] + c * c }
    }
    self.prefix = prefix
    self.squares = squares
  }

  /// Σ values over the run.
  func sum(_ run: ClosedRange<Int>) -> Double {
    if run.count <= Self.directLimit {
      var s = 0.0
      for q in run { s += values[q] }
      return s
    }
    return prefix[run.upperBound + 1] - prefix[run.lowerBound] + Double(run.count) * centre
  }

  func mean(_ run: ClosedRange<Int>) -> Double { sum(run) / Double(run.count) }

  /// The sample variance (divisor count − 1) over the run; 0 for one unit.
  /// Needs `squares: true`.
  func variance(_ run: ClosedRange<Int>) -> Double {
    let g = run.count
    guard g > 1 else { return 0 }
    if g <= Self.directLimit {
      var mean = 0.0
      for q in run { mean += values[q] }
      mean /= Double(g)
      var s = 0.0
      for q in run { s += (values[q] - mean) * (values[q] - mean) }
      return s / Double(g - 1)
    }
    let s1 = prefix[run.upperBound + 1] - prefix[run.lowerBound]
    let s2 = squares[run.upperBound + 1] - squares[run.lowerBound]
    return max(0, (s2 - s1 * s1 / Double(g)) / Double(g - 1))
  }
}

/// Weighted sums of sample covariances (divisor count − 1) of every column
/// of a design with an outcome over runs of a ``ScoreLine``:
/// `Σ_q w_q côv_{run_q}(X_j, Y)` for each column j, one run and weight per
/// position q of the line.
///
/// Computed column by column in line order: each column is gathered into
/// line order once (one random read per unit), after which every run is a
/// contiguous stretch — direct sums for runs of up to
/// ``RunSums/directLimit`` units, prefix sums of centred values beyond
/// (built per column, only when some run is that long).
struct RunCovariances {
  let line: ScoreLine
  let x: Matrix
  let y: [Double]

  /// `Σ_q weights[q] · côv(X_j, Y)` over `runs[q]`, for every column j
  /// (runs of one unit contribute 0).
  ///
  /// - Precondition: `runs` and `weights` have one entry per position of
  ///   the line; every run lies within the line.
  func weightedSums(runs: [ClosedRange<Int>], weights: [Double]) -> [Double] {
    let m = line.count
    let k = x.columns
    precondition(runs.count == m && weights.count == m, "RunCovariances: one run and weight per position")
    let ys = line.units.map { y[$0] }
    let long = runs.contains { $0.count > RunSums.directLimit }
    let centreY = ys.reduce(0, +) / Double(max(1, m))
    var prefixY = [Double](repeating: 0, count: long ? m + 1 : 0)
    if long { for q in 0..<m { prefixY[q + 1] = prefixY[q] + (ys[q] - centreY) } }
    var xs = [Double](repeating: 0, count: m)
    var prefixX = [Double](repeating: 0, count: long ? m + 1 : 0)
    var prefixXY = [Double](repeating: 0, count: long ? m + 1 : 0)
    var out = [Double](repeating: 0, count: k)
    for j in 0..<k {
      x.withUnsafeBufferPointer { xb in
        guard let column = xb.baseAddress.map({ $0 + j * x.rows }) else { return }
        for q in 0..<m { xs[q] = column[line.units[q]] }
      }
      if long {
        let centreX = xs.reduce(0, +) / Double(max(1, m))
        for q in 0..<m {
          prefixX[q + 1] = prefixX[q] + (xs[q] - centreX)
          prefixXY[q + 1] = prefixXY[q] + (xs[q] - centreX) * (ys[q] - centreY)
        }
      }
      var total = 0.0
      for q in 0..<m {
        let run = runs[q]
        let g = run.count
        guard g > 1, weights[q] != 0 else { continue }
        let covariance: Double
        if g <= RunSums.directLimit {
          var meanX = 0.0
          var meanY = 0.0
          for r in run {
            meanX += xs[r]
            meanY += ys[r]
          }
          meanX /= Double(g)
          meanY /= Double(g)
          var s = 0.0
          for r in run { s += (xs[r] - meanX) * (ys[r] - meanY) }
          covariance = s / Double(g - 1)
        } else {
          let sy = prefixY[run.upperBound + 1] - prefixY[run.lowerBound]
          let sx = prefixX[run.upperBound + 1] - prefixX[run.lowerBound]
          let sxy = prefixXY[run.upperBound + 1] - prefixXY[run.lowerBound]
          covariance = (sxy - sx * sy / Double(g)) / Double(g - 1)
        }
        total += weights[q] * covariance
      }
      out[j] = total
    }
    return out
  }
}
