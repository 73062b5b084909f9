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
  func lowerBound(_ value: Double) -> Int {
    var lo = 0, hi = scores.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if scores[mid] < value { lo = mid + 1 } else { hi = mid }
    }
    return lo
  }

  /// The run of the `m` nearest units to `value` and every unit whose squared
  /// distance is within `tolerance` of the m-th one; nil when the line has no
  /// unit but `skip`.
  ///
  /// - Parameter skip: a position not counted among the m nearest (the query
  ///   unit itself, when it lies on this line). The run still contains it.
  /// When fewer than `m` units are available, the run is the whole line.
  func matchRange(_ value: Double, m: Int, tolerance: Double, skip: Int? = nil) -> ClosedRange<Int>? {
    let available = count - (skip == nil ? 0 : 1)
    guard available > 0 else { return nil }
    guard m < available else { return 0...(count - 1) }
    let position = lowerBound(value)
    // The m-th nearest squared distance, walking outwards from the gap before `position`.
    var left = position - 1, right = position
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
    // lo: the first position whose squared distance is within the limit, searching [0, position];
    // the squared distance falls as the position rises towards `value`.
    var a = 0, b = position
    while a < b {
      let mid = (a + b) / 2
      if (value - scores[mid]) * (value - scores[mid]) <= limit { b = mid } else { a = mid + 1 }
    }
    let lo = a
    // hi: the last position within the limit, searching [position − 1, count − 1].
    a = position - 1
    b = count - 1
    while a < b {
      let mid = (a + b + 1) / 2
      if (scores[mid] - value) * (scores[mid] - value) <= limit { a = mid } else { b = mid - 1 }
    }
    return lo...a
  }

  /// The part of `range` whose `key` lies in `[low, high]`, for a key that is
  /// non-decreasing in score order (a caliper on the logit); nil when empty.
  func restrict(_ range: ClosedRange<Int>, key: [Double], low: Double, high: Double) -> ClosedRange<Int>? {
    var a = range.lowerBound, b = range.upperBound + 1
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

/// Sample covariances (divisor count − 1) of every column of a design with
/// an outcome over runs of a ``ScoreLine``: direct sums for runs of up to
/// ``RunSums/directLimit`` units, prefix sums of centred values beyond
/// (built only when asked for, as they hold 2k + 1 values per unit).
struct RunCovariances {
  let line: ScoreLine
  let x: Matrix
  let y: [Double]
  /// Per column: prefix sums of `x − x̄` and of `(x − x̄)(y − ȳ)` in line order; empty without prefix sums.
  let prefixX: [[Double]]
  let prefixXY: [[Double]]
  let prefixY: [Double]

  init(line: ScoreLine, x: Matrix, y: [Double], prefix: Bool) {
    self.line = line
    self.x = x
    self.y = y
    guard prefix else {
      prefixX = []
      prefixXY = []
      prefixY = []
      return
    }
    let m = line.count
    let ys = line.units.map { y[$0] }
    let centreY = ys.reduce(0, +) / Double(max(1, m))
    var py = [Double](repeating: 0, count: m + 1)
    for q in 0..<m { py[q + 1] = py[q] + (ys[q] - centreY) }
    var px: [[Double]] = []
    var pxy: [[Double]] = []
    for j in 0..<x.columns {
      let xs = line.units.map { x[$0, j] }
      let centreX = xs.reduce(0, +) / Double(max(1, m))
      var sx = [Double](repeating: 0, count: m + 1)
      var sxy = [Double](repeating: 0, count: m + 1)
      for q in 0..<m {
        sx[q + 1] = sx[q] + (xs[q] - centreX)
        sxy[q + 1] = sxy[q] + (xs[q] - centreX) * (ys[q] - centreY)
      }
      px.append(sx)
      pxy.append(sxy)
    }
    prefixX = px
    prefixXY = pxy
    prefixY = py
  }

  /// `côv(X_j, Y)` over the run for every column j, into `out`.
  func covariances(_ run: ClosedRange<Int>, into out: inout [Double]) {
    let g = run.count
    guard g > 1 else {
      for j in 0..<x.columns { out[j] = 0 }
      return
    }
    if g <= RunSums.directLimit || prefixY.isEmpty {
      var meanY = 0.0
      for q in run { meanY += y[line.units[q]] }
      meanY /= Double(g)
      for j in 0..<x.columns {
        var meanX = 0.0
        for q in run { meanX += x[line.units[q], j] }
        meanX /= Double(g)
        var s = 0.0
        for q in run { s += (x[line.units[q], j] - meanX) * (y[line.units[q]] - meanY) }
        out[j] = s / Double(g - 1)
      }
      return
    }
    let sy = prefixY[run.upperBound + 1] - prefixY[run.lowerBound]
    for j in 0..<x.columns {
      let sx = prefixX[j][run.upperBound + 1] - prefixX[j][run.lowerBound]
      let sxy = prefixXY[j][run.upperBound + 1] - prefixXY[j][run.lowerBound]
      out[j] = (sxy - sx * sy / Double(g)) / Double(g - 1)
    }
  }
}
